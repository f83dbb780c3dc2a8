using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Linux cooked capture (LINKTYPE_LINUX_SLL 113 and LINKTYPE_LINUX_SLL2 276), what `tcpdump -i any`
/// records: the packet's direction, the link-layer address type and source address, and an EtherType.
/// Version 2 puts the protocol first and adds the interface index.
/// </summary>
public sealed class Sll : ProtocolLayer
{
    private static readonly IReadOnlyDictionary<ulong, string> PacketTypes = new Dictionary<ulong, string>
    {
        [0] = "Unicast to us", [1] = "Broadcast", [2] = "Multicast", [3] = "Unicast to another host", [4] = "Sent by us",
    };

    private static readonly IReadOnlyDictionary<ulong, string> AddressTypes = new Dictionary<ulong, string>
    {
        [1] = "Ethernet", [512] = "PPP", [768] = "IP-in-IP tunnel", [772] = "Loopback", [776] = "IPv6-in-IPv4 tunnel",
        [778] = "IP GRE tunnel", [801] = "IEEE 802.11", [65534] = "None",
    };

    /// <summary>Protocol values up to this are Linux's own protocol types, not EtherTypes ("yes, 1536 — that's how Linux does it").</summary>
    private const ulong LastLinuxProtocol = 1536;

    public static readonly Sll V1 = new("Linux cooked capture v1", 16,
    [
        FieldSpec.Named("sll.pkttype", "Packet type", 0, 16, FieldFormat.Decimal, PacketTypes),
        FieldSpec.Named("sll.hatype", "Link-layer address type", 16, 16, FieldFormat.Decimal, AddressTypes),
        FieldSpec.Number("sll.halen", "Link-layer address length", 32, 16),
    ], addressAt: 6, protocolAt: 14);

    public static readonly Sll V2 = new("Linux cooked capture v2", 20,
    [
        FieldSpec.Named("sll.etype", "Protocol", 0, 16, FieldFormat.Hex, Names.EtherTypes),
        FieldSpec.Hex("sll.reserved", "Reserved", 16, 16),
        FieldSpec.Number("sll.ifindex", "Interface index", 32, 32),
        FieldSpec.Named("sll.hatype", "Link-layer address type", 64, 16, FieldFormat.Decimal, AddressTypes),
        FieldSpec.Named("sll.pkttype", "Packet type", 80, 8, FieldFormat.Decimal, PacketTypes),
        FieldSpec.Number("sll.halen", "Link-layer address length", 88, 8),
    ], addressAt: 12, protocolAt: 0);

    private readonly int addressAt;
    private readonly int protocolAt;

    private Sll(string title, int length, IReadOnlyList<FieldSpec> fixedFields, int addressAt, int protocolAt)
        : base(new HeaderSpec("sll", title, length, fixedFields))
    {
        this.addressAt = addressAt;
        this.protocolAt = protocolAt;
    }

    public override NextLayer Next => new(BindingTable.EtherType, "sll.etype");

    /// <summary>The eight address bytes, as the address length says they are used.</summary>
    private IReadOnlyList<FieldSpec> Address(ulong? length)
    {
        var at = addressAt * 8;
        FieldSpec Unused(int from) => new("sll.unused", "Unused", at + from * 8, (8 - from) * 8, FieldFormat.Bytes);
        return length switch
        {
            6 => [new FieldSpec("sll.src.eth", "Source", at, 48, FieldFormat.Mac), Unused(6)],
            4 => [new FieldSpec("sll.src.ipv4", "Source", at, 32, FieldFormat.Ipv4), Unused(4)],
            0 => [Unused(0)],
            > 0 and < 8 => [new FieldSpec("sll.src.other", "Source", at, (int)length * 8, FieldFormat.Bytes), Unused((int)length)],
            _ => [new FieldSpec("sll.src.other", "Source", at, 64, FieldFormat.Bytes)],
        };
    }

    /// <summary>Version 1's protocol field after the address: an EtherType, or a Linux protocol type.</summary>
    private IReadOnlyList<FieldSpec> ProtocolField(ulong? value) => protocolAt == 0 ? [] :
    [
        value <= LastLinuxProtocol
            ? FieldSpec.Hex("sll.ltype", "Protocol", protocolAt * 8, 16)
            : FieldSpec.Named("sll.etype", "Protocol", protocolAt * 8, 16, FieldFormat.Hex, Names.EtherTypes),
    ];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var sll = d.Header(into, Header, offset);
        var protocolField = new FieldSpec("protocol", "Protocol", protocolAt * 8, 16, FieldFormat.Hex);
        var protocol = FieldCodec.Read(protocolField, d.Bytes, offset).Number;
        foreach (var spec in Address(Dissection.NumberOf(sll, "sll.halen")).Concat(ProtocolField(protocol))) d.Add(sll, spec, offset);

        var payload = offset + Header.Length;
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (payload >= end) return null;
        if (protocol is not { } etherType || etherType <= LastLinuxProtocol)
        {
            Payload.Data(d, into, payload, end);
            return null;
        }
        var declared = d.Next(into, BindingTable.EtherType, etherType, slot with { Offset = payload });
        if (declared is { } datagram && datagram.End < end) Trailer(d, into, datagram.End, end);
        return null;
    }

    /// <summary>Bytes after the datagram's own length: a trailer, never part of the datagram.</summary>
    private static void Trailer(Dissection d, List<DecodedLayer> into, int start, int end)
    {
        var layer = d.Layer(into, "sll", "Linux cooked capture trailer", start);
        layer.Length = end - start;
        var field = FieldCodec.Read(new FieldSpec("sll.trailer", "Trailer", 0, (end - start) * 8, FieldFormat.Bytes), d.Bytes, start);
        field.Status = FieldStatus.Padding;
        field.Meaning = $"{end - start} byte(s) after the datagram";
        layer.Fields.Add(field);
    }

    /// <summary>The fixed fields, the address as the address length given uses it, and either protocol field.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
        Header.Fields.Concat(Address(ValueOf("sll.halen", values))).Concat(ProtocolField(LastLinuxProtocol + 1)).Concat(ProtocolField(0));
}
