using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Rebuild;

/// <summary>
/// The layers a text describes, outermost first, each with the values the text gives: emitted into one
/// image. A field the text printed is written as printed, even when wrong; a field it left unset is
/// computed where the other layers determine it — the next-protocol field from the bindings table, a
/// total length when the image holds the whole packet, a checksum when every byte it covers is known —
/// and otherwise stays unknown.
/// </summary>
public sealed class LayerStack
{
    private readonly List<(ProtocolLayer Layer, FieldValues Values)> layers = [];

    public IReadOnlyList<(ProtocolLayer Layer, FieldValues Values)> Layers => layers;

    public bool IsEmpty => layers.Count == 0;

    /// <summary>Adds a layer after the others; returns its values for the text to fill.</summary>
    public FieldValues Add(ProtocolLayer layer)
    {
        var values = new FieldValues();
        layers.Add((layer, values));
        return values;
    }

    /// <summary>
    /// Emits every layer into a new image, then computes what the text left unset.
    /// <paramref name="complete"/> says the layers hold every byte of the packet, so that lengths can be counted.
    /// </summary>
    public PacketImage Emit(bool complete = false)
    {
        var image = new PacketImage();
        var placed = EmitAt(image, 0, quoted: false);
        if (complete)
        {
            foreach (var (layer, values, offset) in placed) ComputeLength(image, layer, values, offset);
        }
        ComputeChecksums(image);
        return image;
    }

    /// <summary>Emits the layers from <paramref name="offset"/> (an ICMP error's quote is emitted so, inside its message); returns where each went.</summary>
    public List<(ProtocolLayer Layer, FieldValues Values, int Offset)> EmitAt(PacketImage image, int offset, bool quoted)
    {
        var placed = new List<(ProtocolLayer, FieldValues, int)>();
        for (var i = 0; i < layers.Count; i++)
        {
            var (layer, values) = layers[i];
            var length = layer.Emit(image, offset, values);
            foreach (var (at, bytes, line) in values.Data) Payload.Emit(image, offset + at, bytes, line);
            if (values.Extent is { } extent and > 0) image.Reserve(offset, extent);
            if (i + 1 < layers.Count) ImplyNext(image, layer, values, offset, layers[i + 1].Layer);
            if (!quoted) placed.Add((layer, values, offset));
            offset += length;
        }
        return placed;
    }

    /// <summary>
    /// An unset next-protocol field takes the key the bindings table gives the layer that follows, unless
    /// the layer's own emit wrote it (IPv6 names its first extension header there).
    /// </summary>
    private static void ImplyNext(PacketImage image, ProtocolLayer layer, FieldValues values, int offset, ProtocolLayer next)
    {
        if (layer.Next is not { } binding || values.Has(binding.Field)) return;
        if (Bindings.KeyOf(binding.Table, next) is not { } key) return;
        var spec = layer.Fields(values).First(f => f.Name == binding.Field);
        if (image.IsWritten(offset + spec.BitOffset / 8, (spec.EndBit + 7) / 8 - spec.BitOffset / 8)) return;
        image.Write(spec, offset, key, line: 0, computed: true);
    }

    /// <summary>An unset total length counts the bytes from the layer (or after its fixed header) to the end of the packet.</summary>
    private static void ComputeLength(PacketImage image, ProtocolLayer layer, FieldValues values, int offset)
    {
        if (layer.Length is not { } rule || values.Has(rule.Field)) return;
        var spec = layer.Fields(values).First(f => f.Name == rule.Field);
        var length = (ulong)Math.Max(0, image.Length - offset - rule.Excluding);
        if (FieldCodec.Fits(spec, length)) image.Write(spec, offset, length, line: 0, computed: true);
    }

    /// <summary>
    /// Unset checksums take the value the decoder finds the covered bytes give — the same description
    /// of what each checksum covers that judges it on decode. Inner checksums first: an outer one may cover them.
    /// </summary>
    private void ComputeChecksums(PacketImage image)
    {
        if (!LeavesChecksumUnset() || Bindings.LinkTypeOf(layers[0].Layer) is not { } linkType) return;
        while (true)
        {
            var due = image.Decode(linkType).AllFields().Select(f => f.Field)
                .Where(f => f.Checksum is { Cause: ChecksumCause.ValueUnknown, Expected: not null } && !image.IsWritten(f.ByteOffset, 2))
                .ToList();
            if (due.Count == 0) return;
            foreach (var field in due)
            {
                image.Write(new FieldSpec(field.Name, field.Label, 0, 16, FieldFormat.Hex), field.ByteOffset, field.Checksum!.Expected!.Value, line: 0, computed: true);
            }
        }
    }

    private bool LeavesChecksumUnset() =>
        layers.Any(l => l.Layer.ChecksumField is { } field && !l.Values.Has(field) || l.Values.Quote?.LeavesChecksumUnset() == true);
}
