using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>Reads a header's declared fields into a layer; the protocols' dissectors share it.</summary>
public sealed class Dissection(PacketBytes bytes)
{
    public PacketBytes Bytes { get; } = bytes;

    public DecodedLayer Layer(List<DecodedLayer> into, string protocol, string title, int offset)
    {
        var layer = new DecodedLayer { Protocol = protocol, Title = title, Offset = offset };
        into.Add(layer);
        return layer;
    }

    /// <summary>Reads every field of the header at <paramref name="offset"/> into a new layer.</summary>
    public DecodedLayer Header(List<DecodedLayer> into, HeaderSpec header, int offset)
    {
        var layer = Layer(into, header.Protocol, header.Title, offset);
        foreach (var spec in header.Fields) Add(layer, spec, offset);
        layer.Length = Math.Min(header.Length, Math.Max(0, Bytes.Length - offset));
        return layer;
    }

    public DecodedField Add(DecodedLayer layer, FieldSpec spec, int headerOffset)
    {
        var field = FieldCodec.Read(spec, Bytes, headerOffset);
        layer.Fields.Add(field);
        return field;
    }

    /// <summary>The field's number, or null when it is truncated, masked or unknown.</summary>
    public static ulong? NumberOf(DecodedLayer layer, string name) => layer.Field(name)?.Number;

    /// <summary>
    /// Judges a checksum over <paramref name="count"/> bytes at <paramref name="offset"/> (plus a pseudo-header sum):
    /// ok, bad with the value it should have, or unverifiable naming the bytes that are not known.
    /// </summary>
    public void JudgeChecksum(DecodedField checksum, int offset, int count, uint pseudoHeaderSum, string? pseudoHeaderProblem)
    {
        if (checksum.Status is FieldStatus.Truncated) return;
        if (checksum.Status is FieldStatus.Masked or FieldStatus.Unknown)
        {
            checksum.Status = FieldStatus.Unverifiable;
            checksum.Note = $"the checksum itself is not known ({checksum.Note})";
            return;
        }
        var fieldAt = checksum.ByteOffset - offset;
        if (count <= 0 || fieldAt < 0 || fieldAt + 2 > count)
        {
            checksum.Status = FieldStatus.Unverifiable;
            checksum.Note = $"the length the headers give ({Math.Max(count, 0)} bytes) does not cover the checksum itself";
            return;
        }
        var missing = new List<string>();
        if (pseudoHeaderProblem is not null) missing.Add(pseudoHeaderProblem);
        if (offset + count > Bytes.Length) missing.Add($"bytes {Math.Max(offset, Bytes.Length)}-{offset + count - 1} not captured");
        else if (Bytes.DescribeUnknown(offset, count) is { } unknown) missing.Add(unknown);
        if (missing.Count > 0)
        {
            checksum.Status = FieldStatus.Unverifiable;
            checksum.Note = "covers bytes that are not known: " + string.Join("; ", missing);
            return;
        }

        var covered = Bytes.Data.AsSpan(offset, count);
        if (InternetChecksum.Compute(covered, pseudoHeaderSum) == 0)
        {
            checksum.Status = FieldStatus.Ok;
            checksum.Note ??= "verified";
            return;
        }
        var copy = covered.ToArray();
        copy[fieldAt] = 0;
        copy[fieldAt + 1] = 0;
        var expected = InternetChecksum.Compute(copy, pseudoHeaderSum);
        checksum.Status = FieldStatus.Bad;
        checksum.Note = $"should be 0x{expected:x4}";
        if (pseudoHeaderSum != 0 && checksum.Number == Fold(pseudoHeaderSum))
        {
            checksum.Note += "; the field holds the pseudo-header's sum, which a NIC doing checksum offload completes: " +
                             "the packet was captured on the sending host before it left, not damaged";
        }
    }

    private static uint Fold(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return sum;
    }

    /// <summary>The ones'-complement sum of bytes, to seed a checksum with a pseudo-header.</summary>
    public static uint Sum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        return sum;
    }
}
