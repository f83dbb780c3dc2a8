using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Tcpdump;

/// <summary>A tcpdump summary line: its -# number, its timestamp and what follows.</summary>
public sealed record TcpdumpSummary(int? Number, TcpdumpTimestamp? Time, string Text, Direction Direction, string? Interface)
{
    /// <summary>tcpdump prints this when it cannot decode the link type, and dumps the whole packet.</summary>
    public bool IsUnsupportedLinkType => Text.StartsWith("UNSUPPORTED", StringComparison.Ordinal);
}

/// <summary>One of the timestamp styles tcpdump prints: time of day (default), -tttt date and time, -tt epoch.</summary>
public sealed record TcpdumpTimestamp(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Epoch);

/// <summary>"\t0x0010:  7f00 0001 …" or tcpdump 3.x's "0x0010   7f00 0001 …" (no colon): the offset and the bytes.</summary>
public sealed record TcpdumpHexLine(long Offset, HexRun Bytes);

/// <summary>
/// What tcpdump prints about the capture before its packets: "listening on eth0, link-type EN10MB
/// (Ethernet), snapshot length 262144 bytes" or "reading from file f.pcap, link-type LINUX_SLL2 (…)".
/// </summary>
public sealed record TcpdumpCaptureHeader(string? Interface, string LinkTypeName);

public static class TcpdumpGrammar
{
    /// <summary>tcpdump prints 16 bytes a row in 16-bit groups; two spaces or more (or a tab) before the ASCII column of -X.</summary>
    public static readonly HexRunRules LineBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    /// <summary>
    /// "0x0010:" (tcpdump 3.8 on), or "0x0010" followed by spaces or a tab (tcpdump 3.x, FortiGate's
    /// sniffer): the row's offset.
    /// </summary>
    public static readonly Parser<char, long> HexOffset =
        String("0x").Then(Lexicon.HexNumber).Before(Char(':').IgnoreResult().Or(Lookahead(Lexicon.Spaces)))
            .Labelled("row offset (0x0000:)");

    public static readonly Parser<char, TcpdumpHexLine> HexLine =
        from indent in Lexicon.OptionalSpaces
        from offset in HexOffset
        from gap in Lexicon.Spaces
        from bytes in Lexicon.HexBytes(LineBytes)
        select new TcpdumpHexLine(offset, bytes);

    /// <summary>"    1  " before the timestamp when tcpdump ran with -#.</summary>
    public static readonly Parser<char, int> PacketNumber =
        Try(Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.Spaces));

    public static readonly Parser<char, TcpdumpTimestamp> DateAndTime =
        Try(
            from date in Lexicon.IsoDate
            from space in Char(' ')
            from time in Lexicon.TimeOfDay
            select new TcpdumpTimestamp(date, time, null));

    public static readonly Parser<char, TcpdumpTimestamp> Timestamp =
        OneOf(
            DateAndTime,
            Lexicon.TimeOfDay.Select(t => new TcpdumpTimestamp(null, t, null)),
            Lexicon.Epoch.Select(e => new TcpdumpTimestamp(null, null, e)))
        .Labelled("timestamp");

    private static readonly Parser<char, Direction> DirectionWord =
        Try(String("In").ThenReturn(Direction.Inbound).Or(String("Out").ThenReturn(Direction.Outbound)).Before(Lexicon.Spaces));

    /// <summary>"eth0  Out " or "In " before the protocol, as tcpdump prints for -i any (and -e on a cooked capture).</summary>
    public static readonly Parser<char, (string? Interface, Direction Direction)> InterfaceAndDirection =
        Try(
            from name in Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString()
            from gap in Lexicon.Spaces
            from direction in DirectionWord
            select ((string?)name, direction))
        .Or(DirectionWord.Select(d => ((string?)null, d)));

    public static readonly Parser<char, TcpdumpSummary> SummaryLine =
        from number in PacketNumber.Optional()
        from indent in Lexicon.OptionalSpaces
        from time in Timestamp
        from gap in Lexicon.Spaces
        from link in InterfaceAndDirection.Optional()
        from text in Lexicon.RestOfLine
        select new TcpdumpSummary(
            number.HasValue ? number.Value : null, time, text.TrimEnd(),
            link.HasValue ? link.Value.Direction : Direction.Unknown,
            link.HasValue ? link.Value.Interface : null);

    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c) && c != ',').AtLeastOnceString();

    /// <summary>", link-type EN10MB (Ethernet)" or ", link-type 1": libpcap's name (or number) for the link type.</summary>
    private static readonly Parser<char, string> LinkTypeClause =
        String(", link-type ").Then(Word);

    /// <summary>"tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes" (or "capture size").</summary>
    public static readonly Parser<char, TcpdumpCaptureHeader> Listening =
        from prefix in Try(String("tcpdump: ")).Optional()
        from listening in String("listening on ")
        from name in Word
        from linkType in LinkTypeClause
        from rest in Lexicon.RestOfLine
        select new TcpdumpCaptureHeader(name, linkType);

    /// <summary>"reading from file f.pcap, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144".</summary>
    public static readonly Parser<char, TcpdumpCaptureHeader> ReadingFromFile =
        from reading in String("reading from file ")
        from file in AnyCharExcept(',').AtLeastOnceString()
        from linkType in LinkTypeClause
        from rest in Lexicon.RestOfLine
        select new TcpdumpCaptureHeader(null, linkType);

    public static readonly Parser<char, TcpdumpCaptureHeader> CaptureHeader =
        Lexicon.OptionalSpaces.Then(Try(Listening).Or(ReadingFromFile));

    /// <summary>
    /// tcpdump's own messages around a capture: "tcpdump: verbose output suppressed, …", "Warning:
    /// interface names might be incorrect", "12 packets captured", "0 packets dropped by kernel".
    /// </summary>
    public static readonly Parser<char, Unit> ToolMessage =
        Lexicon.OptionalSpaces.Then(OneOf(
            Try(String("tcpdump: ")).IgnoreResult(),
            Try(String("Warning: ")).IgnoreResult(),
            Try(Lexicon.Integer.Then(String(" packet")).Then(Char('s').Optional()).Then(Char(' '))
                .Then(OneOf(Try(String("captured")), Try(String("received by filter")), String("dropped by ")))).IgnoreResult()));

    /// <summary>What a page writes where it cut rows out of a packet: "&lt;truncated&gt;", "[...]", "...".</summary>
    public static readonly Parser<char, string> CutMarker =
        Lexicon.OptionalSpaces.Then(OneOf(Try(String("<truncated>")), Try(String("[...]")), Try(String("...")), String("[truncated]")))
            .Before(Lexicon.OptionalSpaces).Before(End);

    /// <summary>Cheap test used before the parser: the line starts (after spaces) with "0x" and a hex digit.</summary>
    public static bool LooksLikeHexLine(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
        return i + 2 < line.Length && line[i] == '0' && line[i + 1] == 'x' && char.IsAsciiHexDigit(line[i + 2]);
    }

    /// <summary>The indentation of a line as a terminal shows it: a tab goes to the next multiple of eight.</summary>
    public static int Indentation(string line)
    {
        var column = 0;
        foreach (var c in line)
        {
            if (c == ' ') column++;
            else if (c == '\t') column = (column / 8 + 1) * 8;
            else break;
        }
        return column;
    }

    /// <summary>
    /// tcpdump indents its own -x dump with one tab and the dumps inside a -v decode (TLV bodies, unknown
    /// options) with a tab and spaces: leading white space with spaces after its last tab.
    /// </summary>
    public static bool IsIndentedPastATab(string line)
    {
        var lastTab = -1;
        var i = 0;
        for (; i < line.Length && (line[i] == ' ' || line[i] == '\t'); i++)
        {
            if (line[i] == '\t') lastTab = i;
        }
        return lastTab >= 0 && lastTab < i - 1;
    }
}
