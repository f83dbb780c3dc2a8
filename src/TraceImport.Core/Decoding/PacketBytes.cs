using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>A packet's bytes with what is known of them, as the decoder reads them.</summary>
public sealed class PacketBytes(byte[] data, KnownMask? unknown)
{
    private readonly KnownMask? unknown = unknown;

    public byte[] Data { get; } = data;
    public int Length => Data.Length;

    public bool IsKnown(int byteOffset, int count)
    {
        if (unknown is null) return true;
        for (var i = byteOffset; i < byteOffset + count && i < unknown.ByteLength; i++)
        {
            if (!unknown.IsByteFullyKnown(i)) return false;
        }
        return true;
    }

    /// <summary>The state of a bit range: Ok, or Masked / Unknown when any nibble it touches is.</summary>
    public FieldStatus StateOfBits(int bitOffset, int bitLength)
    {
        if (unknown is null) return FieldStatus.Ok;
        var state = FieldStatus.Ok;
        for (var nibble = bitOffset / 4; nibble <= (bitOffset + bitLength - 1) / 4 && nibble < unknown.ByteLength * 2; nibble++)
        {
            if (unknown.IsNibbleKnown(nibble)) continue;
            if (unknown.IsNibbleMasked(nibble)) return FieldStatus.Masked;
            state = FieldStatus.Unknown;
        }
        return state;
    }

    /// <summary>"bytes 0-3 (masked), 26-27 (not shown)" for the unknown bytes in a range, or null when all are known.</summary>
    public string? DescribeUnknown(int byteOffset, int count) => ByteRange.Describe(UnknownRanges(byteOffset, count));

    /// <summary>The runs of bytes in a range that are not fully known, each masked or not shown (a byte with a masked nibble is masked).</summary>
    public IReadOnlyList<ByteRange> UnknownRanges(int byteOffset, int count)
    {
        if (unknown is null) return [];
        var ranges = new List<ByteRange>();
        var start = -1;
        ByteState? kind = null;
        for (var i = byteOffset; i <= Math.Min(byteOffset + count, unknown.ByteLength); i++)
        {
            ByteState? thisKind = i < byteOffset + count && i < unknown.ByteLength && !unknown.IsByteFullyKnown(i)
                ? (unknown.IsNibbleMasked(i * 2) || unknown.IsNibbleMasked(i * 2 + 1) ? ByteState.Masked : ByteState.NotShown)
                : null;
            if (thisKind != kind && start >= 0)
            {
                ranges.Add(new ByteRange(start, i - 1, kind!.Value));
                start = -1;
            }
            if (thisKind is not null && start < 0) start = i;
            kind = thisKind;
        }
        return ranges;
    }

    /// <summary>
    /// The raw form of a bit range: hex digits when it is whole nibbles, else its bits (0 and 1);
    /// X where a nibble is unknown.
    /// </summary>
    public string RawHex(int bitOffset, int bitLength)
    {
        if (bitOffset % 4 != 0 || bitLength % 4 != 0) return RawBits(bitOffset, bitLength);
        var end = Math.Min(bitOffset + bitLength, Length * 8);
        if (end <= bitOffset) return "";
        // Every field of every packet has its raw form made: whole known bytes go through the runtime's hex encoder.
        if (unknown is null && bitOffset % 8 == 0 && end % 8 == 0) return Convert.ToHexStringLower(Data, bitOffset / 8, (end - bitOffset) / 8);
        return string.Create((end - 1) / 4 - bitOffset / 4 + 1, (Bytes: this, First: bitOffset / 4), static (chars, at) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var nibble = at.First + i;
                var known = at.Bytes.unknown is null || at.Bytes.unknown.IsNibbleKnown(nibble);
                var value = (at.Bytes.Data[nibble / 2] >> (nibble % 2 == 0 ? 4 : 0)) & 0xF;
                chars[i] = known ? "0123456789abcdef"[value] : 'X';
            }
        });
    }

    private string RawBits(int bitOffset, int bitLength)
    {
        var end = Math.Min(bitOffset + bitLength, Length * 8);
        var chars = new System.Text.StringBuilder();
        for (var bit = bitOffset; bit < end; bit++)
        {
            var known = unknown is null || unknown.IsNibbleKnown(bit / 4);
            chars.Append(!known ? 'X' : ((Data[bit / 8] >> (7 - bit % 8)) & 1) == 1 ? '1' : '0');
        }
        return chars.ToString();
    }

    public ulong ReadBits(int bitOffset, int bitLength)
    {
        ulong value = 0;
        if (bitOffset % 8 == 0 && bitLength % 8 == 0)
        {
            // Whole bytes (most fields): the common widths at once, others a byte at a time.
            var at = Data.AsSpan(bitOffset / 8);
            switch (bitLength)
            {
                case 8: return at[0];
                case 16: return System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(at);
                case 32: return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(at);
            }
            for (var i = 0; i < bitLength / 8; i++) value = value << 8 | at[i];
            return value;
        }
        for (var bit = bitOffset; bit < bitOffset + bitLength; bit++)
        {
            value = value << 1 | (uint)((Data[bit / 8] >> (7 - bit % 8)) & 1);
        }
        return value;
    }
}

/// <summary>Why a byte is not known: the author masked it (X), the text never showed it, or the packet was cut before it.</summary>
public enum ByteState
{
    Masked,
    NotShown,
    NotCaptured,
}

/// <summary>A run of bytes that are not known, and why.</summary>
public readonly record struct ByteRange(int First, int Last, ByteState State)
{
    public bool IsMasked => State == ByteState.Masked;

    /// <summary>"bytes 0-3 (masked), 26-27 (not shown)", or null for no range; a range not captured reads "bytes 42-97 not captured".</summary>
    public static string? Describe(IReadOnlyList<ByteRange> ranges)
    {
        if (ranges.Count == 0) return null;
        if (ranges is [{ State: ByteState.NotCaptured } cut]) return $"bytes {cut.First}-{cut.Last} not captured";
        return "bytes " + string.Join(", ", ranges.Select(r => (r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}") + (r.IsMasked ? " (masked)" : " (not shown)")));
    }
}
