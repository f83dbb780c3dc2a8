using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

public sealed class Icmpv6() : ProtocolLayer(new HeaderSpec("icmpv6", "Internet Control Message Protocol v6", 8,
[
    FieldSpec.Named("icmpv6.type", "Type", 0, 8, FieldFormat.Decimal, Names.Icmpv6Types),
    FieldSpec.Number("icmpv6.code", "Code", 8, 8),
    FieldSpec.Hex("icmpv6.checksum", "Checksum", 16, 16),
]))
{
    public static readonly Icmpv6 Layer = new();

    public override string ChecksumField => "icmpv6.checksum";

    private static readonly FieldSpec Identifier = FieldSpec.Hex("icmpv6.echo.identifier", "Identifier", 32, 16);
    private static readonly FieldSpec Sequence = FieldSpec.Number("icmpv6.echo.sequence_number", "Sequence number", 48, 16);
    private static readonly FieldSpec Mtu = FieldSpec.Number("icmpv6.mtu", "MTU", 32, 32);
    private static readonly FieldSpec Pointer = FieldSpec.Number("icmpv6.pointer", "Pointer", 32, 32);
    private static readonly FieldSpec Reserved = FieldSpec.Hex("icmpv6.reserved", "Reserved", 32, 32);

    /// <summary>What each type holds after the checksum, read by parse and written by emit.</summary>
    private static IReadOnlyList<FieldSpec> Rest(ulong? type) => type switch
    {
        128 or 129 => [Identifier, Sequence],
        2 => [Mtu],
        4 => [Pointer],
        1 or 3 => [Reserved],
        _ => [],
    };

    /// <summary>Destination unreachable, packet too big, time exceeded, parameter problem: the types that quote a datagram.</summary>
    public static bool QuotesDatagram(ulong? type) => type is 1 or 2 or 3 or 4;

    public override bool ParsesOver(Slot slot) => slot.Ip?.Version == 6;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var icmp = d.Header(into, Header, offset);
        if (!slot.Quoted)
        {
            var (sum, unknown) = slot.Ip!.PseudoHeader(58);
            d.JudgeChecksum(icmp.Field("icmpv6.checksum")!, offset, slot.End - offset, sum, unknown);
        }
        var end = Math.Min(slot.End, d.Bytes.Length);
        var type = Dissection.NumberOf(icmp, "icmpv6.type");
        var rest = Rest(type);
        foreach (var spec in rest) d.Add(icmp, spec, offset);
        if (QuotesDatagram(type))
        {
            if (offset + 8 < d.Bytes.Length) Ipv6.Layer.Parse(d, icmp.Layers, new Slot(offset + 8, d.Bytes.Length, Quoted: true));
        }
        else
        {
            var dataStart = offset + (rest.Count > 0 ? 8 : 4);
            if (dataStart < end) Payload.Data(d, icmp.Layers, dataStart, end);
        }
        icmp.Length = end - offset;
        return null;
    }

    public override IEnumerable<FieldSpec> Fields(FieldValues values) => Header.Fields.Concat(Rest(ValueOf("icmpv6.type", values)));

    /// <summary>Writes the message the text gives, then the datagram an error quotes.</summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        var length = base.Emit(image, offset, values);
        values.Quote?.EmitAt(image, offset + length, quoted: true);
        return length;
    }
}
