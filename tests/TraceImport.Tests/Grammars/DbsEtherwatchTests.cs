using Shouldly;
using TraceImport.Grammars.DbsEtherwatch;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class DbsEtherwatchTests
{
    private const string From = "From 00-D0-C0-D2-4D-60 [MF1] to AA-00-04-00-FC-94 [PSERVB]\n";

    private static string Protocol(string fields, int length) => $"Protocol {fields},   {length} byte buffer at 10-OCT-2001 10:20:45.16\n";

    [Theory]
    [InlineData("  [E..<8...........]-    0-[45 00 00 3C 38 93 00 00 1D 06 D2 12 80 93 11 1A]", 0, 16)]
    [InlineData("  [..]-[..]...]....]-   16-[80 93]", 16, 2)]
    [InlineData("  [..              ]-   48-[02 04]", 48, 2)]
    [InlineData("    20-[02 D2 02 03 00 28 A4 BF 5A 1C 34 79 50 10 23 28 C1 43 00 00]", 20, 20)]
    public void A_row_is_read_with_or_without_its_ascii_column_even_when_that_holds_brackets(string line, int offset, int bytes)
    {
        var row = EtherwatchGrammar.Row.ParseLine(line);
        row.Success.ShouldBeTrue(row.Error);
        (row.Value.Offset, row.Value.Bytes.Bytes.Length).ShouldBe((offset, bytes));
    }

    [Fact]
    public void An_802_3_frame_with_snap_gets_its_length_dsap_ssap_control_and_protocol_id()
    {
        var text = From + Protocol("AA-AA 03 00-00-00-08-00", 2) + "     0-[45 00]\n";
        var packet = Importing.Text(text).Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe("aa000400fc9400d0c0d24d60" + "000a" + "aaaa03" + "0000000800" + "4500");
        packet.Comments.ShouldContain(c => c.StartsWith("802.3 header rebuilt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_numbered_control_field_takes_its_second_byte_from_the_protocol_id()
    {
        var text = From + Protocol("F0-F0 00 02-00-00-00-00", 2) + "     0-[45 00]\n";
        Importing.Text(text).Packets.ShouldHaveSingleItem().Hex().ShouldBe("aa000400fc9400d0c0d24d60" + "0006" + "f0f00002" + "4500");
    }

    [Fact]
    public void A_row_at_the_wrong_offset_is_skipped_and_the_missing_bytes_counted()
    {
        var text = From + Protocol("08-00 00 00-00-00-00-00", 4) + "     0-[45 00]\n     4-[00 3C]\n";
        var result = Importing.Text(text);
        result.Report.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("a row at offset 4 where offset 2 was expected (a row is missing or repeated)");
        var packet = result.Packets.ShouldHaveSingleItem();
        (packet.Data.Length, packet.OriginalLength).ShouldBe((16, 18));
    }

    [Fact]
    public void A_from_line_with_no_protocol_line_makes_no_packet_and_says_so()
    {
        var result = Importing.Text(From + From + Protocol("08-00 00 00-00-00-00-00", 2) + "     0-[45 00]\n");
        result.Packets.ShouldHaveSingleItem().Source.FirstLine.ShouldBe(2);
        result.Report.Warnings.ShouldContain("input.txt:1: an Etherwatch From line with no Protocol line after it; no packet");
    }

    [Fact]
    public void The_time_is_local_to_the_trace_and_the_month_may_be_in_any_case()
    {
        var text = From + Protocol("08-00 00 00-00-00-00-00", 2).Replace("OCT", "Oct") + "     0-[45 00]\n";
        var packet = Importing.Text(text, new TraceImport.Import.ImportOptions { UtcOffset = TimeSpan.FromHours(2) }).Packets.ShouldHaveSingleItem();
        packet.Time!.Value.ToString().ShouldBe("2001-10-10 08:20:45.16 UTC");
    }
}
