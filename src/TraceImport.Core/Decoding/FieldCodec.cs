using System.Globalization;
using System.Net;
using System.Text;

namespace TraceImport.Decoding;

/// <summary>Reads a declared field from a packet, and writes one into a buffer: decode and rebuild from one schema.</summary>
public static class FieldCodec
{
    public static DecodedField Read(FieldSpec spec, PacketBytes bytes, int headerOffset)
    {
        var bitOffset = headerOffset * 8 + spec.BitOffset;
        var available = bytes.Length * 8 - bitOffset;
        if (available < spec.BitLength)
        {
            return new DecodedField(spec, bytes, bitOffset, Math.Max(available, 0), null, FieldStatus.Truncated)
            {
                Note = available > 0 ? $"the packet ends {(spec.BitLength - available + 7) / 8} byte(s) into this field" : "the packet ends before this field",
            };
        }

        var state = bytes.StateOfBits(bitOffset, spec.BitLength);
        ulong? number = state == FieldStatus.Ok && spec.BitLength <= 64 && spec.Format is not (FieldFormat.Bytes or FieldFormat.Text or FieldFormat.Ipv6)
            ? Number(spec, bytes, bitOffset) * (ulong)spec.Scale
            : null;
        var field = new DecodedField(spec, bytes, bitOffset, spec.BitLength, number, state);
        if (state != FieldStatus.Ok) field.Note = bytes.DescribeUnknown(bitOffset / 8, (spec.BitLength + bitOffset % 8 + 7) / 8);
        field.ReadBitsLater();
        return field;
    }

    private static ulong Number(FieldSpec spec, PacketBytes bytes, int bitOffset)
    {
        var number = bytes.ReadBits(bitOffset, spec.BitLength);
        return spec.LittleEndian ? Swap(number, spec.BitLength / 8) : number;
    }

    /// <summary>The number with its <paramref name="count"/> low bytes in the other order.</summary>
    private static ulong Swap(ulong number, int count)
    {
        ulong swapped = 0;
        for (var i = 0; i < count; i++) swapped = swapped << 8 | (number >> (8 * i) & 0xFF);
        return swapped;
    }

    /// <summary>The value as shown, for a field read as <paramref name="state"/> (<paramref name="number"/> is null unless it read Ok).</summary>
    internal static string? Show(FieldSpec spec, PacketBytes bytes, int bitOffset, ulong? number, FieldStatus state)
    {
        var byteOffset = bitOffset / 8;
        var byteCount = spec.BitLength / 8;
        switch (spec.Format)
        {
            case FieldFormat.Mac:
                if (byteCount > 0 && bytes.IsKnown(byteOffset, byteCount)) return KnownMac(bytes.Data.AsSpan(byteOffset, byteCount));
                return string.Join(':', Enumerable.Range(byteOffset, byteCount).Select(i => Known(bytes, i) ? bytes.Data[i].ToString("x2") : "XX"));
            case FieldFormat.Ipv4:
                if (byteCount is > 0 and <= 16 && bytes.IsKnown(byteOffset, byteCount)) return KnownDotted(bytes.Data.AsSpan(byteOffset, byteCount));
                return string.Join('.', Enumerable.Range(byteOffset, byteCount).Select(i => Known(bytes, i) ? bytes.Data[i].ToString(CultureInfo.InvariantCulture) : "X"));
            case FieldFormat.Ipv6:
                return state == FieldStatus.Ok ? new IPAddress(bytes.Data.AsSpan(byteOffset, 16)).ToString() : bytes.RawHex(bitOffset, spec.BitLength);
            case FieldFormat.Bytes:
                return bytes.RawHex(bitOffset, spec.BitLength);
            case FieldFormat.Text:
                return state == FieldStatus.Ok ? Printable(bytes.Data.AsSpan(byteOffset, byteCount)) : null;
        }
        if (state != FieldStatus.Ok) return null;
        if (spec.Render is { } render) return render(number!.Value / (ulong)spec.Scale);
        return spec.Format switch
        {
            FieldFormat.Hex => "0x" + number!.Value.ToString("x" + (spec.HexDigits ?? Math.Max(2, (spec.BitLength + 7) / 8 * 2)), CultureInfo.InvariantCulture),
            _ => number!.Value.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static bool Known(PacketBytes bytes, int index) => bytes.IsKnown(index, 1);

    // Every address of every packet is shown: wholly known ones are written without a string per byte.

    /// <summary>"00:1b:21:3a:4f:5e": lower-case hex pairs joined by colons.</summary>
    private static string KnownMac(ReadOnlySpan<byte> address)
    {
        Span<char> chars = stackalloc char[address.Length * 3 - 1];
        for (var i = 0; i < address.Length; i++)
        {
            if (i > 0) chars[i * 3 - 1] = ':';
            chars[i * 3] = "0123456789abcdef"[address[i] >> 4];
            chars[i * 3 + 1] = "0123456789abcdef"[address[i] & 0xF];
        }
        return new string(chars);
    }

    /// <summary>"192.168.1.20": decimal bytes joined by dots.</summary>
    private static string KnownDotted(ReadOnlySpan<byte> address)
    {
        Span<char> chars = stackalloc char[address.Length * 4];
        var length = 0;
        for (var i = 0; i < address.Length; i++)
        {
            if (i > 0) chars[length++] = '.';
            address[i].TryFormat(chars[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
        }
        return new string(chars[..length]);
    }

    /// <summary>Text with control characters escaped, as a line of a text protocol is shown.</summary>
    public static string Printable(ReadOnlySpan<byte> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in text)
        {
            builder.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return builder.ToString();
    }

    /// <summary>Writes a number into a field's bits, big-endian, leaving the bits around it as they are.</summary>
    public static void Write(FieldSpec spec, ulong value, byte[] buffer, int headerOffset)
    {
        if (spec.BitLength > 64) throw new ArgumentException($"{spec.Name} is {spec.BitLength} bits: write its bytes instead", nameof(spec));
        var raw = value / (ulong)spec.Scale;
        if (!Fits(spec, value)) throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit {spec.Name} ({spec.BitLength} bits)");
        if (spec.LittleEndian) raw = Swap(raw, spec.BitLength / 8);
        var start = headerOffset * 8 + spec.BitOffset;
        for (var i = 0; i < spec.BitLength; i++)
        {
            var bit = start + i;
            var set = (raw >> (spec.BitLength - 1 - i) & 1) == 1;
            var mask = (byte)(1 << (7 - bit % 8));
            buffer[bit / 8] = set ? (byte)(buffer[bit / 8] | mask) : (byte)(buffer[bit / 8] & ~mask);
        }
    }

    /// <summary>Whether a value (as Wireshark shows it) fits the field's bits.</summary>
    public static bool Fits(FieldSpec spec, ulong value)
    {
        if (spec.BitLength > 64) return false;
        var raw = value / (ulong)spec.Scale;
        return spec.BitLength == 64 || raw >> spec.BitLength == 0;
    }

    /// <summary>Writes bytes (an address) into a byte-aligned field.</summary>
    public static void Write(FieldSpec spec, ReadOnlySpan<byte> value, byte[] buffer, int headerOffset)
    {
        if (!spec.IsByteAligned || value.Length * 8 != spec.BitLength) throw new ArgumentException($"{spec.Name} takes {spec.BitLength / 8} bytes", nameof(value));
        value.CopyTo(buffer.AsSpan(headerOffset + spec.ByteOffset));
    }
}
