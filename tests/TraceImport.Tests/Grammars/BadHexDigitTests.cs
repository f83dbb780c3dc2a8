using Shouldly;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// A character that breaks a hex row is said with its line and column, the byte it stands in is read with
/// that nibble unknown, and --strict refuses the input; a row with more bytes than its format prints is
/// read, never silently cut.
/// </summary>
public class BadHexDigitTests
{
    [Fact]
    public void A_retyped_tcpdump_dump_names_each_broken_row_and_keeps_every_byte_it_can()
    {
        var result = Importing.File(Repository.Fixture("tcpdump/constructed-retyped-bad-hex-digits.txt"));
        result.Report.Damaged.Select(d => (d.Line, d.Column)).ShouldBe([(6, 37), (13, 51), (14, 2)]);
        result.Report.Damaged[0].Reason.ShouldBe("'z' is not a hex digit; its nibble is unknown");
        result.Report.Damaged[1].Reason.ShouldBe("more than 16 bytes in a row where the format prints 16; every byte is read");
        result.Report.StrictProblems.ShouldBe(3);

        var first = result.Packets[0];
        first.Hex().ShouldBe("4500003c1b684000400620527f000001" + "7f000001da70005037588" + "97e00000000a0027fff142100000204400c0402080a4ddc92160000000001030302");
        first.Unknown!.UnshownByteRanges().ShouldBe([(10, 10)], "the nibble behind 'z', written as 0; its other nibble, 2, is read");
        first.Comments.ShouldContain("line 6, column 37: 'z' is not a hex digit; its nibble is unknown");
        result.Packets[1].Data.Length.ShouldBe(60, "the offsets decide where the long row's extra group goes");
        result.Packets[1].Unknown.ShouldBeNull();
    }

    [Fact]
    public void A_tshark_row_with_a_bad_digit_is_read_and_said()
    {
        var result = Importing.Text("0000  45 00 00 3c 1b 68 40 00 40 06 2g 52 7f 00 00 01   E..<.h@.@.!R....\n0010  7f 00 00 01\n");
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(20);
        var damaged = result.Report.Damaged.ShouldHaveSingleItem();
        (damaged.Line, damaged.Column).ShouldBe((1, 38));
    }

    [Fact]
    public void An_od_row_with_a_bad_digit_is_read_and_said()
    {
        var result = Importing.Text("0000000 45 00 00 3c 1b 68 40 00 40 06 21 5w 7f 00 00 01\n0000010 7f 00 00 01\n0000014\n");
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(20);
        (result.Report.Damaged.ShouldHaveSingleItem().Line, result.Report.Damaged[0].Column).ShouldBe((1, 43));
        result.Report.SkippedLines.ShouldBe(0);
    }

    [Fact]
    public void A_hex_block_row_with_a_bad_digit_stays_in_its_block()
    {
        var result = Importing.Text("SYN from the client:\n4500 003c 1b68 4000\n4006 2z52 7f00 0001\n7f00 0001 da70 0050\n");
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(24);
        (result.Report.Damaged.ShouldHaveSingleItem().Line, result.Report.Damaged[0].Column).ShouldBe((3, 7));
    }

    [Fact]
    public void A_hex_stream_line_with_a_bad_digit_is_read_and_said()
    {
        var result = Importing.Text("0000000000000000000000000800450000140000400040010000\n00000000000000000000000008004500001400004000400q0000\n");
        result.Packets.Count.ShouldBe(2);
        (result.Report.Damaged.ShouldHaveSingleItem().Line, result.Report.Damaged[0].Column).ShouldBe((2, 48));
    }
}
