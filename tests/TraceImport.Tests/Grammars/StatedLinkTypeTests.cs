using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>The link type, interface and direction the text states are the packet's; the bytes decide only what the text leaves open.</summary>
public class StatedLinkTypeTests
{
    private const string Rows =
        "\t0x0000:  4500 003c 1b68 4000 4006 2152 7f00 0001\n" +
        "\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000\n" +
        "\t0x0020:  a002 7fff 1421 0000 0204 400c 0402 080a\n" +
        "\t0x0030:  4ddc 9216 0000 0000 0103 0302\n";

    [Fact]
    public void Tcpdump_i_any_gives_linux_sll2_packets_on_their_own_interfaces_with_their_directions()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-any-sll2-tttt-xx.txt"));
        result.Packets.ShouldAllBe(p => p.LinkType == LinkType.LinuxCooked2);
        result.Packets.Select(p => p.Interface).ShouldBe(["eth0", "eth0", "eth0", "lo", "lo", "lo"]);
        result.Packets.Select(p => p.Direction).ShouldBe([Direction.Outbound, Direction.Inbound, Direction.Outbound, Direction.Outbound, Direction.Outbound, Direction.Outbound]);
        result.Packets[0].Time.ToString().ShouldBe("2014-12-09 17:16:09.924505 UTC");
        result.Report.ProseLines.ShouldBe(0, "tcpdump's header and warning lines are its own");
    }

    [Fact]
    public void A_named_link_type_whose_header_the_dump_does_not_show_gives_way_to_the_ip_header_and_says_so()
    {
        var packet = Importing.Text("listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n" +
                                    "03:57:35.938066 lo    In  IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], length 0\n" + Rows).Packets.ShouldHaveSingleItem();
        packet.LinkType.ShouldBe(LinkType.RawIp);
        packet.Comments.ShouldContain("the text names link type linux-sll2, but the dump starts at the IP header (tcpdump -x and -X print from the network layer)");
        packet.Interface.ShouldBe("lo");
        packet.Direction.ShouldBe(Direction.Inbound);
    }

    [Theory]
    [InlineData("tcpdump: listening on eth0, link-type EN10MB (Ethernet), capture size 65535 bytes", "ethernet")]
    [InlineData("tcpdump: listening on en2, link-type 1, capture size 1500 bytes", "ethernet")]
    [InlineData("reading from file lo0.pcap, link-type NULL (BSD loopback), snapshot length 524288", "null")]
    [InlineData("reading from file lo0.pcap, link-type LOOP (OpenBSD loopback), snapshot length 524288", "loop")]
    public void The_link_type_tcpdump_names_is_read(string header, string expected)
    {
        var frame = expected switch
        {
            "ethernet" => "\t0x0000:  0000 0000 0000 0000 0000 0000 0800 4500\n\t0x0010:  003c 1b68 4000 4006 2152 7f00 0001 7f00\n\t0x0020:  0001\n",
            "null" => "\t0x0000:  0200 0000 4500 003c 1b68 4000 4006 2152\n\t0x0010:  7f00 0001 7f00 0001\n",
            _ => "\t0x0000:  0000 0002 4500 003c 1b68 4000 4006 2152\n\t0x0010:  7f00 0001 7f00 0001\n",
        };
        var packet = Importing.Text(header + "\n03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S]\n" + frame).Packets.ShouldHaveSingleItem();
        packet.LinkType.Name.ShouldBe(expected);
        packet.Comments.ShouldNotContain(c => c.StartsWith("the text names", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bsd_loopback_dump_without_tcpdumps_header_is_null_by_its_bytes()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-bsd-loopback-xx.txt"));
        result.Packets.Count.ShouldBe(3);
        result.Packets.ShouldAllBe(p => p.LinkType == LinkType.Null);
    }

    [Fact]
    public void A_tunnels_two_summary_lines_belong_to_one_packet()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-vxlan-tttt-xx.txt"));
        result.Packets.Count.ShouldBe(2);
        result.Packets[0].Heading!.ShouldContain("VXLAN, flags [I] (0x08), vni 100 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S]");
        result.Packets[0].Time.ToString().ShouldBe("2005-07-06 03:57:35.938066 UTC");
        result.Packets.ShouldAllBe(p => p.Data.Length == 124);
        result.Report.Warnings.ShouldNotContain(w => w.Contains("no bytes", StringComparison.Ordinal));
    }
}
