using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>A packet while the rules look at it: its bytes and decode, which no rule keeps, and its facts, which a rule may.</summary>
public sealed class ObservedPacket
{
    public required Packet Packet { get; init; }
    public required PacketDecode Decode { get; init; }
    public required PacketFacts Facts { get; init; }

    public int Number => Packet.Number;

    public static ObservedPacket From(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        return new ObservedPacket { Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode) };
    }
}
