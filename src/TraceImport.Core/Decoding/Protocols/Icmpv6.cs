namespace TraceImport.Decoding.Protocols;

public static class Icmpv6
{
    public static readonly HeaderSpec Header = new("icmpv6", "Internet Control Message Protocol v6", 8,
    [
        FieldSpec.Named("icmpv6.type", "Type", 0, 8, FieldFormat.Decimal, Names.Icmpv6Types),
        FieldSpec.Number("icmpv6.code", "Code", 8, 8),
        FieldSpec.Hex("icmpv6.checksum", "Checksum", 16, 16),
    ]);

    public static void Dissect(IpContext ip, List<DecodedLayer> layers)
    {
        var d = ip.Dissection;
        var offset = ip.PayloadStart;
        var icmp = d.Header(layers, Header, offset);
        if (!ip.Quoted)
        {
            var (sum, problem) = ip.PseudoHeader(58);
            d.JudgeChecksum(icmp.Field("icmpv6.checksum")!, offset, ip.PayloadEnd - offset, sum, problem);
        }
        var end = Math.Min(ip.PayloadEnd, d.Bytes.Length);
        var type = Dissection.NumberOf(icmp, "icmpv6.type");
        switch (type)
        {
            case 128 or 129:
                d.Add(icmp, FieldSpec.Hex("icmpv6.echo.identifier", "Identifier", 32, 16), offset);
                d.Add(icmp, FieldSpec.Number("icmpv6.echo.sequence_number", "Sequence number", 48, 16), offset);
                if (offset + 8 < end) Payload.Data(d, icmp.Layers, offset + 8, end);
                break;
            case 1 or 2 or 3 or 4:
                d.Add(icmp, type switch
                {
                    2 => FieldSpec.Number("icmpv6.mtu", "MTU", 32, 32),
                    4 => FieldSpec.Number("icmpv6.pointer", "Pointer", 32, 32),
                    _ => FieldSpec.Hex("icmpv6.reserved", "Reserved", 32, 32),
                }, offset);
                if (offset + 8 < d.Bytes.Length) Ipv6.Dissect(d, icmp.Layers, offset + 8, quoted: true);
                break;
            default:
                if (offset + 4 < end) Payload.Data(d, icmp.Layers, offset + 4, end);
                break;
        }
        icmp.Length = end - offset;
    }
}
