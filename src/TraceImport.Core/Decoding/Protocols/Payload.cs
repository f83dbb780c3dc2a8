using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>Bytes no layer reads: one row of data.</summary>
public static class Payload
{
    private static FieldSpec DataField(int count) => new("data.data", "Data", 0, count * 8, FieldFormat.Bytes);

    /// <summary>Decodes the bytes between <paramref name="start"/> and <paramref name="end"/> as data.</summary>
    public static void Data(Dissection d, List<DecodedLayer> layers, int start, int end)
    {
        var count = Math.Min(end, d.Bytes.Length) - start;
        if (count <= 0) return;
        var layer = d.Layer(layers, "data", "Data", start);
        var field = d.Add(layer, DataField(count), start);
        field.Meaning = $"{count} byte(s)";
        layer.Length = count;
    }

    /// <summary>Writes bytes a text gives as data at <paramref name="offset"/>.</summary>
    public static void Emit(PacketImage image, int offset, byte[] bytes, int line)
    {
        if (bytes.Length > 0) image.Write(DataField(bytes.Length), offset, bytes, line);
    }
}
