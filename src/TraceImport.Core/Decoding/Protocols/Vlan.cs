namespace TraceImport.Decoding.Protocols;

/// <summary>An 802.1Q (or 802.1ad) tag between the Ethernet header and what it carries.</summary>
public sealed class Vlan() : ProtocolLayer(new HeaderSpec("vlan", "802.1Q Virtual LAN", 4,
[
    FieldSpec.Number("vlan.priority", "Priority", 0, 3),
    FieldSpec.Flag("vlan.dei", "Drop eligible", 3),
    FieldSpec.Number("vlan.id", "VLAN", 4, 12),
    FieldSpec.Named("vlan.etype", "Type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
]))
{
    public static readonly Vlan Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "vlan.etype");

    /// <summary>Returns the extent of the datagram the tag carries, for the frame to label its padding.</summary>
    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var vlan = d.Header(into, Header, slot.Offset);
        var payload = slot.Offset + Header.Length;
        if (Dissection.NumberOf(vlan, "vlan.etype") is not { } etherType || payload >= Math.Min(slot.End, d.Bytes.Length)) return null;
        return d.Next(into, BindingTable.EtherType, etherType, slot with { Offset = payload });
    }
}
