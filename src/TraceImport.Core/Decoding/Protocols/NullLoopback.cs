namespace TraceImport.Decoding.Protocols;

/// <summary>
/// BSD loopback (LINKTYPE_NULL 0 and LINKTYPE_LOOP 108): a 4-byte address family before the network
/// layer. NULL writes it in the capturing host's byte order, LOOP in network byte order.
/// </summary>
public sealed class NullLoopback : ProtocolLayer
{
    private static readonly IReadOnlyDictionary<ulong, string> Families = new Dictionary<ulong, string>
    {
        [2] = "IP", [7] = "OSI", [23] = "IPX", [24] = "IPv6 (NetBSD, OpenBSD)", [28] = "IPv6 (FreeBSD)", [30] = "IPv6 (Darwin)",
    };

    private static readonly FieldSpec Family = FieldSpec.Named("null.family", "Family", 0, 32, FieldFormat.Decimal, Families);

    public static readonly NullLoopback Null = new(byteOrderOfHost: true);
    public static readonly NullLoopback Loop = new(byteOrderOfHost: false);

    private readonly bool byteOrderOfHost;

    private NullLoopback(bool byteOrderOfHost) : base(new HeaderSpec("null", "Null/Loopback", 4, [Family])) =>
        this.byteOrderOfHost = byteOrderOfHost;

    public override NextLayer Next => new(BindingTable.NullFamily, "null.family");

    /// <summary>
    /// The family as the capturing host wrote it: every family fits the low 16 bits, so a value with
    /// its high bytes set was written least significant byte first.
    /// </summary>
    private FieldSpec FamilyAt(Dissection d, int offset)
    {
        if (!byteOrderOfHost) return Family;
        var bigEndian = FieldCodec.Read(Family, d.Bytes, offset).Number;
        return bigEndian is { } value && (value & 0xFFFF0000) != 0 ? Family with { LittleEndian = true } : Family;
    }

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var layer = d.Layer(into, Header.Protocol, Header.Title, slot.Offset);
        var family = d.Add(layer, FamilyAt(d, slot.Offset), slot.Offset).Number;
        layer.Length = Math.Min(Header.Length, Math.Max(0, d.Bytes.Length - slot.Offset));
        var payload = slot.Offset + Header.Length;
        if (family is not { } key || payload >= Math.Min(slot.End, d.Bytes.Length)) return null;
        return d.Next(into, BindingTable.NullFamily, key, slot with { Offset = payload });
    }

    /// <summary>Emit writes NULL's family least significant byte first, as the little-endian hosts that write most such captures do.</summary>
    public override IEnumerable<FieldSpec> Fields(Rebuild.FieldValues values) => [byteOrderOfHost ? Family with { LittleEndian = true } : Family];
}
