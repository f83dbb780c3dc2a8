using Shouldly;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Core;

public class HexRunParserTests
{
    private static readonly HexRunRules Tcpdump = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);
    private static readonly HexRunRules Bytes = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16);
    private static readonly HexRunRules Words = new(TokenDigits: 0, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);

    [Fact]
    public void Tcpdump_groups_stop_before_the_ascii_column()
    {
        var run = HexRunParser.Scan("4500 003c 1b68 4000 4006 2152 7f00 0001  E..<.h@.@.!R....", 0, Tcpdump);
        Convert.ToHexStringLower(run.Bytes).ShouldBe("4500003c1b684000400621527f000001");
        run.End.ShouldBe(39);
    }

    [Fact]
    public void A_short_last_group_ends_the_run()
    {
        var run = HexRunParser.Scan("7f00 00                                  ...", 0, Tcpdump);
        Convert.ToHexStringLower(run.Bytes).ShouldBe("7f0000");
    }

    [Fact]
    public void Masked_nibbles_are_recorded_and_written_as_zero()
    {
        var run = HexRunParser.Scan("XXXXXXXX 820EXXXX", 0, Words);
        Convert.ToHexStringLower(run.Bytes).ShouldBe("00000000820e0000");
        run.UnknownNibbles.ShouldBe([0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]);
    }

    [Fact]
    public void Runs_scanned_one_after_another_share_neither_bytes_nor_masks()
    {
        var masked = HexRunParser.Scan("XXXX 0102", 0, Words);
        var plain = HexRunParser.Scan("0304", 0, Words);
        Convert.ToHexStringLower(plain.Bytes).ShouldBe("0304");
        plain.UnknownNibbles.ShouldBeEmpty();
        Convert.ToHexStringLower(masked.Bytes).ShouldBe("00000102");
        masked.UnknownNibbles.ShouldBe([0, 1, 2, 3]);
    }

    [Fact]
    public void A_half_masked_byte_keeps_its_known_nibble()
    {
        var run = HexRunParser.Scan("C8XX XX91", 0, Words);
        Convert.ToHexStringLower(run.Bytes).ShouldBe("c8000091");
        run.UnknownNibbles.ShouldBe([2, 3, 4, 5]);
    }

    [Fact]
    public void Three_spaces_end_a_row_of_bytes_so_hex_looking_ascii_is_not_data()
    {
        var run = HexRunParser.Scan("00 01 02   cafe babe", 0, Bytes);
        run.Bytes.Length.ShouldBe(3);
    }

    [Fact]
    public void A_row_of_bytes_holds_sixteen_at_most()
    {
        var line = string.Join(' ', Enumerable.Repeat("ab", 20));
        HexRunParser.Scan(line, 0, Bytes).Bytes.Length.ShouldBe(16);
    }

    [Theory]
    [InlineData("abc def")]
    [InlineData("zz 00")]
    [InlineData("4500:")]
    public void Text_that_is_not_hex_tokens_yields_no_bytes(string line) =>
        HexRunParser.Scan(line, 0, Words).Bytes.Length.ShouldBe(0);

    [Fact]
    public void Long_runs_grow_past_the_stack_buffer()
    {
        var hex = string.Concat(Enumerable.Range(0, 1500).Select(i => (i % 256).ToString("x2")));
        var run = HexRunParser.Scan(hex, 0, Words);
        run.Bytes.Length.ShouldBe(1500);
        Convert.ToHexStringLower(run.Bytes).ShouldBe(hex);
    }

    [Fact]
    public void As_a_pidgin_parser_it_consumes_the_run_and_reports_a_failure_column()
    {
        var parser = Lexicon.HexBytes(Bytes).Then(Pidgin.Parser<char>.CurrentOffset);
        var ok = parser.ParseLine("45 00 00 3c   E..<");
        ok.Success.ShouldBeTrue();
        ok.Value.ShouldBe(11);
        var failed = parser.ParseLine("hello");
        failed.Success.ShouldBeFalse();
        failed.Column.ShouldBe(1);
        failed.Describe().ShouldBe("expected hex bytes, found 'hello'");
    }
}
