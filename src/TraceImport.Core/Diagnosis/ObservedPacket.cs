using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>A packet while the rules look at it: its bytes and decode, which no rule keeps, and its facts, which a rule may.</summary>
public sealed class ObservedPacket
{
    public required Packet Packet { get; init; }
    public required PacketDecode Decode { get; init; }
    public required PacketFacts Facts { get; init; }

    /// <summary>The segment's place in its TCP connection, once the connections have seen it.</summary>
    public TcpSegmentAnalysis? Tcp { get; internal set; }

    public int Number => Packet.Number;

    public static ObservedPacket From(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        return new ObservedPacket { Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode) };
    }
}
