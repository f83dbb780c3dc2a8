namespace TraceImport.Decoding.Protocols;

public sealed class Udp() : ProtocolLayer(new HeaderSpec("udp", "User Datagram Protocol", 8,
[
    .. FieldSpec.SourceAndDestination("udp.srcport", "udp.dstport", "port", 0, 16, FieldFormat.Decimal),
    FieldSpec.Number("udp.length", "Length", 32, 16),
    FieldSpec.Hex("udp.checksum", "Checksum", 48, 16),
]))
{
    public static readonly Udp Layer = new();

    public override string ChecksumField => "udp.checksum";

    /// <summary>A tunnel is found by the source port, then the destination port; emit names it by the destination port.</summary>
    public override NextLayer Next { get; } = new(BindingTable.UdpPort, "udp.dstport");

    public override LengthField Length { get; } = new("udp.length");

    /// <summary>The payload is written by the layer after: udp.payload only shows it.</summary>
    public override bool IsView(string name) => name == "udp.payload";

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var udp = d.Header(into, Header, offset);
        var checksum = udp.Field("udp.checksum")!;
        if (checksum is { Number: 0 } && slot.Ip?.Version == 4)
        {
            checksum.Checksum = new ChecksumVerdict(ChecksumCause.NotComputed);
            checksum.Meaning = "no checksum (allowed over IPv4)";
        }
        else if (!slot.Quoted)
        {
            var (sum, unknown) = slot.Ip!.PseudoHeader(17);
            d.JudgeChecksum(checksum, offset, slot.End - offset, sum, unknown, slot.FirstFragment);
        }
        if (udp.Field("udp.length") is { Number: { } length } lengthField && length != (ulong)(slot.End - offset) && !slot.Quoted && !slot.FirstFragment)
        {
            Ipv4.MarkBad(lengthField, $"the IP datagram carries {slot.End - offset} bytes of UDP");
        }
        var payloadStart = offset + Header.Length;
        var payloadEnd = Math.Min(slot.End, d.Bytes.Length);
        if (payloadStart >= payloadEnd) return null;
        d.Add(udp, new FieldSpec("udp.payload", "UDP payload", 0, (payloadEnd - payloadStart) * 8, FieldFormat.Bytes), payloadStart).Meaning = $"{payloadEnd - payloadStart} byte(s)";
        var payload = slot with { Offset = payloadStart, End = payloadEnd };
        if (slot.Quoted || !Ports.Next(d, into, BindingTable.UdpPort, udp, "udp", payload)) Payload.Data(d, into, payloadStart, payloadEnd);
        return null;
    }
}
