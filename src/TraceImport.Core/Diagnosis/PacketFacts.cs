using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <param name="Source">The address's bytes, a masked nibble read as 0 (<paramref name="SourceText"/> keeps the X).</param>
/// <param name="Version">4 or 6.</param>
/// <param name="Ttl">The TTL, or IPv6's hop limit.</param>
/// <param name="Protocol">The protocol carried: IPv4's protocol field, or the next header after IPv6's extension headers.</param>
/// <param name="DatagramLength">The datagram's length as its header states it (IPv6: 40 + the payload length).</param>
/// <param name="HeaderLength">IPv4's header length; for IPv6, 40 and the extension headers.</param>
public sealed record IpFacts(byte[] Source, byte[] Destination, string SourceText, string DestinationText, ulong? Id, ulong? Ttl, ulong? Protocol,
    DecodedField? Checksum, ulong? DatagramLength, ulong? HeaderLength, int Version = 4)
{
    /// <summary>IPv4's total length (null for IPv6, whose header states a payload length).</summary>
    public ulong? TotalLength => Version == 4 ? DatagramLength : null;
}

/// <param name="Flags">The flag bits (FIN 0x01 … ACK 0x10 …), or null when the text did not show SYN, ACK, FIN and RST.</param>
/// <param name="PayloadLength">The segment's data length from the IP lengths, whether or not its bytes were shown.</param>
/// <param name="Window">The window field as sent (before any scaling).</param>
/// <param name="WindowShift">The window scale option's shift count, where the segment carries one.</param>
/// <param name="Mss">The MSS option's value, where the segment carries one.</param>
/// <param name="MultipathSignal">The segment carries a Multipath TCP option other than data sequence signalling (MP_CAPABLE, MP_JOIN, ADD_ADDR, REMOVE_ADDR, MP_PRIO, …).</param>
public sealed record TcpFacts(ulong SourcePort, ulong DestinationPort, ulong? Seq, ulong? Ack, ulong? Flags, int? PayloadLength, DecodedField? Checksum,
    ulong? Window = null, int? WindowShift = null, ulong? Mss = null, bool MultipathSignal = false)
{
    public bool Syn => ((Flags ?? 0) & 0x02) != 0;
    public bool HasAck => ((Flags ?? 0) & 0x10) != 0;
    public bool Fin => ((Flags ?? 0) & 0x01) != 0;
    public bool Rst => ((Flags ?? 0) & 0x04) != 0;
    public bool FlagsKnown => Flags is not null;
}

/// <param name="PointerTargets">The quoted header's fields a Parameter Problem's pointer names, with the values the quote holds there.</param>
public sealed record IcmpFacts(ulong Type, ulong Code, string? TypeName, string? CodeName, DecodedField? Pointer, IpFacts? QuotedIp,
    (ulong SourcePort, ulong DestinationPort, ulong? Seq)? QuotedTransport, IReadOnlyList<PointerTarget> PointerTargets)
{
    /// <summary>Destination unreachable, source quench, redirect, time exceeded, parameter problem: the types that answer a datagram.</summary>
    public bool IsError => Type is 3 or 4 or 5 or 11 or 12;
}

public sealed record ArpFacts(ulong Opcode, byte[]? SenderMac, string? SenderIp, byte[]? TargetMac, string? TargetIp);

/// <summary>
/// What the diagnosis rules need to know of one packet, taken from its decode: small enough to
/// keep for the few packets a rule remembers, without the packet's bytes or decode tree.
/// </summary>
public sealed class PacketFacts
{
    public required int Number { get; init; }
    public required SourceSpan Source { get; init; }
    public required string Format { get; init; }
    public CaptureTime? Time { get; init; }
    /// <summary>The capture interface the text names (or its format's name for it).</summary>
    public string? Interface { get; init; }
    public IpFacts? Ip { get; init; }
    public TcpFacts? Tcp { get; init; }
    public (ulong SourcePort, ulong DestinationPort, DecodedField? Checksum)? Udp { get; init; }
    public IcmpFacts? Icmp { get; init; }
    public ArpFacts? Arp { get; init; }

    public PacketRef Ref(string role) => new(Number, Source, role);

    public static PacketFacts From(Packet packet, PacketDecode decode)
    {
        // A tunnel's layers follow its carrier's: the facts are the innermost datagram's, its transport read with its own IP header.
        var top = decode.Layers;
        var network = top.Count - 1;
        while (network >= 0 && top[network].Protocol is not ("ip" or "ipv6")) network--;
        var ipLayer = network >= 0 ? top[network] : null;
        var ip = ipLayer is null ? null : ipLayer.Protocol == "ip" ? IpOf(ipLayer) : Ipv6Of(ipLayer);
        DecodedLayer? Carried(string protocol)
        {
            for (var i = network + 1; i < top.Count; i++)
            {
                if (top[i].Protocol == protocol) return top[i];
            }
            return null;
        }
        var tcpLayer = Carried("tcp");
        var udpLayer = Carried("udp");
        var icmpLayer = ip?.Version == 4 ? Carried("icmp") : null;
        DecodedLayer? arpLayer = null;
        for (var i = top.Count - 1; i >= 0 && arpLayer is null; i--) arpLayer = top[i].Protocol == "arp" ? top[i] : null;
        return new PacketFacts
        {
            Number = packet.Number,
            Source = packet.Source,
            Format = packet.Format,
            Time = packet.Time is { Inferred: false } own ? own : null, // a time borrowed for an untimed packet is no evidence of timing
            Interface = packet.Interface,
            Ip = ip,
            Tcp = tcpLayer is null ? null : TcpOf(tcpLayer, ipLayer!, ip, packet),
            Udp = udpLayer is null || Value(udpLayer, "udp.srcport") is not { } us || Value(udpLayer, "udp.dstport") is not { } ud
                ? null : (us, ud, udpLayer.Field("udp.checksum")),
            Icmp = icmpLayer is null ? null : IcmpOf(icmpLayer),
            Arp = arpLayer is null ? null : ArpOf(arpLayer),
        };
    }

    public static double? Seconds(PacketFacts from, PacketFacts to) =>
        from.Time is { } a && to.Time is { } b ? (b.UnixNanoseconds - a.UnixNanoseconds) / 1e9 : null;

    private static ulong? Value(DecodedLayer layer, string name) => layer.Field(name)?.Number;

    /// <summary>
    /// The eight flags when the twelve-bit field is not wholly known (a packet rebuilt from a summary, which
    /// states the flags but not the reserved bits before them): each flag bit the decode knows, the others clear.
    /// </summary>
    private static IpFacts? IpOf(DecodedLayer ip)
    {
        var src = ip.Field("ip.src");
        var dst = ip.Field("ip.dst");
        if (src is null || dst is null) return null;
        return new IpFacts(src.BytesUnknownAsZero(), dst.BytesUnknownAsZero(), src.Value ?? src.Raw, dst.Value ?? dst.Raw,
            Value(ip, "ip.id"), Value(ip, "ip.ttl"), Value(ip, "ip.proto"), ip.Field("ip.checksum"), Value(ip, "ip.len"), Value(ip, "ip.hdr_len"));
    }

    private static IpFacts? Ipv6Of(DecodedLayer ip)
    {
        var src = ip.Field("ipv6.src");
        var dst = ip.Field("ipv6.dst");
        if (src is null || dst is null) return null;
        // The protocol carried is the next header named by the last extension header, or by the fixed header when there is none.
        var next = Value(ip, "ipv6.nxt");
        foreach (var extension in ip.Layers) next = extension.Fields.FirstOrDefault(f => f.Name.EndsWith(".nxt", StringComparison.Ordinal))?.Number;
        return new IpFacts(src.BytesUnknownAsZero(), dst.BytesUnknownAsZero(), src.Value ?? src.Raw, dst.Value ?? dst.Raw,
            null, Value(ip, "ipv6.hlim"), next, null, Value(ip, "ipv6.plen") is { } payload ? payload + 40 : null, (ulong)ip.Length, 6);
    }

    private static TcpFacts? TcpOf(DecodedLayer tcp, DecodedLayer network, IpFacts? ip, Packet packet)
    {
        if (Value(tcp, "tcp.srcport") is not { } source || Value(tcp, "tcp.dstport") is not { } destination) return null;
        var options = tcp.Layers;
        return new TcpFacts(source, destination, Value(tcp, "tcp.seq_raw"), Value(tcp, "tcp.ack_raw"), FlagsOf(tcp),
            SegmentLength(tcp, network, ip, packet), tcp.Field("tcp.checksum"), Value(tcp, "tcp.window_size_value"),
            Option(options, "tcp.options.wscale") is { } scale && Value(scale, "tcp.options.wscale.shift") is { } shift ? (int)Math.Min(shift, 255) : null,
            Option(options, "tcp.options.mss") is { } mss ? Value(mss, "tcp.options.mss_val") : null,
            options.Count > 0 && options.Exists(MultipathSignal));
    }

    private static DecodedLayer? Option(List<DecodedLayer> options, string protocol)
    {
        foreach (var option in options)
        {
            if (option.Protocol == protocol) return option;
        }
        return null;
    }

    /// <summary>A Multipath TCP option (kind 30) of any subtype but DSS (2), the data sequence signal every segment carries (RFC 8684 §3).</summary>
    private static bool MultipathSignal(DecodedLayer option)
    {
        if (option.Fields.Find(f => f.Name == "tcp.option_kind")?.Number != 30) return false;
        var data = option.Field("tcp.option.data")?.Raw;
        return data is { Length: >= 1 } && data[0] is not ('2' or 'X' or '?');
    }

    /// <summary>
    /// The flag bits that say what a segment is (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR), read bit by bit so that a
    /// text stating them but not the reserved bits still gives them; null when SYN, ACK, FIN or RST is not known.
    /// </summary>
    private static readonly string[] FlagBits = ["tcp.flags.fin", "tcp.flags.syn", "tcp.flags.reset", "tcp.flags.push", "tcp.flags.ack", "tcp.flags.urg", "tcp.flags.ece", "tcp.flags.cwr"];

    private static ulong? FlagsOf(DecodedLayer tcp)
    {
        // The twelve-bit field read whole holds the eight flags in its low byte, FIN lowest, in the order listed.
        if (tcp.Field("tcp.flags") is { BitLength: 12, Number: { } whole }) return whole & 0xFF;
        ulong flags = 0;
        for (var i = 0; i < FlagBits.Length; i++)
        {
            var value = Value(tcp, FlagBits[i]);
            if (value is null && i is 0 or 1 or 2 or 4) return null;
            if (value == 1) flags |= 1UL << i;
        }
        return flags;
    }

    /// <summary>
    /// The segment's data length: where the datagram ends by its own header, less where the data starts. The bytes
    /// need not be there (a capture cut after the headers, a packet rebuilt from a summary). An IPv4 total length of 0
    /// (segmentation offload on the capturing host) leaves the frame's own length to tell it.
    /// </summary>
    private static int? SegmentLength(DecodedLayer tcp, DecodedLayer network, IpFacts? ip, Packet packet)
    {
        if (Value(tcp, "tcp.hdr_len") is not { } header || header < 20) return null;
        int? end = ip?.DatagramLength is { } length && (length > 0 || ip.Version == 6) ? network.Offset + (int)length
            : ip?.Version == 4 && ip.DatagramLength == 0 ? packet.OriginalLength : null;
        if (end is not { } datagramEnd) return null;
        var payload = datagramEnd - (tcp.Offset + (int)header);
        return payload >= 0 ? payload : null;
    }

    private static IcmpFacts? IcmpOf(DecodedLayer icmp)
    {
        if (Value(icmp, "icmp.type") is not { } type || Value(icmp, "icmp.code") is not { } code) return null;
        var quotedIpLayer = icmp.Layers.FirstOrDefault(l => l.Protocol == "ip");
        var quotedIp = quotedIpLayer is null ? null : IpOf(quotedIpLayer);
        var index = quotedIpLayer is null ? -1 : icmp.Layers.IndexOf(quotedIpLayer);
        (ulong, ulong, ulong?)? transport = null;
        foreach (var layer in icmp.Layers.Skip(index + 1))
        {
            var prefix = layer.Protocol;
            if (prefix is not ("tcp" or "udp")) continue;
            if (Value(layer, $"{prefix}.srcport") is { } s && Value(layer, $"{prefix}.dstport") is { } d)
                transport = (s, d, prefix == "tcp" ? Value(layer, "tcp.seq_raw") : null);
            break;
        }
        var (typeName, codeName) = Decoding.Protocols.Icmp.NamesOf(type, code);
        var pointer = icmp.Field("icmp.pointer");
        var targets = pointer?.Number is { } at ? PointerTarget.Of((int)at, quotedIpLayer) : [];
        return new IcmpFacts(type, code, typeName, codeName, pointer, quotedIp, transport, targets);
    }

    private static ArpFacts? ArpOf(DecodedLayer arp)
    {
        if (Value(arp, "arp.opcode") is not { } opcode) return null;
        byte[]? Mac(string name) => arp.Field(name) is { Status: FieldStatus.Ok } f ? Convert.FromHexString(f.Raw) : null;
        string? Ip(string name) => arp.Field(name) is { Status: FieldStatus.Ok } f ? f.Value : null;
        return new ArpFacts(opcode, Mac("arp.src.hw_mac"), Ip("arp.src.proto_ipv4"), Mac("arp.dst.hw_mac"), Ip("arp.dst.proto_ipv4"));
    }

    /// <summary>"10.0.0.1:80", or "[2001:db8::1]:80" for an IPv6 address.</summary>
    public static string Endpoint(string address, ulong port) => address.Contains(':') ? $"[{address}]:{port}" : $"{address}:{port}";
}
