using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Toshiba;

/// <summary>
/// "[No.1] 00:00:09.14 B1:1 Tx 207.193.26.136->151.164.1.8 DNS …": a record's number, time of day,
/// channel (B1, B2, D, or a LAN port), direction and the router's one-line summary.
/// </summary>
public sealed record ToshibaHeader(int Number, TimeOfDay Time, string Channel, Direction Direction, string Summary)
{
    /// <summary>An ISDN B channel: "B1", "B2:1".</summary>
    public bool IsBChannel => Channel.StartsWith('B');

    /// <summary>The ISDN D channel.</summary>
    public bool IsDChannel => Channel.StartsWith('D');
}

/// <summary>"0000 : FF03 003D C000 0008 2145 0000 3A12 6500 ...=....!E..:.e.": an offset and up to sixteen bytes.</summary>
public sealed record ToshibaRow(int Offset, HexRun Bytes);

/// <summary>The lines of a Toshiba TR-600 ISDN router's "snoop dump": record header, OFFSET ruler, rows.</summary>
public static class ToshibaGrammar
{
    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    private static readonly Parser<char, Direction> DirectionWord =
        Word.Select(word => word.StartsWith('T') ? Direction.Outbound : word.StartsWith('R') ? Direction.Inbound : Direction.Unknown)
            .Labelled("Tx or Rx");

    public static readonly Parser<char, ToshibaHeader> Header =
        from open in String("[No.")
        from number in Lexicon.Integer
        from close in Char(']')
        from time in Lexicon.Spaces.Then(Lexicon.TimeOfDay)
        from channel in Lexicon.Spaces.Then(Word.Labelled("channel"))
        from direction in Lexicon.Spaces.Then(DirectionWord)
        from summary in Lexicon.RestOfLine
        select new ToshibaHeader(number, time, channel, direction, summary.Trim());

    /// <summary>
    /// Finds a record header in a line, where it may follow the router's prompt ("tr600>[No.1] …").
    /// The column is 1-based; on failure it is where the header stopped making sense.
    /// </summary>
    public static (LineMatch<ToshibaHeader> Match, int Start) Find(string line)
    {
        var at = line.IndexOf("[No.", StringComparison.Ordinal);
        if (at < 0) return (new LineMatch<ToshibaHeader>(false, null!, 1, "expected a [No.N] record header"), -1);
        var parsed = Header.ParseLine(line[at..]);
        return (parsed.Success ? parsed : parsed with { Column = at + parsed.Column }, at);
    }

    /// <summary>"OFFSET 0001-0203-0405-0607-0809-0A0B-0C0D-0E0F 0123456789ABCDEF LEN=67": the ruler, with the packet's length.</summary>
    public static readonly Parser<char, int> Ruler =
        Lexicon.OptionalSpaces
            .Then(String("OFFSET"))
            .Then(Lexicon.Spaces)
            .Then(String("0001-0203"))
            .Then(Any.SkipUntil(Try(String("LEN="))))
            .Then(Lexicon.Integer)
            .Labelled("OFFSET 0001-0203-… LEN=N");

    /// <summary>Eight groups of two bytes, then the ASCII column after a single space on a full row.</summary>
    private static readonly HexRunRules RowBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<char, ToshibaRow> Row =
        from offset in Lexicon.OptionalSpaces.Then(Lexicon.HexDigit.RepeatString(4)).Select(digits => Convert.ToInt32(digits, 16))
        from colon in Lexicon.OptionalSpaces.Then(Char(':')).Then(Lexicon.Spaces)
        from bytes in Lexicon.HexBytes(RowBytes)
        from ascii in Lexicon.RestOfLine
        select new ToshibaRow(offset, bytes);
}
