using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.CiscoIos;

/// <summary>"22:45:44.700 UTC Nov 27 2021 : IPv4 LES CEF    : Fa4.320 None": an IOS 15 capture buffer's packet header.</summary>
public sealed record EpcHeader(TimeOfDay Time, string Zone, DateOnly Date, string SwitchingPath, string? Interface, string Text);

/// <summary>"0F1A2C10: 568494FB 08004588 …" (a memory address) or "  0010:  00547549 …" (an offset, IOS-XE 16).</summary>
public sealed record IosRow(long Address, bool IsMemoryAddress, int BytesStart);

/// <summary>A timestamped debug line: "*Mar  1 01:06:48.815: IP: s=… len 100, rcvd 3".</summary>
public sealed record DebugLine(char? ClockMark, int Month, int Day, int? Year, TimeOfDay Time, string? Zone, string Text, int Start);

/// <summary>"IP: s=10.1.123.2 (FastEthernet0/0), d=10.1.123.1 (FastEthernet0/0), len 100, rcvd 3"</summary>
public sealed record DebugPacket(string Source, string? SourceInterface, string Destination, string? DestinationInterface, int Length, string Action);

/// <summary>
/// Cisco IOS packet dumps: the Embedded Packet Capture buffer of IOS 15 ("show monitor capture buffer
/// NAME dump": a dated header line, then memory-address rows of 32-bit words) and of IOS-XE 16 ("show
/// monitor capture NAME buffer dump": a packet number, then offset rows), and "debug ip packet detail
/// dump" (timestamped debug lines, then memory-address rows).
/// </summary>
public static class CiscoIosGrammar
{
    /// <summary>Words of up to 32 bits, 16 bytes a row, the ASCII column after two spaces or more.</summary>
    public static readonly HexRunRules RowBytes = new(TokenDigits: 0, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Parser<char, int> Month =
        Letter.RepeatString(3)
            .Assert(name => Array.IndexOf(Months, name) >= 0, "a month name (Jan-Dec)")
            .Select(name => Array.IndexOf(Months, name) + 1);

    private static readonly Parser<char, int> Day = Digit.AtLeastOnceString().Assert(d => d.Length <= 2).Select(int.Parse).Labelled("day");

    private static readonly Parser<char, string> Zone = Letter.AtLeastOnceString().Assert(z => z.Length <= 5, "a time zone name").Labelled("time zone");

    public static readonly Parser<char, EpcHeader> EpcHeader =
        from indent in Lexicon.OptionalSpaces
        from time in Lexicon.TimeOfDay
        from gap in Lexicon.Spaces
        from zone in Zone
        from gap2 in Lexicon.Spaces
        from month in Month
        from gap3 in Lexicon.Spaces
        from day in Day
        from gap4 in Lexicon.Spaces
        from year in Digit.RepeatString(4).Select(int.Parse)
        from gap5 in Lexicon.OptionalSpaces
        from colon in Char(':')
        from rest in Lexicon.RestOfLine
        where day >= 1 && day <= DateTime.DaysInMonth(year, month)
        select Header(time, zone, new DateOnly(year, month, day), rest);

    private static EpcHeader Header(TimeOfDay time, string zone, DateOnly date, string rest)
    {
        var parts = rest.Split(':');
        var path = parts[0].Trim();
        var last = parts.Length > 1 ? parts[^1].Trim() : "";
        var name = last.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return new EpcHeader(time, zone, date, path, name, rest.Trim());
    }

    /// <summary>IOS-XE 16 prints each packet's number alone on a line before its rows.</summary>
    public static readonly Parser<char, int> PacketNumber =
        Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.OptionalSpaces).Before(End);

    public static readonly Parser<char, IosRow> Row =
        from indent in Lexicon.OptionalSpaces
        from digits in Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length is 4 or 8, "a 4-digit offset or an 8-digit address")
        from colon in Char(':')
        from gap in Lexicon.Spaces
        from position in CurrentOffset
        select new IosRow(Convert.ToInt64(digits, 16), digits.Length == 8, position);

    /// <summary>"000123: *Mar  1 01:06:48.815 UTC: …": IOS's log timestamp, with or without sequence number, year and zone.</summary>
    /// <summary>"R1#" before the first line of output, where the command's echo was cut off.</summary>
    private static readonly Parser<char, Unit> Prompt =
        Try(Token(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').AtLeastOnce().Then(OneOf('#', '>'))).IgnoreResult();

    public static readonly Parser<char, DebugLine> Debug =
        from indent in Lexicon.OptionalSpaces
        from prompt in Prompt.Optional()
        from start in CurrentOffset
        from sequence in Try(Lexicon.Integer.Then(Char(':')).Then(Lexicon.Spaces)).Optional()
        from mark in OneOf('*', '.').Optional()
        from month in Month
        from gap in Lexicon.Spaces
        from day in Day
        from gap2 in Lexicon.Spaces
        from year in Try(Digit.RepeatString(4).Select(int.Parse).Before(Lexicon.Spaces)).Optional()
        from time in Lexicon.TimeOfDay
        from zone in Try(Lexicon.Spaces.Then(Zone)).Optional()
        from colon in Char(':')
        from text in Lexicon.RestOfLine
        select new DebugLine(mark.HasValue ? mark.Value : null, month, day, year.HasValue ? year.Value : null, time,
            zone.HasValue ? zone.Value : null, text.Trim(), start);

    private static readonly Parser<char, string> Address = Token(c => c != ' ' && c != ',').AtLeastOnceString();

    private static readonly Parser<char, string?> InterfaceInParentheses =
        Try(Lexicon.Spaces.Then(Token(c => c != ')').AtLeastOnceString().Between(Char('('), Char(')')))).Optional()
            .Select(name => name.HasValue ? name.Value : null);

    /// <summary>The debug line that carries a packet's length: its addresses, interfaces and what IOS did with it.</summary>
    public static readonly Parser<char, DebugPacket> PacketLine =
        from ip in String("IP:").Then(Lexicon.Spaces)
        from source in String("s=").Then(Address)
        from sourceInterface in InterfaceInParentheses
        from sep in Char(',').Then(Lexicon.Spaces)
        from destination in String("d=").Then(Address)
        from destinationInterface in InterfaceInParentheses
        from rest in Token(c => true).ManyString()
        let length = LengthIn(rest)
        where length is not null
        select new DebugPacket(source, sourceInterface, destination, destinationInterface, length!.Value, ActionIn(rest));

    /// <summary>", g=172.69.16.2, len 100, rcvd 3": the number after "len".</summary>
    private static int? LengthIn(string rest)
    {
        var at = rest.IndexOf(", len ", StringComparison.Ordinal);
        if (at < 0) return null;
        var digits = new string(rest.Skip(at + 6).TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length is > 0 and <= 9 ? int.Parse(digits) : null;
    }

    /// <summary>What follows the length: "rcvd 3", "sending", "forward", "sending broad/multicast", "unroutable".</summary>
    private static string ActionIn(string rest)
    {
        var at = rest.IndexOf(", len ", StringComparison.Ordinal);
        var after = rest[(at + 6)..];
        var comma = after.IndexOf(',');
        return comma < 0 ? "" : after[(comma + 1)..].Trim();
    }
}
