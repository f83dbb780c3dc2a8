using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Text;

/// <summary>A time of day as nanoseconds since midnight, with the number of decimals printed.</summary>
public readonly record struct TimeOfDay(long Nanoseconds, int FractionDigits);

/// <summary>Seconds since the Unix epoch as printed (tcpdump -tt, tshark -t e).</summary>
public readonly record struct EpochTime(long Seconds, long Nanoseconds, int FractionDigits);

/// <summary>
/// The small Pidgin parsers every grammar shares: numbers, times, dates, spaces and the hex run.
/// Grammars compose these; none of them consumes a line end (grammars read one line at a time).
/// </summary>
public static class Lexicon
{
    public static readonly Parser<char, char> HexDigit = Token(char.IsAsciiHexDigit).Labelled("hex digit");

    /// <summary>0-9 only: Pidgin's Digit takes any Unicode digit ('۲'), which int.Parse does not.</summary>
    public static readonly Parser<char, char> Digit = Token(char.IsAsciiDigit).Labelled("digit");

    // One test of the character, not a choice of two parsers: every row of every grammar skips blanks.
    private static readonly Parser<char, char> Blank = Token(c => c is ' ' or '\t');

    /// <summary>One or more spaces or tabs.</summary>
    public static readonly Parser<char, Unit> Spaces = Blank.SkipAtLeastOnce().Labelled("spaces");

    /// <summary>Any number of spaces or tabs, none included.</summary>
    public static readonly Parser<char, Unit> OptionalSpaces = Blank.SkipMany();

    /// <summary>A count or a packet number: up to nine digits, so that it always fits an int.</summary>
    public static readonly Parser<char, int> Integer =
        Digit.AtLeastOnceString()
            .Assert(digits => digits.Length <= 9, "a number of at most nine digits")
            .Select(int.Parse)
            .Labelled("number");

    /// <summary>Up to fifteen hex digits, so that it always fits a long.</summary>
    public static readonly Parser<char, long> HexNumber =
        HexDigit.AtLeastOnceString()
            .Assert(digits => digits.Length <= 15, "a hex number of at most fifteen digits")
            .Select(digits => Convert.ToInt64(digits, 16))
            .Labelled("hex number");

    /// <summary>
    /// <paramref name="minDigits"/> to <paramref name="maxDigits"/> hex digits as a number, as a row's offset
    /// is printed; more or fewer fail where the digits start, naming <paramref name="label"/>.
    /// </summary>
    public static Parser<char, long> HexDigits(int minDigits, int maxDigits, string label) => new HexDigitsParser(minDigits, maxDigits, label);

    private sealed class HexDigitsParser(int minDigits, int maxDigits, string label) : Parser<char, long>
    {
        public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out long result)
        {
            var ahead = state.LookAhead(maxDigits + 1);
            if (!HexRunParser.TryReadOffset(ahead, 0, minDigits, maxDigits, out result, out var end))
            {
                expecteds.Add(new Expected<char>(label));
                state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<char>(), !state.HasCurrent, state.Location, null);
                return false;
            }
            state.Advance(end);
            return true;
        }
    }

    private static Parser<char, int> Digits(int count) =>
        Digit.RepeatString(count).Select(int.Parse);

    /// <summary>".123456" as (nanoseconds, digits); up to nine digits are kept.</summary>
    public static readonly Parser<char, (long Nanoseconds, int Digits)> Fraction =
        Char('.').Then(Digit.AtLeastOnceString())
            .Select(digits => (FractionToNanoseconds(digits), Math.Min(digits.Length, 9)))
            .Labelled("fraction of a second");

    // Pidgin calls a query's later clauses for every parse: what they return is built once, here.
    private static readonly Parser<char, int> TwoDigits = Digits(2);
    private static readonly Parser<char, int> FourDigits = Digits(4);
    private static readonly Parser<char, char> Colon = Char(':');
    private static readonly Parser<char, char> Dash = Char('-');
    private static readonly Parser<char, Maybe<(long Nanoseconds, int Digits)>> OptionalFraction = Try(Fraction).Optional();
    private static readonly Parser<char, char> DateTimeSeparator = OneOf(' ', 'T');

    /// <summary>"16:06:23.706", "3:57:35", "23:57:35.938066".</summary>
    public static readonly Parser<char, TimeOfDay> TimeOfDay =
        Try(
            from hours in Digit.AtLeastOnceString().Assert(h => h.Length <= 2).Select(int.Parse)
            from c1 in Colon
            from minutes in TwoDigits
            from c2 in Colon
            from seconds in TwoDigits
            from fraction in OptionalFraction
            where hours < 24 && minutes < 60 && seconds < 61
            select new TimeOfDay(
                ((hours * 60L + minutes) * 60 + seconds) * 1_000_000_000 + (fraction.HasValue ? fraction.Value.Nanoseconds : 0),
                fraction.HasValue ? fraction.Value.Digits : 0))
        .Labelled("time of day");

    /// <summary>"2005-07-06".</summary>
    public static readonly Parser<char, DateOnly> IsoDate =
        Try(
            from year in FourDigits
            from d1 in Dash
            from month in TwoDigits
            from d2 in Dash
            from day in TwoDigits
            where month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            select new DateOnly(year, month, day))
        .Labelled("date");

    /// <summary>"JAN" … "DEC" in any case, as the month's number.</summary>
    public static readonly Parser<char, int> MonthName =
        OneOf(MonthNames.Select((name, index) => Try(CIString(name)).ThenReturn(index + 1)))
            .Labelled("month name");

    private static string[] MonthNames => ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>"10-JUL-2001", "1-Oct-2001": the date as VMS prints it.</summary>
    public static readonly Parser<char, DateOnly> DayMonthNameYear =
        Try(
            from day in Digit.AtLeastOnceString().Assert(d => d.Length <= 2).Select(int.Parse)
            from d1 in Dash
            from month in MonthName
            from d2 in Dash
            from year in FourDigits
            where year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            select new DateOnly(year, month, day))
        .Labelled("date (DD-MON-YYYY)");

    /// <summary>"1120622255.938066": seconds since the epoch, with a fraction.</summary>
    public static readonly Parser<char, EpochTime> Epoch =
        Try(
            from seconds in Digit.AtLeastOnceString().Assert(s => s.Length <= 12)
            from fraction in Fraction
            select new EpochTime(long.Parse(seconds), fraction.Nanoseconds, fraction.Digits))
        .Labelled("seconds since the epoch");

    /// <summary>A date and time of day at the start of a line ("2015-10-01 21:16:24.317453 …"), as summary lines print it.</summary>
    public static readonly Parser<char, (DateOnly Date, TimeOfDay Time)> LeadingDateAndTime =
        from indent in OptionalSpaces
        from date in IsoDate
        from separator in DateTimeSeparator
        from time in TimeOfDay
        select (date, time);

    /// <summary>The digits after a decimal point as nanoseconds: the first nine count, the rest are dropped.</summary>
    public static long FractionToNanoseconds(ReadOnlySpan<char> digits)
    {
        var nanoseconds = 0L;
        for (var i = 0; i < 9; i++) nanoseconds = nanoseconds * 10 + (i < digits.Length ? digits[i] - '0' : 0);
        return nanoseconds;
    }

    /// <summary>The rest of the line, as it is.</summary>
    public static readonly Parser<char, string> RestOfLine = AnyCharExcept('\r', '\n').ManyString();

    /// <summary>A run of hex bytes laid out by <paramref name="rules"/>, read by the hand-written scanner in one step.</summary>
    public static Parser<char, HexRun> HexBytes(HexRunRules rules) =>
        HexScanner("hex bytes", rest => HexRunParser.Scan(rest, 0, rules) is { Bytes.Length: > 0 } run ? run : null);

    /// <summary>
    /// A hand-written scanner of hex as a Pidgin parser: the hot path of every hex grammar stays a scanner,
    /// and composes in a grammar like any other parser. <paramref name="scan"/> reads what is left of the
    /// line and gives the run (its <c>End</c> counted from where it started), or null when there is none.
    /// </summary>
    public static Parser<char, HexRun> HexScanner(string expected, HexRunScan scan) => new HexScannerParser(expected, scan);

    /// <summary>
    /// What a hand-written scanner measures at the start of what is left of the line, as a Pidgin parser that takes
    /// it and gives its length; it fails, expecting <paramref name="expected"/>, when <paramref name="measure"/>
    /// gives -1. For the parts of a row a grammar tries on every line (an optional address, what may follow the
    /// bytes), where Pidgin's backtracking, strings and error lists would cost more than reading the bytes.
    /// </summary>
    public static Parser<char, int> Measured(string expected, LineMeasure measure) => new MeasuredParser(expected, measure);

    private sealed class MeasuredParser(string expected, LineMeasure measure) : Parser<char, int>
    {
        public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out int result)
        {
            var ahead = state.LookAhead(int.MaxValue);
            var length = ahead.IndexOfAny('\r', '\n');
            result = measure(length < 0 ? ahead : ahead[..length]);
            if (result < 0)
            {
                expecteds.Add(new Expected<char>(expected));
                state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<char>(), !state.HasCurrent, state.Location, null);
                return false;
            }
            state.Advance(result);
            return true;
        }
    }

    private sealed class HexScannerParser(string expected, HexRunScan scan) : Parser<char, HexRun>
    {
        public override bool TryParse(ref ParseState<char> state, ref PooledList<Expected<char>> expecteds, out HexRun result)
        {
            // A row is one line: the scanner looks at what is left of it.
            var ahead = state.LookAhead(int.MaxValue);
            var length = ahead.IndexOfAny('\r', '\n');
            if (scan(length < 0 ? ahead : ahead[..length]) is not { } run)
            {
                expecteds.Add(new Expected<char>(expected));
                state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<char>(), !state.HasCurrent, state.Location, null);
                result = null!;
                return false;
            }
            state.Advance(run.End);
            result = run;
            return true;
        }
    }
}

/// <summary>Reads a run of hex from the start of <paramref name="rest"/>, or gives null when none is there.</summary>
public delegate HexRun? HexRunScan(ReadOnlySpan<char> rest);

/// <summary>How many characters at the start of <paramref name="rest"/> a scanner takes, or -1 when the line does not fit it.</summary>
public delegate int LineMeasure(ReadOnlySpan<char> rest);

/// <summary>What a grammar's parse of one line gave: the value, or where it failed and what was expected there.</summary>
public readonly record struct LineMatch<T>(bool Success, T Value, int Column, string? Error)
{
    /// <summary>"expected X, found 'y'", for a skipped line's reason.</summary>
    public string Describe() => Error ?? "";
}

public static class PidginLines
{
    /// <summary>Parses one line with the parser; the parser need not consume the whole line.</summary>
    public static LineMatch<T> ParseLine<T>(this Parser<char, T> parser, string line) => parser.ParseLine(line.AsSpan());

    /// <summary>Parses one line, given as the characters it holds, with the parser; the parser need not consume the whole line.</summary>
    public static LineMatch<T> ParseLine<T>(this Parser<char, T> parser, ReadOnlySpan<char> line)
    {
        var result = parser.Parse(line);
        if (result.Success) return new LineMatch<T>(true, result.Value, 0, null);
        var error = result.Error!;
        var column = error.ErrorOffset + 1;
        var expected = string.Join(" or ", error.Expected.Select(Describe).Where(e => e.Length > 0).Distinct());
        var found = error.EOF ? "end of line" : $"'{Snippet(line, error.ErrorOffset)}'";
        var message = error.Message is { Length: > 0 } custom
            ? $"{custom}, found {found}"
            : expected.Length == 0 ? $"unexpected {found}" : $"expected {expected}, found {found}";
        return new LineMatch<T>(false, default!, column, message);
    }

    private static string Describe(Expected<char> expected) =>
        expected.Label ?? (expected.Tokens.IsDefault ? "" : $"'{new string(expected.Tokens.AsSpan())}'");

    private static string Snippet(ReadOnlySpan<char> source, int position)
    {
        var length = Math.Max(0, Math.Min(12, source.Length - position));
        return source.Slice(Math.Min(position, source.Length), length).ToString();
    }
}
