using Sprache;
using TraceImport.Text;

namespace TraceImport.Grammars.HexBlock;

/// <summary>A row of a hex block: an optional address ("0D98B870:"), hex words, maybe an ASCII column.</summary>
public sealed record HexBlockRow(string? Address, HexRun Bytes);

public static class HexBlockGrammar
{
    /// <summary>"0D98B870:" before the words of a memory-style dump.</summary>
    public static readonly Parser<string> Address =
        from digits in Tokens.HexDigit.AtLeastOnce().Text()
        from colon in Parse.Char(':')
        from gap in Tokens.Spaces
        select digits;

    /// <summary>
    /// The words of a row: all as wide as the first (two digits for "00 0a 35", eight for
    /// "XXXXXXXX 820EXXXX"), the last maybe shorter. Rows of single bytes hold sixteen at most and
    /// end at a wide gap, so that an ASCII column after them is not read as data.
    /// </summary>
    public static Parser<HexRun> Words => input =>
    {
        var width = FirstTokenWidth(input.Source, input.Position);
        var rules = width == 2
            ? new HexRunRules(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16)
            : new HexRunRules(TokenDigits: width, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);
        return HexRunParser.Create(rules)(input);
    };

    public static readonly Parser<HexBlockRow> Row =
        from indent in Tokens.OptionalSpaces
        from address in Address.Optional()
        from indent2 in Tokens.OptionalSpaces
        from words in Words
        from rest in Parse.AnyChar.Many().Text()
        where IsAsciiColumnOrNothing(rest)
        select new HexBlockRow(address.GetOrDefault(), words);

    /// <summary>After the words: nothing, or an ASCII column set apart by two spaces or more.</summary>
    private static bool IsAsciiColumnOrNothing(string rest) =>
        rest.Trim().Length == 0 || rest.StartsWith("  ", StringComparison.Ordinal);

    private static int FirstTokenWidth(string line, int position)
    {
        var end = position;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        return end - position;
    }
}
