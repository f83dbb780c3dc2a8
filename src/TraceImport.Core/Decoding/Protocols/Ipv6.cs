using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// IPv6 (RFC 8200): the fixed header, then its extension headers (<see cref="Ipv6Extension"/>) nested in
/// it as Wireshark shows them, then what the last next header names. A fragment that does not start the
/// datagram is data. An address formed from a MAC address (SLAAC, EUI-64) shows that MAC address too.
/// </summary>
public sealed class Ipv6() : ProtocolLayer(new HeaderSpec("ipv6", "Internet Protocol Version 6", 40,
[
    FieldSpec.Number("ipv6.version", "Version", 0, 4),
    FieldSpec.Hex("ipv6.tclass", "Traffic class", 4, 8) with
    {
        HexDigits = 8,
        Bits = [FieldSpec.Named("ipv6.tclass.dscp", "DSCP", 4, 6, FieldFormat.Decimal, Names.Dscp), FieldSpec.Number("ipv6.tclass.ecn", "ECN", 10, 2)],
    },
    new FieldSpec("ipv6.flow", "Flow label", 12, 20, FieldFormat.Hex),
    FieldSpec.Number("ipv6.plen", "Payload length", 32, 16),
    FieldSpec.Named("ipv6.nxt", "Next header", 48, 8, FieldFormat.Decimal, Names.IpProtocols),
    FieldSpec.Number("ipv6.hlim", "Hop limit", 56, 8),
    .. FieldSpec.SourceAndDestination("ipv6.src", "ipv6.dst", "address", 64, 128, FieldFormat.Ipv6),
]))
{
    public static readonly Ipv6 Layer = new();

    /// <summary>The fragment header's fields, as a header of its own.</summary>
    public static readonly HeaderSpec Fragment = new("ipv6.fraghdr", "Fragment Header for IPv6", 8, Ipv6Extension.Layout(44, 8, null).Header.Fields);

    public override NextLayer Next { get; } = new(BindingTable.IpProtocol, "ipv6.nxt");

    public override LengthField Length { get; } = new("ipv6.plen", Excluding: 40);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var ip = d.Header(into, Header, offset);
        MacOfAddress(d, ip, "ipv6.src_slaac_mac", offset + 8);
        MacOfAddress(d, ip, "ipv6.dst_slaac_mac", offset + 24);
        var payloadLength = (int?)Dissection.NumberOf(ip, "ipv6.plen");
        var next = Dissection.NumberOf(ip, "ipv6.nxt");
        DeclaredExtent? declared = payloadLength is { } length ? new DeclaredExtent(offset, length + 40) : null;
        var end = declared?.End ?? d.Bytes.Length;
        var position = offset + 40;
        var fragment = false;
        var firstFragment = false;
        int? finalDestination = null;

        while (next is { } kind && Ipv6Extension.IsExtension(kind) && position < d.Bytes.Length)
        {
            var (following, headerLength) = Ipv6Extension.Dissect(d, ip, (int)kind, position);
            if (headerLength is null) return declared;
            if (kind == 44)
            {
                fragment = ip.Layers[^1].Field("ipv6.fraghdr.offset")?.Number is not 0;
                firstFragment = !fragment && ip.Layers[^1].Field("ipv6.fraghdr.more")?.Number == 1;
            }
            if (kind == 43) finalDestination = Ipv6Extension.FinalDestination(d, position) ?? finalDestination;
            next = following;
            position += headerLength.Value;
        }
        ip.Length = Math.Min(position, d.Bytes.Length) - offset;
        if (position >= d.Bytes.Length) return declared;
        var payload = new Slot(position, end, slot.Quoted, new IpContext(d.Bytes, 6, offset, position, end, finalDestination), FirstFragment: firstFragment);
        if (fragment || next is null) Payload.Data(d, into, position, end);
        else d.Next(into, BindingTable.IpProtocol, next.Value, payload);
        return declared;
    }

    /// <summary>
    /// The MAC address an address's interface identifier was formed from (ff:fe in its middle, the
    /// universal/local bit flipped), shown as Wireshark shows it over the identifier's 8 bytes.
    /// </summary>
    private static void MacOfAddress(Dissection d, DecodedLayer ip, string name, int address)
    {
        var identifier = address + 8;
        if (identifier + 8 > d.Bytes.Length || !d.Bytes.IsKnown(identifier, 8)) return;
        var bytes = d.Bytes.Data;
        if (bytes[identifier + 3] != 0xFF || bytes[identifier + 4] != 0xFE) return;
        var field = d.Add(ip, new FieldSpec(name, "SLAAC MAC", 0, 64, FieldFormat.Bytes), identifier);
        byte[] mac = [(byte)(bytes[identifier] ^ 0x02), bytes[identifier + 1], bytes[identifier + 2], bytes[identifier + 5], bytes[identifier + 6], bytes[identifier + 7]];
        field.Value = string.Join(':', mac.Select(b => b.ToString("x2")));
    }

    /// <summary>The SLAAC MAC addresses only show the addresses again.</summary>
    public override bool IsView(string name) => name is "ipv6.src_slaac_mac" or "ipv6.dst_slaac_mac";

    /// <summary>
    /// Writes the header the text gives (version 6 implied), then its extension headers, each through its
    /// layout; with extension headers and no next header given, the first one's kind is implied.
    /// </summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        Imply(image, offset, values, Header["ipv6.version"], 6);
        WriteGiven(image, offset, values);
        var position = offset + Header.Length;
        var extensions = values.Options.Where(o => o.Option is Ipv6Extension).ToList();
        if (extensions.Count > 0) Imply(image, offset, values, Header["ipv6.nxt"], ((Ipv6Extension)extensions[0].Option).Kind);
        foreach (var (extension, line) in extensions)
        {
            extension.Emit(image, position, line);
            position += extension.Length;
        }
        image.Reserve(offset, position - offset);
        return position - offset;
    }

    public override int HeaderLength(FieldValues values) => Header.Length + values.Options.Where(o => o.Option is Ipv6Extension).Sum(o => o.Option.Length);
}
