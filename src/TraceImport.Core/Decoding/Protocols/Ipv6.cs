using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

public sealed class Ipv6() : ProtocolLayer(new HeaderSpec("ipv6", "Internet Protocol Version 6", 40,
[
    FieldSpec.Number("ipv6.version", "Version", 0, 4),
    FieldSpec.Hex("ipv6.tclass", "Traffic class", 4, 8) with { HexDigits = 8 },
    new FieldSpec("ipv6.flow", "Flow label", 12, 20, FieldFormat.Hex),
    FieldSpec.Number("ipv6.plen", "Payload length", 32, 16),
    FieldSpec.Named("ipv6.nxt", "Next header", 48, 8, FieldFormat.Decimal, Names.IpProtocols),
    FieldSpec.Number("ipv6.hlim", "Hop limit", 56, 8),
    .. FieldSpec.SourceAndDestination("ipv6.src", "ipv6.dst", "address", 64, 128, FieldFormat.Ipv6),
]))
{
    public static readonly Ipv6 Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.IpProtocol, "ipv6.nxt");

    public override LengthField Length { get; } = new("ipv6.plen", Excluding: 40);

    /// <summary>The extension headers with a next-header and a length in 8-byte units, and the fragment header.</summary>
    private static readonly Dictionary<int, (string Protocol, string Title)> OptionHeaders = new()
    {
        [0] = ("ipv6.hopopts", "Hop-by-hop options"),
        [43] = ("ipv6.routing", "Routing header"),
        [60] = ("ipv6.dstopts", "Destination options"),
    };

    public static readonly HeaderSpec Fragment = new("ipv6.fraghdr", "Fragment header", 8,
    [
        FieldSpec.Named("ipv6.fraghdr.nxt", "Next header", 0, 8, FieldFormat.Decimal, Names.IpProtocols),
        FieldSpec.Number("ipv6.fraghdr.reserved_octet", "Reserved", 8, 8),
        FieldSpec.Number("ipv6.fraghdr.offset", "Offset", 16, 13) with { Scale = 8 },
        FieldSpec.Number("ipv6.fraghdr.reserved_bits", "Reserved", 29, 2),
        FieldSpec.Flag("ipv6.fraghdr.more", "More fragments", 31),
        FieldSpec.Hex("ipv6.fraghdr.ident", "Identification", 32, 32),
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var ip = d.Header(into, Header, offset);
        var payloadLength = (int?)Dissection.NumberOf(ip, "ipv6.plen");
        var next = (int?)Dissection.NumberOf(ip, "ipv6.nxt");
        DeclaredExtent? declared = payloadLength is { } length ? new DeclaredExtent(offset, length + 40) : null;
        var end = declared?.End ?? d.Bytes.Length;
        var position = offset + 40;
        var fragment = false;

        while (next is { } header && position < d.Bytes.Length)
        {
            if (OptionHeaders.TryGetValue(header, out var kind))
            {
                var layer = d.Layer(ip.Layers, kind.Protocol, kind.Title, position);
                next = (int?)d.Add(layer, FieldSpec.Named($"{kind.Protocol}.nxt", "Next header", 0, 8, FieldFormat.Decimal, Names.IpProtocols), position).Number;
                var units = d.Add(layer, FieldSpec.Number($"{kind.Protocol}.len", "Length", 8, 8) with { Meaning = v => $"({v} + 1) × 8 = {(v + 1) * 8} bytes" }, position).Number;
                if (units is null) return declared;
                layer.Length = ((int)units + 1) * 8;
                position += layer.Length;
            }
            else if (header == 44)
            {
                var layer = d.Header(ip.Layers, Fragment, position);
                next = (int?)Dissection.NumberOf(layer, "ipv6.fraghdr.nxt");
                fragment = Dissection.NumberOf(layer, "ipv6.fraghdr.offset") is not 0;
                position += Fragment.Length;
            }
            else break;
        }
        ip.Length = position - offset;
        if (position >= d.Bytes.Length) return declared;
        var payload = new Slot(position, end, slot.Quoted, new IpContext(d.Bytes, 6, offset, position, end));
        if (fragment || next is null) Payload.Data(d, into, position, end);
        else d.Next(into, BindingTable.IpProtocol, (ulong)next.Value, payload);
        return declared;
    }

    /// <summary>Writes the header the text gives; version 6 is implied.</summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        Imply(image, offset, values, Header["ipv6.version"], 6);
        return base.Emit(image, offset, values);
    }
}
