using System.Globalization;
using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// tcpdump's words and the fields they fill, from its printers: the items of a verbose IP header
/// (print-ip.c, print-ip6.c), the ICMP and ICMPv6 messages by the words that name them (print-icmp.c,
/// print-icmp6.c), and the words that name an IP protocol carried without ports.
/// </summary>
public static class TcpdumpVocabulary
{
    /// <summary>Service names older /etc/services files listed first, which tcpdump 3 printed ("artemis.www"): their ports.</summary>
    public static ushort? OldServicePort(string name) => name switch
    {
        "www" => 80,
        _ => null,
    };

    /// <summary>A verbose IPv4 header's items ("ttl 64") and the field each fills; "len" and "length:" are older tcpdump's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ipv4Items = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tos"] = "ip.dsfield", ["ttl"] = "ip.ttl", ["id"] = "ip.id", ["offset"] = "ip.frag_offset",
        ["length"] = "ip.len", ["len"] = "ip.len",
    };

    /// <summary>A verbose IPv6 header's items and the field each fills.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ipv6Items = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["class"] = "ipv6.tclass", ["flowlabel"] = "ipv6.flow", ["hlim"] = "ipv6.hlim",
    };

    /// <summary>IP protocols tcpdump names by a word before their own text, when it prints no ports ("GRE", "ESP(spi=…)", "ip-proto-1").</summary>
    public static readonly IReadOnlyList<(string Word, byte Protocol)> PortlessProtocols =
    [
        ("ip-proto-", 0), ("GRE", 47), ("ESP", 50), ("AH", 51), ("igmp", 2), ("IGMP", 2), ("OSPF", 89), ("VRRP", 112), ("PIM", 103),
        ("sctp", 132), ("CARP", 112), ("EIGRP", 88),
    ];

    /// <summary>An ICMP or ICMPv6 message read from tcpdump's words: type, code, and the fields the words print.</summary>
    public sealed record Message(byte Type, byte Code)
    {
        public ushort? Identifier { get; init; }
        public ushort? Sequence { get; init; }
        public ushort? Mtu { get; init; }
        public byte? Pointer { get; init; }
        public string? Gateway { get; init; }
        public QuotedDatagram? Quote { get; init; }
    }

    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c) && c != ',').AtLeastOnceString();

    private static readonly Parser<char, ushort> Short =
        Digit.AtLeastOnceString().Assert(d => d.Length <= 5 && int.Parse(d, CultureInfo.InvariantCulture) <= ushort.MaxValue, "a 16-bit number")
            .Select(d => ushort.Parse(d, CultureInfo.InvariantCulture));

    private static Parser<char, Message> Fixed(string words, byte type, byte code) => Try(String(words)).ThenReturn(new Message(type, code));

    /// <summary>", id 6045, seq 1": an echo's or a timestamp's identifier and sequence number.</summary>
    private static Parser<char, Message> WithIdentity(string words, byte type, string separator = ", ") =>
        Try(Map((id, seq) => new Message(type, 0) { Identifier = id, Sequence = seq },
            String(words).Then(String(separator + "id ")).Then(Short), String(separator + "seq ").Then(Short)));

    private static readonly Parser<char, byte> QuotedProtocol =
        Try(String("udp").ThenReturn((byte)17)).Or(Try(String("tcp").ThenReturn((byte)6)));

    /// <summary>ICMP (print-icmp.c): "echo request, id 6045, seq 1", "10.0.0.2 udp port 9999 unreachable", "time exceeded in-transit", …</summary>
    public static readonly Parser<char, Message> Icmp =
        OneOf(
            WithIdentity("echo request", 8),
            WithIdentity("echo reply", 0),
            Fixed("echo request", 8, 0),
            Fixed("echo reply", 0, 0),
            Try(Map((address, protocol, port) => new Message(3, 3) { Quote = new QuotedDatagram(address, protocol, port) },
                Word.Before(Char(' ')), QuotedProtocol.Before(String(" port ")), Short.Before(String(" unreachable")))),
            Try(Map((address, protocol) => new Message(3, 2) { Quote = new QuotedDatagram(address, (byte)protocol, null) },
                Word.Before(String(" protocol ")), Short.Before(String(" unreachable")))),
            Try(Map((address, mtu) => new Message(3, 4) { Mtu = mtu, Quote = new QuotedDatagram(address, null, null) },
                Word.Before(String(" unreachable - need to frag (mtu ")), Short.Before(Char(')')))),
            Try(Map(address => new Message(3, 13) { Quote = new QuotedDatagram(address, null, null) },
                String("host ").Then(Word).Before(String(" unreachable - admin prohibited filter")))),
            Try(Map(address => new Message(3, 10) { Quote = new QuotedDatagram(address, null, null) },
                String("host ").Then(Word).Before(String(" unreachable - admin prohibited")))),
            Try(Map(address => new Message(3, 9) { Quote = new QuotedDatagram(address, null, null) },
                String("net ").Then(Word).Before(String(" unreachable - admin prohibited")))),
            Try(Map(address => new Message(3, 1) { Quote = new QuotedDatagram(address, null, null) }, String("host ").Then(Word).Before(String(" unreachable")))),
            Try(Map(address => new Message(3, 0) { Quote = new QuotedDatagram(address, null, null) }, String("net ").Then(Word).Before(String(" unreachable")))),
            Fixed("time exceeded in-transit", 11, 0),
            Fixed("ip reassembly time exceeded", 11, 1),
            Try(Map((_, gateway) => new Message(5, 1) { Gateway = gateway }, String("redirect ").Then(Word), String(" to host ").Then(Word))),
            Try(Map((_, gateway) => new Message(5, 0) { Gateway = gateway }, String("redirect ").Then(Word), String(" to net ").Then(Word))),
            Try(Map(pointer => new Message(12, 0) { Pointer = (byte)pointer },
                String("parameter problem - octet ").Then(Short).Assert(p => p <= byte.MaxValue))),
            Fixed("source quench", 4, 0),
            Fixed("router advertisement", 9, 0),
            Fixed("router solicitation", 10, 0),
            WithIdentity("time stamp query", 13, " "),
            WithIdentity("time stamp reply", 14, " "),
            Fixed("address mask request", 17, 0),
            Fixed("address mask is", 18, 0));

    /// <summary>ICMPv6 (print-icmp6.c): "echo request, id 7446, seq 1", "neighbor solicitation, who has fd00::2", "packet too big, mtu 1280", …</summary>
    public static readonly Parser<char, Message> Icmpv6 =
        OneOf(
            WithIdentity("echo request", 128),
            WithIdentity("echo reply", 129),
            Try(Map((address, protocol, port) => new Message(1, 4) { Quote = new QuotedDatagram(address, protocol, port) },
                String("destination unreachable, unreachable port, ").Then(Word).Before(Char(' ')), QuotedProtocol.Before(String(" port ")), Short)),
            Fixed("destination unreachable, unreachable route", 1, 0),
            Fixed("destination unreachable, unreachable prohibited", 1, 1),
            Fixed("destination unreachable, beyond scope", 1, 2),
            Fixed("destination unreachable, unreachable address", 1, 3),
            Try(Map(mtu => new Message(2, 0) { Mtu = mtu }, String("packet too big, mtu ").Then(Short))),
            Fixed("time exceeded in-transit", 3, 0),
            Fixed("time exceeded reassembly", 3, 1),
            Fixed("parameter problem", 4, 0),
            Fixed("router solicitation", 133, 0),
            Fixed("router advertisement", 134, 0),
            Fixed("neighbor solicitation", 135, 0),
            Fixed("neighbor advertisement", 136, 0),
            Fixed("redirect", 137, 0),
            Fixed("multicast listener query", 130, 0),
            Fixed("multicast listener report v2", 143, 0),
            Fixed("multicast listener report", 131, 0),
            Fixed("multicast listener done", 132, 0));

    /// <summary>The message's length, the last "length N" of its text (ICMP's own length, header included).</summary>
    public static int? MessageLength(string text) => TcpdumpSummaryGrammar.TrailingLength(text);

    /// <summary>tcpdump's IP flags: "[DF]", "[none]", "[+]" (more fragments), "[rsvd]", combined without separators.</summary>
    public static ulong? IpFlags(string bracketed)
    {
        var text = bracketed.Trim().TrimStart('[').TrimEnd(']');
        if (text == "none") return 0;
        var value = 0UL;
        if (text.Contains("rsvd", StringComparison.Ordinal)) value |= 4;
        if (text.Contains("DF", StringComparison.Ordinal)) value |= 2;
        if (text.Contains('+')) value |= 1;
        var rest = text.Replace("rsvd", "").Replace("DF", "").Replace("+", "").Replace("|", "");
        return rest.Trim().Length == 0 && text.Length > 0 ? value : null;
    }

    /// <summary>"TCP (6)": the number in brackets.</summary>
    public static ulong? BracketedNumber(string text)
    {
        var open = text.LastIndexOf('(');
        var close = text.LastIndexOf(')');
        return open >= 0 && close > open && ulong.TryParse(text.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>A number as tcpdump prints an item's value: decimal, or 0x-prefixed hex.</summary>
    public static ulong? Number(string text)
    {
        var value = text.Split([' ', ','], 2)[0];
        if (value.StartsWith("0x", StringComparison.Ordinal))
            return ulong.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    /// <summary>Runs a parser over the start of a text.</summary>
    public static Message? Read(Parser<char, Message> parser, string text)
    {
        var result = parser.Parse(text);
        return result.Success ? result.Value : null;
    }
}
