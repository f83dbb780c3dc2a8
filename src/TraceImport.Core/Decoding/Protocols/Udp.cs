namespace TraceImport.Decoding.Protocols;

public static class Udp
{
    public static readonly HeaderSpec Header = new("udp", "User Datagram Protocol", 8,
    [
        FieldSpec.Number("udp.srcport", "Source port", 0, 16),
        FieldSpec.Number("udp.dstport", "Destination port", 16, 16),
        FieldSpec.Number("udp.length", "Length", 32, 16),
        FieldSpec.Hex("udp.checksum", "Checksum", 48, 16),
    ]);

    public static void Dissect(IpContext ip, List<DecodedLayer> layers)
    {
        var d = ip.Dissection;
        var offset = ip.PayloadStart;
        var udp = d.Header(layers, Header, offset);
        var checksum = udp.Field("udp.checksum")!;
        if (checksum is { Number: 0 } && ip.Version == 4)
        {
            checksum.Meaning = "no checksum (allowed over IPv4)";
        }
        else if (!ip.Quoted)
        {
            var (sum, problem) = ip.PseudoHeader(17);
            d.JudgeChecksum(checksum, offset, ip.PayloadEnd - offset, sum, problem);
        }
        if (udp.Field("udp.length") is { Number: { } length } lengthField && length != (ulong)(ip.PayloadEnd - offset) && !ip.Quoted)
        {
            Ipv4.MarkBad(lengthField, $"the IP datagram carries {ip.PayloadEnd - offset} bytes of UDP");
        }
        var payloadStart = offset + Header.Length;
        var payloadEnd = Math.Min(ip.PayloadEnd, d.Bytes.Length);
        if (payloadStart < payloadEnd) Payload.Data(d, layers, payloadStart, payloadEnd);
    }
}
