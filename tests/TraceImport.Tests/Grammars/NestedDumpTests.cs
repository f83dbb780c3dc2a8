using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// tcpdump -v prints dumps inside a packet's decode (CDP and LLDP TLV bodies, unknown fields), indented
/// deeper than the packet's own rows. They are decode: only the packet's own rows make its packet.
/// </summary>
public class NestedDumpTests
{
    [Fact]
    public void A_verbose_cdp_and_lldp_dump_gives_its_three_packets_not_one_per_tlv_dump()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-cdp-lldp-v-x.txt"));
        result.Packets.Select(p => p.Data.Length).ShouldBe([445, 211, 60], "tcpdump -x prints from after the link header");
        result.Report.Regions.ShouldHaveSingleItem();
        (result.Report.SkippedLines, result.Report.DamagedLines, result.Report.ProseLines).ShouldBe((0, 0, 0));
        result.Packets[0].Hex().ShouldStartWith("02b4e5df0001", Case.Sensitive, "the CDP packet: version 2, ttl 180, its checksum, the Device-ID TLV");
        result.Packets[0].Hex().ShouldEndWith("001a001000000001" + "00000000ffffffff", Case.Sensitive, "its last TLV, whose body the decode also dumps");
    }

    [Fact]
    public void The_same_dump_as_a_page_shows_it_with_tabs_as_spaces_gives_the_same_frames()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-cdp-lldp-vv-XX-page.txt"));
        result.Packets.Select(p => p.Data.Length).ShouldBe([467, 225, 74]);
        result.Packets.ShouldAllBe(p => p.LinkType == LinkType.Ethernet);
        result.Packets[1].Hex().ShouldStartWith("0180c200000e0030abf2d7a588cc", Case.Sensitive, "the LLDP frame's Ethernet header");
        (result.Report.SkippedLines, result.Report.DamagedLines, result.Report.ProseLines).ShouldBe((0, 0, 0));
    }

    [Theory]
    [InlineData("tcpdump/constructed-cdp-lldp-v-x.txt", "\t0x")]
    [InlineData("tcpdump/constructed-cdp-lldp-vv-XX-page.txt", "        0x")]
    public void Without_its_own_rows_a_verbose_dump_makes_no_packet_of_the_dumps_in_its_decode(string fixture, string ownRow)
    {
        // tcpdump -v without -x: only the dumps inside the decodes are left, the last of them just before the next summary.
        var lines = File.ReadAllLines(Repository.Fixture(fixture)).Where(l => !l.StartsWith(ownRow, StringComparison.Ordinal));
        var result = Importing.Text(string.Join("\n", lines) + "\n");
        result.Packets.ShouldBeEmpty();
        result.Report.Warnings.ShouldContain(w => w.Contains("3 tcpdump packet(s) printed without hex", StringComparison.Ordinal));
        (result.Report.SkippedLines, result.Report.DamagedLines).ShouldBe((0, 0));
    }

    [Fact]
    public void An_unsupported_link_types_dump_printed_twice_is_one_packet()
    {
        var text = "00:00:00.000000 UNSUPPORTED\n" +
                   "\t0x0000:  490c 6209 6923 34e8 efd3 a7bf 4ec0 fd3b  I.b.i#4.....N..;\n" +
                   "\t0x0010:  43e0 0b2b 2b2b 2b                        C..++++\n" +
                   "\t0x0000:  490c 6209 6923 34e8 efd3 a7bf 4ec0 fd3b\n" +
                   "\t0x0010:  43e0 0b2b 2b2b 2b\n";
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(23);
        result.Report.Warnings.ShouldNotContain(w => w.Contains("two dumps", StringComparison.Ordinal), "the two dumps agree");
    }

    [Fact]
    public void A_verbose_http_packets_empty_header_line_does_not_end_the_trace()
    {
        // tcpdump -v prints the empty line that ends HTTP headers as a lone tab.
        var text = "03:57:35.939423 IP (tos 0x0, ttl 64, id 7020, offset 0, flags [DF], proto TCP (6), length 40)\n" +
                   "    127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:1, ack 1, win 8192, length 0\n" +
                   "\tGET / HTTP/1.1\n\t\n" +
                   "\t0x0000:  4500 0028 1b6c 4000 4006 2160 7f00 0001\n" +
                   "\t0x0010:  7f00 0001 da70 0050 3758 897f 377a 8df2\n" +
                   "\t0x0020:  5010 2000 0000 0000\n";
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(40);
        result.Report.ProseLines.ShouldBe(0);
    }
}
