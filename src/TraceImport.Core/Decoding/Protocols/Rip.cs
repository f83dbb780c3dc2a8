namespace TraceImport.Decoding.Protocols;

/// <summary>
/// RIP (RFC 2453, RFC 1058) on UDP port 520: command and version, then routing entries of 20 bytes, or an
/// authentication entry (address family 0xFFFF) where version 2 carries one.
/// </summary>
public sealed class Rip() : ProtocolLayer(new HeaderSpec("rip", "Routing Information Protocol", 4,
[
    FieldSpec.Named("rip.command", "Command", 0, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [1] = "Request", [2] = "Response" }),
    FieldSpec.Number("rip.version", "Version", 8, 8),
]))
{
    public static readonly Rip Layer = new();

    /// <summary>The header is four bytes, the last two zero.</summary>
    public override int HeaderLength(Rebuild.FieldValues values) => 4;

    private static readonly HeaderSpec Entry = new("rip", "Routing entry", 20,
    [
        FieldSpec.Named("rip.family", "Address Family", 0, 16, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Unspecified", [2] = "IP" }),
        FieldSpec.Number("rip.route_tag", "Route Tag", 16, 16),
        new FieldSpec("rip.ip", "IP Address", 32, 32, FieldFormat.Ipv4),
        new FieldSpec("rip.netmask", "Netmask", 64, 32, FieldFormat.Ipv4),
        new FieldSpec("rip.next_hop", "Next Hop", 96, 32, FieldFormat.Ipv4),
        FieldSpec.Number("rip.metric", "Metric", 128, 32),
    ]);

    private static readonly HeaderSpec Authentication = new("rip", "Authentication", 20,
    [
        FieldSpec.Hex("rip.family", "Address Family", 0, 16),
        FieldSpec.Number("rip.auth.type", "Authentication type", 16, 16),
        new FieldSpec("rip.auth.passwd", "Password", 32, 128, FieldFormat.Text),
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var rip = d.Layer(into, Protocol, Header.Title, slot.Offset);
        rip.Length = end - slot.Offset;
        d.Part(rip, Header, slot.Offset);
        // Two bytes that must be zero follow the version: Wireshark names no field for them.
        var position = slot.Offset + Header.Length;
        while (position + Entry.Length <= end)
        {
            var isAuthentication = d.Peek(position, 2) == 0xFFFF;
            var title = isAuthentication ? "Authentication" : d.Peek(position + 4, 4) is { } address ? $"IP Address: {address >> 24}.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}" : "Routing entry";
            var entry = d.Sub(rip, "rip", title, position, Entry.Length);
            d.Part(entry, isAuthentication ? Authentication : Entry, position);
            if (isAuthentication) entry.Field("rip.auth.passwd")!.ShowAs(d.Bytes, Structure.UpToNul);
            position += Entry.Length;
        }
        if (position < end) d.Rest(rip, position, end, "shorter than a routing entry");
        return null;
    }
}
