using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// An 802.1Q tag (EtherType 0x8100), or an 802.1ad service tag (0x88A8, named as Wireshark names it:
/// ieee8021ad, its type ieee8021ah.etype), between the Ethernet header and what it carries. A type of
/// 1500 or less is an 802.3 length, with LLC after it.
/// </summary>
public sealed class Vlan : ProtocolLayer
{
    public static readonly Vlan Layer = new("vlan", "802.1Q Virtual LAN", "vlan.etype");
    public static readonly Vlan ServiceTag = new("ieee8021ad", "IEEE 802.1ad", "ieee8021ah.etype");

    private readonly FieldSpec typeField;
    private readonly FieldSpec lengthField;

    private Vlan(string prefix, string title, string typeName) : base(new HeaderSpec(prefix, title, 4,
    [
        FieldSpec.Named($"{prefix}.priority", "Priority", 0, 3, FieldFormat.Decimal, Names.VlanPriorities),
        FieldSpec.Flag($"{prefix}.dei", "Drop eligible", 3),
        FieldSpec.Number($"{prefix}.id", "VLAN", 4, 12),
        FieldSpec.Named(typeName, "Type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
    ]))
    {
        typeField = Header.Fields[3];
        lengthField = FieldSpec.Number($"{prefix}.len", "Length", 16, 16);
        Next = new(BindingTable.EtherType, typeName);
    }

    public override NextLayer Next { get; }

    /// <summary>Returns the extent of the datagram the tag carries, for the frame to label its padding.</summary>
    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var typeOrLength = FieldCodec.Read(typeField, d.Bytes, slot.Offset).Number;
        var isLength = typeOrLength <= Ethernet.LargestLength;
        var vlan = d.Layer(into, Header.Protocol, Header.Title, slot.Offset);
        foreach (var spec in Header.Fields.Take(3)) d.Add(vlan, spec, slot.Offset);
        d.Add(vlan, isLength ? lengthField : typeField, slot.Offset);
        vlan.Length = Math.Min(Header.Length, Math.Max(0, d.Bytes.Length - slot.Offset));
        var payload = slot.Offset + Header.Length;
        if (typeOrLength is not { } value || payload >= Math.Min(slot.End, d.Bytes.Length)) return null;
        if (!isLength) return d.Next(into, BindingTable.EtherType, value, slot with { Offset = payload });
        Llc.Layer.Parse(d, into, slot with { Offset = payload, End = Math.Min(slot.End, payload + (int)value) });
        return new DeclaredExtent(payload, (int)value);
    }

    /// <summary>The tag's fields, with the type or the 802.3 length over the same bytes.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) => [.. Header.Fields, lengthField];
}
