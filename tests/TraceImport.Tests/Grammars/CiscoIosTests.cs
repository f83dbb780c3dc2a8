using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class CiscoIosTests
{
    private const string Ios15 = "cisco-ios/ciscodump-c-parse_line_ios-ios15-epc-2pkts.ciscodump-comment-excerpt.txt";

    [Fact]
    public void IOS_15_dumps_start_where_the_right_aligned_first_row_says_and_keep_the_extra_byte()
    {
        var packets = Importing.File(Repository.Fixture(Ios15)).Packets;
        packets.Count.ShouldBe(2);
        var first = packets[0];
        first.Hex().ShouldStartWith("b0faebc7a862005056" + "8494fb0800");
        first.Data.Length.ShouldBe(93);
        first.Interface.ShouldBe("Fa4.320");
        first.Time.ToString().ShouldBe("2021-11-27 22:45:44.700 UTC", "the header names UTC");
        first.Comments.ShouldContain(c => c.StartsWith("the IPv4 datagram ends at byte 92"));
    }

    [Fact]
    public void A_zone_IOS_names_without_its_offset_is_taken_as_UTC_unless_told()
    {
        var text = File.ReadAllText(Repository.Fixture(Ios15)).Replace("UTC Nov", "ITA Nov");
        Importing.Text(text).Packets[0].Comments.ShouldContain("the time zone 'ITA' is named but not its offset: taken as UTC (give --utc-offset)");
        Importing.Text(text, new() { UtcOffset = TimeSpan.FromHours(1) }).Packets[0].Time.ToString().ShouldBe("2021-11-27 21:45:44.700 UTC");
    }

    [Fact]
    public void A_terminal_log_with_IOS_paging_reads_as_the_dump()
    {
        var log = Importing.File(Repository.Fixture("cisco-ios/constructed-ios15-terminal-log-more.txt"));
        log.Report.SkippedLines.ShouldBe(0);
        log.Packets.Select(p => p.Hex()).ShouldBe(Importing.File(Repository.Fixture(Ios15)).Packets.Select(p => p.Hex()));
    }

    [Fact]
    public void IOS_XE_16_dumps_have_no_time()
    {
        var packets = Importing.File(Repository.Fixture("cisco-ios/ciscodump-c-parse_line_ios_xe_16-2pkts.ciscodump-comment-excerpt.txt")).Packets;
        packets.Select(p => p.Data.Length).ShouldBe([98, 98]);
        packets.ShouldAllBe(p => p.Time == null);
    }

    [Fact]
    public void Debug_dumps_find_the_link_layer_from_the_IPv4_header_of_the_printed_length()
    {
        var result = Importing.File(Repository.Fixture("cisco-ios/constructed-debug-ip-packet-detail-dump.txt"));
        var (received, sent) = (result.Packets[0], result.Packets[1]);
        received.LinkType.ShouldBe(LinkType.Ethernet);
        received.Data.Length.ShouldBe(14 + 100);
        received.Hex().ShouldStartWith("c2001e640000c2011e6400000800" + "45000064");
        (received.Interface, received.Direction).ShouldBe(("FastEthernet0/0", Direction.Inbound));
        (sent.Interface, sent.Direction).ShouldBe(("FastEthernet0/0", Direction.Outbound));
        received.Comments.ShouldContain("debug: *Mar  1 01:06:48.815: IP: tableid=0, s=10.1.123.2 (FastEthernet0/0), d=10.1.123.1 (FastEthernet0/0), routed via RIB");
        received.Heading!.ShouldStartWith("*Mar  1 01:06:48.815: IP: s=10.1.123.2"); // the prompt before the first line is not kept
        received.Time.ToString().ShouldBe("1970-03-01 01:06:48.815 UTC (date assumed)");
        received.Comments.ShouldContain("the log prints month and day only: the year 1970 is assumed (give --date)");
    }

    [Fact]
    public void Debug_dumps_with_collapsed_spaces_place_the_first_row_by_the_next_row_address()
    {
        var columns = Importing.File(Repository.Fixture("cisco-ios/constructed-debug-ip-packet-detail-dump.txt")).Packets;
        var collapsed = Importing.File(Repository.Fixture("cisco-ios/constructed-debug-ip-packet-collapsed-spaces.txt")).Packets;
        collapsed.Select(p => p.Hex()).ShouldBe(columns.Select(p => p.Hex()));
    }

    [Theory]
    [InlineData("0F000800", "c-hdlc")]
    [InlineData("FF030021", "ppp")]
    [InlineData("12345678", "user0")]
    public void Debug_dumps_of_serial_interfaces_name_their_link_layer(string header, string linkType)
    {
        var text = "*Mar  1 00:10:22.239: IP: s=10.0.0.1 (Serial0/0), d=10.0.0.2, len 20, rcvd 3\n" +
                   $"0A000000: {header} 45000014 00010000 40060000  ........E.......\n" +
                   "0A000010: 0A000001 0A000002                    ........\n";
        var fixedText = text.Replace("40060000", Checksummed());
        var packet = Importing.Text(fixedText).Packets.ShouldHaveSingleItem();
        packet.LinkType.Name.ShouldBe(linkType);
        packet.Direction.ShouldBe(Direction.Inbound);
        packet.Interface.ShouldBe("Serial0/0");
    }

    /// <summary>The third word of a 20-byte IPv4 header 10.0.0.1 → 10.0.0.2 with its checksum filled in.</summary>
    private static string Checksummed()
    {
        byte[] header = [0x45, 0, 0, 0x14, 0, 1, 0, 0, 0x40, 0x06, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
        var sum = InternetChecksum.Compute(header);
        return $"4006{sum:X4}";
    }
}
