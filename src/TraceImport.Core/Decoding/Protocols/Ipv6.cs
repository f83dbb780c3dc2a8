namespace TraceImport.Decoding.Protocols;

public static class Ipv6
{
    public static readonly HeaderSpec Header = new("ipv6", "Internet Protocol Version 6", 40,
    [
        FieldSpec.Number("ipv6.version", "Version", 0, 4),
        FieldSpec.Hex("ipv6.tclass", "Traffic class", 4, 8) with { HexDigits = 8 },
        new FieldSpec("ipv6.flow", "Flow label", 12, 20, FieldFormat.Hex),
        FieldSpec.Number("ipv6.plen", "Payload length", 32, 16),
        FieldSpec.Named("ipv6.nxt", "Next header", 48, 8, FieldFormat.Decimal, Names.IpProtocols),
        FieldSpec.Number("ipv6.hlim", "Hop limit", 56, 8),
        new FieldSpec("ipv6.src", "Source address", 64, 128, FieldFormat.Ipv6),
        new FieldSpec("ipv6.dst", "Destination address", 192, 128, FieldFormat.Ipv6),
    ]);

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

    public static int? Dissect(Dissection d, List<DecodedLayer> layers, int offset, bool quoted)
    {
        var ip = d.Header(layers, Header, offset);
        var payloadLength = (int?)Dissection.NumberOf(ip, "ipv6.plen");
        var next = (int?)Dissection.NumberOf(ip, "ipv6.nxt");
        var declared = payloadLength + 40;
        var end = offset + (declared ?? d.Bytes.Length - offset);
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
        var context = new IpContext(d, ip, offset, position, end, quoted);
        if (fragment || next is null) Payload.Data(d, layers, position, Math.Min(end, d.Bytes.Length));
        else Transport.Dissect(context, layers, next.Value);
        return declared;
    }
}
