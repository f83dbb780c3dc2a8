using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TraceImport.Text;

/// <summary>
/// The vector path for the commonest rows: sixteen bytes as two-digit groups ("45 00 00 3c …", tshark, hexdump)
/// or as four-digit groups ("4500 003c …", tcpdump), each group one space from the next. The row's characters
/// are narrowed to bytes, the digits and the blanks between them gathered by shuffles, and all checked and
/// decoded in a few instructions. It decodes only what <see cref="HexRowScanner.TryScanPlain"/>'s loop would read
/// the same way — whole groups of hex digits, one space apart — and says nothing about how the row ends: the loop
/// reads on from where it stops. Anything else (a mask X, another separator, a character outside ASCII, fewer
/// bytes) gives false, and the loop reads the row from its start.
/// </summary>
internal static class HexRowVector
{
    /// <summary>Characters a row of sixteen two-digit groups takes, with the blank after its last group.</summary>
    private const int Window = 48;

    private static readonly Layout TwoDigit = Layout.Of(groupDigits: 2);
    private static readonly Layout FourDigit = Layout.Of(groupDigits: 4);

    /// <summary>
    /// Decodes the first sixteen bytes of the row at <paramref name="start"/> into <paramref name="bytes"/> when they
    /// are plain groups one space apart and the last is followed by a blank or the line's end; gives the groups read
    /// and the position after the last group's digits.
    /// </summary>
    public static bool TryDecodeFullRow(ReadOnlySpan<char> line, int start, HexRunRules rules, Span<byte> bytes, out int groups, out int end)
    {
        groups = 0;
        end = 0;
        // A gap of one space ending the row, or fewer than sixteen bytes allowed in it, is for the loop to judge.
        if (!Vector128.IsHardwareAccelerated || rules.GapEndsRun == 1 || rules.MaxBytes is > 0 and < 16) return false;
        var layout = rules.TokenDigits switch { 2 => TwoDigit, 4 => FourDigit, _ => null };
        if (layout is null) return false;
        var available = line.Length - start;
        if (available < layout.Span) return false;

        Vector128<byte> b0, b1, b2;
        if (available >= Window)
        {
            ref var first = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(line), start));
            if (!TryNarrow(ref first, out b0, out b1, out b2)) return false;
        }
        else
        {
            // The row ends within the window: its end reads as the blank that ends a group.
            Span<ushort> padded = stackalloc ushort[Window];
            padded.Fill(' ');
            MemoryMarshal.Cast<char, ushort>(line.Slice(start, available)).CopyTo(padded);
            if (!TryNarrow(ref padded[0], out b0, out b1, out b2)) return false;
        }

        var high = Gather(b0, b1, b2, layout.High);
        var low = Gather(b0, b1, b2, layout.Low);
        var blanks = Gather(b0, b1, b2, layout.Blanks);
        var space = Vector128.Create((byte)' ');
        // Every blank between groups is a space; after the last group a space or a tab (lanes past the groups hold spaces).
        var blankOk = Vector128.Equals(blanks, space) | (Vector128.Equals(blanks, Vector128.Create((byte)'\t')) & layout.LastBlank);
        if (!TryNibbles(high, out var highValues) || !TryNibbles(low, out var lowValues) || blankOk != Vector128<byte>.AllBitsSet) return false;

        (Vector128.ShiftLeft(highValues, 4) | lowValues).CopyTo(bytes);
        groups = layout.Groups;
        end = start + layout.Span;
        return true;
    }

    /// <summary>Forty-eight characters as bytes; false when any is outside ASCII (its low byte could pass for a digit).</summary>
    private static bool TryNarrow(ref ushort first, out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2)
    {
        var c0 = Vector128.LoadUnsafe(ref first, 0);
        var c1 = Vector128.LoadUnsafe(ref first, 8);
        var c2 = Vector128.LoadUnsafe(ref first, 16);
        var c3 = Vector128.LoadUnsafe(ref first, 24);
        var c4 = Vector128.LoadUnsafe(ref first, 32);
        var c5 = Vector128.LoadUnsafe(ref first, 40);
        b0 = b1 = b2 = default;
        if (((c0 | c1 | c2 | c3 | c4 | c5) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero) return false;
        b0 = Vector128.Narrow(c0, c1);
        b1 = Vector128.Narrow(c2, c3);
        b2 = Vector128.Narrow(c4, c5);
        return true;
    }

    /// <summary>The bytes at sixteen positions of the 48-byte window (each index picks from one of the three vectors; the others give 0).</summary>
    private static Vector128<byte> Gather(Vector128<byte> b0, Vector128<byte> b1, Vector128<byte> b2, Indices at) => Ssse3.IsSupported
        ? Ssse3.Shuffle(b0, at.First) | Ssse3.Shuffle(b1, at.Second) | Ssse3.Shuffle(b2, at.Third)
        : Vector128.Shuffle(b0, at.First) | Vector128.Shuffle(b1, at.Second) | Vector128.Shuffle(b2, at.Third);

    /// <summary>Sixteen hex digits' values; false when any is not a hex digit.</summary>
    private static bool TryNibbles(Vector128<byte> digits, out Vector128<byte> values)
    {
        var decimalValue = digits - Vector128.Create((byte)'0');
        var isDecimal = Vector128.LessThanOrEqual(decimalValue, Vector128.Create((byte)9));
        var letterValue = (digits | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
        var isLetter = Vector128.LessThanOrEqual(letterValue, Vector128.Create((byte)5));
        values = Vector128.ConditionalSelect(isDecimal, decimalValue, letterValue + Vector128.Create((byte)10));
        return (isDecimal | isLetter) == Vector128<byte>.AllBitsSet;
    }

    /// <summary>Shuffle indices into each of the three vectors of the window; an index of 0xFF gives 0.</summary>
    private sealed record Indices(Vector128<byte> First, Vector128<byte> Second, Vector128<byte> Third)
    {
        public static Indices Of(ReadOnlySpan<int> positions)
        {
            Span<byte> first = stackalloc byte[16], second = stackalloc byte[16], third = stackalloc byte[16];
            for (var lane = 0; lane < 16; lane++)
            {
                var at = positions[lane];
                first[lane] = at is >= 0 and < 16 ? (byte)at : (byte)0xFF;
                second[lane] = at is >= 16 and < 32 ? (byte)(at - 16) : (byte)0xFF;
                third[lane] = at is >= 32 and < 48 ? (byte)(at - 32) : (byte)0xFF;
            }
            return new Indices(Vector128.Create((ReadOnlySpan<byte>)first), Vector128.Create((ReadOnlySpan<byte>)second), Vector128.Create((ReadOnlySpan<byte>)third));
        }
    }

    /// <summary>Where the high and low digit of each of the sixteen bytes sit in the window, and the blank after each group.</summary>
    private sealed record Layout(int Groups, int Span, Indices High, Indices Low, Indices Blanks, Vector128<byte> LastBlank)
    {
        public static Layout Of(int groupDigits)
        {
            var width = groupDigits + 1;
            var groups = 32 / groupDigits;
            Span<int> high = stackalloc int[16], low = stackalloc int[16], blanks = stackalloc int[16];
            Span<byte> last = stackalloc byte[16];
            for (var b = 0; b < 16; b++)
            {
                var at = b / (groupDigits / 2) * width + b % (groupDigits / 2) * 2;
                high[b] = at;
                low[b] = at + 1;
            }
            for (var lane = 0; lane < 16; lane++)
            {
                // Lanes past the last group look at the blank after it again.
                var group = Math.Min(lane, groups - 1);
                blanks[lane] = group * width + groupDigits;
                last[lane] = group == groups - 1 ? (byte)0xFF : (byte)0;
            }
            // The span read: the groups' digits and the blanks between them, not the blank after the last.
            return new Layout(groups, groups * width - 1, Indices.Of(high), Indices.Of(low), Indices.Of(blanks), Vector128.Create((ReadOnlySpan<byte>)last));
        }
    }
}
