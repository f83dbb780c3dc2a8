using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class FortiGateTests
{
    private const string Damaged = "fortigate/sniftran-damaged-v6-script-capture.txt";

    [Fact]
    public void The_damaged_recording_names_each_damaged_line_and_leaves_what_it_lost_unknown()
    {
        var result = Importing.File(Repository.Fixture(Damaged));
        result.Packets.Count.ShouldBe(217);
        // A packet whose summary line is damaged is not read: its time, interface and direction are lost.
        var notRead = result.Report.Warnings.Where(w => w.Contains("a damaged packet was not read")).ToList();
        notRead.ShouldHaveSingleItem().ShouldContain("sniftran-damaged-v6-script-capture.txt:184:1: a damaged summary line: expected a time");
        // A row that cannot be read is skipped with its reason; the bytes it held are unknown in its packet.
        result.Report.Skipped.Select(s => s.Line).ShouldBe([184, 185, 186, 187, 188, 205, 349]);
        result.Report.Skipped.Single(s => s.Line == 205).Reason.ShouldBe("offset 0xfafa0030 is beyond the largest packet a dump can hold (262144 bytes)");
        result.Report.Skipped.Single(s => s.Line == 349).Reason.ShouldStartWith("expected hex bytes, found '0100ifds");
        result.Report.Damaged.Select(d => (d.Line, d.Reason)).ShouldBe([
            (206, "offset 0x0040 jumps over bytes 48-63, which the text does not show"),
            (350, "offset 0x0010 jumps over bytes 0-15, which the text does not show"),
        ]);
        result.Packets.Single(p => p.Source.FirstLine == 201).Unknown!.UnknownByteRanges().ShouldBe([(48, 63)]);
        result.Packets.Single(p => p.Source.FirstLine == 348).Unknown!.UnknownByteRanges().ShouldBe([(0, 15)]);
        result.Packets.ShouldNotContain(p => p.Source.FirstLine == 184);
    }

    [Fact]
    public void Verbosity_5_ARP_gets_an_Ethernet_header_whose_addresses_are_unknown()
    {
        var packets = Importing.File(Repository.Fixture("fortigate/sniftran-test10-v5-no-link.txt")).Packets;
        var arp = packets[0];
        arp.LinkType.ShouldBe(LinkType.Ethernet);
        arp.Unknown!.UnknownByteRanges().ShouldBe([(0, 11)]);
        arp.Hex()[24..36].ShouldBe("080600010800", "EtherType 0806, then the ARP message as printed");
        arp.Data.Length.ShouldBe(14 + 46);
        var ipv6 = packets[2];
        ipv6.LinkType.ShouldBe(LinkType.RawIp);
        ipv6.Data[0].ShouldBe((byte)0x60);
    }

    [Fact]
    public void The_a_time_format_is_UTC_and_needs_no_zone()
    {
        var result = Importing.File(Repository.Fixture("fortigate/sniftran-test4-v6-absolute-any.txt"), new() { UtcOffset = TimeSpan.FromHours(2) });
        result.Packets[0].Time.ToString().ShouldBe("2015-06-23 17:00:12.184010 UTC");
        result.Packets[0].Comments.ShouldContain("time: UTC, as the sniffer's time format 'a' prints");
        result.Report.Warnings.ShouldNotContain(w => w.Contains("without a zone"));
    }

    [Fact]
    public void Local_times_are_taken_as_UTC_unless_an_offset_is_given_and_the_output_says_which()
    {
        var fixture = Repository.Fixture("fortigate/constructed-any-two-interfaces-local-time.txt");
        var utc = Importing.File(fixture);
        utc.Packets[0].Time.ToString().ShouldBe("2013-05-17 14:02:11.481206 UTC");
        utc.Packets[0].Comments.ShouldContain("the time is printed without a zone: taken as UTC (give --utc-offset)");
        utc.Report.Warnings.ShouldContain(w => w.EndsWith("the sniffer prints local times without a zone; they were taken as UTC (give --utc-offset)"));

        var cest = Importing.File(fixture, new() { UtcOffset = TimeSpan.FromHours(2) });
        cest.Packets[0].Time.ToString().ShouldBe("2013-05-17 12:02:11.481206 UTC");
        cest.Packets[0].Comments.ShouldContain("the time is printed without a zone: taken as UTC+02:00, as --utc-offset says");
    }

    [Fact]
    public void Relative_times_say_so()
    {
        var result = Importing.File(Repository.Fixture("fortigate/sniftran-test9-v3-any-no-ifname.txt"));
        result.Packets[0].Comments.ShouldContain("time: 0.779592 s after the sniffer started, written as seconds after 1970-01-01 00:00 UTC");
        result.Report.Warnings.ShouldContain(w => w.Contains("times are seconds after the sniffer started, not dates"));
        result.Packets.ShouldAllBe(p => p.Interface == "fortigate", "verbosity 3 prints no interface and the command sniffs 'any'");
    }

    [Fact]
    public void A_trailer_that_disagrees_with_the_packets_printed_is_reported()
    {
        var result = Importing.File(Repository.Fixture("fortigate/sniftran-fe-fortiweb-v6-byte-columns.txt"));
        result.Report.Warnings.ShouldContain(w => w.EndsWith("the sniffer says 110 packets received by filter; 109 were printed"));
    }

    [Fact]
    public void A_forum_paste_with_collapsed_spaces_wrapped_summaries_and_a_pager_line_reads_as_the_original()
    {
        var original = Importing.File(Repository.Fixture("fortigate/sniftran-test7-v6-wan1-dashdash-ipv6.txt")).Packets.Take(4).ToList();
        var pasted = Importing.File(Repository.Fixture("fortigate/constructed-forum-paste-collapsed-wrapped.txt"));
        pasted.Report.SkippedLines.ShouldBe(0);
        pasted.Packets.Select(p => p.Hex()).ShouldBe(original.Select(p => p.Hex()));
        pasted.Packets.Select(p => p.Time).ShouldBe(original.Select(p => p.Time));
        pasted.Packets[1].Heading.ShouldBe(original[1].Heading, "the wrapped summary is joined back and its entities decoded");
    }

    [Fact]
    public void A_row_with_characters_that_are_not_hex_digits_is_read_with_those_nibbles_unknown()
    {
        var text = "interfaces=[any]\n" +
                   "0.1 wan1 in 10.0.0.1 -> 10.0.0.2: icmp: echo request\n" +
                   "0x0000\t ffff ffff ffff 000c 2942 41e2 0800 4500\t................\n" +
                   "0x0010\t 0054 dc73 4000 40zz 4a63 0a7c ffd4 0a7c\t................\n" +
                   "0x0020\t ff05 0800 275b d0a4\t........\n";
        var result = Importing.Text(text);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Unknown!.UnknownByteRanges().ShouldBe([(23, 23)]);
        var damaged = result.Report.Damaged.ShouldHaveSingleItem();
        (damaged.Line, damaged.Column, damaged.Reason).ShouldBe((4, 26, "'z' is not a hex digit; its nibble is unknown"));
    }

    [Fact]
    public void Old_tcpdump_output_without_FortiOS_marks_is_not_claimed()
    {
        // tcpdump 3.x -X: the same rows, but a bare time, '>' between addresses and the IP header first.
        var text = "18:56:29.316097 128.0.0.1.4000 > 127.0.0.1.8012: P 1:6(5) win 65535\n" +
                   "0x0000   4500 002d 7214 0000 2806 21b5 8000 0001        E..-r...(.\n" +
                   "0x0010   7f00 0001 0fa0 1f4c 6745 8b6b 0000 0000        .......LgE\n";
        Importing.Text(text).Packets.ShouldNotContain(p => p.Format == "fortigate");
    }
}
