using Pidgin;
using Shouldly;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>The Pidgin tokens the grammars share.</summary>
public class LexiconTests
{
    [Theory]
    [InlineData("16:06:23.706", 57_983_706_000_000L, 3)]
    [InlineData("23:57:35.938066", 86_255_938_066_000L, 6)]
    [InlineData("3:57:35", 14_255_000_000_000L, 0)]
    [InlineData("16:56:36.39", 60_996_390_000_000L, 2)]
    public void Time_of_day_keeps_the_digits_it_was_printed_with(string text, long nanoseconds, int digits)
    {
        var parsed = Lexicon.TimeOfDay.ParseLine(text);
        parsed.Success.ShouldBeTrue();
        parsed.Value.FractionDigits.ShouldBe(digits);
        parsed.Value.Nanoseconds.ShouldBe(nanoseconds);
    }

    [Theory]
    [InlineData("25:00:00")]
    [InlineData("12:61:00")]
    [InlineData("12:00")]
    public void Impossible_times_are_refused(string text) =>
        Lexicon.TimeOfDay.Before(Parser<char>.End).ParseLine(text).Success.ShouldBeFalse();

    [Theory]
    [InlineData("2005-02-30")]
    [InlineData("2005-13-01")]
    public void Impossible_dates_are_refused(string text) =>
        Lexicon.IsoDate.ParseLine(text).Success.ShouldBeFalse();

    [Fact]
    public void A_hundred_digits_are_not_a_number_and_do_not_overflow() =>
        Lexicon.Integer.ParseLine(new string('9', 100)).Success.ShouldBeFalse();

    [Fact]
    public void Epoch_seconds_keep_nanoseconds()
    {
        var parsed = Lexicon.Epoch.ParseLine("1120622255.938066123").Value;
        (parsed.Seconds, parsed.Nanoseconds, parsed.FractionDigits).ShouldBe((1120622255L, 938066123L, 9));
    }

    [Fact]
    public void A_hex_run_composes_with_other_parsers_and_keeps_its_masks()
    {
        var row = from offset in Parser.String("0x").Then(Lexicon.HexNumber).Before(Parser.Char(':'))
                  from gap in Lexicon.Spaces
                  from bytes in Lexicon.HexBytes(new HexRunRules(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16))
                  from rest in Lexicon.RestOfLine
                  select (offset, bytes, rest);
        var parsed = row.ParseLine("0x0010:  4500 0Xff  E.");
        parsed.Success.ShouldBeTrue();
        parsed.Value.offset.ShouldBe(16);
        parsed.Value.bytes.Bytes.ShouldBe(new byte[] { 0x45, 0x00, 0x00, 0xff });
        parsed.Value.bytes.UnknownNibbles.ShouldBe([5]);
        parsed.Value.rest.ShouldBe("  E.");
    }

    [Fact]
    public void A_failure_names_the_column_and_what_was_expected()
    {
        var row = Parser.String("0x").Then(Lexicon.HexNumber).Before(Parser.Char(':'));
        var parsed = row.ParseLine("0x0010;");
        parsed.Success.ShouldBeFalse();
        parsed.Column.ShouldBe(7);
        parsed.Describe().ShouldBe("expected ':', found ';'");
    }
}
