using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Grammars.CiscoNxos;

/// <summary>How tshark prints a field's value.</summary>
public enum PrintedShape
{
    /// <summary>"64", "0x6cca [correct]", "20 bytes", "ICMP (0x01)", "bgp (179)": a number, leading or in parentheses after a name.</summary>
    Number,
    /// <summary>"40:ce:24:91:57:41 (40:ce:24:91:57:41)", "Broadcast (ff:ff:ff:ff:ff:ff)".</summary>
    Mac,
    /// <summary>"10.12.62.254 (10.12.62.254)", "fs.nuts.com (172.16.55.106)", "2001:db8::1".</summary>
    Address,
}

/// <summary>
/// One of tshark's labels in the detail view: the protocol whose subtree it is printed in, the words
/// before the colon (any case: tshark 1.x prints "Header length", later versions "Header Length"), how
/// the value is printed, and the layer fields it fills — one field (the value as Wireshark shows it),
/// or several sharing its bits, most significant first. On a bit line ("0100 .... = Version: 4") the
/// pattern's bits are the value when it shows as many as the fields hold.
/// </summary>
public sealed record EthanalyzerLabel(string Protocol, string Words, PrintedShape Shape, params string[] Fields)
{
    /// <summary>A value printed with "relative" after it ("1    (relative sequence number)") is not the field's own: left unknown.</summary>
    public bool RelativeIsNotRaw { get; init; }
}

/// <summary>
/// The detail view's vocabulary: the protocol titles tshark prints at the left margin and the layer
/// each is, and the labels printed in each layer's subtree with the fields they fill, in the words of
/// tshark 1.x (what older NX-OS releases print) and of tshark 2 to 4 (NX-OS 9.3 and later).
/// The rebuild writes the values through these fields; a label not here is not a field it writes.
/// </summary>
public static class EthanalyzerVocabulary
{
    /// <summary>The layer each title at the left margin is, by the title's first words; longest first where one begins another.</summary>
    public static readonly IReadOnlyList<(string Title, ProtocolLayer Layer)> Titles =
    [
        ("Ethernet II", Ethernet.Layer),
        ("802.1Q Virtual LAN", Vlan.Layer),
        ("Internet Protocol Version 6", Ipv6.Layer),
        ("Internet Protocol Version 4", Ipv4.Layer),
        ("Internet Protocol", Ipv4.Layer),
        ("Internet Control Message Protocol v6", Icmpv6.Layer),
        ("Internet Control Message Protocol", Icmp.Layer),
        ("Transmission Control Protocol", Tcp.Layer),
        ("User Datagram Protocol", Udp.Layer),
        ("Address Resolution Protocol", Arp.Layer),
        ("Virtual eXtensible Local Area Network", Vxlan.Layer),
    ];

    /// <summary>The layer a title names: "Internet Protocol, Src: …" is IPv4; "Internet Protocol Version 6" is not.</summary>
    public static ProtocolLayer? LayerOf(string title)
    {
        foreach (var (words, layer) in Titles)
        {
            if (!title.StartsWith(words, StringComparison.Ordinal)) continue;
            var rest = title.AsSpan(words.Length);
            if (rest.IsEmpty || rest[0] is ',' or ' ' && !(words == "Internet Protocol" && rest.StartsWith(" Version"))) return layer;
        }
        return null;
    }

    public static readonly IReadOnlyList<EthanalyzerLabel> Labels =
    [
        new("eth", "Destination", PrintedShape.Mac, "eth.dst"),
        new("eth", "Source", PrintedShape.Mac, "eth.src"),
        new("eth", "Type", PrintedShape.Number, "eth.type"),

        // tshark 1.x says CFI where later versions say DEI.
        new("vlan", "Priority", PrintedShape.Number, "vlan.priority"),
        new("vlan", "CFI", PrintedShape.Number, "vlan.dei"),
        new("vlan", "DEI", PrintedShape.Number, "vlan.dei"),
        new("vlan", "ID", PrintedShape.Number, "vlan.id"),
        new("vlan", "Type", PrintedShape.Number, "vlan.etype"),

        new("ip", "Version", PrintedShape.Number, "ip.version"),
        new("ip", "Header length", PrintedShape.Number, "ip.hdr_len"),
        new("ip", "Differentiated Services Field", PrintedShape.Number, "ip.dsfield"),
        new("ip", "Type of service", PrintedShape.Number, "ip.dsfield"),
        new("ip", "Total Length", PrintedShape.Number, "ip.len"),
        new("ip", "Identification", PrintedShape.Number, "ip.id"),
        // "Flags: 0x02" (1.x), "0x4000" (2.x), "0x40" (3.x) or "0x2" (4.x): its bit lines say the same in every version.
        new("ip", "Reserved bit", PrintedShape.Number, "ip.flags.rb"),
        new("ip", "Don't fragment", PrintedShape.Number, "ip.flags.df"),
        new("ip", "More fragments", PrintedShape.Number, "ip.flags.mf"),
        new("ip", "Fragment offset", PrintedShape.Number, "ip.frag_offset"),
        new("ip", "Time to live", PrintedShape.Number, "ip.ttl"),
        new("ip", "Protocol", PrintedShape.Number, "ip.proto"),
        new("ip", "Header checksum", PrintedShape.Number, "ip.checksum"),
        new("ip", "Source", PrintedShape.Address, "ip.src"),
        new("ip", "Source Address", PrintedShape.Address, "ip.src"),
        new("ip", "Destination", PrintedShape.Address, "ip.dst"),
        new("ip", "Destination Address", PrintedShape.Address, "ip.dst"),

        new("ipv6", "Version", PrintedShape.Number, "ipv6.version"),
        new("ipv6", "Traffic class", PrintedShape.Number, "ipv6.tclass"),
        new("ipv6", "Flowlabel", PrintedShape.Number, "ipv6.flow"),
        new("ipv6", "Flow Label", PrintedShape.Number, "ipv6.flow"),
        new("ipv6", "Payload length", PrintedShape.Number, "ipv6.plen"),
        new("ipv6", "Next header", PrintedShape.Number, "ipv6.nxt"),
        new("ipv6", "Hop limit", PrintedShape.Number, "ipv6.hlim"),
        new("ipv6", "Source", PrintedShape.Address, "ipv6.src"),
        new("ipv6", "Source Address", PrintedShape.Address, "ipv6.src"),
        new("ipv6", "Destination", PrintedShape.Address, "ipv6.dst"),
        new("ipv6", "Destination Address", PrintedShape.Address, "ipv6.dst"),

        new("icmp", "Type", PrintedShape.Number, "icmp.type"),
        new("icmp", "Code", PrintedShape.Number, "icmp.code"),
        new("icmp", "Checksum", PrintedShape.Number, "icmp.checksum"),
        // tshark 1.x prints the identifier in hex; later versions print it both ways, big- and little-endian: (BE) is the field.
        new("icmp", "Identifier", PrintedShape.Number, "icmp.ident"),
        new("icmp", "Identifier (BE)", PrintedShape.Number, "icmp.ident"),
        new("icmp", "Sequence number", PrintedShape.Number, "icmp.seq"),
        new("icmp", "Sequence number (BE)", PrintedShape.Number, "icmp.seq"),
        new("icmp", "Pointer", PrintedShape.Number, "icmp.pointer"),
        new("icmp", "Gateway address", PrintedShape.Address, "icmp.redir_gw"),
        new("icmp", "MTU of next hop", PrintedShape.Number, "icmp.mtu"),
        // Later versions print an error's unused word; tshark 1.x does not, and it stays unknown.
        new("icmp", "Unused", PrintedShape.Number, "icmp.unused"),

        new("icmpv6", "Type", PrintedShape.Number, "icmpv6.type"),
        new("icmpv6", "Code", PrintedShape.Number, "icmpv6.code"),
        new("icmpv6", "Checksum", PrintedShape.Number, "icmpv6.checksum"),
        new("icmpv6", "ID", PrintedShape.Number, "icmpv6.echo.identifier"),
        new("icmpv6", "Identifier", PrintedShape.Number, "icmpv6.echo.identifier"),
        new("icmpv6", "Sequence", PrintedShape.Number, "icmpv6.echo.sequence_number"),
        new("icmpv6", "Sequence Number", PrintedShape.Number, "icmpv6.echo.sequence_number"),
        new("icmpv6", "Reserved", PrintedShape.Number, "icmpv6.reserved"),

        new("tcp", "Source port", PrintedShape.Number, "tcp.srcport"),
        new("tcp", "Destination port", PrintedShape.Number, "tcp.dstport"),
        // tshark prints sequence numbers relative to the connection's first unless told not to; the raw one, when printed, is the field.
        new("tcp", "Sequence number", PrintedShape.Number, "tcp.seq_raw") { RelativeIsNotRaw = true },
        new("tcp", "Sequence Number (raw)", PrintedShape.Number, "tcp.seq_raw"),
        new("tcp", "Acknowledgement number", PrintedShape.Number, "tcp.ack_raw") { RelativeIsNotRaw = true },
        new("tcp", "Acknowledgment number", PrintedShape.Number, "tcp.ack_raw") { RelativeIsNotRaw = true },
        new("tcp", "Acknowledgment number (raw)", PrintedShape.Number, "tcp.ack_raw"),
        new("tcp", "Header length", PrintedShape.Number, "tcp.hdr_len"),
        new("tcp", "Reserved", PrintedShape.Number, "tcp.flags.res"),
        new("tcp", "Nonce", PrintedShape.Number, "tcp.flags.ae"),
        new("tcp", "Accurate ECN", PrintedShape.Number, "tcp.flags.ae"),
        new("tcp", "Congestion Window Reduced (CWR)", PrintedShape.Number, "tcp.flags.cwr"),
        new("tcp", "Congestion Window Reduced", PrintedShape.Number, "tcp.flags.cwr"),
        new("tcp", "ECN-Echo", PrintedShape.Number, "tcp.flags.ece"),
        new("tcp", "Urgent", PrintedShape.Number, "tcp.flags.urg"),
        new("tcp", "Acknowledgement", PrintedShape.Number, "tcp.flags.ack"),
        new("tcp", "Acknowledgment", PrintedShape.Number, "tcp.flags.ack"),
        new("tcp", "Push", PrintedShape.Number, "tcp.flags.push"),
        new("tcp", "Reset", PrintedShape.Number, "tcp.flags.reset"),
        new("tcp", "Syn", PrintedShape.Number, "tcp.flags.syn"),
        new("tcp", "Fin", PrintedShape.Number, "tcp.flags.fin"),
        // tshark 1.0-1.6 "Window size: 5840"; later "Window size value: 5840" beside "[Calculated window size: …]", and 4.x "Window: 5840".
        new("tcp", "Window size", PrintedShape.Number, "tcp.window_size_value"),
        new("tcp", "Window size value", PrintedShape.Number, "tcp.window_size_value"),
        new("tcp", "Window", PrintedShape.Number, "tcp.window_size_value"),
        new("tcp", "Checksum", PrintedShape.Number, "tcp.checksum"),
        new("tcp", "Urgent pointer", PrintedShape.Number, "tcp.urgent_pointer"),

        new("udp", "Source port", PrintedShape.Number, "udp.srcport"),
        new("udp", "Destination port", PrintedShape.Number, "udp.dstport"),
        new("udp", "Length", PrintedShape.Number, "udp.length"),
        new("udp", "Checksum", PrintedShape.Number, "udp.checksum"),

        new("arp", "Hardware type", PrintedShape.Number, "arp.hw.type"),
        new("arp", "Protocol type", PrintedShape.Number, "arp.proto.type"),
        new("arp", "Hardware size", PrintedShape.Number, "arp.hw.size"),
        new("arp", "Protocol size", PrintedShape.Number, "arp.proto.size"),
        new("arp", "Opcode", PrintedShape.Number, "arp.opcode"),
        new("arp", "Sender MAC address", PrintedShape.Mac, "arp.src.hw_mac"),
        new("arp", "Sender IP address", PrintedShape.Address, "arp.src.proto_ipv4"),
        new("arp", "Target MAC address", PrintedShape.Mac, "arp.dst.hw_mac"),
        new("arp", "Target IP address", PrintedShape.Address, "arp.dst.proto_ipv4"),

        // Flags and the reserved words around them are read by VxlanWords: their width depends on the version.
        new("vxlan", "Group Policy ID", PrintedShape.Number, "vxlan.gbp"),
        new("vxlan", "VXLAN Network Identifier (VNI)", PrintedShape.Number, "vxlan.vni"),
    ];

    private static readonly Dictionary<(string Protocol, string Words), EthanalyzerLabel> ByWords =
        Labels.ToDictionary(l => (l.Protocol, l.Words.ToLowerInvariant()));

    /// <summary>The label printed under a layer's title, in any case.</summary>
    public static EthanalyzerLabel? Find(ProtocolLayer layer, string words) =>
        ByWords.GetValueOrDefault((layer.Protocol, words.ToLowerInvariant()));

    /// <summary>
    /// VXLAN's first words: tshark 1.x prints an 8-bit "Flags: 0x08" and a 24-bit "Reserved: 0x000000" where
    /// later versions print the 16-bit flags and the 16-bit group policy ID: together they are the same 32 bits.
    /// </summary>
    public static readonly IReadOnlyList<string> VxlanWords = ["vxlan.flags", "vxlan.gbp"];

    /// <summary>The eight flag bits tshark 1.x prints as "Flags: 0x18"; later versions print twelve ("Flags: 0x018").</summary>
    public static IReadOnlyList<string> TcpFlags(int hexDigits) => hexDigits <= 2 ? Tcp.FlagByte : ["tcp.flags"];
}
