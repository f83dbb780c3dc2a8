using Sprache;

namespace TraceImport.Text;

/// <summary>A time of day as nanoseconds since midnight, with the number of decimals printed.</summary>
public readonly record struct TimeOfDay(long Nanoseconds, int FractionDigits);

/// <summary>Seconds since the Unix epoch as printed (tcpdump -tt, tshark -t e).</summary>
public readonly record struct EpochTime(long Seconds, long Nanoseconds, int FractionDigits);

/// <summary>The small parsers every grammar shares.</summary>
public static class Tokens
{
    public static readonly Parser<char> HexDigit = Parse.Char(char.IsAsciiHexDigit, "hex digit");

    /// <summary>0-9 only: Sprache's Digit takes any Unicode digit ('۲'), which int.Parse does not.</summary>
    public static readonly Parser<char> Digit = Parse.Char(char.IsAsciiDigit, "digit");

    public static readonly Parser<string> Spaces = Parse.Chars(' ', '\t').AtLeastOnce().Text().Named("spaces");

    public static readonly Parser<string> OptionalSpaces = Parse.Chars(' ', '\t').Many().Text();

    /// <summary>A count or a packet number: up to nine digits, so that it always fits an int.</summary>
    public static readonly Parser<int> Integer =
        (from digits in Digit.Repeat(1, 9).Text()
         from end in Parse.Not(Digit)
         select int.Parse(digits)).Named("number");

    /// <summary>Up to fifteen hex digits, so that it always fits a long.</summary>
    public static readonly Parser<long> HexNumber =
        (from digits in HexDigit.Repeat(1, 15).Text()
         from end in Parse.Not(HexDigit)
         select Convert.ToInt64(digits, 16)).Named("hex number");

    private static Parser<int> Digits(int count) =>
        Digit.Repeat(count).Text().Select(int.Parse);

    /// <summary>".123456" as (nanoseconds, digits); up to nine digits are kept.</summary>
    public static readonly Parser<(long Nanoseconds, int Digits)> Fraction =
        from dot in Parse.Char('.')
        from digits in Digit.AtLeastOnce().Text()
        select (FractionToNanoseconds(digits), Math.Min(digits.Length, 9));

    /// <summary>"16:06:23.706", "3:57:35", "23:57:35.938066".</summary>
    public static readonly Parser<TimeOfDay> TimeOfDay =
        (from hours in Digit.Repeat(1, 2).Text().Select(int.Parse)
         from c1 in Parse.Char(':')
         from minutes in Digits(2)
         from c2 in Parse.Char(':')
         from seconds in Digits(2)
         from fraction in Fraction.Optional()
         where hours < 24 && minutes < 60 && seconds < 61
         select new TimeOfDay(
             ((hours * 60L + minutes) * 60 + seconds) * 1_000_000_000 + (fraction.IsDefined ? fraction.Get().Nanoseconds : 0),
             fraction.IsDefined ? fraction.Get().Digits : 0)).Named("time of day");

    /// <summary>"2005-07-06".</summary>
    public static readonly Parser<DateOnly> IsoDate =
        (from year in Digits(4)
         from d1 in Parse.Char('-')
         from month in Digits(2)
         from d2 in Parse.Char('-')
         from day in Digits(2)
         where month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
         select new DateOnly(year, month, day)).Named("date");

    /// <summary>"1120622255.938066".</summary>
    public static readonly Parser<EpochTime> Epoch =
        (from seconds in Digit.Repeat(1, 12).Text()
         from fraction in Fraction
         select new EpochTime(long.Parse(seconds), fraction.Nanoseconds, fraction.Digits)).Named("seconds since the epoch");

    /// <summary>A date and time of day at the start of a line ("2015-10-01 21:16:24.317453 …"), as summary lines print it.</summary>
    public static readonly Parser<(DateOnly Date, TimeOfDay Time)> LeadingDateAndTime =
        from indent in OptionalSpaces
        from date in IsoDate
        from separator in Parse.Chars(' ', 'T')
        from time in TimeOfDay
        select (date, time);

    public static long FractionToNanoseconds(string digits)
    {
        var kept = digits.Length > 9 ? digits[..9] : digits.PadRight(9, '0');
        return long.Parse(kept);
    }
}
