using Shouldly;
using TraceImport.Grammars.Ascend;
using TraceImport.Import;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class AscendTests
{
    /// <summary>The header of each command's output (pridisplay, ether-display, wandsess on TAOS 7 and 8, wandisplay on MAX 7.2.3 and TAOS 8, wdd).</summary>
    [Theory]
    [InlineData("PRI-XMIT-27: (task \"l1Task\" at 0x10216fe0, time: 560194.01) 4 octets @ 0x1027c5b0", AscendRecordKind.Isdn, Direction.Outbound, "27", null, null, 4)]
    [InlineData("PRI-RCV-27: (task \"idle task\" at 0x10123570, time: 560194.01) 4 octets @ 0x1027fb00", AscendRecordKind.Isdn, Direction.Inbound, "27", null, null, 4)]
    [InlineData("PRI-XMIT-19/1:  (task \"l1Task\" at 0x10216840, time: 274759.98) 4 octets @ 0x1027f230", AscendRecordKind.Isdn, Direction.Outbound, "19", null, 1, 4)]
    [InlineData("PRI-XMIT-19/2 (task \"l1Task\" at 0x10216840, time: 274759.98) 11 octets @ 0x1027f234", AscendRecordKind.Isdn, Direction.Outbound, "19", null, 2, 11)]
    [InlineData("ETHER3ND RECV: (task \"_sarTask\" at 0x802c6eb0, time: 259848.03) 775 octets @ 0xa8fb2020", AscendRecordKind.Ethernet, Direction.Inbound, null, null, null, 775)]
    [InlineData("RECV-iguana:241:(task: B02614C0, time: 1975432.85) 49 octets @ 8003BD94", AscendRecordKind.Wan, Direction.Inbound, "241", "iguana", null, 49)]
    [InlineData("XMIT-Max7:20: (task \"_brouterControlTask\" at 0xb094ac20, time: 1481.51) 26 octets @ 0x800806b6", AscendRecordKind.Wan, Direction.Outbound, "20", "Max7", null, 26)]
    [InlineData("RECV-187:(task: B050B480, time: 18042248.03) 100 octets @ 800012C0", AscendRecordKind.Wan, Direction.Inbound, "187", null, null, 100)]
    [InlineData("XMIT-44: (task \"freedm_task\" at 0xe051fd10, time: 6258.66) 29 octets @ 0x606d1f00", AscendRecordKind.Wan, Direction.Outbound, "44", null, null, 29)]
    [InlineData("PPP-IN: (task \"idle task\" at 0xb05e6e00, time: 1279.01) 29 octets @ 0x8000e0fc", AscendRecordKind.Wan, Direction.Inbound, null, null, null, 29)]
    public void Each_command_s_header_is_read(string line, AscendRecordKind kind, Direction direction, string? session, string? user, int? part, int octets)
    {
        var header = AscendGrammar.FindHeader(line).Header.ShouldNotBeNull();
        (header.Kind, header.Direction, header.Session, header.User, header.Part).ShouldBe((kind, direction, session, user, part));
        header.TaskTime!.Octets.ShouldBe(octets);
    }

    [Fact]
    public void A_wdd_chunk_line_waits_for_its_task_and_time_on_the_next_line()
    {
        var header = AscendGrammar.FindHeader("WD_DIALOUT_DISP: chunk 2515EE type IP.").Header.ShouldNotBeNull();
        header.Kind.ShouldBe(AscendRecordKind.DialOut);
        header.TaskTime.ShouldBeNull();
    }

    private const string Wandisp =
        "RECV-187:(task: B050B480, time: 18042248.03) 16 octets @ 800012C0\n" +
        "  [0000]: FF 03 C0 21 09 01 00 0C DE 61 96 4B 00 30 94 92\n" +
        "XMIT-187:(task: B0292CA0, time: 18042251.92) 16 octets @ 800018E8\n" +
        "  [0000]: FF 03 C0 21 0A 01 00 0C DE 61 96 4B 00 30 94 92\n";

    [Fact]
    public void Uptimes_count_from_the_date_given_and_the_packets_say_so()
    {
        var result = Importing.Text(Wandisp, new ImportOptions { Date = new DateOnly(2024, 5, 1), UtcOffset = TimeSpan.FromHours(2) });
        result.Packets.Select(p => p.Time!.Value.ToString()).ShouldBe(
            ["2024-11-25 17:44:08.03 UTC (date supplied)", "2024-11-25 17:44:11.92 UTC (date supplied)"],
            "18042248.03 s (208 days, 19:44:08.03) after 2024-05-01 00:00 at UTC+2");
        result.Packets[0].Comments.ShouldContain("the record gives the router's uptime, 18042248.03 s; counted from 2024-05-01 00:00");
        result.Report.Warnings.ShouldContain("input.txt:1: Ascend records give the router's uptime, not the time: uptimes are counted from 2024-05-01 00:00, the --date given");
    }

    [Fact]
    public void Without_a_date_uptimes_count_from_an_assumed_1970_and_the_warning_says_how_to_date_them()
    {
        var result = Importing.Text(Wandisp);
        result.Packets[0].Time!.Value.ShouldBe(new CaptureTime(18042248_030_000_000, 2, DateOrigin.Assumed));
        result.Report.Warnings.ShouldContain(w => w.EndsWith("uptimes are counted from an assumed 1970-01-01 00:00 (give --date for the day to count from)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_date_line_dates_the_record_after_it_and_the_records_that_follow()
    {
        var text = "Date: 01/12/1990.  Time: 12:22:33\n" + Wandisp;
        var packets = Importing.Text(text).Packets;
        packets.Select(p => p.Time!.Value.ToString()).ShouldBe(["1990-01-12 12:22:33.03 UTC", "1990-01-12 12:22:36.92 UTC"]);
        packets[0].Source.FirstLine.ShouldBe(1);
    }

    [Fact]
    public void The_two_halves_of_a_pri_frame_are_one_frame_only_for_the_same_session()
    {
        var halves =
            "PRI-XMIT-19/1:  (task \"l1Task\" at 0x10216840, time: 274759.98) 4 octets @ 0x1027f230\n" +
            "  [0000]: 00 01 30 d8                                         ..0.\n" +
            "PRI-XMIT-19/2 (task \"l1Task\" at 0x10216840, time: 274759.98) 11 octets @ 0x1027f234\n" +
            "  [0000]: 08 02 8c bf 02 18 04 e9  82 83 8f                   ........ ...\n";
        var joined = Importing.Text(halves).Packets.ShouldHaveSingleItem();
        (joined.Data.Length, joined.OriginalLength, joined.LinkType).ShouldBe((15, 15, LinkType.Lapd));

        Importing.Text(halves.Replace("PRI-XMIT-19/2", "PRI-XMIT-20/2")).Packets.Count.ShouldBe(2);
    }

    [Fact]
    public void A_row_out_of_order_is_skipped_and_a_wrapped_address_is_part_of_the_header()
    {
        var text = "XMIT-187:(task: B0292CA0, time: 18042248.04) 20 octets @ 800A\nD576\n" +
                   "  [0000]: FF 03 00 21 45 00 00 38 D7 EE 00 00 0F 01 11 2B\n" +
                   "  [0020]: 0A FF FF FE\n";
        var result = Importing.Text(text);
        result.Report.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("a row at [0020] where [0010] was expected (a row is missing or repeated)");
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Heading.ShouldEndWith("@ 800AD576");
        (packet.Data.Length, packet.OriginalLength).ShouldBe((16, 20));
    }

    [Fact]
    public void An_uptime_beyond_32_bits_is_not_a_header()
    {
        var found = AscendGrammar.FindHeader("RECV-187:(task: B050B480, time: 99999999999.03) 16 octets @ 800012C0");
        found.Header.ShouldBeNull();
        found.Error.ShouldNotBeNull().ShouldContain("4294967295 seconds");
    }
}
