using Shouldly;
using TraceImport.Decoding;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>The decode acceptance on the seed case studies.</summary>
public class SeedDecodeTests
{
    private static List<PacketDecode> Decode(string fixture) =>
        Importing.File(Repository.Fixture(fixture)).Packets.Select(PacketDecoder.Decode).ToList();

    /// <summary>Seed 000's four hand-pasted hex blocks (its packet_monitor records come first).</summary>
    private static List<PacketDecode> SeedHexBlocks() =>
        Importing.File(Repository.Fixture("documents/seed-000-no-ftp-banner.txt")).Packets.Where(p => p.Format == "hex-block").Select(PacketDecoder.Decode).ToList();

    private static DecodedField Field(PacketDecode decode, string name, int occurrence = 0) =>
        decode.AllFields().Select(f => f.Field).Where(f => f.Name == name).ElementAt(occurrence);

    [Fact]
    public void Seed_000_masked_bytes_are_masked_and_their_checksums_unverifiable_not_bad()
    {
        var packets = SeedHexBlocks();
        packets.Count.ShouldBe(4);
        foreach (var packet in packets)
        {
            Field(packet, "eth.dst").Status.ShouldBe(FieldStatus.Masked);
            Field(packet, "eth.src").Status.ShouldBe(FieldStatus.Masked);
        }
        var icmp = packets[3];
        Field(icmp, "ip.src").Status.ShouldBe(FieldStatus.Masked);
        Field(icmp, "ip.src").Value.ShouldBe("200.X.X.145");
        Field(icmp, "ip.checksum").Status.ShouldBe(FieldStatus.Unverifiable);
        Field(icmp, "ip.checksum").Note.ShouldBe("covers bytes that are not known: bytes 27-28 (masked)");
    }

    [Theory]
    [InlineData(1, "020405640103")]
    [InlineData(2, "000000000000")]
    public void Seed_000_syn_ack_and_ack_end_in_six_bytes_of_padding_not_options(int index, string padding)
    {
        var packet = SeedHexBlocks()[index];
        var field = Field(packet, "eth.padding");
        (field.ByteOffset, field.BitLength / 8, field.Raw, field.Status).ShouldBe((54, 6, padding, FieldStatus.Padding));
        packet.AllFields().ShouldNotContain(f => f.Field.Name == "tcp.options.mss_val");
    }

    [Fact]
    public void Seed_000_icmp_quotes_the_syn_ack()
    {
        var icmp = SeedHexBlocks()[3];
        Field(icmp, "icmp.type").Meaning.ShouldBe("Destination unreachable");
        Field(icmp, "icmp.code").Meaning.ShouldBe("Network unreachable");
        var quoted = icmp.Layers.Single(l => l.Protocol == "icmp").Layers.Single(l => l.Protocol == "ip");
        quoted.Field("ip.src")!.Value.ShouldBe("172.16.20.3");
        quoted.Field("ip.dst")!.Value.ShouldBe("192.168.130.29");
        quoted.Field("ip.id")!.Value.ShouldBe("0x6280");
        quoted.Field("ip.ttl")!.Value.ShouldBe("61");
        Field(icmp, "tcp.srcport").Value.ShouldBe("21");
        Field(icmp, "tcp.dstport").Value.ShouldBe("1049");
        Field(icmp, "tcp.seq_raw").Number.ShouldBe(0x4a43f665UL);
        Field(icmp, "tcp.ack_raw").Status.ShouldBe(FieldStatus.Truncated);
    }

    [Fact]
    public void Seed_002_checksum_ffff_is_bad_with_the_value_its_fields_give_and_the_rfc_1624_note()
    {
        var router = Decode("hex-block/constructed-seed-002-headers.txt")[0];
        var checksum = Field(router, "ip.checksum");
        checksum.Status.ShouldBe(FieldStatus.Bad);
        checksum.Note.ShouldBe("should be 0x3227");
        checksum.Meaning!.ShouldContain("RFC 1624 §3");
        checksum.Meaning!.ShouldContain("RFC 1141");
    }

    [Fact]
    public void Seed_002_pointer_10_names_the_quoted_header_checksum()
    {
        var problem = Decode("hex-block/constructed-seed-002-headers.txt")[1];
        var pointer = Field(problem, "icmp.pointer");
        pointer.Number.ShouldBe(10UL);
        pointer.Meaning.ShouldBe("byte 10 of the quoted IP header: ip.checksum (Header checksum), which the quoted header holds as 0x0000");
    }

    [Fact]
    public void A_header_cut_short_is_decoded_as_far_as_it_goes_and_marked_truncated()
    {
        var packet = Importing.Text("000000000000000000000000080045000028123400004006").Packets.Single();
        var decode = PacketDecoder.Decode(packet);
        Field(decode, "ip.ttl").Value.ShouldBe("64");
        Field(decode, "ip.checksum").Status.ShouldBe(FieldStatus.Truncated);
        Field(decode, "ip.dst").Status.ShouldBe(FieldStatus.Truncated);
    }
}
