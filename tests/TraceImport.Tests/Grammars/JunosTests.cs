using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class JunosTests
{
    [Fact]
    public void Extensive_print_hex_output_gives_interface_direction_and_the_pseudo_header_as_comments()
    {
        var result = Importing.File(Repository.Fixture("junos/constructed-extensive-print-hex.txt"));
        result.Packets.Count.ShouldBe(2);
        result.Packets.ShouldAllBe(p => p.Format == "junos" && p.Interface == "ge-0/0/1.0");
        result.Packets.Select(p => p.Direction).ShouldBe([Direction.Inbound, Direction.Outbound]);
        var request = result.Packets[0];
        request.LinkType.ShouldBe(LinkType.Ethernet);
        request.Heading.ShouldEndWith("192.168.73.131 > 192.168.70.9: ICMP echo request, id 17774, seq 3, length 64");
        request.Comments.ShouldContain("Juniper PCAP Flags [Ext, In], PCAP Extension(s) total length 22");
        request.Comments.ShouldContain("Logical Unit Number Extension TLV #5, length 4, value: 0");
        request.Time.ToString().ShouldBe("1970-01-01 16:50:58.686002 UTC (date assumed)");
    }

    [Fact]
    public void The_no_L2_flag_makes_the_bytes_raw_IP_and_a_web_copy_still_reads()
    {
        var result = Importing.File(Repository.Fixture("junos/constructed-no-l2-web-paste.txt"));
        result.Report.SkippedLines.ShouldBe(0);
        result.Report.ProseLines.ShouldBe(0);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.LinkType.ShouldBe(LinkType.RawIp);
        packet.Data.Length.ShouldBe(84);
        packet.Direction.ShouldBe(Direction.Inbound);
        packet.Heading.ShouldStartWith("IP (tos 0x0, ttl 63");
    }

    [Fact]
    public void Output_without_print_hex_is_accounted_for_and_nothing_is_invented()
    {
        var text = "dylan@DS02> monitor traffic interface ge-0/0/43 extensive\n" +
                   "Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.\n" +
                   "Listening on ge-0/0/43, capture size 1514 bytes\n\n" +
                   "16:50:58.686002 Out\n" +
                   "Juniper PCAP Flags [Ext], PCAP Extension(s) total length 16\n" +
                   "Device Media Type Extension TLV #3, length 1, value: Ethernet (1)\n" +
                   "-----original packet-----\n" +
                   "00:21:59:ca:36:ee > 01:80:c2:00:00:00, 802.3, length 53: LLC, dsap STP (0x42) Individual\n";
        var result = Importing.Text(text);
        result.Packets.ShouldBeEmpty();
        result.Report.ProseLines.ShouldBe(0);
        result.Report.Warnings.ShouldContain(w => w.EndsWith("1 packet(s) printed without their bytes (monitor traffic without print-hex): not converted"));
    }
}
