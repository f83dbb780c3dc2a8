using TraceImport.Decoding;

namespace TraceImport.Diagnosis;

/// <summary>
/// The mark an address edited after capture leaves: the IPv4 header checksum and the TCP or UDP checksum are both
/// wrong, and by the same amount. Both sums cover the two addresses (the transport's through its pseudo-header), so
/// changing an address shifts both alike; damage on the wire, a rewritten TTL or port, or checksum offload do not.
/// </summary>
public static class EditedAddress
{
    /// <summary>The amount both checksums are off by (in ones'-complement arithmetic), or null when the packet does not show the mark.</summary>
    public static ushort? Shift(PacketDecode decode) => Shift(decode.AllFields());

    /// <inheritdoc cref="Shift(PacketDecode)"/>
    public static ushort? Shift(IReadOnlyList<(DecodedField Field, int Depth)> fields)
    {
        DecodedField? header = null, transport = null;
        foreach (var (field, depth) in fields)
        {
            if (depth != 0) continue;
            if (field.Name == "ip.checksum") header = field;
            else if (field.Name is "tcp.checksum" or "udp.checksum") transport = field;
        }
        if (Off(header) is not { } a || Off(transport) is not { } b) return null;
        return a == b ? a : null;
    }

    /// <summary>How far a wrong checksum is from the one due, 0x0000 and 0xFFFF taken as one; null unless it is simply wrong.</summary>
    private static ushort? Off(DecodedField? checksum)
    {
        if (checksum is not { Number: { } stored, Checksum: { Cause: ChecksumCause.Wrong, NegativeZero: false, Expected: { } due } }) return null;
        var difference = (uint)stored + (~due & 0xFFFFu);
        difference = (difference & 0xFFFF) + (difference >> 16);
        return difference is 0 or 0xFFFF ? null : (ushort)difference;
    }
}
