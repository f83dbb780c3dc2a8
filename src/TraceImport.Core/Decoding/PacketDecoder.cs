using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>Decodes a packet field by field, from its link layer up, as the bindings table chains the protocols.</summary>
public static class PacketDecoder
{
    public static PacketDecode Decode(Packet packet)
    {
        var dissection = new Dissection(new PacketBytes(packet.Data, packet.Unknown)) { Direction = packet.Direction, FrameLength = Math.Max(packet.OriginalLength, packet.Data.Length) };
        var layers = new List<DecodedLayer>();
        dissection.Next(layers, BindingTable.LinkType, packet.LinkType.Code, new Slot(0, packet.Data.Length));
        return new PacketDecode(packet, layers);
    }
}
