namespace TraceImport.Model;

/// <summary>
/// Records which nibbles of a packet the text did not determine (masked with X, or never shown).
/// Absent (null on <see cref="Packet"/>) when every nibble is known, which is the common case.
/// </summary>
public sealed class KnownMask
{
    private readonly System.Collections.BitArray unknownNibbles;
    private readonly System.Collections.BitArray maskedNibbles;

    public KnownMask(int byteLength)
    {
        unknownNibbles = new System.Collections.BitArray(byteLength * 2);
        maskedNibbles = new System.Collections.BitArray(byteLength * 2);
    }

    public int ByteLength => unknownNibbles.Length / 2;

    public bool IsNibbleKnown(int nibbleIndex) => !unknownNibbles[nibbleIndex];

    public bool IsByteFullyKnown(int byteIndex) => !unknownNibbles[byteIndex * 2] && !unknownNibbles[byteIndex * 2 + 1];

    /// <summary>Whether an unknown nibble was hidden by the text's author (X) rather than never shown.</summary>
    public bool IsNibbleMasked(int nibbleIndex) => maskedNibbles[nibbleIndex];

    /// <summary>A nibble the text never showed.</summary>
    public void MarkUnknown(int nibbleIndex) => unknownNibbles[nibbleIndex] = true;

    /// <summary>A nibble the text showed as X.</summary>
    public void MarkMasked(int nibbleIndex)
    {
        unknownNibbles[nibbleIndex] = true;
        maskedNibbles[nibbleIndex] = true;
    }

    public void MarkByteUnknown(int byteIndex)
    {
        unknownNibbles[byteIndex * 2] = true;
        unknownNibbles[byteIndex * 2 + 1] = true;
    }

    public bool AnyUnknown()
    {
        for (var i = 0; i < unknownNibbles.Length; i++)
        {
            if (unknownNibbles[i]) return true;
        }
        return false;
    }

    /// <summary>Whether a nibble of the byte was hidden by the text's author (X).</summary>
    public bool IsByteMasked(int byteIndex) => maskedNibbles[byteIndex * 2] || maskedNibbles[byteIndex * 2 + 1];

    /// <summary>Byte ranges that hold at least one unknown nibble, masked or never shown (inclusive).</summary>
    public IEnumerable<(int First, int Last)> UnknownByteRanges() => Ranges(b => !IsByteFullyKnown(b));

    /// <summary>Byte ranges the author masked (X) at least in part.</summary>
    public IEnumerable<(int First, int Last)> MaskedByteRanges() => Ranges(IsByteMasked);

    /// <summary>Byte ranges the text never showed (a gap, a cut, fields a decode did not print), none of them masked.</summary>
    public IEnumerable<(int First, int Last)> UnshownByteRanges() => Ranges(b => !IsByteFullyKnown(b) && !IsByteMasked(b));

    private IEnumerable<(int First, int Last)> Ranges(Func<int, bool> holds)
    {
        var start = -1;
        for (var b = 0; b < ByteLength; b++)
        {
            var unknown = holds(b);
            if (unknown && start < 0) start = b;
            if (!unknown && start >= 0)
            {
                yield return (start, b - 1);
                start = -1;
            }
        }
        if (start >= 0) yield return (start, ByteLength - 1);
    }
}
