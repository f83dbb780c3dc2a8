using Sprache;
using TraceImport.Model;
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

    /// <summary>
    /// The words of a row after an address, as a memory dump prints them: words of up to eight digits,
    /// the first row's first word maybe narrower (the buffer starts inside the row), then perhaps an
    /// ASCII column, which a page that collapsed white space leaves one space away.
    /// </summary>
    public static Parser<HexRun> AddressWords => input =>
    {
        var line = input.Source;
        var builder = new PacketBuilder();
        var position = input.Position;
        var end = position;
        while (position < line.Length)
        {
            var tokenEnd = position;
            while (tokenEnd < line.Length && (char.IsAsciiHexDigit(line[tokenEnd]) || line[tokenEnd] is 'X' or 'x')) tokenEnd++;
            var digits = tokenEnd - position;
            var whole = tokenEnd == line.Length || line[tokenEnd] is ' ' or '\t';
            if (digits == 0 || digits % 2 != 0 || digits > 8 || !whole) break;
            for (var i = position; i < tokenEnd; i += 2) builder.AppendNibbles(Nibble(line[i]), Nibble(line[i + 1]));
            end = tokenEnd;
            position = tokenEnd;
            while (position < line.Length && line[position] is ' ' or '\t') position++;
        }
        if (builder.Length == 0) return Result.Failure<HexRun>(input, "hex words", ["hex words"]);
        var (bytes, unknown) = builder.Build();
        var masked = Enumerable.Range(0, bytes.Length * 2).Where(n => unknown is not null && !unknown.IsNibbleKnown(n)).ToArray();
        var rest = input is LineInput lineInput ? lineInput.AdvanceTo(end) : new LineInput(line, end);
        return Result.Success(new HexRun(bytes, masked, end), rest);
    };

    private static int Nibble(char c) => c is 'X' or 'x' ? PacketBuilder.MaskedNibble : Convert.ToInt32(c.ToString(), 16);

    public static readonly Parser<HexBlockRow> Row =
        from indent in Tokens.OptionalSpaces
        from address in Address.Optional()
        from indent2 in Tokens.OptionalSpaces
        from words in address.IsDefined ? AddressWords : Words
        from rest in Parse.AnyChar.Many().Text()
        where address.IsDefined || IsAsciiColumnOrNothing(rest)
        select new HexBlockRow(address.GetOrDefault(), words);

    /// <summary>After the words: nothing, or an ASCII column set apart by two spaces or more.</summary>
    private static bool IsAsciiColumnOrNothing(string rest) =>
        rest.Trim().Length == 0 || rest.StartsWith("  ", StringComparison.Ordinal);

    /// <summary>
    /// A line of a hand-made decode beside a block: "Total Length	003C	60", "Flags/Frag Offset 0000",
    /// "Triggering Packet". The label is words (letters, '/', '+', '-'); the value one hex token.
    /// </summary>
    public static readonly Parser<HandDecodeLine> HandDecode =
        from indent in Tokens.OptionalSpaces
        from label in (
            from initial in Parse.Letter
            from restOfWord in Parse.Char(c => char.IsLetterOrDigit(c) || c is '/' or '+' or '-', "word").Many().Text()
            let first = initial + restOfWord
            from more in (
                from gap in Parse.Char(' ').Once()
                from word in Parse.Char(c => char.IsLetterOrDigit(c) || c is '/' or '+' or '-', "word").AtLeastOnce().Text()
                where !IsHexToken(word)
                select " " + word).Many()
            select first + string.Concat(more))
        from value in (
            from gap in Tokens.Spaces
            from hex in Parse.Char(c => char.IsAsciiHexDigit(c) || c is 'X' or 'x', "hex").AtLeastOnce().Text()
            // Hand decodes align their columns: one space before a short value is prose ("from a completely").
            where gap.Length > 1 || gap.Contains('\t') || hex.Length >= 4
            from reading in (
                from gap2 in Tokens.Spaces
                from text in Parse.AnyChar.Many().Text()
                select text.Trim()).Optional()
            from end in Tokens.OptionalSpaces.End()
            select (hex, reading.GetOrDefault())).Optional()
        from rest in Tokens.OptionalSpaces.End()
        where !IsHexToken(label) && label.Length <= 40 && label.Split(' ').Length <= 4
        select new HandDecodeLine(label, value.IsDefined ? value.Get().hex : null, value.IsDefined ? value.Get().Item2 : null, 0);

    /// <summary>A word that reads as hex: "Add", "Face", "0800".</summary>
    private static bool IsHexToken(string word) => word.All(c => char.IsAsciiHexDigit(c) || c is 'X' or 'x');

    /// <summary>The width of a row's words: its first word after the address, if any.</summary>
    public static int WordWidth(string line)
    {
        var at = 0;
        while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
        var word = FirstTokenWidth(line, at);
        if (word > 0 && line[at + word - 1] == ':')
        {
            at += word;
            while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
            word = FirstTokenWidth(line, at);
        }
        return word;
    }

    /// <summary>
    /// Where the words of a damaged row begin: a line of words as wide as the block's (the last may be
    /// shorter), most of them hex, some with a character that is not a hex digit ("4006 2z52 7f00").
    /// Null when the line is not such a row.
    /// </summary>
    public static int? DamagedRowStart(string line, int width)
    {
        if (width < 2) return null;
        var at = 0;
        while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
        var first = FirstTokenWidth(line, at);
        if (first > 0 && line[at + first - 1] == ':' && line.AsSpan(at, first - 1).ContainsAnyExcept("0123456789abcdefABCDEF") is false)
        {
            at += first;
            while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
        }
        var start = at;
        var words = 0;
        var damaged = 0;
        var last = false;
        while (at < line.Length)
        {
            var length = FirstTokenWidth(line, at);
            if (last || length > width || length % 2 != 0) return null;
            last = length < width;
            var hex = 0;
            for (var i = at; i < at + length; i++)
            {
                if (char.IsAsciiHexDigit(line[i]) || line[i] is 'X' or 'x') hex++;
            }
            if (hex < length)
            {
                if (hex * 2 < length) return null;
                damaged++;
            }
            words++;
            at += length;
            var gap = 0;
            while (at < line.Length && char.IsWhiteSpace(line[at])) { at++; gap++; }
            if (gap >= 2) break; // an ASCII column
        }
        return words >= 2 && damaged > 0 && damaged * 2 <= words ? start : null;
    }

    private static int FirstTokenWidth(string line, int position)
    {
        var end = position;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        return end - position;
    }
}
