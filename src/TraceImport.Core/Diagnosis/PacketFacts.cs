using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

public sealed record IpFacts(byte[] Source, byte[] Destination, string SourceText, string DestinationText, ulong? Id, ulong? Ttl, ulong? Protocol,
    DecodedField? Checksum, ulong? TotalLength, ulong? HeaderLength);

public sealed record TcpFacts(ulong SourcePort, ulong DestinationPort, ulong? Seq, ulong? Ack, ulong Flags, int? PayloadLength, DecodedField? Checksum)
{
    public bool Syn => (Flags & 0x02) != 0;
    public bool HasAck => (Flags & 0x10) != 0;
    public bool Fin => (Flags & 0x01) != 0;
    public bool Rst => (Flags & 0x04) != 0;
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
        var ipLayer = network >= 0 && top[network].Protocol == "ip" ? top[network] : null;
        var ip = ipLayer is null ? null : IpOf(ipLayer);
        DecodedLayer? Carried(string protocol) => top.Skip(network + 1).FirstOrDefault(l => l.Protocol == protocol);
        var tcpLayer = Carried("tcp");
        var udpLayer = Carried("udp");
        var icmpLayer = Carried("icmp");
        var arpLayer = top.LastOrDefault(l => l.Protocol == "arp");
        return new PacketFacts
        {
            Number = packet.Number,
            Source = packet.Source,
            Format = packet.Format,
            Time = packet.Time,
            Ip = ip,
            Tcp = tcpLayer is null ? null : TcpOf(tcpLayer, ip),
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
    private static ulong KnownFlagByte(DecodedLayer tcp) =>
        Decoding.Protocols.Tcp.FlagByte.Select((name, i) => (Value(tcp, name) ?? 0) << (7 - i)).Aggregate(0UL, (all, bit) => all | bit);

    private static IpFacts? IpOf(DecodedLayer ip)
    {
        var src = ip.Field("ip.src");
        var dst = ip.Field("ip.dst");
        if (src is null || dst is null) return null;
        return new IpFacts(Bytes(src.Raw), Bytes(dst.Raw), src.Value ?? src.Raw, dst.Value ?? dst.Raw,
            Value(ip, "ip.id"), Value(ip, "ip.ttl"), Value(ip, "ip.proto"), ip.Field("ip.checksum"), Value(ip, "ip.len"), Value(ip, "ip.hdr_len"));
    }

    /// <summary>Address bytes from raw hex; a masked nibble reads as zero, and the text form (with X) keeps the mask.</summary>
    private static byte[] Bytes(string raw) => raw.Length % 2 == 0 ? Convert.FromHexString(raw.Replace('X', '0')) : [];

    private static TcpFacts? TcpOf(DecodedLayer tcp, IpFacts? ip)
    {
        if (Value(tcp, "tcp.srcport") is not { } source || Value(tcp, "tcp.dstport") is not { } destination) return null;
        var flags = Value(tcp, "tcp.flags") ?? KnownFlagByte(tcp);
        int? payload = ip?.TotalLength is { } total && ip.HeaderLength is { } ipHeader && Value(tcp, "tcp.hdr_len") is { } tcpHeader
            ? (int)(total - ipHeader - tcpHeader) : null;
        return new TcpFacts(source, destination, Value(tcp, "tcp.seq_raw"), Value(tcp, "tcp.ack_raw"), flags, payload, tcp.Field("tcp.checksum"));
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

    public static string Endpoint(string address, ulong port) => $"{address}:{port}";
}
