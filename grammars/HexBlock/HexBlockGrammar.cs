using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.HexBlock;

/// <summary>A row of a hex block: maybe an address ("0D98B870:"), hex words, maybe an ASCII column.</summary>
public sealed record HexBlockRow(bool HasAddress, HexRun Bytes);

public static class HexBlockGrammar
{
    /// <summary>
    /// "0D98B870: " before the words of a memory-style dump: hex digits, a colon and a gap. Tried on every row and
    /// missing from most, so it is measured by a scanner, not backtracked over: its length, 0 when the row has none.
    /// </summary>
    private static readonly Parser<char, int> OptionalAddress = Lexicon.Measured("an address", AddressLength);

    private static int AddressLength(ReadOnlySpan<char> rest)
    {
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiHexDigit(rest[digits])) digits++;
        if (digits == 0 || digits == rest.Length || rest[digits] != ':') return 0;
        var gap = rest[(digits + 1)..].IndexOfAnyExcept(' ', '\t');
        return gap switch
        {
            0 => 0,
            < 0 => rest.Length > digits + 1 ? rest.Length : 0,
            _ => digits + 1 + gap,
        };
    }

    /// <summary>
    /// The words of a row: all as wide as the first (two digits for "00 0a 35", eight for
    /// "XXXXXXXX 820EXXXX"), the last maybe shorter. Rows of single bytes hold sixteen at most and
    /// end at a wide gap, so that an ASCII column after them is not read as data.
    /// </summary>
    public static readonly Parser<char, HexRun> Words = Lexicon.HexScanner("hex bytes", rest =>
    {
        var width = FirstTokenWidth(rest, 0);
        var rules = width == 2
            ? new HexRunRules(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16)
            : new HexRunRules(TokenDigits: width, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);
        return HexRunParser.Scan(rest, 0, rules) is { Bytes.Length: > 0 } run ? run : null;
    });

    /// <summary>
    /// The words of a row after an address, as a memory dump prints them: words of up to eight digits,
    /// the first row's first word maybe narrower (the buffer starts inside the row), then perhaps an
    /// ASCII column, which a page that collapsed white space leaves one space away.
    /// </summary>
    public static readonly Parser<char, HexRun> AddressWords = Lexicon.HexScanner("hex words", line =>
    {
        var builder = new PacketBuilder();
        var position = 0;
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
        if (builder.Length == 0) return null;
        var (bytes, unknown) = builder.Build();
        var masked = Enumerable.Range(0, bytes.Length * 2).Where(n => unknown is not null && !unknown.IsNibbleKnown(n)).ToArray();
        return new HexRun(bytes, masked, end);
    });

    private static int Nibble(char c) => c is 'X' or 'x' ? PacketBuilder.MaskedNibble : Convert.ToInt32(c.ToString(), 16);

    /// <summary>After the words of a row without an address: nothing, or an ASCII column set apart by two spaces or more.</summary>
    private static readonly Parser<char, int> AsciiColumnOrNothing = Lexicon.Measured(
        "an ASCII column two spaces after the words, or the end of the row",
        rest => rest.IsWhiteSpace() || rest.StartsWith("  ", StringComparison.Ordinal) ? rest.Length : -1);

    /// <summary>After the words of a row with an address: anything (an ASCII column, maybe one space away).</summary>
    private static readonly Parser<char, int> AnythingAfter = Lexicon.Measured("", rest => rest.Length);

    public static readonly Parser<char, HexBlockRow> Row =
        from indent in Lexicon.OptionalSpaces
        from address in OptionalAddress
        from words in address > 0 ? AddressWords : Words
        from column in address > 0 ? AnythingAfter : AsciiColumnOrNothing
        select new HexBlockRow(address > 0, words);

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '/' or '+' or '-';

    private static readonly Parser<char, string> BlankRun = OneOf(' ', '\t').AtLeastOnceString();

    /// <summary>The words of a hand decode's label: a letter first, then words that do not read as hex ("Total Length", "Flags/Frag Offset").</summary>
    private static readonly Parser<char, string> Label =
        from initial in Letter
        from restOfWord in Token(IsWordCharacter).ManyString()
        from more in Try(
            from gap in Char(' ')
            from word in Token(IsWordCharacter).AtLeastOnceString()
            where !IsHexToken(word)
            select " " + word).Many()
        select initial + restOfWord + string.Concat(more);

    /// <summary>The value after a label: one hex token, set apart by an aligned gap, then perhaps what the author read it as.</summary>
    private static readonly Parser<char, (string Hex, string? Reading)> Value =
        Try(
            from gap in BlankRun
            from hex in Token(c => char.IsAsciiHexDigit(c) || c is 'X' or 'x').AtLeastOnceString()
            // Hand decodes align their columns: one space before a short value is prose ("from a completely").
            where gap.Length > 1 || gap.Contains('\t') || hex.Length >= 4
            from reading in Try(BlankRun.Then(Any.ManyString()).Select(text => text.Trim())).Optional()
            from end in Lexicon.OptionalSpaces.Then(End)
            select (hex, reading.HasValue ? reading.Value : null));

    /// <summary>
    /// A line of a hand-made decode beside a block: "Total Length	003C	60", "Flags/Frag Offset 0000",
    /// "Triggering Packet". The label is words (letters, '/', '+', '-'); the value one hex token.
    /// </summary>
    public static readonly Parser<char, HandDecodeLine> HandDecode =
        from indent in Lexicon.OptionalSpaces
        from label in Label
        from value in Value.Optional()
        from rest in Lexicon.OptionalSpaces.Then(End)
        where !IsHexToken(label) && label.Length <= 40 && label.Split(' ').Length <= 4
        select new HandDecodeLine(label, value.HasValue ? value.Value.Hex : null, value.HasValue ? value.Value.Reading : null, 0);

    /// <summary>A word that reads as hex: "Add", "Face", "0800".</summary>
    private static bool IsHexToken(string word) => word.All(c => char.IsAsciiHexDigit(c) || c is 'X' or 'x');

    /// <summary>The width of a row's words: its first word after the address, if any.</summary>
    public static int WordWidth(ReadOnlySpan<char> line)
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
    public static int? DamagedRowStart(ReadOnlySpan<char> line, int width)
    {
        if (width < 2) return null;
        var at = 0;
        while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
        var first = FirstTokenWidth(line, at);
        if (first > 0 && line[at + first - 1] == ':' && line.Slice(at, first - 1).ContainsAnyExcept("0123456789abcdefABCDEF") is false)
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

    private static int FirstTokenWidth(ReadOnlySpan<char> line, int position)
    {
        var end = position;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        return end - position;
    }
}
