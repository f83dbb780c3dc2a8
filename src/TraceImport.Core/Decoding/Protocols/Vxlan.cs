namespace TraceImport.Decoding.Protocols;

/// <summary>VXLAN (RFC 7348), on UDP port 4789: an 8-byte header with a 24-bit network identifier, then a whole Ethernet frame.</summary>
public sealed class Vxlan() : ProtocolLayer(new HeaderSpec("vxlan", "Virtual eXtensible Local Area Network", 8,
[
    FieldSpec.Hex("vxlan.flags", "Flags", 0, 16) with
    {
        Bits =
        [
            FieldSpec.Flag("vxlan.flag_g", "GBP extension", 0),
            FieldSpec.Flag("vxlan.flag_i", "VXLAN network ID present", 4),
            FieldSpec.Flag("vxlan.flag_d", "Don't learn", 9),
            FieldSpec.Flag("vxlan.flag_a", "Policy applied", 12),
            // The bits no flag names, as Wireshark masks them (0x77B7).
            FieldSpec.Hex("vxlan.flags_reserved", "Reserved", 0, 16) with { Render = v => $"0x{v & 0x77B7:x4}" },
        ],
    },
    FieldSpec.Number("vxlan.gbp", "Group policy ID", 16, 16),
    FieldSpec.Number("vxlan.vni", "VXLAN network identifier (VNI)", 32, 24),
    FieldSpec.Number("vxlan.reserved8", "Reserved", 56, 8),
]))
{
    public static readonly Vxlan Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        d.Header(into, Header, slot.Offset);
        var frame = slot.Offset + Header.Length;
        if (frame < Math.Min(slot.End, d.Bytes.Length)) Ethernet.Layer.Parse(d, into, slot with { Offset = frame });
        return null;
    }
}
