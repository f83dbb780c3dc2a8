namespace TraceImport.Decoding.Protocols;

/// <summary>Raw IP (LINKTYPE_RAW): the packet starts at an IP header, whose version nibble says which.</summary>
public sealed class RawIp() : ProtocolLayer(new HeaderSpec("raw", "Raw IP", 0, []))
{
    public static readonly RawIp Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var versionKnown = d.Bytes.Length > slot.Offset && d.Bytes.StateOfBits(slot.Offset * 8, 4) == FieldStatus.Ok;
        ProtocolLayer? network = versionKnown ? (d.Bytes.Data[slot.Offset] >> 4) switch { 4 => Ipv4.Layer, 6 => Ipv6.Layer, _ => null } : null;
        if (network is not null) return network.Parse(d, into, slot);
        Payload.Data(d, into, slot.Offset, slot.End);
        return null;
    }
}
