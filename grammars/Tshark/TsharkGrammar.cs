using Sprache;
using TraceImport.Text;

namespace TraceImport.Grammars.Tshark;

/// <summary>"0010  00 3c a5 59 40 00 40 06 97 60 7f 00 00 01 7f 00   .<.Y@.@..`......"</summary>
public sealed record TsharkHexRow(long Offset, HexRun Bytes);

/// <summary>"Frame (74 bytes):" or "Reassembled TCP (405454 bytes):", naming the data source the rows below show.</summary>
public sealed record TsharkDataSource(string Name, int Length)
{
    public bool IsFrame => Name == "Frame";
}

/// <summary>A -P summary line: frame number, time in any -t style, and the rest of the line.</summary>
public sealed record TsharkSummary(int Number, TsharkTime Time, string Text);

/// <summary>-t ad/ud (date and time), -t a/u (time of day), -t e (epoch) or -t r/d/dd (relative seconds).</summary>
public sealed record TsharkTime(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Seconds);

public static class TsharkGrammar
{
    /// <summary>16 bytes a row, single spaces between bytes, three spaces before the ASCII column.</summary>
    public static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<TsharkHexRow> HexRow =
        from offset in Tokens.HexDigit.Repeat(4, 8).Text().Select(s => Convert.ToInt64(s, 16))
        from gap in Parse.String("  ")
        from bytes in HexRunParser.Create(RowBytes)
        select new TsharkHexRow(offset, bytes);

    public static readonly Parser<TsharkDataSource> DataSource =
        from name in Parse.CharExcept('(').AtLeastOnce().Text()
        from open in Parse.Char('(')
        from length in Tokens.Integer
        from unit in Parse.String(" bytes):")
        from end in Parse.WhiteSpace.Many().End()
        where name.EndsWith(' ') && !name.StartsWith(' ')
        select new TsharkDataSource(name.TrimEnd(), length);

    private static readonly Parser<TsharkTime> Time =
        (from date in Tokens.IsoDate
         from space in Parse.Char(' ')
         from time in Tokens.TimeOfDay
         select new TsharkTime(date, time, null))
        .Or(Tokens.TimeOfDay.Select(t => new TsharkTime(null, t, null)))
        .Or(Tokens.Epoch.Select(e => new TsharkTime(null, null, e)));

    public static readonly Parser<TsharkSummary> SummaryLine =
        from indent in Tokens.OptionalSpaces
        from number in Tokens.Integer
        from gap in Tokens.Spaces
        from time in Time
        from gap2 in Tokens.Spaces
        from text in Parse.AnyChar.AtLeastOnce().Text()
        select new TsharkSummary(number, time, text.Trim());

    /// <summary>Cheap test before the parser: four or more hex digits, then two spaces and a hex digit.</summary>
    public static bool LooksLikeHexRow(string line)
    {
        var i = 0;
        while (i < line.Length && char.IsAsciiHexDigit(line[i])) i++;
        return i >= 4 && i + 2 < line.Length && line[i] == ' ' && line[i + 1] == ' ' && IsHexOrMask(line[i + 2]);
    }

    private static bool IsHexOrMask(char c) => char.IsAsciiHexDigit(c) || c == 'X' || c == 'x';
}
