using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

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

    /// <summary>Four to eight hex digits: tshark pads the offset to four and widens it for longer frames.</summary>
    /// <summary>Four to eight hex digits: tshark pads the offset to four and widens it for longer frames.</summary>
    public static readonly Parser<char, long> RowOffset = Lexicon.HexDigits(4, 8, "row offset");

    public static readonly Parser<char, TsharkHexRow> HexRow =
        from offset in RowOffset
        from gap in String("  ")
        from bytes in Lexicon.HexBytes(RowBytes)
        select new TsharkHexRow(offset, bytes);

    public static readonly Parser<char, TsharkDataSource> DataSource =
        from name in AnyCharExcept('(').AtLeastOnceString()
        from open in Char('(')
        from length in Lexicon.Integer
        from unit in String(" bytes):")
        from end in SkipWhitespaces.Then(End)
        where name.EndsWith(' ') && !name.StartsWith(' ')
        select new TsharkDataSource(name.TrimEnd(), length);

    private static readonly Parser<char, TsharkTime> Time =
        OneOf(
            Try(
                from date in Lexicon.IsoDate
                from space in Char(' ')
                from time in Lexicon.TimeOfDay
                select new TsharkTime(date, time, null)),
            Lexicon.TimeOfDay.Select(t => new TsharkTime(null, t, null)),
            Lexicon.Epoch.Select(e => new TsharkTime(null, null, e)));

    public static readonly Parser<char, TsharkSummary> SummaryLine =
        from indent in Lexicon.OptionalSpaces
        from number in Lexicon.Integer
        from gap in Lexicon.Spaces
        from time in Time
        from gap2 in Lexicon.Spaces
        from text in Any.AtLeastOnceString()
        select new TsharkSummary(number, time, text.Trim());

    /// <summary>Cheap test before the parser: four or more hex digits, then two spaces and a hex digit.</summary>
    public static bool LooksLikeHexRow(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length && char.IsAsciiHexDigit(line[i])) i++;
        return i >= 4 && i + 2 < line.Length && line[i] == ' ' && line[i + 1] == ' ' && IsHexOrMask(line[i + 2]);
    }

    private static bool IsHexOrMask(char c) => char.IsAsciiHexDigit(c) || c == 'X' || c == 'x';
}
