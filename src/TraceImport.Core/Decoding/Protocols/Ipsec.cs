namespace TraceImport.Decoding.Protocols;

/// <summary>
/// IPsec's Authentication Header (RFC 4302, IP protocol 51): next header, length, SPI, sequence number and
/// the integrity check value, then what the next header names, still inside the IP datagram.
/// </summary>
public sealed class Ah() : ProtocolLayer(new HeaderSpec("ah", "Authentication Header", 12,
[
    FieldSpec.Named("ah.next_header", "Next header", 0, 8, FieldFormat.Decimal, Names.IpProtocols),
    FieldSpec.Number("ah.length", "Length", 8, 8) with { Meaning = v => $"({v} + 2) × 4 = {(v + 2) * 4} bytes" },
    new FieldSpec("ah.reserved", "Reserved", 16, 16, FieldFormat.Bytes),
    FieldSpec.Hex("ah.spi", "AH SPI", 32, 32),
    FieldSpec.Number("ah.sequence", "AH sequence", 64, 32),
]))
{
    public static readonly Ah Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.IpProtocol, "ah.next_header");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var ah = d.Header(into, Header, slot.Offset);
        if (Dissection.NumberOf(ah, "ah.length") is not { } units) return null;
        var length = ((int)units + 2) * 4;
        if (length > Header.Length) d.Add(ah, new FieldSpec("ah.icv", "AH ICV", Header.Length * 8, (length - Header.Length) * 8, FieldFormat.Bytes), slot.Offset);
        ah.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - slot.Offset));
        var payload = slot.Offset + length;
        if (payload >= Math.Min(slot.End, d.Bytes.Length) || Dissection.NumberOf(ah, "ah.next_header") is not { } next) return null;
        // The transport after AH is still checksummed over the IP addresses: the datagram's context goes on, its payload starting later.
        var ip = slot.Ip is { } context ? context with { PayloadStart = payload } : null;
        return d.Next(into, BindingTable.IpProtocol, next, slot with { Offset = payload, Ip = ip });
    }

    /// <summary>The fixed fields, and the ICV the length leaves room for.</summary>
    public override IEnumerable<FieldSpec> Fields(Rebuild.FieldValues values) =>
        ValueOf("ah.length", values) is { } units && (units + 2) * 4 > 12
            ? [.. Header.Fields, new FieldSpec("ah.icv", "AH ICV", 96, ((int)units + 2) * 32 - 96, FieldFormat.Bytes)]
            : Header.Fields;

    public override int HeaderLength(Rebuild.FieldValues values) => ValueOf("ah.length", values) is { } units ? ((int)units + 2) * 4 : Header.Length;
}

/// <summary>
/// IPsec's Encapsulating Security Payload (RFC 4303, IP protocol 50): the SPI and sequence number in the
/// clear; the rest is encrypted, and shown as data.
/// </summary>
public sealed class Esp() : ProtocolLayer(new HeaderSpec("esp", "Encapsulating Security Payload", 8,
[
    FieldSpec.Hex("esp.spi", "ESP SPI", 0, 32),
    FieldSpec.Number("esp.sequence", "ESP sequence", 32, 32),
]))
{
    public static readonly Esp Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var esp = d.Header(into, Header, slot.Offset);
        var end = Math.Min(slot.End, d.Bytes.Length);
        var payload = slot.Offset + Header.Length;
        if (payload < end) Payload.Data(d, esp.Layers, payload, end);
        esp.Length = Math.Max(0, end - slot.Offset);
        return null;
    }
}
