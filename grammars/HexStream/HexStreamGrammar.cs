using Sprache;
using TraceImport.Text;

namespace TraceImport.Grammars.HexStream;

public static class HexStreamGrammar
{
    /// <summary>Fewer digits than an Ethernet header's are not taken for a packet.</summary>
    public const int MinimumDigits = 28;

    private static readonly HexRunRules StreamRules = new(TokenDigits: 0, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);

    private static readonly Parser<HexRun> Digits = HexRunParser.Create(StreamRules);

    /// <summary>"0x0000000000000800450000…" (Wireshark's Copy as Hex Stream, maybe 0x-prefixed) or "\x00\x00…".</summary>
    public static readonly Parser<HexRun> Stream =
        from indent in Tokens.OptionalSpaces
        from prefix in Parse.String("0x").Or(Parse.String("0X")).Optional()
        from digits in Digits
        from end in Parse.WhiteSpace.Many().End()
        where digits.Bytes.Length * 2 >= MinimumDigits
        select digits;

    /// <summary>A stream is one run of digits: a line of several words is a hex block's row.</summary>
    public static bool IsOneToken(string line)
    {
        var text = line.AsSpan().Trim();
        return text.Length > 0 && text.IndexOfAny(' ', '\t') < 0;
    }

    /// <summary>The line with C-style "\x" escapes removed, or the line itself.</summary>
    public static string WithoutEscapes(string line) =>
        line.Contains("\\x", StringComparison.Ordinal) ? line.Replace("\\x", "", StringComparison.Ordinal) : line;
}
