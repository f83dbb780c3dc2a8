using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.HexStream;

public static class HexStreamGrammar
{
    /// <summary>Fewer digits than an Ethernet header's are not taken for a packet.</summary>
    public const int MinimumDigits = 28;

    private static readonly HexRunRules StreamRules = new(TokenDigits: 0, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);

    // Built once: Pidgin calls a query's later clauses for every line it parses.
    private static readonly Parser<char, Maybe<char>> OptionalPrefix = Try(Char('0').Then(OneOf('x', 'X'))).Optional();

    private static readonly Parser<char, HexRun> Digits = Lexicon.HexBytes(StreamRules);

    private static readonly Parser<char, Unit> WhiteSpaceToTheEnd = SkipWhitespaces.Then(End);

    /// <summary>"0x0000000000000800450000…" (Wireshark's Copy as Hex Stream, maybe 0x-prefixed) or "\x00\x00…".</summary>
    public static readonly Parser<char, HexRun> Stream =
        from indent in Lexicon.OptionalSpaces
        from prefix in OptionalPrefix
        from digits in Digits
        from end in WhiteSpaceToTheEnd
        where digits.Bytes.Length * 2 >= MinimumDigits
        select digits;

    /// <summary>A stream is one run of digits: a line of several words is a hex block's row.</summary>
    public static bool IsOneToken(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return text.Length > 0 && text.IndexOfAny(' ', '\t') < 0;
    }

    /// <summary>The line with C-style "\x" escapes removed, or the line itself.</summary>
    public static string WithoutEscapes(string line) =>
        line.Contains("\\x", StringComparison.Ordinal) ? line.Replace("\\x", "", StringComparison.Ordinal) : line;

    /// <summary>The stream a line holds, read from its characters: a string is made only for a line with "\x" escapes to cut out.</summary>
    public static HexRun? Read(ReadOnlySpan<char> line)
    {
        if (!IsOneToken(line)) return null;
        var stream = line.Contains("\\x", StringComparison.Ordinal)
            ? Stream.ParseLine(line.ToString().Replace("\\x", "", StringComparison.Ordinal))
            : Stream.ParseLine(line);
        return stream.Success ? stream.Value : null;
    }
}
