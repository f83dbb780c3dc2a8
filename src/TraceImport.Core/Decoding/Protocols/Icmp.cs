namespace TraceImport.Decoding.Protocols;

public static class Icmp
{
    public static readonly HeaderSpec Header = new("icmp", "Internet Control Message Protocol", 8,
    [
        FieldSpec.Named("icmp.type", "Type", 0, 8, FieldFormat.Decimal, Names.IcmpTypes),
        FieldSpec.Number("icmp.code", "Code", 8, 8),
        FieldSpec.Hex("icmp.checksum", "Checksum", 16, 16),
    ]);

    private static readonly FieldSpec Identifier = FieldSpec.Number("icmp.ident", "Identifier", 32, 16);
    private static readonly FieldSpec Sequence = FieldSpec.Number("icmp.seq", "Sequence number", 48, 16);
    private static readonly FieldSpec Unused = FieldSpec.Hex("icmp.unused", "Unused", 32, 32);
    private static readonly FieldSpec Pointer = FieldSpec.Number("icmp.pointer", "Pointer", 32, 8);
    private static readonly FieldSpec PointerUnused = FieldSpec.Hex("icmp.unused", "Unused", 40, 24);
    private static readonly FieldSpec Gateway = new("icmp.redir_gw", "Gateway address", 32, 32, FieldFormat.Ipv4);
    private static readonly FieldSpec Mtu = FieldSpec.Number("icmp.mtu", "MTU of next hop", 48, 16);

    private static readonly Dictionary<ulong, IReadOnlyDictionary<ulong, string>> CodeNames = new()
    {
        [3] = Names.UnreachableCodes, [5] = Names.RedirectCodes, [11] = Names.TimeExceededCodes, [12] = Names.ParameterProblemCodes,
    };

    public static void Dissect(IpContext ip, List<DecodedLayer> layers)
    {
        var d = ip.Dissection;
        var offset = ip.PayloadStart;
        var icmp = d.Header(layers, Header, offset);
        var type = Dissection.NumberOf(icmp, "icmp.type");
        var code = Dissection.NumberOf(icmp, "icmp.code");
        if (type is { } t && code is { } c && CodeNames.TryGetValue(t, out var codes) && codes.TryGetValue(c, out var codeName))
        {
            icmp.Field("icmp.code")!.Meaning = codeName;
        }
        if (!ip.Quoted) d.JudgeChecksum(icmp.Field("icmp.checksum")!, offset, ip.PayloadEnd - offset, 0, null);

        switch (type)
        {
            case 0 or 8 or 13 or 14 or 15 or 16 or 17 or 18:
                d.Add(icmp, Identifier, offset);
                d.Add(icmp, Sequence, offset);
                var dataStart = offset + 8;
                var dataEnd = Math.Min(ip.PayloadEnd, d.Bytes.Length);
                if (dataStart < dataEnd) Payload.Data(d, icmp.Layers, dataStart, dataEnd);
                break;
            case 3 when code == 4:
                d.Add(icmp, FieldSpec.Hex("icmp.unused", "Unused", 32, 16), offset);
                d.Add(icmp, Mtu, offset);
                Quoted(d, icmp, offset + 8);
                break;
            case 3 or 4 or 11:
                d.Add(icmp, Unused, offset);
                Quoted(d, icmp, offset + 8);
                break;
            case 5:
                d.Add(icmp, Gateway, offset);
                Quoted(d, icmp, offset + 8);
                break;
            case 12:
                var pointer = d.Add(icmp, Pointer, offset);
                d.Add(icmp, PointerUnused, offset);
                var quoted = Quoted(d, icmp, offset + 8);
                ExplainPointer(pointer, quoted);
                break;
            default:
                var restEnd = Math.Min(ip.PayloadEnd, d.Bytes.Length);
                if (offset + 4 < restEnd) Payload.Data(d, icmp.Layers, offset + 4, restEnd);
                break;
        }
        icmp.Length = Math.Min(ip.PayloadEnd, d.Bytes.Length) - offset;
    }

    /// <summary>The datagram an ICMP error quotes: its IP header and the start of its payload, decoded as deep as it goes.</summary>
    private static DecodedLayer? Quoted(Dissection d, DecodedLayer icmp, int offset)
    {
        if (offset >= d.Bytes.Length) return null;
        Ipv4.Dissect(d, icmp.Layers, offset, quoted: true);
        var quoted = icmp.Layers.FirstOrDefault(l => l.Protocol == "ip");
        if (quoted is not null) quoted.Length = Math.Min(quoted.Length, d.Bytes.Length - offset);
        return quoted;
    }

    /// <summary>A Parameter Problem's pointer names a byte of the quoted header: say which field it is.</summary>
    private static void ExplainPointer(DecodedField pointer, DecodedLayer? quoted)
    {
        if (pointer.Number is not { } at) return;
        var fields = Ipv4.FieldsAtByte((int)at);
        if (fields.Count == 0)
        {
            pointer.Meaning = $"byte {at} of the quoted datagram, past its fixed header";
            return;
        }
        var named = fields.Select(f => quoted?.Field(f.Name) is { } held
            ? $"{f.Name} ({f.Label}), which the quoted header holds as {held.Value ?? held.Raw}"
            : $"{f.Name} ({f.Label})");
        pointer.Meaning = $"byte {at} of the quoted IP header: {string.Join("; ", named)}";
    }
}
