using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>A decode flattened to rows: a layer's title row, then its fields, nested layers one level deeper.</summary>
public sealed record DecodeRow(int Depth, DecodedLayer? Layer, DecodedField? Field)
{
    public static IEnumerable<DecodeRow> Of(PacketDecode decode) => decode.Layers.SelectMany(layer => Of(layer, 0));

    private static IEnumerable<DecodeRow> Of(DecodedLayer layer, int depth)
    {
        yield return new DecodeRow(depth, layer, null);
        foreach (var field in layer.Fields)
        {
            yield return new DecodeRow(depth + 1, null, field);
            foreach (var bit in field.Bits) yield return new DecodeRow(depth + 2, null, bit);
        }
        foreach (var nested in layer.Layers.SelectMany(l => Of(l, depth + 1))) yield return nested;
    }

    /// <summary>"14" for a byte offset, "14.4" for bit 4 of byte 14.</summary>
    public static string Offset(DecodedField field) =>
        field.BitOffset % 8 == 0 ? (field.BitOffset / 8).ToString() : $"{field.BitOffset / 8}.{field.BitOffset % 8}";

    /// <summary>"6" bytes, or "4b" for a field that is not a whole number of aligned bytes.</summary>
    public static string Length(DecodedField field) =>
        field.IsByteAligned ? (field.BitLength / 8).ToString() : $"{field.BitLength}b";

    public static string Status(FieldStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Meaning and note together, for outputs with one column for both.</summary>
    public static string Explanation(DecodedField field) =>
        string.Join(" — ", new[] { field.Meaning, field.Note }.Where(s => !string.IsNullOrEmpty(s)));
}
