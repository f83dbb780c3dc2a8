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
public class RedactionRoundTripTests
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

    private static List<string> Findings(List<Packet> packets) =>
        DiagnosisEngine.Diagnose(packets).Where(f => f.Code != "hand-decode-contradicts-bytes")
            .Select(f => $"{f.Code} {f.Severity}: {string.Join(", ", f.Packets.Select(p => $"{p.Number} {p.Role}"))}").ToList();
}
