using TraceImport.Model;

namespace TraceImport.Text;

/// <summary>Accumulates a packet's bytes and unknown nibbles row by row; reused across packets.</summary>
public sealed class PacketBuilder
{
    private byte[] data = new byte[256];
    private readonly List<int> unknownNibbles = [];
    private readonly HashSet<int> maskedNibbles = [];

    public int Length { get; private set; }

    public bool HasUnknown => unknownNibbles.Count > 0;

    /// <summary>The nibbles not known so far, in the order they were appended (ascending for a builder only appended to).</summary>
    public int[] UnknownNibbles() => unknownNibbles.Count == 0 ? [] : [.. unknownNibbles];

    public void Append(byte value)
    {
        EnsureCapacity(Length + 1);
        data[Length++] = value;
    }

    /// <summary>Appends bytes the text shows in full: no nibble of them is masked or unknown.</summary>
    public void AppendKnown(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(Length + bytes.Length);
        bytes.CopyTo(data.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>
    /// Appends the bytes an even run of hex digits gives, decoded at once; false, with nothing appended, when the run
    /// holds anything but hex digits (a mask: for the caller to read nibble by nibble).
    /// </summary>
    public bool TryAppendHex(ReadOnlySpan<char> digits)
    {
        EnsureCapacity(Length + digits.Length / 2);
        if (Convert.FromHexString(digits, data.AsSpan(Length, digits.Length / 2), out _, out var written) != System.Buffers.OperationStatus.Done) return false;
        Length += written;
        return true;
    }

    /// <summary>A nibble value for <see cref="AppendNibbles"/>: the author masked it (X).</summary>
    public const int MaskedNibble = -1;

    /// <summary>A nibble value for <see cref="AppendNibbles"/>: the text shows a character that is not a hex digit there.</summary>
    public const int UnreadableNibble = -2;

    /// <summary>Appends one byte from two nibble values, either of which may be <see cref="MaskedNibble"/> or <see cref="UnreadableNibble"/>.</summary>
    public void AppendNibbles(int high, int low)
    {
        if (Length == data.Length) EnsureCapacity(Length + 1);
        MarkNibble(Length * 2, high);
        MarkNibble(Length * 2 + 1, low);
        data[Length++] = (byte)((Math.Max(high, 0) << 4) | Math.Max(low, 0));
    }

    private void MarkNibble(int nibble, int value)
    {
        if (value == MaskedNibble) MarkMasked(nibble);
        else if (value == UnreadableNibble) unknownNibbles.Add(nibble);
    }

    private void MarkMasked(int nibble)
    {
        unknownNibbles.Add(nibble);
        maskedNibbles.Add(nibble);
    }

    public void Append(HexRun run)
    {
        EnsureCapacity(Length + run.Bytes.Length);
        foreach (var nibble in run.UnknownNibbles)
        {
            unknownNibbles.Add(Length * 2 + nibble);
            maskedNibbles.Add(Length * 2 + nibble);
        }
        run.Bytes.CopyTo(data, Length);
        Length += run.Bytes.Length;
    }

    /// <summary>Adds bytes the text never showed (a gap in the offsets, say).</summary>
    public void AppendUnknown(int count)
    {
        EnsureCapacity(Length + count);
        for (var i = 0; i < count; i++)
        {
            data[Length] = 0;
            unknownNibbles.Add(Length * 2);
            unknownNibbles.Add(Length * 2 + 1);
            Length++;
        }
    }

    /// <summary>Appends bytes built elsewhere (a rebuilt image, a row read ahead), with their unknown and masked nibbles.</summary>
    public void Append(ReadOnlySpan<byte> bytes, KnownMask? unknown)
    {
        EnsureCapacity(Length + bytes.Length);
        for (var nibble = 0; unknown is not null && nibble < bytes.Length * 2; nibble++)
        {
            if (unknown.IsNibbleKnown(nibble)) continue;
            unknownNibbles.Add(Length * 2 + nibble);
            if (unknown.IsNibbleMasked(nibble)) maskedNibbles.Add(Length * 2 + nibble);
        }
        bytes.CopyTo(data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Truncate(int length)
    {
        if (length >= Length) return;
        Length = length;
        unknownNibbles.RemoveAll(n => n >= length * 2);
        maskedNibbles.RemoveWhere(n => n >= length * 2);
    }

    public ReadOnlySpan<byte> Bytes => data.AsSpan(0, Length);

    /// <summary>The bytes and mask of the packet so far; the builder stays as it is.</summary>
    public (byte[] Data, KnownMask? Unknown) Build()
    {
        var bytes = data.AsSpan(0, Length).ToArray();
        if (unknownNibbles.Count == 0) return (bytes, null);
        var mask = new KnownMask(Length);
        foreach (var nibble in unknownNibbles)
        {
            if (maskedNibbles.Contains(nibble)) mask.MarkMasked(nibble);
            else mask.MarkUnknown(nibble);
        }
        return (bytes, mask);
    }

    /// <summary>The bytes from <paramref name="start"/> on, with their mask: a row read earlier, to be repeated.</summary>
    public (byte[] Data, KnownMask? Unknown) Copy(int start)
    {
        var bytes = data.AsSpan(start, Length - start).ToArray();
        KnownMask? mask = null;
        foreach (var nibble in unknownNibbles)
        {
            if (nibble < start * 2) continue;
            mask ??= new KnownMask(bytes.Length);
            if (maskedNibbles.Contains(nibble)) mask.MarkMasked(nibble - start * 2);
            else mask.MarkUnknown(nibble - start * 2);
        }
        return (bytes, mask);
    }

    public void Clear()
    {
        Length = 0;
        unknownNibbles.Clear();
        maskedNibbles.Clear();
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= data.Length) return;
        Array.Resize(ref data, Math.Max(needed, data.Length * 2));
    }
}
