namespace TraceImport.Decoding.Protocols;

/// <summary>
/// One MPLS label stack entry (RFC 3032, EtherType 0x8847): label, traffic class, bottom of stack, TTL.
/// Entries follow one another until the bottom one; what it carries is told by its first nibble, as
/// Wireshark tells it (4 IPv4, 6 IPv6), else data.
/// </summary>
public sealed class Mpls() : ProtocolLayer(new HeaderSpec("mpls", "MultiProtocol Label Switching Header", 4,
[
    FieldSpec.Named("mpls.label", "MPLS label", 0, 20, FieldFormat.Decimal, Names.MplsLabels),
    FieldSpec.Number("mpls.exp", "MPLS experimental bits", 20, 3),
    FieldSpec.Flag("mpls.bottom", "MPLS bottom of label stack", 23),
    FieldSpec.Number("mpls.ttl", "MPLS TTL", 24, 8),
]))
{
    public static readonly Mpls Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var entry = d.Header(into, Header, slot.Offset);
        var next = slot with { Offset = slot.Offset + Header.Length };
        if (Dissection.NumberOf(entry, "mpls.bottom") is not { } bottom || next.Offset >= Math.Min(slot.End, d.Bytes.Length)) return null;
        if (bottom == 0) return Parse(d, into, next);
        var versionKnown = d.Bytes.StateOfBits(next.Offset * 8, 4) == FieldStatus.Ok;
        ProtocolLayer? network = versionKnown ? (d.Bytes.Data[next.Offset] >> 4) switch { 4 => Ipv4.Layer, 6 => Ipv6.Layer, _ => null } : null;
        if (network is not null) return network.Parse(d, into, next);
        Payload.Data(d, into, next.Offset, next.End);
        return null;
    }
}
