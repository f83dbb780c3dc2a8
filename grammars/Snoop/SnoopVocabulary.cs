using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Grammars.Snoop;

/// <summary>How snoop prints a value.</summary>
public enum ValueShape
{
    /// <summary>"57 seconds/hops", "6 (TCP)": a decimal number and words after it.</summary>
    Decimal,
    /// <summary>"0x00", "999a", "0800 (IP)": hex, with or without 0x.</summary>
    Hex,
    /// <summary>"8a22" or "2233": the IP identification, hex in old snoop and decimal in newer ones.</summary>
    DecimalOrHex,
    /// <summary>"8:0:20:1:3d:94, Sun": a hardware address, its bytes without leading zeros.</summary>
    Mac,
    /// <summary>"172.16.55.106, fs.nuts.com", "::1, localhost": an address and the name snoop resolved.</summary>
    Address,
}

/// <summary>
/// One of snoop's printed labels: the section tag it appears under, the words, how its value is
/// printed, and the layer fields the value fills — one field (the value as Wireshark shows it), or
/// several that share its bits, most significant first ("Flags = 0x12" fills the eight TCP flag bits).
/// </summary>
public sealed record SnoopLabel(string Tag, string Words, ValueShape Shape, params string[] Fields)
{
    /// <summary>Older snoop prints some labels without '=' ("Identification 19846", "Opcode 1 (ARP Request)").</summary>
    public bool EqualsOptional { get; init; }

    /// <summary>Turns the printed number into the field's value, when snoop prints it differently ("Flags = 0x4" is a nibble).</summary>
    public Func<ulong, ulong?>? Convert { get; init; }
}

/// <summary>
/// snoop's vocabulary, from its sources (snoop_ether.c, snoop_ip.c, snoop_tcp.c, snoop_udp.c,
/// snoop_icmp.c, snoop_arp.c): the labels its -v decode prints and the layer fields each fills.
/// The grammar reads values by these labels; the rebuild writes them through these fields.
/// </summary>
public static class SnoopVocabulary
{
    /// <summary>"Packet size = 60 bytes": the frame's length, not a header field.</summary>
    public static readonly SnoopLabel PacketSize = new("ETHER", "Packet size", ValueShape.Decimal);

    /// <summary>"Flags = 0x4": rb, df, mf and the fragment offset's top bit; the first three are ip.flags.</summary>
    public static readonly SnoopLabel IpFlags = new("IP", "Flags", ValueShape.Hex, "ip.flags") { Convert = nibble => nibble <= 0xF ? nibble >> 1 : null };

    /// <summary>The bit lines under "Flags" when its value is unreadable: bit positions from the left, and the field each is.</summary>
    public static readonly IReadOnlyList<string> IpFlagBits = ["ip.flags.rb", "ip.flags.df", "ip.flags.mf"];

    /// <summary>"Identification = 2233": decimal in newer snoop, hex in older; the printed checksum settles digits that read both ways.</summary>
    public static readonly SnoopLabel IpIdentification = new("IP", "Identification", ValueShape.DecimalOrHex, "ip.id") { EqualsOptional = true };

    public static readonly IReadOnlyList<SnoopLabel> Labels =
    [
        PacketSize,
        new("ETHER", "Destination", ValueShape.Mac, "eth.dst"),
        new("ETHER", "Source", ValueShape.Mac, "eth.src"),
        new("ETHER", "Ethertype", ValueShape.Hex, "eth.type"),

        new("IP", "Version", ValueShape.Decimal, "ip.version"),
        new("IP", "Header length", ValueShape.Decimal, "ip.hdr_len"),
        new("IP", "Type of service", ValueShape.Hex, "ip.dsfield"),
        new("IP", "Total length", ValueShape.Decimal, "ip.len"),
        IpIdentification,
        IpFlags,
        new("IP", "Fragment offset", ValueShape.Decimal, "ip.frag_offset"),
        new("IP", "Time to live", ValueShape.Decimal, "ip.ttl"),
        new("IP", "Protocol", ValueShape.Decimal, "ip.proto"),
        new("IP", "Header checksum", ValueShape.Hex, "ip.checksum"),
        new("IP", "Source address", ValueShape.Address, "ip.src"),
        new("IP", "Destination address", ValueShape.Address, "ip.dst"),

        new("IPv6", "Version", ValueShape.Decimal, "ipv6.version"),
        new("IPv6", "Traffic Class", ValueShape.Decimal, "ipv6.tclass"),
        new("IPv6", "Flow label", ValueShape.Hex, "ipv6.flow"),
        new("IPv6", "Payload length", ValueShape.Decimal, "ipv6.plen"),
        new("IPv6", "Next Header", ValueShape.Decimal, "ipv6.nxt"),
        new("IPv6", "Hop Limit", ValueShape.Decimal, "ipv6.hlim"),
        new("IPv6", "Source address", ValueShape.Address, "ipv6.src"),
        new("IPv6", "Destination address", ValueShape.Address, "ipv6.dst"),

        new("TCP", "Source port", ValueShape.Decimal, "tcp.srcport"),
        new("TCP", "Destination port", ValueShape.Decimal, "tcp.dstport"),
        new("TCP", "Sequence number", ValueShape.Decimal, "tcp.seq_raw"),
        new("TCP", "Acknowledgement number", ValueShape.Decimal, "tcp.ack_raw"),
        new("TCP", "Acknowledgment number", ValueShape.Decimal, "tcp.ack_raw"),
        new("TCP", "Data offset", ValueShape.Decimal, "tcp.hdr_len"),
        // snoop prints the eight flag bits; the four before them (reserved, AE) it does not, so they stay unknown.
        new("TCP", "Flags", ValueShape.Hex, [.. Tcp.FlagByte]),
        new("TCP", "Window", ValueShape.Decimal, "tcp.window_size_value"),
        new("TCP", "Checksum", ValueShape.Hex, "tcp.checksum"),
        new("TCP", "Urgent pointer", ValueShape.Decimal, "tcp.urgent_pointer"),

        new("UDP", "Source port", ValueShape.Decimal, "udp.srcport"),
        new("UDP", "Destination port", ValueShape.Decimal, "udp.dstport"),
        new("UDP", "Length", ValueShape.Decimal, "udp.length"),
        new("UDP", "Checksum", ValueShape.Hex, "udp.checksum"),

        new("ICMP", "Type", ValueShape.Decimal, "icmp.type"),
        new("ICMP", "Code", ValueShape.Decimal, "icmp.code"),
        new("ICMP", "ID", ValueShape.Decimal, "icmp.ident"),
        new("ICMP", "Sequence number", ValueShape.Decimal, "icmp.seq"),
        new("ICMP", "Checksum", ValueShape.Hex, "icmp.checksum"),
        new("ICMP", "Pointer", ValueShape.Decimal, "icmp.pointer"),
        new("ICMP", "Gateway address", ValueShape.Address, "icmp.redir_gw"),
        new("ICMP", "Gateway", ValueShape.Address, "icmp.redir_gw"),

        new("ICMPv6", "Type", ValueShape.Decimal, "icmpv6.type"),
        new("ICMPv6", "Code", ValueShape.Decimal, "icmpv6.code"),
        new("ICMPv6", "ID", ValueShape.Decimal, "icmpv6.echo.identifier"),
        new("ICMPv6", "Sequence number", ValueShape.Decimal, "icmpv6.echo.sequence_number"),
        new("ICMPv6", "Checksum", ValueShape.Hex, "icmpv6.checksum"),
        new("ICMPv6", "Pointer", ValueShape.Decimal, "icmpv6.pointer"),

        new("ARP", "Hardware type", ValueShape.Decimal, "arp.hw.type"),
        new("ARP", "Protocol type", ValueShape.Hex, "arp.proto.type"),
        new("ARP", "Length of hardware address", ValueShape.Decimal, "arp.hw.size"),
        new("ARP", "Length of protocol address", ValueShape.Decimal, "arp.proto.size"),
        new("ARP", "Opcode", ValueShape.Decimal, "arp.opcode") { EqualsOptional = true },
        new("ARP", "Sender's hardware address", ValueShape.Mac, "arp.src.hw_mac"),
        new("ARP", "Sender's protocol address", ValueShape.Address, "arp.src.proto_ipv4"),
        new("ARP", "Target hardware address", ValueShape.Mac, "arp.dst.hw_mac"),
        new("ARP", "Target protocol address", ValueShape.Address, "arp.dst.proto_ipv4"),
    ];

    /// <summary>The layer each section tag describes; a tag not here is kept as a comment.</summary>
    public static readonly IReadOnlyDictionary<string, ProtocolLayer> Layers = new Dictionary<string, ProtocolLayer>(StringComparer.Ordinal)
    {
        ["ETHER"] = Ethernet.Layer, ["IP"] = Ipv4.Layer, ["IPv6"] = Ipv6.Layer, ["TCP"] = Tcp.Layer, ["UDP"] = Udp.Layer,
        ["ICMP"] = Icmp.Layer, ["ICMPv6"] = Icmpv6.Layer, ["ARP"] = Arp.Layer, ["RARP"] = Arp.Layer,
    };

    /// <summary>The labels printed under a tag (RARP shares ARP's), longest first so that "Source port" is tried before "Source".</summary>
    public static IReadOnlyList<SnoopLabel> Under(string tag)
    {
        var words = tag == "RARP" ? "ARP" : tag;
        return Labels.Where(l => l.Tag == words).OrderByDescending(l => l.Words.Length).ToList();
    }
}
