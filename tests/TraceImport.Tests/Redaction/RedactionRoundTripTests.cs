using System.Text;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Decoding;
using TraceImport.Diagnosis;
using TraceImport.Model;
using TraceImport.Pcapng;
using TraceImport.Redaction;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>
/// Redaction round-trips on every fixture, text and capture: the redacted pcapng reads back with the same
/// packets, every checksum has the verdict it had (holding where it held, wrong by the same difference where
/// it was wrong), and no original address or name is left in any packet's bytes, comments or names — searched for as
/// bytes and as people print it (dotted, colon MAC, IPv6 compressed, the name).
/// </summary>
public partial class RedactionRoundTripTests
{
    public static TheoryData<string> Fixtures() => new(Redacting.AllFixtures());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_redacted_capture_reads_back_with_every_checksum_verdict_kept_and_no_original_left(string fixture)
    {
        var originals = Redacting.Fixture(fixture);
        if (originals.Count == 0) return;
        var result = Redacting.Packets(originals);
        var capture = new MemoryStream();
        using (var writer = new PcapngWriter(capture, "redacted", "test", leaveOpen: true))
        {
            foreach (var redacted in result.Redacted) writer.Write(redacted.Packet);
        }

        var readBack = CaptureReader.Read(new MemoryStream(capture.ToArray()), "redacted.pcapng").ToList();
        readBack.Count.ShouldBe(originals.Count);
        for (var i = 0; i < originals.Count; i++)
        {
            Convert.ToHexString(readBack[i].Data).ShouldBe(Convert.ToHexString(result.Redacted[i].Packet.Data));
            Redacting.ChecksumVerdicts(result.Redacted[i].Packet).ShouldBe(Redacting.ChecksumVerdicts(originals[i]), $"packet {i + 1}");
        }
        Redacting.NoOriginalIn(originals, readBack, result.Map);
    }

    /// <summary>
    /// Redaction never invents what the text hid: the same nibbles are masked or unshown, and the bytes under
    /// them are what they were; with --payloads (and prefix-preserving stand-ins) every data byte shown
    /// becomes zero and every checksum keeps its verdict.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Masked_and_unshown_nibbles_stay_so_and_payloads_blank_without_changing_a_verdict(string fixture)
    {
        var originals = Redacting.Fixture(fixture);
        if (originals.Count == 0) return;
        var result = Redacting.Packets(originals, new RedactionOptions { Payloads = true, PrefixPreserving = true, Key = "a fixed passphrase" });
        for (var i = 0; i < originals.Count; i++)
        {
            var (original, redacted) = (originals[i], result.Redacted[i].Packet);
            redacted.Unknown.ShouldBeSameAs(original.Unknown);
            for (var nibble = 0; original.Unknown is not null && nibble < original.Data.Length * 2; nibble++)
            {
                if (original.Unknown.IsNibbleKnown(nibble)) continue;
                (redacted.Data[nibble / 2] >> (nibble % 2 == 0 ? 4 : 0) & 0xF).ShouldBe(original.Data[nibble / 2] >> (nibble % 2 == 0 ? 4 : 0) & 0xF, $"packet {i + 1}, nibble {nibble}");
            }
            Redacting.ChecksumVerdicts(redacted).ShouldBe(Redacting.ChecksumVerdicts(original), $"packet {i + 1}");
            foreach (var field in DataOutsideText(PacketDecoder.Decode(redacted).Layers))
            {
                for (var b = field.ByteOffset; b < field.ByteOffset + field.BitLength / 8 && b < redacted.Data.Length; b++)
                {
                    if (original.Unknown?.IsByteFullyKnown(b) != false) redacted.Data[b].ShouldBe((byte)0, $"packet {i + 1}, data byte {b}");
                }
            }
        }
    }

    [Fact]
    public void A_big_tcp_packet_cut_short_keeps_its_checksum_verdict_when_its_payload_is_blanked()
    {
        // Its IPv4 total length is 0: the frame's length on the wire, not the capture's cut, ends the datagram the checksum covers.
        var original = Decoding.ChecksumVerdictTests.CutShort("captures/tcpdump/bigtcp-ipv4.pcap", 65_175);
        var redacted = Redacting.Packets([original], new RedactionOptions { Payloads = true, Key = "a fixed passphrase" }).Redacted[0].Packet;
        Redacting.ChecksumVerdicts(redacted).ShouldBe(Redacting.ChecksumVerdicts(original));
    }

    /// <summary>Data fields, but those of a text protocol's lines (whose words become x).</summary>
    private static IEnumerable<DecodedField> DataOutsideText(IEnumerable<DecodedLayer> layers) =>
        layers.Where(l => l.Protocol is not ("ftp" or "smtp" or "pop" or "imap" or "http" or "sip" or "syslog"))
            .SelectMany(l => l.Fields.Where(f => f.Name == "data.data").Concat(DataOutsideText(l.Layers)));

    /// <summary>
    /// The diagnosis sees in the redacted packets what it saw in the originals: the same findings about
    /// the same packets — bad checksums included. Only what a hand-made decode said is gone, since
    /// redaction leaves the hand-made decode out.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_diagnosis_finds_in_the_redacted_packets_what_it_found_in_the_originals(string fixture)
    {
        var originals = Redacting.Fixture(fixture);
        if (originals.Count == 0) return;
        var redacted = Redacting.Packets(originals).Redacted.Select(r => r.Packet).ToList();
        Findings(redacted).ShouldBe(Findings(originals));
    }

    /// <summary>
    /// Each finding's code, severity, packets and what it says of each; a wrong checksum's value and the
    /// value due are written as their difference (what redaction keeps), since both move with the addresses.
    /// </summary>
    private static List<string> Findings(List<Packet> packets) =>
        DiagnosisEngine.Diagnose(packets).Where(f => f.Code != "hand-decode-contradicts-bytes")
            .Select(f => $"{f.Code} {f.Severity}: {string.Join(", ", f.Packets.Select(p => $"{p.Number} {WrongByItsDifference(p.Role)}"))}").ToList();

    private static string WrongByItsDifference(string role) =>
        WrongChecksum().Replace(role, m =>
        {
            var (value, due) = (Convert.ToUInt16(m.Groups["value"].Value, 16), Convert.ToUInt16(m.Groups["due"].Value, 16));
            return value is 0 or 0xFFFF ? m.Value : $"{m.Groups["field"].Value} wrong by {InternetChecksum.Subtract(value, due):x4}";
        });

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<field>[a-z0-9_.]+\.checksum) 0x(?<value>[0-9a-f]{4}), should be 0x(?<due>[0-9a-f]{4})")]
    private static partial System.Text.RegularExpressions.Regex WrongChecksum();
}
