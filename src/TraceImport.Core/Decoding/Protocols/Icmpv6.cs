namespace TraceImport.Decoding.Protocols;

public sealed class Icmpv6() : IcmpMessage("icmpv6", "Internet Control Message Protocol v6", Names.Icmpv6Types)
{
    public static readonly Icmpv6 Layer = new();

    /// <summary>The variants: what each kind of message holds after its checksum.</summary>
    private static readonly IReadOnlyList<FieldSpec> Echo =
        [FieldSpec.Hex("icmpv6.echo.identifier", "Identifier", 32, 16), FieldSpec.Number("icmpv6.echo.sequence_number", "Sequence number", 48, 16)];
    private static readonly IReadOnlyList<FieldSpec> PacketTooBig = [FieldSpec.Number("icmpv6.mtu", "MTU", 32, 32)];
    private static readonly IReadOnlyList<FieldSpec> ParameterProblem = [FieldSpec.Number("icmpv6.pointer", "Pointer", 32, 32)];
    private static readonly IReadOnlyList<FieldSpec> Error = [FieldSpec.Hex("icmpv6.reserved", "Reserved", 32, 32)];

    protected override IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code) => type switch
    {
        128 or 129 => Echo,
        2 => PacketTooBig,
        4 => ParameterProblem,
        1 or 3 => Error,
        _ => [],
    };

    /// <summary>Destination unreachable, packet too big, time exceeded, parameter problem.</summary>
    protected override bool QuotesDatagram(ulong? type) => type is 1 or 2 or 3 or 4;

    public override bool ParsesOver(Slot slot) => slot.Ip?.Version == 6;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var (sum, unknown) = slot.Quoted ? (0u, []) : slot.Ip!.PseudoHeader(58);
        var (icmp, rest) = ParseHeader(d, into, slot, sum, unknown);
        ParseBody(d, icmp, rest, slot);
        return null;
    }

    protected override DecodedLayer? ParseQuote(Dissection d, DecodedLayer icmp, int offset)
    {
        Ipv6.Layer.Parse(d, icmp.Layers, new Slot(offset, d.Bytes.Length, Quoted: true));
        return icmp.Layers.FirstOrDefault(l => l.Protocol == "ipv6");
    }
}
