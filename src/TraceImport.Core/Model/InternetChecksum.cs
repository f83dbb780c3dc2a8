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
    /// The checksum the bytes give with the two at <paramref name="fieldAt"/> (the checksum field itself) taken as
    /// zero, without a copy: the sum of the words before it is folded is a plain sum, so those bytes are taken out
    /// of it by subtraction, weighed as the words they fall in weigh them (high then low byte, or low then high
    /// when the field starts at an odd byte).
    /// </summary>
    public static ushort ComputeWithoutField(ReadOnlySpan<byte> data, int fieldAt, uint initial = 0)
    {
        var own = fieldAt % 2 == 0 ? (uint)(data[fieldAt] << 8 | data[fieldAt + 1]) : (uint)(data[fieldAt] | data[fieldAt + 1] << 8);
        return (ushort)~Fold(Sum(data, initial) - own);
    }

    /// <summary>
    /// The sum of a pseudo-header (RFC 793, RFC 768, RFC 8200 §8.1): the source and destination
    /// addresses as they lie in the IP header, the protocol, and the length the checksum covers.
    /// </summary>
    public static uint PseudoHeaderSum(ReadOnlySpan<byte> addresses, int protocol, int length) =>
        Sum(addresses) + (uint)protocol + ((uint)length & 0xFFFF) + ((uint)length >> 16);

    /// <summary>Ones'-complement addition of two 16-bit values, the carry added back in.</summary>
    public static ushort Add(ushort a, ushort b) => Fold((uint)a + b);

    /// <summary>Ones'-complement subtraction: <paramref name="a"/> plus the complement of <paramref name="b"/>.</summary>
    public static ushort Subtract(ushort a, ushort b) => Add(a, (ushort)~b);

    /// <summary>
    /// The change to a checksum's sum when bytes it covers change from <paramref name="before"/> to
    /// <paramref name="after"/> at an even or odd <paramref name="offset"/> from where its words start
    /// (RFC 1624's m' − m): the checksum itself moves by the complement of it. Bytes that are not known
    /// may be anything, as long as they are the same in both: they cancel out.
    /// </summary>
    public static ushort SumChange(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, int offset)
    {
        var sumBefore = offset % 2 == 0 ? Sum(before) : Sum([0, .. before]);
        var sumAfter = offset % 2 == 0 ? Sum(after) : Sum([0, .. after]);
        return Subtract(Fold(sumAfter), Fold(sumBefore));
    }
}
