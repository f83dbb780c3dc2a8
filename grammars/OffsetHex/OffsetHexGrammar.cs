using Sprache;
using TraceImport.Text;

namespace TraceImport.Grammars.OffsetHex;

/// <summary>A row: hex offset, bytes; or an offset alone (od and hexdump end with the total length).</summary>
public sealed record OffsetRow(long Offset, HexRun? Bytes);

public static class OffsetHexGrammar
{
    /// <summary>Bytes as two-digit tokens; three spaces or a '|' (hexdump -C) start the ASCII column.</summary>
    public static readonly HexRunRules HexRules = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 0);

    /// <summary>More than two digits, as text2pcap requires: a two-digit "offset" is a byte of a bare row.</summary>
    public static readonly Parser<long> Offset =
        Tokens.HexDigit.Repeat(3, 10).Text().Select(s => Convert.ToInt64(s, 16)).Named("hex offset");

    public static readonly Parser<OffsetRow> Row =
        from offset in Offset
        from gap in Tokens.Spaces
        from bytes in HexRunParser.Create(HexRules)
        select new OffsetRow(offset, bytes);

    public static readonly Parser<OffsetRow> EndOffset =
        from offset in Offset
        from end in Parse.WhiteSpace.Many().End()
        select new OffsetRow(offset, null);

    /// <summary>od and hexdump print "*" for rows that repeat the one before.</summary>
    public static readonly Parser<char> RepeatMarker =
        from star in Parse.Char('*')
        from end in Parse.WhiteSpace.Many().End()
        select star;

    /// <summary>text2pcap treats lines starting with '#' as comments or directives.</summary>
    public static readonly Parser<string> Comment =
        from hash in Parse.Char('#')
        from text in Parse.AnyChar.Many().Text()
        select text;

    public static bool StartsWithHexDigit(string line) => line.Length > 0 && char.IsAsciiHexDigit(line[0]);
}
