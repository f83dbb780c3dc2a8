using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// tcpdump 3.x printed rows as "0x0000   4500 …" (no colon) and wrapped summaries; two linux-kernel
/// mailing-list posts quote such output. The checksums tcpdump printed beside them are the proof.
/// </summary>
public class OldTcpdumpTests
{
    private static List<Packet> Read(string fixture) => Importing.File(Repository.Fixture("tcpdump/" + fixture)).Packets;

    private static FieldStatus Status(Packet packet, string protocol, string field) =>
        PacketDecoder.Decode(packet).Layers.Single(l => l.Protocol == protocol).Field(field)!.Status;

    [Fact]
    public void The_2001_post_gives_both_packets_with_their_wrapped_summaries_and_tcpdumps_verdicts()
    {
        var packets = Read("lkml-2001-gorny-tcpdump-vX-lo-tcp-checksum.eml.txt");
        packets.Select(p => p.Data.Length).ShouldBe([45, 40], "len 45 and len 40 in the summaries");
        packets.ShouldAllBe(p => p.LinkType == LinkType.RawIp);
        packets[0].Time.ToString().ShouldBe("1970-01-01 18:56:29.316097 UTC (date assumed)");
        packets[0].Heading.ShouldEndWith("1732610923:1732610928(5) win 65535 (ttl 40, id 29204, len 45)", Case.Sensitive, "the summary goes on on the next line");
        packets.ShouldAllBe(p => Status(p, "ip", "ip.checksum") == FieldStatus.Ok);
        Status(packets[0], "tcp", "tcp.checksum").ShouldBe(FieldStatus.Ok, "[tcp sum ok]");
        Status(packets[1], "tcp", "tcp.checksum").ShouldBe(FieldStatus.Bad, "[bad tcp cksum 1!]");
        packets[1].Comments.ShouldNotContain(c => c.Contains("cut", StringComparison.Ordinal), "the [...] after it marks packets left out, not a cut in this one");
    }

    [Fact]
    public void The_2004_post_gives_both_packets_and_the_udp_checksum_it_reports_bad()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/lkml-2004-andree-tcpdump-X-udp-bad-cksum.eml.txt"));
        result.Packets.Select(p => p.Data.Length).ShouldBe([153, 153], "length: 153");
        result.Packets[0].Time.ToString().ShouldBe("1970-01-01 20:11:47.529071 UTC (date assumed)");
        result.Packets.ShouldAllBe(p => Status(p, "ip", "ip.checksum") == FieldStatus.Ok);
        Status(result.Packets[0], "udp", "udp.checksum").ShouldBe(FieldStatus.Bad, "[bad udp cksum a00!]");
        Status(result.Packets[1], "udp", "udp.checksum").ShouldBe(FieldStatus.Ok, "[udp sum ok]");
        result.Report.SkippedLines.ShouldBe(0);
        result.Report.DamagedLines.ShouldBe(0);
    }

    [Fact]
    public void FortiGates_tab_separated_rows_are_read_like_tcpdump_3x_rows()
    {
        const string text = "2015-06-23 17:00:12.184010 wan1 in 10.0.0.1 -> 10.0.0.2: icmp\n" +
                            "0x0000\t 4500 0014 0000 4000 4001 26e9 0a00 0001\tE.......@.&.....\n" +
                            "0x0010\t 0a00 0002                              \t....\n";
        var packet = Importing.Text(text).Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe("45000014000040004001" + "26e90a0000010a000002");
    }
}
