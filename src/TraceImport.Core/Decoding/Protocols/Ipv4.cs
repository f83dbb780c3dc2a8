using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

public sealed class Ipv4() : ProtocolLayer(new HeaderSpec("ip", "Internet Protocol Version 4", 20,
[
    FieldSpec.Number("ip.version", "Version", 0, 4),
    FieldSpec.Number("ip.hdr_len", "Header length", 4, 4) with { Scale = 4, Meaning = v => $"{v} × 4 = {v * 4} bytes" },
    FieldSpec.Hex("ip.dsfield", "Differentiated services", 8, 8) with
    {
        Bits = [FieldSpec.Named("ip.dsfield.dscp", "DSCP", 8, 6, FieldFormat.Decimal, Names.Dscp), FieldSpec.Number("ip.dsfield.ecn", "ECN", 14, 2)],
    },
    FieldSpec.Number("ip.len", "Total length", 16, 16),
    FieldSpec.Hex("ip.id", "Identification", 32, 16),
    FieldSpec.Hex("ip.flags", "Flags", 48, 3) with
    {
        Bits = [.. FieldSpec.Flags(48, ("ip.flags.rb", "Reserved bit"), ("ip.flags.df", "Don't fragment"), ("ip.flags.mf", "More fragments"))],
    },
    // Wireshark shows the offset in 8-byte units; its number, as a text's "fragment offset" gives it, is in bytes.
    FieldSpec.Number("ip.frag_offset", "Fragment offset", 51, 13) with
    {
        Scale = 8, Render = v => v.ToString(System.Globalization.CultureInfo.InvariantCulture), Meaning = v => v == 0 ? null : $"{v} × 8 = {v * 8} bytes",
    },
    FieldSpec.Number("ip.ttl", "Time to live", 64, 8),
    FieldSpec.Named("ip.proto", "Protocol", 72, 8, FieldFormat.Decimal, Names.IpProtocols),
    FieldSpec.Hex("ip.checksum", "Header checksum", 80, 16),
    .. FieldSpec.SourceAndDestination("ip.src", "ip.dst", "address", 96, 32, FieldFormat.Ipv4),
]))
{
    public static readonly Ipv4 Layer = new();

    public static FieldSpec Field(string name) => Layer.Header[name];

    public override NextLayer Next { get; } = new(BindingTable.IpProtocol, "ip.proto");

    public override string ChecksumField => "ip.checksum";

    public override LengthField Length { get; } = new("ip.len");

    /// <summary>
    /// Decodes an IPv4 datagram and what it carries. A quoted datagram (inside an ICMP error) is
    /// expected to be cut short: its payload is decoded as far as it goes.
    /// </summary>
    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var ip = d.Header(into, Header, offset);
        var headerLength = (int?)Dissection.NumberOf(ip, "ip.hdr_len");
        var totalLength = (int?)Dissection.NumberOf(ip, "ip.len");
        if (totalLength == 0 && !slot.Quoted && Math.Min(slot.End, d.Bytes.Length) - offset > 20)
        {
            // A length of 0 is what TCP segmentation offload (and BIG TCP) leaves: Wireshark takes the rest of the frame,
            // as long as it was on the wire. Where the capture was cut short the datagram goes on past the bytes, so the
            // transport checksum covers bytes not captured: ending it at the cut would judge it over a datagram that never was.
            var frameEnd = slot.End == d.Bytes.Length ? Math.Max(slot.End, d.FrameLength) : slot.End;
            totalLength = frameEnd - offset;
            var length = ip.Field("ip.len")!;
            length.Value = totalLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            length.Meaning = "0 in the header: presumed, as for TCP segmentation offload, to be the rest of the frame";
        }
        DeclaredExtent? declared = totalLength is { } total ? new DeclaredExtent(offset, total) : null;
        if (headerLength is null) return declared;
        if (headerLength < 20)
        {
            MarkBad(ip.Field("ip.hdr_len")!, "an IPv4 header is at least 20 bytes (5 × 4)");
            // Where its payload starts cannot be known: the bytes after the fixed header are data, as they were sent.
            if (!slot.Quoted) Payload.Data(d, into, offset + 20, offset + Math.Max(totalLength ?? 0, 20));
            return declared;
        }
        ip.Length = headerLength.Value;
        if (totalLength < headerLength) MarkBad(ip.Field("ip.len")!, $"shorter than the {headerLength}-byte header");
        if (headerLength > 20) IpOption.Dissect(d, ip, offset + 20, offset + headerLength.Value);
        JudgeHeaderChecksum(d, ip, offset, headerLength.Value);

        var payloadStart = offset + headerLength.Value;
        var payloadEnd = offset + Math.Max(totalLength ?? 0, headerLength.Value);
        if (!slot.Quoted && totalLength is { } stated && offset + stated > d.Bytes.Length)
        {
            ip.Field("ip.len")!.Note = $"the packet holds only {d.Bytes.Length - offset} bytes of the {stated}";
        }
        if (payloadStart >= d.Bytes.Length) return declared;

        var fragmentOffset = Dissection.NumberOf(ip, "ip.frag_offset");
        var protocol = Dissection.NumberOf(ip, "ip.proto");
        var firstFragment = fragmentOffset == 0 && Dissection.NumberOf(ip, "ip.flags.mf") == 1;
        var payload = new Slot(payloadStart, payloadEnd, slot.Quoted, new IpContext(d.Bytes, 4, offset, payloadStart, payloadEnd), FirstFragment: firstFragment);
        // An unknown fragment offset is taken for the first fragment: the header after it is decoded, not hidden.
        if (fragmentOffset > 0 || protocol is null) Payload.Data(d, into, payloadStart, payloadEnd);
        else d.Next(into, BindingTable.IpProtocol, protocol.Value, payload);
        return declared;
    }

    private static void JudgeHeaderChecksum(Dissection d, DecodedLayer ip, int offset, int headerLength)
    {
        var checksum = ip.Field("ip.checksum")!;
        d.JudgeChecksum(checksum, offset, headerLength);
        if (checksum is not { Number: 0xFFFF }) return;
        // The ones'-complement sum of a header with version 4 cannot be 0, so its complement cannot be 0xFFFF.
        if (checksum.Checksum is { } verdict) checksum.Checksum = verdict with { NegativeZero = true };
        checksum.Meaning = "0xFFFF is never the checksum of a real header: the ones'-complement sum of a header with " +
                           "version 4 cannot be 0, so its complement cannot be 0xFFFF. RFC 1624 §3 shows how an incremental " +
                           "update done the RFC 1141 way produces 0xFFFF (−0) where 0x0000 is due.";
    }

    /// <summary>Writes the header the text gives and its options; version 4 is implied.</summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        Imply(image, offset, values, Header["ip.version"], 4);
        return EmitWithOptions(image, offset, values, "ip.hdr_len");
    }

    public override int HeaderLength(FieldValues values) => LengthWithOptions(values, "ip.hdr_len");

    internal static void MarkBad(DecodedField field, string why)
    {
        field.Status = FieldStatus.Bad;
        field.Note = why;
    }

    /// <summary>The IPv4 header fields that share a byte: what an ICMP Parameter Problem pointer names.</summary>
    public static IReadOnlyList<FieldSpec> FieldsAtByte(int byteOffset) =>
        Layer.Header.Fields.Where(f => f.BitOffset / 8 <= byteOffset && byteOffset <= (f.EndBit - 1) / 8).ToList();
}
