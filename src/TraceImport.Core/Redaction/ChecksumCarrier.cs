using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Redaction;

/// <summary>What became of one checksum when the bytes it covers were redacted.</summary>
public enum ChecksumOutcome
{
    /// <summary>It held, and holds again over the new bytes.</summary>
    Recomputed,
    /// <summary>It was wrong, and is wrong again by the same difference from the value due.</summary>
    KeptWrongByItsDifference,
    /// <summary>A wrong value that says something by itself (0x0000, 0xFFFF) is kept as it was.</summary>
    KeptAsWritten,
    /// <summary>It held the pseudo-header's own sum (checksum offload), and holds the new pseudo-header's.</summary>
    OffloadSumCarried,
}

/// <summary>One checksum a redaction changed (or kept): its field, where it lies, and what became of it.</summary>
public sealed record CarriedChecksum(string Field, int Offset, ChecksumOutcome Outcome);

/// <summary>
/// Carries every checksum across a redaction. The decoder is the one description of what each checksum
/// covers: the original and the redacted bytes are each decoded as a whole packet (bytes not shown, masked
/// or past the end of a capture cut short taken as zeros, the same in both, so they cancel out), and each
/// checksum moves by what the value due moved — one that held holds again, one that was wrong stays wrong
/// by the same difference (RFC 1624's incremental update, which needs no byte the text hid), one that
/// held the pseudo-header's sum holds the new one's. A datagram quoted by an ICMP error is decoded as a
/// datagram of its own, padded to the length its header states, so that its transport checksum moves
/// as the original's did; inner checksums are carried before the ones that cover them.
/// </summary>
public static class ChecksumCarrier
{
    private const int MostRounds = 8;

    /// <summary>
    /// Writes the carried checksums into <paramref name="redacted"/> (a copy of <paramref name="original"/>
    /// with stand-ins written) and says what became of each; a checksum whose own nibbles are not all
    /// shown is left as it was.
    /// </summary>
    public static List<CarriedChecksum> Carry(Packet original, byte[] redacted)
    {
        var carried = new List<CarriedChecksum>();
        var judged = new Dictionary<int, ChecksumCause>();
        foreach (var (field, _) in PacketDecoder.Decode(original).AllFields())
        {
            if (field.Checksum is { } verdict) judged.TryAdd(field.ByteOffset, verdict.Cause);
        }
        bool Writable(int offset) => offset + 2 <= original.Data.Length && (original.Unknown is null || original.Unknown.IsByteFullyKnown(offset) && original.Unknown.IsByteFullyKnown(offset + 1));
        Carry(original.Data, redacted, 0, original.Data.Length, original.OriginalLength, original.LinkType, Writable, judged, carried);
        return carried;
    }

    private static void Carry(byte[] original, byte[] redacted, int start, int length, int stated, LinkType linkType,
        Func<int, bool> writable, IReadOnlyDictionary<int, ChecksumCause> judged, List<CarriedChecksum> carried)
    {
        var before = Decode(original, start, length, stated, linkType);
        foreach (var quote in Quotes(before.Layers))
        {
            if (quote.Offset >= length) continue;
            var quotedLength = QuotedLength(quote);
            Carry(original, redacted, start + quote.Offset, length - quote.Offset, quotedLength ?? length - quote.Offset, LinkType.RawIp, writable, judged, carried);
        }

        var checksums = WithIpLayer(before.Layers, null)
            .Where(c => c.Field.Checksum is { Cause: ChecksumCause.Holds or ChecksumCause.Wrong or ChecksumCause.Offload, Expected: not null }
                        && c.Field.Number is not null && writable(start + c.Field.ByteOffset))
            .ToList();
        if (checksums.Count == 0) return;
        var outcomes = new Dictionary<int, ChecksumOutcome>();
        for (var round = 0; round < MostRounds; round++)
        {
            var after = Decode(redacted, start, length, stated, linkType);
            var changed = false;
            foreach (var (field, ip) in checksums)
            {
                if (After(after, field) is not { Checksum.Expected: { } due }) continue;
                var (target, outcome) = Target(field, ip, due, original, redacted, start, judged);
                outcomes[field.ByteOffset] = outcome;
                var at = start + field.ByteOffset;
                if ((redacted[at] << 8 | redacted[at + 1]) == target) continue;
                redacted[at] = (byte)(target >> 8);
                redacted[at + 1] = (byte)target;
                changed = true;
            }
            if (!changed) break;
        }
        foreach (var (field, _) in checksums)
        {
            var at = start + field.ByteOffset;
            if (outcomes.TryGetValue(field.ByteOffset, out var outcome) && (original[at] != redacted[at] || original[at + 1] != redacted[at + 1] || outcome != ChecksumOutcome.Recomputed))
            {
                carried.RemoveAll(c => c.Offset == at);
                carried.Add(new CarriedChecksum(field.Name, at, outcome));
            }
        }
    }

    /// <summary>The value a checksum takes over the redacted bytes, by what it was over the original ones.</summary>
    private static (ushort Value, ChecksumOutcome Outcome) Target(DecodedField field, DecodedLayer? ip, ushort due, byte[] original, byte[] redacted, int start,
        IReadOnlyDictionary<int, ChecksumCause> judged)
    {
        var value = (ushort)field.Number!.Value;
        var verdict = field.Checksum!;
        switch (verdict.Cause)
        {
            case ChecksumCause.Holds:
                // A UDP checksum that comes to zero is sent as 0xFFFF: zero says there is none (RFC 768).
                return (due == 0 && field.Name == "udp.checksum" ? (ushort)0xFFFF : due, ChecksumOutcome.Recomputed);
            case ChecksumCause.Offload when ip is not null:
                var change = AddressSumChange(ip, original, redacted, start);
                return (InternetChecksum.Add(value, change), ChecksumOutcome.OffloadSumCarried);
            case ChecksumCause.Wrong when value is 0 or 0xFFFF && judged.GetValueOrDefault(start + field.ByteOffset) == ChecksumCause.Wrong:
                return (value, ChecksumOutcome.KeptAsWritten);
            default:
                var wasDue = verdict.Expected!.Value;
                return (InternetChecksum.Add(due, InternetChecksum.Subtract(value, wasDue)), ChecksumOutcome.KeptWrongByItsDifference);
        }
    }

    /// <summary>What the redaction added to the sum of an IP header's addresses: what its pseudo-header's sum moved by.</summary>
    private static ushort AddressSumChange(DecodedLayer ip, byte[] original, byte[] redacted, int start)
    {
        ushort change = 0;
        foreach (var name in new[] { "ip.src", "ip.dst", "ipv6.src", "ipv6.dst" })
        {
            if (ip.Field(name) is not { } address) continue;
            var at = start + address.ByteOffset;
            var count = Math.Min(address.BitLength / 8, original.Length - at);
            if (count <= 0) continue;
            change = InternetChecksum.Add(change, InternetChecksum.SumChange(original.AsSpan(at, count), redacted.AsSpan(at, count), address.ByteOffset));
        }
        return change;
    }

    private static DecodedField? After(PacketDecode after, DecodedField field) =>
        after.AllFields().Select(f => f.Field).FirstOrDefault(f => f.BitOffset == field.BitOffset && f.Name == field.Name);

    /// <summary>Every checksum field with the IP layer before it in the same list (whose addresses its pseudo-header holds).</summary>
    private static IEnumerable<(DecodedField Field, DecodedLayer? Ip)> WithIpLayer(IReadOnlyList<DecodedLayer> layers, DecodedLayer? outer)
    {
        var ip = outer;
        foreach (var layer in layers)
        {
            if (layer.Protocol is "ip" or "ipv6") ip = layer;
            foreach (var field in layer.Fields.Where(f => f.Checksum is not null)) yield return (field, ip);
            foreach (var nested in WithIpLayer(layer.Layers, null)) yield return nested;
        }
    }

    /// <summary>The IP datagrams quoted by ICMP errors, outermost first.</summary>
    private static IEnumerable<DecodedLayer> Quotes(IReadOnlyList<DecodedLayer> layers) =>
        layers.Where(l => l.Protocol is "icmp" or "icmpv6").SelectMany(l => l.Layers.Where(q => q.Protocol is "ip" or "ipv6").Take(1));

    private static int? QuotedLength(DecodedLayer quote) => quote.Protocol == "ip"
        ? (int?)quote.Field("ip.len")?.Number
        : quote.Field("ipv6.plen")?.Number is { } payload ? (int)payload + 40 : null;

    /// <summary>
    /// The bytes from <paramref name="start"/> decoded as a whole packet, padded with zeros to the length
    /// stated — no further than an IP datagram reaches past the bytes, whatever a text claims.
    /// </summary>
    private static PacketDecode Decode(byte[] data, int start, int length, int stated, LinkType linkType)
    {
        var bytes = new byte[Math.Max(length, Math.Min(stated, length + 65_536))];
        data.AsSpan(start, length).CopyTo(bytes);
        var packet = new Packet
        {
            Data = bytes, LinkType = linkType, OriginalLength = bytes.Length,
            Interface = "redaction", Format = "redaction", Source = new SourceSpan("redaction", 0, 0),
        };
        return PacketDecoder.Decode(packet);
    }
}
