using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>A packet while the rules look at it: its bytes and decode, which no rule keeps, and its facts, which a rule may.</summary>
public sealed class ObservedPacket
{
    public required Packet Packet { get; init; }
    public required PacketDecode Decode { get; init; }
    public required PacketFacts Facts { get; init; }

    /// <summary>The decode's fields in document order with their nesting depth, listed once for all the rules that walk them.</summary>
    public required IReadOnlyList<(DecodedField Field, int Depth)> Fields { get; init; }

    /// <summary>The amount an edited address shifted both checksums by (<see cref="EditedAddress.Shift(IReadOnlyList{ValueTuple{DecodedField, int}})"/>), reckoned once.</summary>
    public required ushort? AddressShift { get; init; }

    /// <summary>The segment's place in its TCP connection, once the connections have seen it.</summary>
    public TcpSegmentAnalysis? Tcp { get; internal set; }

    public int Number => Packet.Number;

    /// <summary>
    /// Decodes the packet and works out what the rules ask of every packet: all of it depends on this packet
    /// alone, so that it runs on the decode thread while the rules, which hold state, look at the packet before.
    /// </summary>
    public static ObservedPacket From(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        var fields = decode.AllFields();
        return new ObservedPacket { Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode), Fields = fields, AddressShift = EditedAddress.Shift(fields) };
    }
}
