using System.Globalization;
using System.Net;
using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>A time in any of tshark's -t styles: date and time (ad, ud), time of day (a, u), or seconds (e, r, d, dd).</summary>
public sealed record TsharkSummaryTime(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Seconds);

/// <summary>One line of tshark's default columns: No. Time Source → Destination Protocol Length Info.</summary>
public sealed record TsharkSummaryLine(int Number, TsharkSummaryTime Time, string Source, string Destination, string Protocol, int Length, string Info);

/// <summary>The Info column of a TCP segment: "42476 → 18080 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM …".</summary>
public sealed record TsharkTcpInfo(IReadOnlyList<string> Notes, ushort SourcePort, ushort DestinationPort, IReadOnlyList<string> Flags, IReadOnlyList<string> Items);

/// <summary>The Info column of a UDP datagram tshark has no dissector for: "43632 → 69 Len=17".</summary>
public sealed record TsharkUdpInfo(ushort SourcePort, ushort DestinationPort, int Length);

/// <summary>"Echo (ping) request  id=0x17a0, seq=1/256, ttl=64 (reply in 12)"; ICMPv6 prints "seq=1, hop limit=64": Ttl holds either.</summary>
public sealed record TsharkEchoInfo(bool Request, ushort Identifier, ushort Sequence, byte? Ttl);

/// <summary>"Fragmented IP protocol (proto=ICMP 1, off=1480, ID=d07b)": an IPv4 fragment tshark did not reassemble; the offset in bytes.</summary>
public sealed record TsharkFragmentInfo(byte Protocol, int Offset, ushort Identification);

/// <summary>Any other ICMP or ICMPv6 message: its type's name and, in brackets, its code's ("Destination unreachable (Port unreachable)").</summary>
public sealed record TsharkIcmpMessageInfo(string Type, string? Code);

/// <summary>"Who has 10.0.0.2? Tell 10.0.0.1", "Gratuitous ARP for 10.0.0.1 (Request)" or "10.0.0.2 is at 02:00:00:00:00:0b".</summary>
public sealed record TsharkArpInfo(bool Request, IPAddress Sender, IPAddress? Target, byte[]? SenderMac);

/// <summary>
/// tshark's one-line summaries (`tshark -r F`, Wireshark's "Print → summary line") as Pidgin parsers: the
/// columns, then the Info column's words for TCP, UDP, ICMP echo and ARP as epan's dissectors print them
/// (packet-tcp.c, packet-udp.c, packet-icmp.c, packet-arp.c).
/// </summary>
public static class TsharkSummaryGrammar
{
    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    private static readonly Parser<char, Unit> Arrow = OneOf(String("→"), String("->")).IgnoreResult().Labelled("→");

    private static readonly Parser<char, ushort> Port =
        Digit.AtLeastOnceString().Assert(d => d.Length <= 5 && int.Parse(d, CultureInfo.InvariantCulture) <= ushort.MaxValue, "a port")
            .Select(d => ushort.Parse(d, CultureInfo.InvariantCulture)).Labelled("port");

    public static readonly Parser<char, TsharkSummaryTime> Time =
        OneOf(
            Try(from date in Lexicon.IsoDate from space in Char(' ') from time in Lexicon.TimeOfDay select new TsharkSummaryTime(date, time, null)),
            Try(Lexicon.TimeOfDay.Select(t => new TsharkSummaryTime(null, t, null))),
            Lexicon.Epoch.Select(e => new TsharkSummaryTime(null, null, e))).Labelled("time");

    /// <summary>"TCP ", "BFD Control ": the words before the Length column, the first number; none when the column is empty.</summary>
    private static readonly Parser<char, string> ProtocolColumn =
        Try(Word.Assert(w => !w.All(char.IsAsciiDigit), "a protocol name").Before(Lexicon.Spaces)).Many()
            .Select(words => string.Join(' ', words)).Labelled("protocol");

    /// <summary>An address column's word: anything but the arrow between them.</summary>
    private static readonly Parser<char, string> AddressWord = Word.Assert(w => w is not ("→" or "->"), "an address");

    /// <summary>
    /// tshark pads Source to 12 characters on the left and Destination to 12 on the right, so an empty one
    /// (a cooked capture's frame has no destination address) is spaces: the arrow right after the time, or
    /// more than one space after the arrow.
    /// </summary>
    public static readonly Parser<char, TsharkSummaryLine> Line =
        from indent in Lexicon.OptionalSpaces
        from number in Lexicon.Integer
        from gap in Lexicon.Spaces
        from time in Time
        from gap2 in Lexicon.Spaces
        from source in Try(AddressWord.Before(Lexicon.Spaces)).Optional()
        from arrow in Arrow
        from destination in Try(Char(' ').Then(AddressWord)).Optional()
        from gap5 in Lexicon.Spaces
        from protocol in ProtocolColumn
        from length in Lexicon.Integer
        from info in OneOf(Try(Lexicon.Spaces.Then(Lexicon.RestOfLine)), Lexicon.OptionalSpaces.Then(End).ThenReturn(""))
        select new TsharkSummaryLine(number, time, source.GetValueOrDefault(""), destination.GetValueOrDefault(""), protocol, length, info.TrimEnd());

    /// <summary>"[TCP Retransmission] ", "[TCP Dup ACK 7#1] ": the expert notes tshark puts before the ports.</summary>
    private static readonly Parser<char, string> Note =
        Try(Char('[').Then(AnyCharExcept(']').AtLeastOnceString()).Before(Char(']')).Before(Lexicon.Spaces));

    private static readonly Parser<char, IReadOnlyList<string>> Flags =
        Char('[').Then(AnyCharExcept(']', ',').AtLeastOnceString().Separated(String(", "))).Before(Char(']'))
            .Select(flags => (IReadOnlyList<string>)[.. flags.Select(f => f.Trim())]).Labelled("[flags]");

    public static readonly Parser<char, TsharkTcpInfo> TcpInfo =
        from notes in Note.Many()
        from source in Port
        from gap in Lexicon.Spaces
        from arrow in Arrow
        from gap2 in Lexicon.Spaces
        from destination in Port
        from gap3 in Lexicon.Spaces
        from flags in Flags
        from items in Try(Lexicon.Spaces.Then(Word)).Many()
        select new TsharkTcpInfo([.. notes], source, destination, flags, [.. items]);

    public static readonly Parser<char, TsharkUdpInfo> UdpInfo =
        from source in Port
        from gap in Lexicon.Spaces
        from arrow in Arrow
        from gap2 in Lexicon.Spaces
        from destination in Port
        from gap3 in Lexicon.Spaces
        from length in String("Len=").Then(Lexicon.Integer)
        from end in Lexicon.OptionalSpaces.Then(End)
        select new TsharkUdpInfo(source, destination, length);

    private static readonly Parser<char, ushort> HexShort =
        String("0x").Then(Lexicon.HexDigit.AtLeastOnceString()).Assert(d => d.Length <= 4, "a 16-bit hex number")
            .Select(d => ushort.Parse(d, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    public static readonly Parser<char, TsharkEchoInfo> EchoInfo =
        from words in String("Echo (ping) ")
        from kind in OneOf(Try(String("request")), String("reply"))
        from gap in Lexicon.Spaces
        from id in String("id=").Then(HexShort)
        from seq in String(", seq=").Then(Port)
        from swapped in Char('/').Then(Digit.AtLeastOnceString()).Optional()
        from ttl in Try(OneOf(Try(String(", ttl=")), String(", hop limit=")).Then(Lexicon.Integer)).Optional()
        select new TsharkEchoInfo(kind == "request", id, seq, ttl.HasValue && ttl.Value <= 255 ? (byte)ttl.Value : null);

    /// <summary>"Time-to-live exceeded (Time to live exceeded in transit)", "Neighbor Solicitation for fd00::2 from …": the words before a bracket or the end.</summary>
    public static readonly Parser<char, TsharkIcmpMessageInfo> IcmpMessageInfo =
        from type in AnyCharExcept('(').AtLeastOnceString()
        from code in Char('(').Then(AnyCharExcept(')').AtLeastOnceString()).Before(Char(')')).Optional()
        select new TsharkIcmpMessageInfo(type.Trim(), code.HasValue ? code.Value : null);

    public static readonly Parser<char, TsharkFragmentInfo> FragmentInfo =
        from words in String("Fragmented IP protocol (proto=")
        from name in Token(c => c != ' ' && c != ',').AtLeastOnceString().Before(Char(' '))
        from protocol in Lexicon.Integer.Assert(p => p <= byte.MaxValue, "a protocol number")
        from offset in String(", off=").Then(Lexicon.Integer)
        from id in String(", ID=").Then(Lexicon.HexDigit.AtLeastOnceString()).Assert(d => d.Length <= 4, "a 16-bit identification")
        from end in Char(')')
        select new TsharkFragmentInfo((byte)protocol, offset, ushort.Parse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static readonly Parser<char, IPAddress> Ipv4Address =
        Token(c => char.IsAsciiDigit(c) || c == '.').AtLeastOnceString()
            .Select(s => IPAddress.TryParse(s, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Count(c => c == '.') == 3 ? a : null)
            .Assert(a => a is not null, "an IPv4 address").Select(a => a!);

    private static readonly Parser<char, byte[]> Mac =
        Lexicon.HexDigit.Repeat(2).Select(d => new string([.. d])).Separated(Char(':'))
            .Select(groups => groups.ToList()).Assert(groups => groups.Count == 6, "a MAC address")
            .Select(groups => groups.Select(g => byte.Parse(g, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray());

    public static readonly Parser<char, TsharkArpInfo> ArpInfo =
        OneOf(
            Try(from who in String("Who has ")
                from target in Ipv4Address
                from tell in String("? Tell ")
                from sender in Ipv4Address
                select new TsharkArpInfo(true, sender, target, null)),
            // An announcement: sender and target the same address.
            Try(from words in String("Gratuitous ARP for ")
                from address in Ipv4Address
                from kind in OneOf(Try(String(" (Request)")), String(" (Reply)"))
                select new TsharkArpInfo(kind == " (Request)", address, address, null)),
            from sender in Ipv4Address
            from isAt in String(" is at ")
            from mac in Mac
            select new TsharkArpInfo(false, sender, null, mac));

    /// <summary>A MAC address as the Source or Destination column prints one unresolved (tshark -n, or no name for it).</summary>
    public static byte[]? MacColumn(string text) =>
        text == "Broadcast" ? [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] : Mac.Before(End).Parse(text) is { Success: true } mac ? mac.Value : null;
}
