namespace TraceImport.Decoding.Protocols;

public static class Ipv4
{
    public static readonly HeaderSpec Header = new("ip", "Internet Protocol Version 4", 20,
    [
        FieldSpec.Number("ip.version", "Version", 0, 4),
        FieldSpec.Number("ip.hdr_len", "Header length", 4, 4) with { Scale = 4, Meaning = v => $"{v} × 4 = {v * 4} bytes" },
        FieldSpec.Hex("ip.dsfield", "Differentiated services", 8, 8) with
        {
            Bits = [FieldSpec.Number("ip.dsfield.dscp", "DSCP", 8, 6), FieldSpec.Number("ip.dsfield.ecn", "ECN", 14, 2)],
        },
        FieldSpec.Number("ip.len", "Total length", 16, 16),
        FieldSpec.Hex("ip.id", "Identification", 32, 16),
        FieldSpec.Hex("ip.flags", "Flags", 48, 3) with
        {
            Bits =
            [
                FieldSpec.Flag("ip.flags.rb", "Reserved bit", 48),
                FieldSpec.Flag("ip.flags.df", "Don't fragment", 49),
                FieldSpec.Flag("ip.flags.mf", "More fragments", 50),
            ],
        },
        FieldSpec.Number("ip.frag_offset", "Fragment offset", 51, 13) with { Scale = 8, Meaning = v => v == 0 ? null : $"{v} × 8 = {v * 8} bytes" },
        FieldSpec.Number("ip.ttl", "Time to live", 64, 8),
        FieldSpec.Named("ip.proto", "Protocol", 72, 8, FieldFormat.Decimal, Names.IpProtocols),
        FieldSpec.Hex("ip.checksum", "Header checksum", 80, 16),
        new FieldSpec("ip.src", "Source address", 96, 32, FieldFormat.Ipv4),
        new FieldSpec("ip.dst", "Destination address", 128, 32, FieldFormat.Ipv4),
    ]);

    public static FieldSpec Field(string name) => Header[name];

    /// <summary>
    /// Dissects an IPv4 datagram and what it carries. A quoted datagram (inside an ICMP error) is
    /// expected to be cut short: its payload is decoded as far as it goes.
    /// </summary>
    public static int? Dissect(Dissection d, List<DecodedLayer> layers, int offset, bool quoted)
    {
        var ip = d.Header(layers, Header, offset);
        var headerLength = (int?)Dissection.NumberOf(ip, "ip.hdr_len");
        var totalLength = (int?)Dissection.NumberOf(ip, "ip.len");
        if (headerLength is null) return totalLength;
        if (headerLength < 20)
        {
            MarkBad(ip.Field("ip.hdr_len")!, "an IPv4 header is at least 20 bytes (5 × 4)");
            return totalLength;
        }
        ip.Length = headerLength.Value;
        if (totalLength < headerLength) MarkBad(ip.Field("ip.len")!, $"shorter than the {headerLength}-byte header");
        if (headerLength > 20) Options(d, ip, offset + 20, offset + headerLength.Value);
        JudgeHeaderChecksum(d, ip, offset, headerLength.Value);

        var payloadStart = offset + headerLength.Value;
        var payloadEnd = offset + Math.Max(totalLength ?? 0, headerLength.Value);
        if (!quoted && totalLength is { } declared && offset + declared > d.Bytes.Length)
        {
            ip.Field("ip.len")!.Note = $"the packet holds only {d.Bytes.Length - offset} bytes of the {declared}";
        }
        if (payloadStart >= d.Bytes.Length) return totalLength;

        var fragmentOffset = Dissection.NumberOf(ip, "ip.frag_offset");
        var protocol = Dissection.NumberOf(ip, "ip.proto");
        var context = new IpContext(d, ip, offset, payloadStart, payloadEnd, quoted);
        // An unknown fragment offset is taken for the first fragment: the header after it is decoded, not hidden.
        if (fragmentOffset > 0 || protocol is null) Payload.Data(d, layers, payloadStart, Math.Min(payloadEnd, d.Bytes.Length));
        else Transport.Dissect(context, layers, (int)protocol.Value);
        return totalLength;
    }

    private static void JudgeHeaderChecksum(Dissection d, DecodedLayer ip, int offset, int headerLength)
    {
        var checksum = ip.Field("ip.checksum")!;
        d.JudgeChecksum(checksum, offset, headerLength, 0, null);
        if (checksum is { Number: 0xFFFF })
        {
            checksum.Meaning = "0xFFFF is never the checksum of a real header: the ones'-complement sum of a header with " +
                               "version 4 cannot be 0, so its complement cannot be 0xFFFF. RFC 1624 §3 shows how an incremental " +
                               "update done the RFC 1141 way produces 0xFFFF (−0) where 0x0000 is due.";
        }
    }

    private static void Options(Dissection d, DecodedLayer ip, int start, int end)
    {
        var type = FieldSpec.Number("ip.opt.type", "Option type", 0, 8);
        var length = FieldSpec.Number("ip.opt.len", "Option length", 8, 8);
        var position = start;
        while (position < end && position < d.Bytes.Length)
        {
            var option = d.Layer(ip.Layers, "ip.opt", "IPv4 option", position);
            var kind = d.Add(option, type, position).Number;
            if (kind is null or 0 or 1)
            {
                option.Length = 1;
                position++;
                if (kind is null or 0) break;
                continue;
            }
            var size = (int?)d.Add(option, length, position).Number;
            if (size is null or < 2)
            {
                MarkBad(option.Fields[^1], "an option with a length is at least 2 bytes");
                break;
            }
            if (size > 2) d.Add(option, new FieldSpec("ip.opt.data", "Option data", 16, (size.Value - 2) * 8, FieldFormat.Bytes), position);
            option.Length = size.Value;
            position += size.Value;
        }
    }

    internal static void MarkBad(DecodedField field, string why)
    {
        field.Status = FieldStatus.Bad;
        field.Note = why;
    }

    /// <summary>The IPv4 header fields that share a byte: what an ICMP Parameter Problem pointer names.</summary>
    public static IReadOnlyList<FieldSpec> FieldsAtByte(int byteOffset) =>
        Header.Fields.Where(f => f.BitOffset / 8 <= byteOffset && byteOffset <= (f.EndBit - 1) / 8).ToList();
}

/// <summary>What a transport-layer dissector needs to know of the IP datagram around it.</summary>
public sealed record IpContext(Dissection Dissection, DecodedLayer Ip, int IpOffset, int PayloadStart, int PayloadEnd, bool Quoted)
{
    public int Version => Ip.Protocol == "ipv6" ? 6 : 4;

    /// <summary>The pseudo-header's ones'-complement sum for a checksum over the payload, or why it cannot be had.</summary>
    public (uint Sum, string? Problem) PseudoHeader(int protocol)
    {
        var bytes = Dissection.Bytes;
        var (addressOffset, addressLength) = Version == 4 ? (IpOffset + 12, 8) : (IpOffset + 8, 32);
        if (bytes.DescribeUnknown(addressOffset, addressLength) is { } unknown) return (0, $"the IP addresses ({unknown})");
        var length = (uint)(PayloadEnd - PayloadStart);
        var sum = Dissection.Sum(bytes.Data.AsSpan(addressOffset, addressLength)) + (uint)protocol + (length & 0xFFFF) + (length >> 16);
        return (sum, null);
    }
}
