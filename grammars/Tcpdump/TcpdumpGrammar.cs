using Sprache;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Tcpdump;

/// <summary>A tcpdump summary line: its -# number, its timestamp and what follows.</summary>
public sealed record TcpdumpSummary(int? Number, TcpdumpTimestamp? Time, string Text, Direction Direction, string? Interface)
{
    /// <summary>tcpdump prints this when it cannot decode the link type, and dumps the whole packet.</summary>
    public bool IsUnsupportedLinkType => Text.StartsWith("UNSUPPORTED", StringComparison.Ordinal);
}

/// <summary>One of the timestamp styles tcpdump prints: time of day (default), -tttt date and time, -tt epoch.</summary>
public sealed record TcpdumpTimestamp(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Epoch);

/// <summary>"\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000  .....p.P7X.~...."</summary>
public sealed record TcpdumpHexLine(long Offset, HexRun Bytes);

public static class TcpdumpGrammar
{
    /// <summary>tcpdump prints 16 bytes a row in 16-bit groups; two spaces or more before the ASCII column of -X.</summary>
    public static readonly HexRunRules LineBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<long> HexOffset =
        from prefix in Parse.String("0x")
        from offset in Tokens.HexNumber
        from colon in Parse.Char(':')
        select offset;

    public static readonly Parser<TcpdumpHexLine> HexLine =
        from indent in Tokens.OptionalSpaces
        from offset in HexOffset
        from gap in Tokens.Spaces
        from bytes in HexRunParser.Create(LineBytes)
        select new TcpdumpHexLine(offset, bytes);

    /// <summary>"    1  " before the timestamp when tcpdump ran with -#.</summary>
    public static readonly Parser<int> PacketNumber =
        from indent in Tokens.OptionalSpaces
        from number in Tokens.Integer
        from gap in Tokens.Spaces
        select number;

    public static readonly Parser<TcpdumpTimestamp> DateAndTime =
        from date in Tokens.IsoDate
        from space in Parse.Char(' ')
        from time in Tokens.TimeOfDay
        select new TcpdumpTimestamp(date, time, null);

    public static readonly Parser<TcpdumpTimestamp> Timestamp =
        DateAndTime
            .Or(Tokens.TimeOfDay.Select(t => new TcpdumpTimestamp(null, t, null)))
            .Or(Tokens.Epoch.Select(e => new TcpdumpTimestamp(null, null, e)));

    // Declared before its users: static fields initialise in text order.
    private static readonly Parser<Direction> DirectionWord =
        from word in Parse.String("In").Return(Direction.Inbound).Or(Parse.String("Out").Return(Direction.Outbound))
        from gap in Tokens.Spaces
        select word;

    /// <summary>"eth0  In  " or "In " before the protocol, as tcpdump prints for -i any.</summary>
    public static readonly Parser<(string? Interface, Direction Direction)> InterfaceAndDirection =
        (from name in Parse.Char(c => !char.IsWhiteSpace(c), "interface name").AtLeastOnce().Text()
         from gap in Tokens.Spaces
         from direction in DirectionWord
         select ((string?)name, direction))
        .Or(DirectionWord.Select(d => ((string?)null, d)));

    public static readonly Parser<TcpdumpSummary> SummaryLine =
        from number in PacketNumber.Optional()
        from indent in Tokens.OptionalSpaces
        from time in Timestamp
        from gap in Tokens.Spaces
        from link in InterfaceAndDirection.Optional()
        from text in Parse.AnyChar.Many().Text()
        select new TcpdumpSummary(
            number.GetOrDefault(), time, text.TrimEnd(),
            link.IsDefined ? link.Get().Direction : Direction.Unknown,
            link.IsDefined ? link.Get().Interface : null);

    /// <summary>Cheap test used before the parser: the line starts (after spaces) with "0x" and a hex digit.</summary>
    public static bool LooksLikeHexLine(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
        return i + 2 < line.Length && line[i] == '0' && line[i + 1] == 'x' && char.IsAsciiHexDigit(line[i + 2]);
    }
}
