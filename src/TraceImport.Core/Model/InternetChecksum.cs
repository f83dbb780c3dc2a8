namespace TraceImport.Model;

/// <summary>
/// The ones'-complement arithmetic of RFC 1071, and the pseudo-header sums TCP, UDP and ICMPv6
/// checksums start from: the one place the project computes an Internet checksum. Over bytes that
/// hold their own checksum, <see cref="Compute"/> yields 0 when the checksum is right.
/// </summary>
public static class InternetChecksum
{
    /// <summary>The ones'-complement sum of the bytes as 16-bit words (a last odd byte padded with zero), not yet folded.</summary>
    public static uint Sum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        var sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        return sum;
    }

    /// <summary>A sum folded to 16 bits, carries added back in.</summary>
    public static ushort Fold(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The checksum of the bytes: the complement of their folded sum (plus <paramref name="initial"/>, a pseudo-header's sum).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, uint initial = 0) => (ushort)~Fold(Sum(data, initial));

    /// <summary>
    /// The sum of a pseudo-header (RFC 793, RFC 768, RFC 8200 §8.1): the source and destination
    /// addresses as they lie in the IP header, the protocol, and the length the checksum covers.
    /// </summary>
    public static uint PseudoHeaderSum(ReadOnlySpan<byte> addresses, int protocol, int length) =>
        Sum(addresses) + (uint)protocol + ((uint)length & 0xFFFF) + ((uint)length >> 16);
}
