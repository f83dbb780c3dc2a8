using TraceImport.Decoding.Protocols;
using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>Decodes a packet field by field, from its link layer up, by the protocols' declared schemas.</summary>
public static class PacketDecoder
{
    public static PacketDecode Decode(Packet packet)
    {
        var dissection = new Dissection(new PacketBytes(packet.Data, packet.Unknown));
        var layers = new List<DecodedLayer>();
        if (packet.LinkType == LinkType.Ethernet)
        {
            Ethernet.Dissect(dissection, layers);
        }
        else if (packet.LinkType == LinkType.RawIp && packet.Data.Length > 0 && packet.Unknown?.IsNibbleKnown(0) != false)
        {
            var version = packet.Data[0] >> 4;
            if (version == 4) Ipv4.Dissect(dissection, layers, 0, quoted: false);
            else if (version == 6) Ipv6.Dissect(dissection, layers, 0, quoted: false);
            else Payload.Data(dissection, layers, 0, packet.Data.Length);
        }
        else
        {
            Payload.Data(dissection, layers, 0, packet.Data.Length);
        }
        return new PacketDecode(packet, layers);
    }
}
