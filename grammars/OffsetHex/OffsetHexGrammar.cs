using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.OffsetHex;

/// <summary>A row: hex offset, bytes; or an offset alone (od and hexdump end with the total length).</summary>
public sealed record OffsetRow(long Offset, HexRun? Bytes);

public static class OffsetHexGrammar
{
    /// <summary>Bytes as two-digit tokens; three spaces or a '|' (hexdump -C) start the ASCII column.</summary>
    public static readonly HexRunRules HexRules = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 0);

    /// <summary>More than two digits, as text2pcap requires: a two-digit "offset" is a byte of a bare row.</summary>
    public static readonly Parser<char, long> Offset = Lexicon.HexDigits(3, 10, "hex offset");

    public static readonly Parser<char, OffsetRow> Row =
        from offset in Offset
        from gap in Lexicon.Spaces
        from bytes in Lexicon.HexBytes(HexRules)
        select new OffsetRow(offset, bytes);

    public static readonly Parser<char, OffsetRow> EndOffset =
        from offset in Offset
        from end in SkipWhitespaces.Then(End)
        select new OffsetRow(offset, null);

    /// <summary>od and hexdump print "*" for rows that repeat the one before.</summary>
    public static readonly Parser<char, char> RepeatMarker =
        Char('*').Before(SkipWhitespaces).Before(End);

    /// <summary>text2pcap treats lines starting with '#' as comments or directives.</summary>
    public static readonly Parser<char, string> Comment =
        Char('#').Then(Any.ManyString());

    public static bool StartsWithHexDigit(ReadOnlySpan<char> line) => line.Length > 0 && char.IsAsciiHexDigit(line[0]);

    /// <summary>
    /// What <see cref="Row"/> asks after the offset, told by hand for the hot path: blanks, then a first
    /// group of two hex digits (or X masks) standing alone.
    /// </summary>
    public static bool IsRowAfterOffset(ReadOnlySpan<char> line, int offsetEnd)
    {
        var at = offsetEnd;
        while (at < line.Length && line[at] is ' ' or '\t') at++;
        return at > offsetEnd && at + 2 <= line.Length && IsDigitOrMask(line[at]) && IsDigitOrMask(line[at + 1])
               && (at + 2 == line.Length || line[at + 2] is ' ' or '\t');
    }

    private static bool IsDigitOrMask(char c) => char.IsAsciiHexDigit(c) || c is 'X' or 'x';
}
