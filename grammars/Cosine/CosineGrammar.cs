using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Cosine;

/// <summary>"2000-2-1,18:20:24.1:": the date and time a control blade prints before a record.</summary>
/// <param name="FractionDigits">Two for a count of centiseconds; more for a decimal fraction.</param>
public readonly record struct CosineStamp(DateOnly Date, long NanosecondsOfDay, int FractionDigits);

/// <summary>
/// "l2-tx (PPP:3/7/1:100), Length:536, Pro:1, Off:8, Pri:7, RM:0, Err:0 [0x4070, 0x801]": a layer-2
/// packet-log record; <see cref="Stamp"/> is null for output sent to a PE, which prints no time.
/// </summary>
public sealed record CosineRecord(
    CosineStamp? Stamp, bool Transmit, string Interface, int Length,
    int Protocol, int Offset, int Priority, int RateMarking, int Error, long Code1, long Code2);

/// <summary>The lines of CoSine IPNOS layer-2 debug output: record headers and rows of hex bytes.</summary>
public static class CosineGrammar
{
    private static Parser<char, string> DigitsUpTo(int maxDigits) =>
        Digit.AtLeastOnceString().Assert(d => d.Length <= maxDigits, $"at most {maxDigits} digits");

    private static Parser<char, int> Number(int maxDigits) => DigitsUpTo(maxDigits).Select(int.Parse);

    /// <summary>
    /// The digits after the point count centiseconds, unpadded, as Wireshark's reader takes them:
    /// "24.1" is 24.01 s. More than two digits cannot be a count of centiseconds and are read as a
    /// decimal fraction.
    /// </summary>
    private static (long Nanoseconds, int Digits) Centiseconds(string digits) =>
        digits.Length <= 2
            ? (int.Parse(digits) * 10_000_000L, 2)
            : (Lexicon.FractionToNanoseconds(digits), Math.Min(digits.Length, 9));

    public static readonly Parser<char, CosineStamp> Stamp =
        Try(
            from year in Number(4)
            from d1 in Char('-')
            from month in Number(2)
            from d2 in Char('-')
            from day in Number(2)
            from comma in Char(',')
            from hour in Number(2)
            from c1 in Char(':')
            from minute in Number(2)
            from c2 in Char(':')
            from second in Number(2)
            from point in Char('.')
            from fraction in DigitsUpTo(9).Select(Centiseconds)
            from c3 in Char(':')
            where year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                  && hour < 24 && minute < 60 && second < 61
            select new CosineStamp(
                new DateOnly(year, month, day),
                ((hour * 60L + minute) * 60 + second) * 1_000_000_000 + fraction.Nanoseconds,
                fraction.Digits))
        .Labelled("date and time (2000-2-1,18:20:24.1:)");

    private static readonly Parser<char, Unit> Comma = Char(',').Then(Lexicon.OptionalSpaces);

    private static Parser<char, int> Field(string name) =>
        Try(String(name)).Then(Char(':')).Then(Lexicon.OptionalSpaces).Then(Number(9)).Labelled($"{name}:N");

    private static readonly Parser<char, long> Code = CIString("0x").Then(Lexicon.HexNumber).Labelled("code (0x4001)");

    private static readonly Parser<char, bool> Direction =
        Try(String("l2-tx")).ThenReturn(true).Or(String("l2-rx").ThenReturn(false)).Labelled("l2-tx or l2-rx");

    /// <summary>"PPP:3/7/1:100": the encapsulation, then slot, port, channel and sub-interface.</summary>
    private static readonly Parser<char, string> InterfaceName =
        Token(c => char.IsAsciiLetterOrDigit(c) || c is '/' or ':').AtLeastOnceString()
            .Between(Char('('), Char(')'))
            .Labelled("interface in parentheses (PPP:3/7/1:100)");

    public static readonly Parser<char, CosineRecord> Record =
        from transmit in Direction
        from gap in Lexicon.Spaces
        from name in InterfaceName
        from c0 in Comma
        from length in Field("Length")
        from c1 in Comma
        from protocol in Field("Pro")
        from c2 in Comma
        from offset in Field("Off")
        from c3 in Comma
        from priority in Field("Pri")
        from c4 in Comma
        from rateMarking in Field("RM")
        from c5 in Comma
        from error in Field("Err")
        from open in Lexicon.OptionalSpaces.Then(Char('['))
        from code1 in Code
        from c6 in Comma
        from code2 in Code
        from close in Char(']')
        select new CosineRecord(null, transmit, name, length, protocol, offset, priority, rateMarking, error, code1, code2);

    /// <summary>A control blade's record: its date and time, then the record.</summary>
    public static readonly Parser<char, CosineRecord> DatedRecord =
        from stamp in Stamp
        from gap in Lexicon.Spaces
        from record in Record
        select record with { Stamp = stamp };

    /// <summary>Sixteen bytes a row, a double space after the eighth, no offset and no ASCII column.</summary>
    public static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 0);

    public static readonly Parser<char, HexRun> HexRow =
        Lexicon.OptionalSpaces.Then(Lexicon.HexBytes(RowBytes)).Before(Lexicon.OptionalSpaces).Before(End);

    /// <summary>The longest date and time a record can start with, and the spaces after it.</summary>
    private const int StampReach = 48;

    /// <summary>
    /// Finds a record in a line, where it may follow other text: a console prompt, or an event log
    /// interleaved with a command being typed ("ping 20.20.20.43 cou2000-2-1,18:20:17.0:  l2-tx (…").
    /// </summary>
    public static CosineFind Find(string line)
    {
        var at = DirectionAt(line);
        if (at < 0) return new CosineFind(null, 0, null);
        for (var start = Math.Max(0, at - StampReach); start < at; start++)
        {
            if (!char.IsAsciiDigit(line[start]) || (start > 0 && char.IsAsciiDigit(line[start - 1]))) continue;
            var dated = DatedRecord.ParseLine(line[start..]);
            if (dated.Success) return new CosineFind(dated.Value, start + 1, null);
        }
        var undated = Record.ParseLine(line[at..]);
        return undated.Success
            ? new CosineFind(undated.Value, at + 1, null)
            : new CosineFind(null, at + undated.Column, undated.Describe());
    }

    /// <summary>"l2-tx (" where a record starts, whatever follows: a header, if a damaged one.</summary>
    public static bool IsDamagedHeader(string line)
    {
        var at = DirectionAt(line);
        return at >= 0 && line.AsSpan(at + 5).TrimStart(' ').StartsWith("(");
    }

    /// <summary>Where "l2-tx" or "l2-rx" first appears, or -1.</summary>
    public static int DirectionAt(string line)
    {
        var tx = line.IndexOf("l2-tx", StringComparison.Ordinal);
        var rx = line.IndexOf("l2-rx", StringComparison.Ordinal);
        return tx < 0 ? rx : rx < 0 ? tx : Math.Min(tx, rx);
    }
}

/// <summary>A record found in a line (and the 1-based column it starts at), or where and why the line failed.</summary>
public readonly record struct CosineFind(CosineRecord? Record, int Column, string? Error);
