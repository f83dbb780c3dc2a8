using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>A packet while the rules look at it: its bytes and decode, which no rule keeps, and its facts, which a rule may.</summary>
public sealed class ObservedPacket
{
    public required Packet Packet { get; init; }
    public required PacketDecode Decode { get; init; }
    public required PacketFacts Facts { get; init; }

    /// <summary>
    /// The decode's fields in document order with their nesting depth, listed once for the rules that walk them
    /// (few packets need them: a summary's statements, a hand-made decode, a connection's first words).
    /// </summary>
    public IReadOnlyList<(DecodedField Field, int Depth)> Fields => fields ??= Decode.AllFields();
    private IReadOnlyList<(DecodedField Field, int Depth)>? fields;

    /// <summary>The amount an edited address shifted both checksums by (<see cref="EditedAddress.Shift(IReadOnlyList{ValueTuple{DecodedField, int}})"/>), reckoned once.</summary>
    public required ushort? AddressShift { get; init; }

    /// <summary>The fields named <c>*.checksum</c>, with their nesting depth, in document order: all the checksum rules walk.</summary>
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
        var checksums = new List<(DecodedField, int)>();
        // Index loops over the decode's lists, which are IReadOnlyLists: a foreach would box an enumerator for every packet.
        for (var i = 0; i < decode.Layers.Count; i++) AddChecksums(decode.Layers[i], 0, checksums);
        var observed = new ObservedPacket
        {
            Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode), AddressShift = EditedAddress.Shift(checksums),
            Checksums = checksums, TransportJudgedFromPart = Rules.TransportChecksumRule.JudgedFromPart(decode),
        };
        observed.Malformed = Rules.MalformedRule.Problems(observed) ?? (IReadOnlyList<Rules.MalformedRule.Problem>)[];
        return observed;
    }

    /// <summary>The checksum fields among a layer's fields (and their bit fields) and its nested layers', in the order <see cref="PacketDecode.AllFields"/> lists them.</summary>
    private static void AddChecksums(DecodedLayer layer, int depth, List<(DecodedField, int)> checksums)
    {
        foreach (var field in layer.Fields)
        {
            if (field.IsChecksum) checksums.Add((field, depth));
            if (!field.HasChecksumBit) continue;
            foreach (var bit in field.BitList!)
            {
                if (bit.IsChecksum) checksums.Add((bit, depth));
            }
        }
        foreach (var nested in layer.Layers) AddChecksums(nested, depth + 1, checksums);
    }
}
