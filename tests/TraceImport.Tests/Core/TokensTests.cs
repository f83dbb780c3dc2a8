using Shouldly;
using Sprache;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Core;

public class TokensTests
{
    [Theory]
    [InlineData("16:06:23.706", 57_983_706_000_000L, 3)]
    [InlineData("23:57:35.938066", 86_255_938_066_000L, 6)]
    [InlineData("3:57:35", 14_255_000_000_000L, 0)]
    [InlineData("16:56:36.39", 60_996_390_000_000L, 2)]
    public void Time_of_day_keeps_the_digits_it_was_printed_with(string text, long nanoseconds, int digits)
    {
        var parsed = Tokens.TimeOfDay.ParseLine(text);
        parsed.WasSuccessful.ShouldBeTrue();
        parsed.Value.FractionDigits.ShouldBe(digits);
        parsed.Value.Nanoseconds.ShouldBe(nanoseconds);
    }

    [Theory]
    [InlineData("25:00:00")]
    [InlineData("12:61:00")]
    [InlineData("12:00")]
    public void Impossible_times_are_refused(string text) =>
        Tokens.TimeOfDay.End().ParseLine(text).WasSuccessful.ShouldBeFalse();

    [Theory]
    [InlineData("2005-02-30")]
    [InlineData("2005-13-01")]
    public void Impossible_dates_are_refused(string text) =>
        Tokens.IsoDate.ParseLine(text).WasSuccessful.ShouldBeFalse();

    [Fact]
    public void A_hundred_digits_are_not_a_number_and_do_not_overflow() =>
        Tokens.Integer.ParseLine(new string('9', 100)).WasSuccessful.ShouldBeFalse();

    [Fact]
    public void Epoch_seconds_keep_nanoseconds()
    {
        var parsed = Tokens.Epoch.ParseLine("1120622255.938066123").Value;
        (parsed.Seconds, parsed.Nanoseconds, parsed.FractionDigits).ShouldBe((1120622255L, 938066123L, 9));
    }
}
