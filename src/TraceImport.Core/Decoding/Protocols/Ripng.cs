namespace TraceImport.Decoding.Protocols;

/// <summary>RIPng (RFC 2080) on UDP port 521: command, version, two reserved bytes, then route table entries of 20 bytes.</summary>
public sealed class Ripng() : ProtocolLayer(new HeaderSpec("ripng", "RIPng", 4,
[
    FieldSpec.Named("ripng.cmd", "Command", 0, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [1] = "Request", [2] = "Response" }),
    FieldSpec.Number("ripng.version", "Version", 8, 8),
    new FieldSpec("ripng.reserved", "Reserved", 16, 16, FieldFormat.Bytes),
]))
{
    public static readonly Ripng Layer = new();

    private static readonly HeaderSpec Entry = new("ripng.rte", "Route Table Entry", 20,
    [
        new FieldSpec("ripng.rte.ipv6_prefix", "IPv6 Prefix", 0, 128, FieldFormat.Ipv6),
        FieldSpec.Hex("ripng.rte.route_tag", "Route Tag", 128, 16),
        FieldSpec.Number("ripng.rte.prefix_length", "Prefix Length", 144, 8),
        FieldSpec.Number("ripng.rte.metric", "Metric", 152, 8) with { Meaning = v => v == 255 ? "next hop entry" : v >= 16 ? "infinity (unreachable)" : null },
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var ripng = d.Header(into, Header, slot.Offset);
        ripng.Length = end - slot.Offset;
        var position = slot.Offset + Header.Length;
        for (; position + Entry.Length <= end; position += Entry.Length) d.Part(d.Sub(ripng, Entry.Protocol, Entry.Title, position, Entry.Length), Entry, position);
        if (position < end) d.Rest(ripng, position, end, "shorter than a route table entry");
        return null;
    }
}
