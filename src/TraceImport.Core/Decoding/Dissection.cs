using TraceImport.Decoding.Protocols;
using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>A packet being decoded: its bytes, and what every layer's parse shares (reading declared fields, judging checksums, finding the next layer).</summary>
public sealed class Dissection(PacketBytes bytes)
{
    public PacketBytes Bytes { get; } = bytes;

    /// <summary>Whether the capturing host sent or received the packet, where the text says (LAPD's command/response bit reads by it).</summary>
    public Model.Direction Direction { get; init; }

    /// <summary>The frame's length on the wire, which a capture cut short leaves longer than <see cref="Bytes"/>.</summary>
    public int FrameLength { get; init; }

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
        var specs = header.FieldSpan;
        layer.Fields.EnsureCapacity(specs.Length);
        foreach (var spec in specs) Add(layer, spec, offset);
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
    /// Decodes what the bindings table says follows a key (an EtherType, a protocol number) at
    /// <paramref name="slot"/>; bytes no layer is bound to are data.
    /// </summary>
    public DeclaredExtent? Next(List<DecodedLayer> into, BindingTable table, ulong key, Slot slot)
    {
        if (Bindings.Find(table, key) is { } layer && layer.ParsesOver(slot)) return layer.Parse(this, into, slot);
        Payload.Data(this, into, slot.Offset, slot.End);
        return null;
    }

    /// <summary>Gives a checksum field its verdict: its status, and the note rendered from the verdict.</summary>
    public static void Apply(DecodedField checksum, ChecksumVerdict verdict)
    {
        checksum.Checksum = verdict;
        if (verdict.Status is { } status) checksum.Status = status;
        if (verdict.Note() is { } note) checksum.Note = note;
    }

    /// <summary>
    /// Judges a checksum over <paramref name="count"/> bytes at <paramref name="offset"/> (plus a
    /// pseudo-header's sum, or the pseudo-header bytes that are not known): it holds, it is wrong and
    /// what it should be, or why it cannot be judged. A checksum cut off by the packet's end is not judged.
    /// </summary>
    public void JudgeChecksum(DecodedField checksum, int offset, int count, uint pseudoHeaderSum = 0, IReadOnlyList<ByteRange>? pseudoHeaderUnknown = null, bool firstFragment = false)
    {
        if (checksum.Status is FieldStatus.Truncated) return;
        if (firstFragment)
        {
            Apply(checksum, new ChecksumVerdict(ChecksumCause.Fragmented));
            return;
        }
        Apply(checksum, Verdict(checksum, offset, count, pseudoHeaderSum, pseudoHeaderUnknown ?? []));
    }

    private ChecksumVerdict Verdict(DecodedField checksum, int offset, int count, uint pseudoHeaderSum, IReadOnlyList<ByteRange> pseudoHeaderUnknown)
    {
        var fieldAt = checksum.ByteOffset - offset;
        var covers = count > 0 && fieldAt >= 0 && fieldAt + 2 <= count;
        var captured = offset + count <= Bytes.Length;
        if (checksum.Status is FieldStatus.Masked or FieldStatus.Unknown)
        {
            var othersKnown = covers && captured && pseudoHeaderUnknown.Count == 0
                && Bytes.UnknownRanges(offset, fieldAt).Count == 0 && Bytes.UnknownRanges(offset + fieldAt + 2, count - fieldAt - 2).Count == 0;
            return new ChecksumVerdict(ChecksumCause.ValueUnknown)
            {
                Unknown = Bytes.UnknownRanges(checksum.ByteOffset, 2),
                Expected = othersKnown ? Expected(offset, count, fieldAt, pseudoHeaderSum) : null,
            };
        }
        if (!covers) return new ChecksumVerdict(ChecksumCause.NotCovered) { CoveredLength = Math.Max(count, 0) };

        IReadOnlyList<ByteRange> unknown = captured
            ? Bytes.UnknownRanges(offset, count)
            : [new ByteRange(Math.Max(offset, Bytes.Length), offset + count - 1, ByteState.NotCaptured)];
        if (pseudoHeaderUnknown.Count > 0 || unknown.Count > 0)
        {
            return new ChecksumVerdict(ChecksumCause.CoverageUnknown) { Unknown = unknown, PseudoHeaderUnknown = pseudoHeaderUnknown };
        }

        if (InternetChecksum.Compute(Bytes.Data.AsSpan(offset, count), pseudoHeaderSum) == 0) return new ChecksumVerdict(ChecksumCause.Holds) { Expected = (ushort?)checksum.Number };
        var expected = Expected(offset, count, fieldAt, pseudoHeaderSum);
        var offload = pseudoHeaderSum != 0 && checksum.Number == InternetChecksum.Fold(pseudoHeaderSum);
        return new ChecksumVerdict(offload ? ChecksumCause.Offload : ChecksumCause.Wrong) { Expected = expected };
    }

    /// <summary>The checksum the covered bytes give: computed with the field itself taken as zero.</summary>
    private ushort Expected(int offset, int count, int fieldAt, uint pseudoHeaderSum) =>
        InternetChecksum.ComputeWithoutField(Bytes.Data.AsSpan(offset, count), fieldAt, pseudoHeaderSum);
}
