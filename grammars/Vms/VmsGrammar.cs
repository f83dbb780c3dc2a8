using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Vms;

/// <summary>"TCPIPtrace full display RCV packet 8 at 10-JUL-2001 14:54:19.56": a packet's header line.</summary>
public sealed record VmsHeader(string Utility, Direction Direction, int Number, DateOnly Date, TimeOfDay Time);

/// <summary>A row of the dump: its offset and its sixteen (or fewer) bytes in packet order.</summary>
public sealed record VmsRow(int Offset, byte[] Bytes);

/// <summary>
/// The lines of the VMS TCP/IP trace utilities (TCPIPTRACE, TCPTRACE, UCX$TRACE): a header line per
/// packet, the decoded IP and transport headers, and the bytes as rows of 32-bit longwords printed
/// the VMS way, right to left.
/// </summary>
public static class VmsGrammar
{
    /// <summary>The name of the utility a line names before "packet", as Wireshark's reader looks for them.</summary>
    /// <remarks>Literals, not a static array: the test runs on every line of every document, and must not build this grammar's parsers.</remarks>
    private static string? UtilityIn(string line) =>
        line.Contains("TCPIPtrace", StringComparison.Ordinal) ? "TCPIPtrace"
        : line.Contains("TCPtrace", StringComparison.Ordinal) ? "TCPtrace"
        : line.Contains("INTERnet trace", StringComparison.Ordinal) ? "INTERnet trace"
        : null;

    private static readonly Parser<char, Direction> DirectionWord =
        Try(String("RCV")).ThenReturn(Direction.Inbound)
            .Or(Try(String("XMT")).ThenReturn(Direction.Outbound))
            .Labelled("RCV or XMT");

    /// <summary>"packet 8 at" or "packet seq # = 1 at": the two numberings the utilities use.</summary>
    private static readonly Parser<char, int> PacketNumber =
        String("packet").Then(Lexicon.Spaces)
            .Then(Try(String("seq").Then(Lexicon.Spaces).Then(Char('#')).Then(Lexicon.Spaces).Then(Char('=')).Then(Lexicon.Spaces)).Optional())
            .Then(Lexicon.Integer)
            .Labelled("packet N or packet seq # = N");

    private static readonly Parser<char, (int Number, DateOnly Date, TimeOfDay Time)> PacketAt =
        from number in PacketNumber
        from at in Lexicon.Spaces.Then(String("at")).Then(Lexicon.Spaces)
        from date in Lexicon.DayMonthNameYear
        from gap in Lexicon.Spaces
        from time in Lexicon.TimeOfDay
        select (number, date, time);

    /// <summary>Reads a header line: a utility's name, its words, then "packet … at DATE TIME".</summary>
    public static LineMatch<VmsHeader> Header(string line)
    {
        var utility = UtilityIn(line);
        var at = line.IndexOf("packet ", StringComparison.Ordinal);
        if (utility is null || at < 0) return new LineMatch<VmsHeader>(false, null!, 1, "expected a TCPIPtrace, TCPtrace or INTERnet trace header line");
        var parsed = PacketAt.ParseLine(line[at..]);
        if (!parsed.Success) return new LineMatch<VmsHeader>(false, null!, at + parsed.Column, parsed.Error);
        var words = line[..at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var direction = words.Length > 0 && DirectionWord.ParseLine(words[^1]) is { Success: true } word ? word.Value : Direction.Unknown;
        var (number, date, time) = parsed.Value;
        return new LineMatch<VmsHeader>(true, new VmsHeader(utility, direction, number, date, time), 0, null);
    }

    /// <summary>"IP Version = 4,  IHL = 5,  TOS = 00,   Total Length = 84 = ^x0054": the datagram's length.</summary>
    public static readonly Parser<char, int> TotalLength =
        Try(String("Total")).Then(Lexicon.Spaces).Then(String("Length")).Then(Lexicon.Spaces).Then(Char('=')).Then(Lexicon.Spaces)
            .Then(Lexicon.Integer)
            .Labelled("Total Length = N");

    /// <summary>The Total Length a decode line gives, if it gives one.</summary>
    public static int? TotalLengthIn(string line)
    {
        var at = line.IndexOf("Total Length", StringComparison.Ordinal);
        if (at < 0) return null;
        var parsed = TotalLength.ParseLine(line[at..]);
        return parsed.Success ? parsed.Value : null;
    }

    /// <summary>"IP Version = 4, …", "UDP Source Port = 731, …", "Flags (0=0,DF=0,MF=0),": a line of the decode before the dump.</summary>
    public static bool IsDecodeLine(string line) => line.Contains('=', StringComparison.Ordinal);

    /// <summary>"%TCPIPTRACE-W-BUFFERSFUL, TCPIPtrace could not save 3 packets.": packets the utility lost.</summary>
    public static bool IsLossReport(string line) =>
        line.Contains("BUFFERSFUL", StringComparison.Ordinal) || line.Contains("could not save ", StringComparison.Ordinal);

    private static readonly Parser<char, Unit> NotHex = Not(Lexicon.HexDigit);

    /// <summary>
    /// Whether the line holds eight hex digits standing alone, as a row's longwords do: a quick test before the grammar.
    /// It reads no static field, so the format's pre-check calls it without building the grammar's parsers.
    /// </summary>
    public static bool HasLongword(ReadOnlySpan<char> line)
    {
        var run = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && char.IsAsciiHexDigit(line[i]))
            {
                run++;
                continue;
            }
            if (run == 8) return true;
            run = 0;
        }
        return false;
    }

    /// <summary>"   " or " | ": what separates longwords (a bar marks where the IP header's 20 bytes end, and so on).</summary>
    private static readonly Parser<char, Unit> Separator =
        Lexicon.Spaces.Then(Try(Char('|').Then(Lexicon.Spaces)).Optional()).IgnoreResult();

    /// <summary>The leftmost longword of a row may be short: the last row is right-aligned.</summary>
    private static readonly Parser<char, string> FirstLongword =
        Lexicon.HexDigit.AtLeastOnceString()
            .Assert(digits => digits.Length <= 8 && digits.Length % 2 == 0, "a longword of up to eight hex digits");

    private static readonly Parser<char, string> Longword = Lexicon.HexDigit.RepeatString(8).Before(NotHex);

    private static readonly Parser<char, int> RowOffset =
        Lexicon.HexDigit.RepeatString(4).Before(NotHex).Select(digits => Convert.ToInt32(digits, 16)).Labelled("a four-digit offset");

    /// <summary>
    /// "   27E54C3C | C0B64000   6F00DB02 | 32010C0A    0010    ...2...o.@..&lt;L.'": up to four longwords,
    /// the row's offset, the ASCII column. The first byte of the row is the rightmost pair of digits:
    /// each longword is a little-endian number and the longwords run right to left, so the row's
    /// bytes are its digits read backwards a pair at a time.
    /// </summary>
    public static readonly Parser<char, VmsRow> Row =
        from indent in Lexicon.OptionalSpaces.Then(Try(Char('|').Then(Lexicon.Spaces)).Optional())
        from first in FirstLongword
        from rest in Try(Separator.Then(Longword)).Many()
        from offset in Lexicon.Spaces.Then(RowOffset)
        from ascii in Lexicon.RestOfLine
        let digits = first + string.Concat(rest)
        where digits.Length <= 32
        select new VmsRow(offset, Reversed(Convert.FromHexString(digits)));

    private static byte[] Reversed(byte[] bytes)
    {
        Array.Reverse(bytes);
        return bytes;
    }
}
