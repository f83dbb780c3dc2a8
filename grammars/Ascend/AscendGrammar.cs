using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Ascend;

/// <summary>What a record header announces, by its prefix.</summary>
public enum AscendRecordKind
{
    /// <summary>"PRI-XMIT-", "PRI-RCV-": an ISDN D-channel frame (pridisplay).</summary>
    Isdn,
    /// <summary>"XMIT-", "RECV-", "PPP-OUT", "PPP-IN": a frame on a WAN session (wandisplay, wandsess, wanopen).</summary>
    Wan,
    /// <summary>"ETHER…": an Ethernet frame (ether-display).</summary>
    Ethernet,
    /// <summary>"WD_DIALOUT_DISP:": the Ethernet frame that made the router place a call (wdd).</summary>
    DialOut,
}

/// <summary>"(task "l1Task" at 0x10216fe0, time: 560194.01) 4 octets @ 0x1027c5b0": the task, the router's uptime and the frame's length.</summary>
/// <param name="AddressShown">False when the header stops after "@": the console wrapped the address onto the next line.</param>
public sealed record AscendTaskTime(string Task, long UptimeSeconds, long FractionNanoseconds, int FractionDigits, int Octets, bool AddressShown);

/// <summary>A record header: its kind, direction, the session (and user) or interface it names, and its task and time.</summary>
/// <param name="Part">1 or 2 for the two halves pridisplay prints of one I-frame ("PRI-XMIT-19/1:", "PRI-XMIT-19/2").</param>
/// <param name="TaskTime">Null for a "WD_DIALOUT_DISP:" line, whose task and time come on the next line.</param>
public sealed record AscendHeader(AscendRecordKind Kind, Direction Direction, string? Session, string? User, string? Interface, int? Part, AscendTaskTime? TaskTime);

/// <summary>"  [0010]: 02 f9 05 e6 40 00 3f 11  6e 39 87 fe c4 95 3c 3c    ....@.?.  n9....&lt;&lt;": the counter and the bytes.</summary>
public sealed record AscendRow(int Counter, HexRun Bytes);

/// <summary>
/// The lines of Ascend/Lucent MAX and TAOS debug output (pridisplay, ether-display, wandisplay,
/// wandsess, wanopen, wdd): record headers, the wdd Date/Cause/chunk lines, and the data rows.
/// </summary>
public static class AscendGrammar
{
    /// <summary>A hex number, with or without 0x (TAOS 8 writes it, TAOS 7 does not).</summary>
    private static readonly Parser<char, string> HexWord =
        Try(CIString("0x")).Optional().Then(Lexicon.HexDigit.AtLeastOnceString()).Labelled("hex number");

    private static readonly Parser<char, string> Quoted =
        AnyCharExcept('"').ManyString().Between(Char('"'), Char('"'));

    /// <summary>"task: B02614C0" (TAOS 7) or "task "idle task" at 0xb05e6e00" (TAOS 8).</summary>
    private static readonly Parser<char, string> Task =
        String("task").Then(
            Char(':').Then(Lexicon.OptionalSpaces).Then(HexWord)
                .Or(Lexicon.Spaces.Then(Quoted).Before(Lexicon.Spaces.Then(String("at")).Then(Lexicon.Spaces).Then(HexWord))))
            .Labelled("task: ADDRESS or task \"name\" at ADDRESS");

    private static readonly Parser<char, (long Seconds, long Nanoseconds, int Digits)> Uptime =
        from seconds in Digit.AtLeastOnceString()
            .Assert(s => s.Length <= 10 && long.Parse(s) <= uint.MaxValue, "an uptime of at most 4294967295 seconds (the router counts in 32 bits)")
            .Select(long.Parse)
        from fraction in Lexicon.Fraction
        select (seconds, fraction.Nanoseconds, fraction.Digits);

    public static readonly Parser<char, AscendTaskTime> TaskTime =
        from open in Char('(')
        from task in Task
        from comma in Char(',').Then(Lexicon.OptionalSpaces)
        from uptime in String("time:").Then(Lexicon.OptionalSpaces).Then(Uptime)
        from close in Char(')')
        from octets in Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.Spaces.Then(String("octets")))
        from address in Try(Lexicon.OptionalSpaces.Then(Char('@')).Then(Try(Lexicon.OptionalSpaces.Then(HexWord)).Optional())).Optional()
        from end in Lexicon.OptionalSpaces.Then(End)
        select new AscendTaskTime(task, uptime.Seconds, uptime.Nanoseconds, uptime.Digits, octets,
            !address.HasValue || address.Value.HasValue);

    private static readonly Parser<char, AscendHeader> IsdnHeader =
        from direction in Try(String("PRI-XMIT-")).ThenReturn(Direction.Outbound).Or(Try(String("PRI-RCV-")).ThenReturn(Direction.Inbound))
        from session in AnyCharExcept('/', '(', ':', ' ').AtLeastOnceString()
        from part in Try(Char('/').Then(Lexicon.Integer)).Optional()
        from colon in Char(':').Optional()
        from taskTime in Lexicon.OptionalSpaces.Then(TaskTime)
        select new AscendHeader(AscendRecordKind.Isdn, direction, session, null, null, part.HasValue ? part.Value : null, taskTime);

    /// <summary>"ETHER3ND RECV: ": the interface and the direction, as one word each.</summary>
    private static readonly Parser<char, AscendHeader> EthernetHeader =
        from prefix in Try(String("ETHER"))
        from name in AnyCharExcept('(').AtLeastOnceString()
        from taskTime in TaskTime
        let words = name.Trim().TrimEnd(':').Split(' ', StringSplitOptions.RemoveEmptyEntries)
        let direction = words.Contains("XMIT") ? Direction.Outbound : words.Contains("RECV") ? Direction.Inbound : Direction.Unknown
        select new AscendHeader(AscendRecordKind.Ethernet, direction, null, null, "ETHER" + (words.Length > 0 ? words[0] : ""), null, taskTime);

    /// <summary>"iguana:241:" (user and session) or "187:" (session only), before the task.</summary>
    private static readonly Parser<char, (string? User, string Session)> UserAndSession =
        Try(
            from user in AnyCharExcept(':', '(').AtLeastOnceString()
            from c1 in Char(':')
            from session in Digit.AtLeastOnceString()
            from c2 in Char(':')
            select ((string?)user, session))
        .Or(Try(
            from session in AnyCharExcept(':', '(').AtLeastOnceString()
            from c in Char(':')
            select ((string?)null, session)));

    private static readonly Parser<char, AscendHeader> WanHeader =
        from direction in Try(String("XMIT")).ThenReturn(Direction.Outbound)
            .Or(Try(String("RECV")).ThenReturn(Direction.Inbound))
            .Or(Try(String("PPP-OUT")).ThenReturn(Direction.Outbound))
            .Or(Try(String("PPP-IN")).ThenReturn(Direction.Inbound))
        from dashes in OneOf('-', ':').SkipMany()
        from ids in UserAndSession.Optional()
        from taskTime in Lexicon.OptionalSpaces.Then(TaskTime)
        select new AscendHeader(AscendRecordKind.Wan, direction, ids.HasValue ? ids.Value.Session : null, ids.HasValue ? ids.Value.User : null, null, null, taskTime);

    /// <summary>"WD_DIALOUT_DISP: chunk 2515EE type IP.": the dial-out record, whose task and time follow on the next line.</summary>
    private static readonly Parser<char, AscendHeader> DialOutHeader =
        from prefix in Try(String("WD_DIALOUT_DISP:"))
        from chunk in Lexicon.Spaces.Then(String("chunk")).Then(Lexicon.Spaces).Then(HexWord)
        from type in Lexicon.Spaces.Then(String("type")).Then(Lexicon.Spaces).Then(Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString())
        from taskTime in Try(Lexicon.OptionalSpaces.Then(TaskTime)).Optional()
        from end in Lexicon.OptionalSpaces.Then(End)
        select new AscendHeader(AscendRecordKind.DialOut, Direction.Unknown, null, null, null, null, taskTime.HasValue ? taskTime.Value : null);

    private static readonly Parser<char, AscendHeader> AnyHeader =
        IsdnHeader.Or(EthernetHeader).Or(WanHeader).Or(DialOutHeader);

    /// <summary>In a class of their own: looking for them in every line of every document must not build this grammar's parsers.</summary>
    private static class Signature
    {
        public static readonly string[] Prefixes = ["PRI-XMIT-", "PRI-RCV-", "ETHER", "XMIT", "RECV", "PPP-OUT", "PPP-IN", "WD_DIALOUT_DISP:"];
    }

    /// <summary>
    /// A header follows at most a prompt or a little console output: past this many prefixes that do
    /// not start one, the line is not a header (each try reads the rest of the line, so an unbounded
    /// number of tries would take time quadratic in a damaged line's length).
    /// </summary>
    private const int HeaderTries = 4;

    /// <summary>
    /// Finds a record header in a line, where it may follow other console output; the column is
    /// 1-based. On failure, the column and error are those of the first prefix found.
    /// </summary>
    public static (AscendHeader? Header, int Column, string? Error) FindHeader(string line)
    {
        (int Column, string Error)? firstFailure = null;
        foreach (var at in PrefixPositions(line).Take(HeaderTries))
        {
            var parsed = AnyHeader.ParseLine(line[at..]);
            if (parsed.Success) return (parsed.Value, at + 1, null);
            firstFailure ??= (at + parsed.Column, parsed.Describe());
        }
        return firstFailure is { } failure ? (null, failure.Column, failure.Error) : (null, 0, null);
    }

    /// <summary>Where the record prefixes occur in the line, in order.</summary>
    private static IEnumerable<int> PrefixPositions(string line)
    {
        SortedSet<int>? positions = null; // most lines hold none: no allocation for them
        foreach (var prefix in Signature.Prefixes)
        {
            for (var at = line.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = line.IndexOf(prefix, at + 1, StringComparison.Ordinal))
            {
                (positions ??= []).Add(at);
            }
        }
        return positions ?? [];
    }

    /// <summary>"(task: 251790, time: 994953.28) 44 octets @ 2782B8": the second line of a wdd record.</summary>
    public static readonly Parser<char, AscendTaskTime> TaskTimeLine = Lexicon.OptionalSpaces.Then(TaskTime);

    private static Parser<char, int> Digits(int count) => Digit.RepeatString(count).Select(int.Parse);

    /// <summary>"Date: 01/12/1990.  Time: 12:22:33": the date and time wdd prints before a dial-out record.</summary>
    public static readonly Parser<char, (DateOnly Date, long NanosecondsOfDay)> DateLine =
        Try(
            from keyword in Lexicon.OptionalSpaces.Then(String("Date:")).Then(Lexicon.OptionalSpaces)
            from month in Digits(2)
            from s1 in Char('/')
            from day in Digits(2)
            from s2 in Char('/')
            from year in Digits(4)
            from dot in Char('.').Optional()
            from time in Lexicon.Spaces.Then(String("Time:")).Then(Lexicon.OptionalSpaces)
            from hour in Digits(2)
            from c1 in Char(':')
            from minute in Digits(2)
            from c2 in Char(':')
            from second in Digits(2)
            where year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 61
            select (new DateOnly(year, month, day), ((hour * 60L + minute) * 60 + second) * CaptureTime.NanosecondsPerSecond))
        .Labelled("Date: MM/DD/YYYY.  Time: HH:MM:SS");

    /// <summary>"Cause an attempt to place call to 14082750382": the number a wdd record dialled.</summary>
    public static readonly Parser<char, string> CauseLine =
        Lexicon.OptionalSpaces.Then(String("Cause an attempt to place call to ")).Then(Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString());

    /// <summary>Up to sixteen bytes, a double space after the eighth on TAOS 8, then four spaces or more before the ASCII column.</summary>
    private static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<char, AscendRow> Row =
        from counter in Lexicon.OptionalSpaces.Then(Lexicon.HexDigit.RepeatString(4).Between(Char('['), Char(']'))).Select(c => Convert.ToInt32(c, 16))
        from colon in Char(':').Then(Lexicon.Spaces)
        from bytes in Lexicon.HexBytes(RowBytes)
        from ascii in Lexicon.RestOfLine
        select new AscendRow(counter, bytes);

    /// <summary>A line holding one hex number alone: the address a console wrapped off the end of a header.</summary>
    public static bool IsWrappedAddress(string line) =>
        HexWord.Before(Lexicon.OptionalSpaces).Before(End).ParseLine(line.Trim()).Success;
}
