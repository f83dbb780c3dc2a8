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
    public IReadOnlyList<(DecodedField Field, int Depth)> Fields => fields ??= Decode.AllFields();
    private IReadOnlyList<(DecodedField Field, int Depth)>? fields;

    /// <summary>The amount an edited address shifted both checksums by (<see cref="EditedAddress.Shift(IReadOnlyList{ValueTuple{DecodedField, int}})"/>), reckoned once.</summary>
    public ushort? AddressShift
    {
        get
        {
            if (!addressShiftKnown) (addressShift, addressShiftKnown) = (EditedAddress.Shift(Fields), true);
            return addressShift;
        }
    }
    private ushort? addressShift;
    private bool addressShiftKnown;

    /// <summary>The segment's place in its TCP connection, once the connections have seen it.</summary>
    public TcpSegmentAnalysis? Tcp { get; internal set; }

    public int Number => Packet.Number;

    public static ObservedPacket From(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        return new ObservedPacket { Packet = packet, Decode = decode, Facts = PacketFacts.From(packet, decode) };
    }
}
