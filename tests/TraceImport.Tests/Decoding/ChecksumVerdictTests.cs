using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>A checksum's verdict is facts — cause, expected value, the bytes that kept it from being judged — and its note is rendered from them.</summary>
public class ChecksumVerdictTests
{
    private static IEnumerable<DecodedField> Checksums(string fixture) =>
        Importing.File(Repository.Fixture(fixture)).Packets.SelectMany(p => PacketDecoder.Decode(p).AllFields()).Select(f => f.Field).Where(f => f.Checksum is not null);

    [Fact]
    public void The_ffff_header_checksum_is_wrong_negative_zero_with_the_value_due()
    {
        var checksum = Checksums("hex-block/constructed-seed-002-headers.txt").First(f => f.Name == "ip.checksum");
        var verdict = checksum.Checksum!;
        (verdict.Cause, verdict.Expected, verdict.NegativeZero, verdict.ExpectedText).ShouldBe((ChecksumCause.Wrong, (ushort?)0x3227, true, "0x3227"));
        checksum.Note.ShouldBe(verdict.Note());
    }

    [Fact]
    public void A_checksum_over_masked_bytes_names_them_and_says_the_author_hid_them()
    {
        var checksum = Checksums("documents/seed-000-no-ftp-banner.txt").Last(f => f.Name == "ip.checksum" && f.Status == FieldStatus.Unverifiable);
        var verdict = checksum.Checksum!;
        (verdict.Cause, verdict.HiddenByMask, verdict.Expected).ShouldBe((ChecksumCause.CoverageUnknown, true, (ushort?)null));
        verdict.Unknown.ShouldBe([new ByteRange(27, 28, ByteState.Masked)]);
        checksum.Note.ShouldBe("covers bytes that are not known: bytes 27-28 (masked)");
    }

    [Fact]
    public void Offload_is_a_cause_not_a_sentence()
    {
        var offload = Checksums("tshark/loopback-http-x.txt").Where(f => f.Checksum!.Cause == ChecksumCause.Offload).ToList();
        offload.ShouldNotBeEmpty();
        offload.ShouldAllBe(f => f.Status == FieldStatus.Bad && f.Checksum!.Expected != null && f.Note!.Contains("checksum offload"));
    }

    [Fact]
    public void A_udp_checksum_of_zero_over_ipv4_is_not_computed_not_judged()
    {
        var zero = Checksums("snoop/constructed-arp-icmp-udp-collapsed.txt").Single(f => f.Name == "udp.checksum");
        (zero.Checksum!.Cause, zero.Status, zero.Note, zero.Meaning).ShouldBe((ChecksumCause.NotComputed, FieldStatus.Ok, (string?)null, "no checksum (allowed over IPv4)"));
    }

    [Fact]
    public void A_big_tcp_datagram_cut_short_runs_to_the_frames_length_and_its_tcp_checksum_is_not_judged()
    {
        // tshark on the capture cut to 65175 bytes (editcap -s 65175): ip.len 80052, tcp.checksum.status 2 (unverified).
        var fields = PacketDecoder.Decode(CutShort("captures/tcpdump/bigtcp-ipv4.pcap", 65_175)).AllFields().Select(f => f.Field).ToList();
        fields.Single(f => f.Name == "ip.len").Value.ShouldBe("80052");
        var checksum = fields.Single(f => f.Name == "tcp.checksum").Checksum!;
        checksum.Cause.ShouldBe(ChecksumCause.CoverageUnknown);
        checksum.Unknown.ShouldBe([new ByteRange(65_175, 80_065, ByteState.NotCaptured)]);
    }

    /// <summary>A capture's one packet with only its first <paramref name="captured"/> bytes, its length on the wire kept.</summary>
    internal static Packet CutShort(string capture, int captured)
    {
        var whole = Redaction.Redacting.Fixture(capture).Single();
        return new Packet
        {
            Data = whole.Data[..captured], LinkType = whole.LinkType, OriginalLength = whole.OriginalLength, Time = whole.Time,
            Interface = whole.Interface, Format = whole.Format, Source = whole.Source, Number = whole.Number,
        };
    }
}
