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

    /// <summary>The fields that carry a checksum verdict, with their nesting depth, in document order: all the checksum rules walk.</summary>
    public required IReadOnlyList<(DecodedField Field, int Depth)> Checksums { get; init; }

    /// <summary>The transport checksum was reckoned from part of its datagram (<see cref="Rules.TransportChecksumRule.JudgedFromPart"/>).</summary>
    public required bool TransportJudgedFromPart { get; init; }

    /// <summary>What cannot be right in the datagram's headers (<see cref="Rules.MalformedRule.Problems"/>), found once the packet is decoded.</summary>
    public IReadOnlyList<Rules.MalformedRule.Problem> Malformed { get; private set; } = [];

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
        var checksums = new List<(DecodedField, int)>();
        foreach (var (field, depth) in fields)
        {
            if (field.Checksum is not null) checksums.Add((field, depth));
        }
        var observed = new ObservedPacket
        {
            Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode), Fields = fields, AddressShift = EditedAddress.Shift(fields),
            Checksums = checksums, TransportJudgedFromPart = Rules.TransportChecksumRule.JudgedFromPart(decode),
        };
        observed.Malformed = [.. Rules.MalformedRule.Problems(observed)];
        return observed;
    }
}
