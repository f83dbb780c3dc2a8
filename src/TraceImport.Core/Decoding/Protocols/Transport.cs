namespace TraceImport.Decoding.Protocols;

/// <summary>Chooses the dissector for an IP protocol number.</summary>
public static class Transport
{
    public static void Dissect(IpContext ip, List<DecodedLayer> layers, int protocol)
    {
        var end = Math.Min(ip.PayloadEnd, ip.Dissection.Bytes.Length);
        switch (protocol)
        {
            case 6: Tcp.Dissect(ip, layers); break;
            case 17: Udp.Dissect(ip, layers); break;
            case 1 when ip.Version == 4: Icmp.Dissect(ip, layers); break;
            case 58 when ip.Version == 6: Icmpv6.Dissect(ip, layers); break;
            default: Payload.Data(ip.Dissection, layers, ip.PayloadStart, end); break;
        }
    }
}
