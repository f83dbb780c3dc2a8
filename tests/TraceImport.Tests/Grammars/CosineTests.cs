using Shouldly;
using TraceImport.Grammars.Cosine;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class CosineTests
{
    private const string LcpEcho =
        "  2000-2-1,18:20:17.0:  l2-rx (PPP:3/7/1:100), Length:16, Pro:0, Off:0, Pri:0, RM:0, Err:0 [0x4001, 0x30000]\n" +
        "          00 D0 D8 D2 FF 03 C0 21  09 29 00 08 6D FE FA AA\n";

    [Fact]
    public void A_control_record_that_shows_no_bytes_is_reported_and_makes_no_packet()
    {
        var text = "  2000-2-1,18:19:46.8:  l2-tx (PPP:3/7/1:100), Length:16, Pro:0, Off:0, Pri:0, RM:0, Err:0 [0x4000, 0x0]\n\n\n" + LcpEcho;
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Direction.ShouldBe(Direction.Inbound);
        result.Report.Warnings.ShouldContain("input.txt:1: the l2-tx record says Length:16 but no bytes follow it (its packet-log profile logged none); no packet");
    }

    [Fact]
    public void A_blank_line_between_a_header_and_its_row_does_not_lose_the_row()
    {
        var packet = Importing.Text(LcpEcho.Replace("]\n", "]\n\n")).Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(12);
    }

    [Fact]
    public void The_digits_after_the_point_count_centiseconds_as_wiresharks_reader_takes_them()
    {
        var stamp = CosineGrammar.Stamp.ParseLine("2000-2-1,18:20:24.1:").Value;
        stamp.NanosecondsOfDay.ShouldBe(((18 * 60 + 20) * 60 + 24) * 1_000_000_000L + 10_000_000);
        stamp.FractionDigits.ShouldBe(2);
    }

    [Fact]
    public void Output_to_a_pe_prints_no_time_and_the_packet_has_none()
    {
        var packet = Importing.Text(LcpEcho.Replace("  2000-2-1,18:20:17.0:  ", "")).Packets.ShouldHaveSingleItem();
        packet.Time.ShouldBeNull();
        packet.Comments.ShouldContain("output to a PE: the record prints no time");
    }

    [Theory]
    [InlineData("PPP:3/7/1:100", "l2-rx", 50, "ff03c021")]
    [InlineData("FR:3/7/1:100", "l2-rx", 107, "ff03c021")]
    [InlineData("HDLC:3/7/1:100", "l2-rx", 104, "ff03c021")]
    [InlineData("HDLC:3/7/1:100", "l2-tx", 104, "d8d2ff03")]
    [InlineData("ETH:3/7/1:100", "l2-rx", 1, "00d0d8d2")]
    public void The_encapsulation_decides_the_link_type_and_the_bytes_cosine_puts_before_the_frame(string name, string direction, int linkType, string start)
    {
        var text = LcpEcho.Replace("PPP:3/7/1:100", name).Replace("l2-rx", direction);
        var packet = Importing.Text(text).Packets.ShouldHaveSingleItem();
        packet.LinkType.Code.ShouldBe((ushort)linkType);
        packet.Hex().ShouldStartWith(start);
        packet.OriginalLength.ShouldBe(packet.Data.Length);
    }

    [Fact]
    public void An_encapsulation_wireshark_does_not_know_is_user0_unless_link_type_is_given()
    {
        var text = LcpEcho.Replace("PPP:3/7/1:100", "TEST:3/7/1:100");
        Importing.Text(text).Packets.ShouldHaveSingleItem().LinkType.ShouldBe(LinkType.User0);
        Importing.Text(text, new ImportOptions { LinkType = LinkType.PppHdlc }).Packets.ShouldHaveSingleItem().LinkType.ShouldBe(LinkType.PppHdlc);
    }

    [Fact]
    public void A_header_glued_to_other_text_is_found_and_the_text_kept()
    {
        var packet = Importing.Text("  ping 20.20.20.43 cou" + LcpEcho.TrimStart()).Packets.ShouldHaveSingleItem();
        packet.Time!.Value.ToString().ShouldBe("2000-02-01 18:20:17.00 UTC");
        packet.Comments.ShouldContain("the record header follows other text on its line: \"ping 20.20.20.43 cou\"");
    }

    [Fact]
    public void A_header_that_cannot_be_read_is_skipped_with_its_column()
    {
        var result = Importing.Text(LcpEcho.Replace("Pri:0", "Pri:x") + LcpEcho);
        result.Report.Skipped.Select(s => (s.Line, s.Column)).ShouldBe([(1, 77), (2, 1)], "column 77 is the x of Pri:x");
        result.Report.Skipped[0].Reason.ShouldStartWith("a CoSine record header that cannot be read: expected");
        result.Report.Skipped[1].Reason.ShouldBe("a row of a record whose header could not be read: its encapsulation and length are not known");
        result.Packets.ShouldHaveSingleItem().Source.FirstLine.ShouldBe(3);
    }
}
