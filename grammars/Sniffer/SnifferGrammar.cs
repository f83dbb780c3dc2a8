using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Sniffer;

/// <summary>"DLC:  Frame 30 arrived at  08:16:27.6003 ; frame size is 60 (003C hex) bytes."</summary>
public sealed record SnifferArrival(int Frame, TimeOfDay Time, int? Size);

/// <summary>A decode line: its protocol tag ("DLC", "IP", "TCP") and what follows the colon.</summary>
public sealed record SnifferDecodeLine(string Tag, string Text);

/// <summary>
/// Network General Sniffer printouts: a decode per frame, each line tagged with its protocol
/// ("DLC:", "IP:", "TCP:"), the DLC header's line giving the frame's time and size, and a hex block
/// ("ADDR  HEX … ASCII", then "0000  08 00 2B … | ..+....").
/// </summary>
public static class SnifferGrammar
{
    /// <summary>Sixteen bytes a row, single spaces between them (a wider gap may split the row in two); '|' or a wide gap before the ASCII column.</summary>
    public static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16);

    private static readonly Parser<char, string> Tag =
        Token(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)).AtLeastOnceString()
            .Assert(tag => tag.Length <= 8 && char.IsAsciiLetterUpper(tag[0]), "a protocol tag")
            .Labelled("protocol tag");

    /// <summary>"IP:   Version = 4, header length = 20 bytes": a tag, a colon, then the decode's text.</summary>
    public static readonly Parser<char, SnifferDecodeLine> DecodeLine =
        from tag in Try(Tag.Before(Char(':')))
        from text in Lexicon.RestOfLine
        where text.Length == 0 || text[0] is ' ' or '\t' or '-' or '['
        select new SnifferDecodeLine(tag, text.Trim());

    /// <summary>"DLC:  ----- DLC Header -----": the first line of a frame's decode.</summary>
    public static readonly Parser<char, Unit> DlcHeader =
        Try(String("DLC:")).Then(Lexicon.OptionalSpaces).Then(String("-----")).Then(Lexicon.OptionalSpaces)
            .Then(String("DLC Header")).Then(Lexicon.OptionalSpaces).Then(String("-----")).IgnoreResult();

    private static readonly Parser<char, int?> FrameSize =
        Try(
            from semicolon in Lexicon.OptionalSpaces.Then(Char(';')).Then(Lexicon.OptionalSpaces)
            from words in String("frame size is ")
            from size in Lexicon.Integer
            select (int?)size)
        .Optional().Select(size => size.HasValue ? size.Value : null);

    public static readonly Parser<char, SnifferArrival> Arrival =
        from tag in Try(String("DLC:"))
        from gap in Lexicon.OptionalSpaces
        from frame in String("Frame ").Then(Lexicon.Integer)
        from arrived in Lexicon.Spaces.Then(String("arrived at")).Then(Lexicon.Spaces)
        from time in Lexicon.TimeOfDay
        from size in FrameSize
        from rest in Lexicon.RestOfLine
        select new SnifferArrival(frame, time, size);

    /// <summary>"- - - - - - - - Frame 30 - - - - - - - -": the separator Sniffer prints between frames.</summary>
    public static readonly Parser<char, int> FrameSeparator =
        from dashes in Try(Lexicon.OptionalSpaces.Then(String("- -")))
        from more in OneOf(' ', '-').SkipMany()
        from frame in String("Frame ").Then(Lexicon.Integer)
        from rest in OneOf(' ', '-').SkipMany().Then(End)
        select frame;

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>"22-Feb-90": a two-digit year is of the 1900s from 70 on, as Sniffer's era was.</summary>
    public static readonly Parser<char, DateOnly> Date =
        Try(
            from day in Lexicon.Digit.AtLeastOnceString().Select(int.Parse)
            from d1 in Char('-')
            from month in Letter.RepeatString(3).Select(m => Array.FindIndex(Months, n => string.Equals(n, m, StringComparison.OrdinalIgnoreCase)) + 1)
            from d2 in Char('-')
            from year in Lexicon.Digit.AtLeastOnceString().Select(y => y.Length == 2 ? (int.Parse(y) >= 70 ? 1900 : 2000) + int.Parse(y) : int.Parse(y))
            where month >= 1 && year is >= 1970 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            select new DateOnly(year, month, day))
        .Labelled("date (22-Feb-90)");

    /// <summary>"Sniffer Network Analyzer data from 22-Feb-90 at 08:16:14, file A:PRINTDIR.ENC, Page 1": the capture's date.</summary>
    public static readonly Parser<char, DateOnly> PrintoutHeader =
        from sniffer in Try(Lexicon.OptionalSpaces.Then(String("Sniffer ")))
        from words in AnyCharExcept('\r', '\n').Until(Try(String("data from "))).IgnoreResult()
        from date in Date
        from rest in Lexicon.RestOfLine
        select date;

    /// <summary>"ADDR  HEX                                    ASCII": the hex block's column headings.</summary>
    public static readonly Parser<char, Unit> HexHeader =
        Try(Lexicon.OptionalSpaces.Then(String("ADDR")).Then(Lexicon.Spaces).Then(String("HEX"))).Then(Lexicon.RestOfLine).IgnoreResult();

    /// <summary>"0000  08 00 2B 0E 18 00 …  | ..+....": the row's offset (its colon optional) and where its bytes begin.</summary>
    public static readonly Parser<char, (long Offset, int BytesAt)> HexRowStart =
        from indent in Lexicon.OptionalSpaces
        from offset in Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length is >= 4 and <= 8, "a four-digit offset").Select(d => Convert.ToInt64(d, 16))
        from colon in Char(':').Optional()
        from gap in Lexicon.Spaces
        from position in CurrentOffset
        from first in Lookahead(Lexicon.HexDigit)
        select (offset, position);
}
