using Shouldly;
using TraceImport.Import;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class IseriesTests
{
    private const string HeaderPage =
        " COMMUNICATIONS TRACE       Title: OS400 - OS400 trace               10/28/05  11:44:50                           Page:       1\n" +
        "   Object protocol  . . . . . . :   ETHERNET\n" +
        "   Start date/Time  . . . . . . :   10/28/05  11:43:00.341\n";

    private const string Headings =
        " Record       Data    Record           Controller  Destination   Source        Frame\n" +
        " Number  S/R  Length  Timer            Name        MAC Address   MAC Address   Format\n" +
        " ------  ---  ------  ---------------  ----------  ------------  ------------  ------\n";

    private const string RecordLine = "      1   R       64  12:19:29.97108               000629ECF48E  0006D78E23C2   ETHV2   Type: 0800\n";

    private const string Unformatted =
        "         Data . . . . . :  4500003C27954000 3A06CE3D9797440F  0A5964EAC4F50554 58C9915500000000   *E..<'*@.:.*=**D..YD***.TX**U....*\n" +
        "                           A00216D06A200000 020405B40402080A  1104B6C000000000 010303000B443BF1   **..*J .....*......**.........D;**\n";

    private const string Formatted =
        "                      Frame Type :  IP          DSCP: 0   ECN: 00-NECT  Length:    64   Protocol: TCP         Datagram ID: 2795\n" +
        "                      IP Header  :  4500003C279540003A06CE3D9797440F0A5964EA\n" +
        "                      IP Options :  NONE\n" +
        "                      TCP  . . . :  Src Port: 50421,Unassigned    Dest Port:  1364,Unassigned\n" +
        "                      TCP Header :  C4F5055458C9915500000000A00216D06A200000020405B40402080A1104B6C0\n" +
        "                                    00000000010303000B443BF1\n";

    private const string Frame =
        "000629ecf48e0006d78e23c208004500003c279540003a06ce3d9797440f0a5964eac4f5055458c9915500000000a00216d06a200000020405b40402080a1104b6c000000000010303000b443bf1";

    [Fact]
    public void A_formatted_record_and_an_unformatted_one_give_the_same_frame()
    {
        var unformatted = Importing.Text(HeaderPage + Headings + RecordLine + Unformatted).Packets.ShouldHaveSingleItem();
        var formatted = Importing.Text(HeaderPage + Headings + RecordLine + Formatted).Packets.ShouldHaveSingleItem();
        unformatted.Hex().ShouldBe(Frame);
        formatted.Hex().ShouldBe(Frame);
        formatted.OriginalLength.ShouldBe(78, "the record's length is after the Ethernet header");
        formatted.Direction.ShouldBe(Direction.Inbound);
        formatted.Time!.Value.ToString().ShouldBe("2005-10-28 12:19:29.97108 UTC");
    }

    [Fact]
    public void Without_the_header_page_the_date_is_assumed_or_given()
    {
        var assumed = Importing.Text(Headings + RecordLine + Unformatted);
        assumed.Packets.ShouldHaveSingleItem().Time!.Value.Date.ShouldBe(DateOrigin.Assumed);
        assumed.Report.Warnings.ShouldContain("the trace prints a time of day only; its date was assumed to be 1970-01-01 (give --date)");

        var given = Importing.Text(RecordLine + Unformatted, new ImportOptions { Date = new DateOnly(2005, 10, 28) });
        given.Packets.ShouldHaveSingleItem().Time!.Value.ToString().ShouldBe("2005-10-28 12:19:29.97108 UTC (date supplied)");
    }

    [Fact]
    public void An_802_3_record_is_skipped_with_the_reason()
    {
        var line = RecordLine.Replace("ETHV2   Type: 0800", "802.3   UI       AA    AA");
        var result = Importing.Text(HeaderPage + Headings + line + Unformatted + RecordLine + Unformatted);
        result.Report.Skipped.Select(s => s.Line).ShouldBe([7, 8, 9], "the record and its two data lines");
        result.Report.Skipped[0].Reason.ShouldStartWith("a 802.3 record: only Ethernet II (ETHV2 Type:) records can be rebuilt");
        result.Report.Skipped[1].Reason.ShouldBe("part of the record at line 7, which is not read");
        result.Packets.ShouldHaveSingleItem().Source.FirstLine.ShouldBe(10);
    }

    [Fact]
    public void A_line_with_lower_case_hex_is_not_data()
    {
        var result = Importing.Text(RecordLine + Unformatted.Replace("A00216D06A200000", "a00216d06a200000"));
        result.Report.Skipped.ShouldHaveSingleItem().Line.ShouldBe(3);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(46);
        packet.OriginalLength.ShouldBe(78);
    }

    [Fact]
    public void Times_that_run_past_midnight_move_to_the_next_day()
    {
        var late = RecordLine.Replace("12:19:29.97108", "23:59:59.90000");
        var early = RecordLine.Replace("12:19:29.97108", "00:00:00.10000");
        var packets = Importing.Text(HeaderPage + Headings + late + Unformatted + early + Unformatted).Packets;
        packets.Select(p => p.Time!.Value.ToString()).ShouldBe(["2005-10-28 23:59:59.90000 UTC", "2005-10-29 00:00:00.10000 UTC"]);
    }

    [Fact]
    public void A_trace_of_another_line_protocol_is_read_as_ethernet_and_said()
    {
        var result = Importing.Text(HeaderPage.Replace("ETHERNET", "TOKENRING") + Headings + RecordLine + Unformatted);
        result.Report.Warnings.ShouldContain("input.txt:2: the trace is of a TOKENRING line; its records are read as Ethernet, the only kind Wireshark's reader takes");
    }

    [Fact]
    public void A_record_line_a_mail_client_wrapped_is_joined_back()
    {
        var wrapped = RecordLine.Insert(80, "\n");
        var packet = Importing.Text(HeaderPage + Headings + wrapped + Unformatted).Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe(Frame);
        packet.Heading.ShouldEndWith("ETHV2   Type: 0800");
    }
}
