using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class CiscoAsaTests
{
    private const string Sample = "cisco-asa/ciscodump-c-parse_line_asa-show-capture-dump-1pkt.ciscodump-comment-excerpt.txt";

    [Fact]
    public void The_dump_gives_a_time_of_day_on_an_assumed_date_and_says_so()
    {
        var result = Importing.File(Repository.Fixture(Sample), new() { Date = new DateOnly(2021, 3, 4) });
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Time.ToString().ShouldBe("2021-03-04 20:40:01.108469 UTC (date supplied)");
        packet.Heading.ShouldBe("1: 20:40:01.108469       10.124.255.212 > 10.124.255.5 icmp: echo request");
        packet.Data.Length.ShouldBe(98);
        result.Report.Warnings.ShouldContain(w => w.EndsWith("the ASA prints local times without a zone; they were taken as UTC (give --utc-offset)"));
    }

    [Fact]
    public void A_terminal_log_with_the_pager_erased_by_carriage_returns_reads_as_the_dump()
    {
        var log = Importing.File(Repository.Fixture("cisco-asa/constructed-terminal-log-pager-crlf.txt"));
        log.Report.SkippedLines.ShouldBe(0);
        log.Packets.ShouldHaveSingleItem().Hex().ShouldBe(Importing.File(Repository.Fixture(Sample)).Packets[0].Hex());
    }

    [Fact]
    public void The_detail_view_gives_the_length_and_link_type_and_its_addresses_are_checked()
    {
        var detail = Importing.File(Repository.Fixture("cisco-asa/constructed-detail-dump.txt")).Packets.ShouldHaveSingleItem();
        detail.LinkType.ShouldBe(LinkType.Ethernet);
        detail.OriginalLength.ShouldBe(98);
        detail.Heading.ShouldEndWith("icmp: echo request (ttl 64, id 56435)");
        detail.Comments.ShouldNotContain(c => c.Contains("disagree"));

        var wrong = File.ReadAllText(Repository.Fixture("cisco-asa/constructed-detail-dump.txt")).Replace("0x0800 Length: 98", "0x86dd Length: 98");
        Importing.Text(wrong).Packets.ShouldHaveSingleItem().Comments.ShouldContain("the detail line's EtherType disagree with the bytes");
    }

    [Fact]
    public void A_shown_count_that_disagrees_with_the_packets_read_is_reported()
    {
        var text = File.ReadAllText(Repository.Fixture(Sample)).Replace("1 packet shown", "2 packets shown");
        Importing.Text(text).Report.Warnings.ShouldContain(w => w.EndsWith("the ASA says 2 packet(s) shown; 1 were read"));
    }
}
