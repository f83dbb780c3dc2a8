using System.Globalization;
using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Reading structures whose shape the bytes decide — DNS records, TLVs, options, BER — field by field:
/// fields whose length is known only when the packet is read, values Wireshark shows in its own way
/// (times, signed numbers, object identifiers), nested layers for records and options, and the bytes a
/// walk could not go past. Every field is read through <see cref="FieldCodec"/>, so it keeps its masked,
/// unknown or truncated status; a value computed from bytes is given only when they are all known.
/// </summary>
internal static class Structure
{
    /// <summary>Adds each field of a fixed part (a record's type, class and TTL) laid out from <paramref name="offset"/>.</summary>
    public static void Part(this Dissection d, DecodedLayer layer, HeaderSpec part, int offset)
    {
        foreach (var spec in part.Fields) d.Add(layer, spec, offset);
    }

    /// <summary>A field inside another (a flag in a flags field, a tag inside a property), read at <paramref name="offset"/>.</summary>
    public static DecodedField Child(this Dissection d, DecodedField parent, FieldSpec spec, int offset)
    {
        var child = FieldCodec.Read(spec, d.Bytes, offset);
        parent.AddBit(child);
        return child;
    }

    /// <summary>The big-endian number in <paramref name="count"/> bytes at <paramref name="offset"/>, when they are captured and known.</summary>
    public static ulong? Peek(this Dissection d, int offset, int count) =>
        offset >= 0 && offset + count <= d.Bytes.Length && d.Bytes.IsKnown(offset, count) ? Unsigned(d.Bytes.Data.AsSpan(offset, count)) : null;

    /// <summary>The same field <paramref name="bits"/> further on, with its bit fields: a header laid after a prefix.</summary>
    public static FieldSpec Shifted(this FieldSpec spec, int bits) =>
        spec with { BitOffset = spec.BitOffset + bits, Bits = spec.Bits.Select(b => b.Shifted(bits)).ToList() };

    /// <summary>A field of <paramref name="count"/> whole bytes at <paramref name="offset"/>.</summary>
    public static DecodedField Field(this Dissection d, DecodedLayer layer, string name, string label, int offset, int count, FieldFormat format) =>
        d.Add(layer, new FieldSpec(name, label, 0, count * 8, format), offset);

    /// <summary>A field of <paramref name="count"/> whole bytes shown as <paramref name="show"/> gives them, when they are all known.</summary>
    public static DecodedField Shown(this Dissection d, DecodedLayer layer, string name, string label, int offset, int count, Func<ReadOnlySpan<byte>, string?> show) =>
        d.Field(layer, name, label, offset, count, FieldFormat.Bytes).ShowAs(d.Bytes, show);

    /// <summary>Replaces a known field's value with what <paramref name="show"/> makes of its bytes (a time, an OID, a signed number).</summary>
    public static DecodedField ShowAs(this DecodedField field, PacketBytes bytes, Func<ReadOnlySpan<byte>, string?> show)
    {
        if (field.Status == FieldStatus.Ok && field.IsByteAligned) field.Value = show(bytes.Data.AsSpan(field.ByteOffset, field.BitLength / 8));
        else if (field.Status != FieldStatus.Ok) field.Value = null;
        return field;
    }

    /// <summary>A nested layer: a record, an option, a TLV, at <paramref name="offset"/>, <paramref name="length"/> bytes (cut at the packet's end).</summary>
    public static DecodedLayer Sub(this Dissection d, DecodedLayer parent, string protocol, string title, int offset, int length)
    {
        var layer = d.Layer(parent.Layers, protocol, title, offset);
        layer.Length = Math.Max(0, Math.Min(length, d.Bytes.Length - offset));
        return layer;
    }

    /// <summary>
    /// The bytes a walk could not go past (a length that is masked, a record that cannot be), as one
    /// field of data with the reason: accounted for, never read as fields they may not be.
    /// </summary>
    public static void Rest(this Dissection d, DecodedLayer layer, int from, int end, string why)
    {
        end = Math.Min(end, d.Bytes.Length);
        if (from >= end) return;
        var field = d.Field(layer, "data.data", "Data", from, end - from, FieldFormat.Bytes);
        field.Meaning = $"{end - from} byte(s) not decoded: {why}";
    }

    /// <summary>Whether the packet's capture ends before the datagram that holds <paramref name="slot"/> does.</summary>
    public static bool CutShort(this Slot slot, Dissection d) => slot.End > d.Bytes.Length || slot.Ip is { } ip && ip.PayloadEnd > d.Bytes.Length;

    /// <summary>Marks a field bad, with the reason.</summary>
    public static DecodedField Bad(this DecodedField field, string why)
    {
        if (field.Status is FieldStatus.Ok) field.Status = FieldStatus.Bad;
        field.Note = why;
        return field;
    }

    /// <summary>The big-endian unsigned number in some bytes.</summary>
    public static ulong Unsigned(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (var b in bytes) value = value << 8 | b;
        return value;
    }

    /// <summary>A two's-complement number of <paramref name="bits"/> bits, as Wireshark shows an FT_INT field.</summary>
    public static string Signed(ulong raw, int bits)
    {
        var value = bits == 64 ? (long)raw : (long)(raw << (64 - bits)) >> (64 - bits);
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>An absolute time as tshark shows an FT_ABSOLUTE_TIME in UTC: "Nov 30, 2026 22:59:11.000000000 UTC".</summary>
    public static string AbsoluteTime(long seconds, long nanoseconds = 0)
    {
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        return $"{Months[time.Month - 1]} {time.Day,2}, {time.Year} {time:HH:mm:ss}.{nanoseconds:D9} UTC";
    }

    /// <summary>Text as Wireshark shows a string field: printable ASCII as it is, other bytes escaped.</summary>
    public static string Text(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return builder.ToString();
    }

    /// <summary>A NUL-terminated or fixed-size text field shown as Wireshark shows it: up to its first NUL byte.</summary>
    public static string UpToNul(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return FieldCodec.Printable(nul < 0 ? bytes : bytes[..nul]);
    }

    /// <summary>
    /// A NUL-terminated string at <paramref name="offset"/> before <paramref name="end"/>: its field spans the
    /// NUL too. Returns where the next field starts, or null when the string has no known end.
    /// </summary>
    public static int? Stringz(this Dissection d, DecodedLayer layer, string name, string label, int offset, int end)
    {
        var at = offset;
        while (at < end && d.Bytes.IsKnown(at, 1) && d.Bytes.Data[at] != 0) at++;
        var known = at < end && d.Bytes.IsKnown(at, 1);
        var length = known ? at + 1 - offset : at - offset;
        if (length > 0) d.Field(layer, name, label, offset, length, FieldFormat.Text).ShowAs(d.Bytes, UpToNul);
        return known ? at + 1 : null;
    }

    /// <summary>Bytes as continuous lower-case hex.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
