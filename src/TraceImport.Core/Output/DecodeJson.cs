using System.Text.Json;
using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>
/// The decode as JSON, written packet by packet so that memory does not grow with the input.
/// Shape: { "packets": [ { number, format, source{file,firstLine,lastLine}, heading, linkType{code,name},
/// capturedLength, originalLength, time, layers: [ { protocol, title, offset, length, fields: [ { name, label,
/// offset, length, bitOffset, bitLength, raw, value, meaning, status, note, bits: [...] } ], layers: [...] } ] } ] }.
/// Offsets and lengths are in bytes; bitOffset and bitLength in bits.
/// </summary>
public sealed class DecodeJson : IDisposable
{
    private readonly Utf8JsonWriter json;
    private bool closed;

    public DecodeJson(Stream output)
    {
        json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("packets");
    }

    public void Write(PacketDecode decode)
    {
        var packet = decode.Packet;
        json.WriteStartObject();
        json.WriteNumber("number", packet.Number);
        json.WriteString("format", packet.Format);
        json.WriteStartObject("source");
        json.WriteString("file", packet.Source.File);
        json.WriteNumber("firstLine", packet.Source.FirstLine);
        json.WriteNumber("lastLine", packet.Source.LastLine);
        json.WriteEndObject();
        json.WriteString("heading", packet.Heading);
        json.WriteStartObject("linkType");
        json.WriteNumber("code", packet.LinkType.Code);
        json.WriteString("name", packet.LinkType.Name);
        json.WriteEndObject();
        json.WriteNumber("capturedLength", packet.Data.Length);
        json.WriteNumber("originalLength", packet.OriginalLength);
        json.WriteString("time", packet.Time?.ToString());
        WriteLayers(decode.Layers);
        json.WriteEndObject();
        json.Flush();
    }

    private void WriteLayers(IEnumerable<DecodedLayer> layers)
    {
        json.WriteStartArray("layers");
        foreach (var layer in layers)
        {
            json.WriteStartObject();
            json.WriteString("protocol", layer.Protocol);
            json.WriteString("title", layer.Title);
            json.WriteNumber("offset", layer.Offset);
            json.WriteNumber("length", layer.Length);
            WriteFields("fields", layer.Fields);
            WriteLayers(layer.Layers);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private void WriteFields(string name, IEnumerable<DecodedField> fields)
    {
        json.WriteStartArray(name);
        foreach (var field in fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("label", field.Label);
            json.WriteNumber("offset", field.BitOffset / 8);
            json.WriteNumber("length", (field.BitLength + 7) / 8);
            json.WriteNumber("bitOffset", field.BitOffset);
            json.WriteNumber("bitLength", field.BitLength);
            json.WriteString("raw", field.Raw);
            json.WriteString("value", field.Value);
            json.WriteString("meaning", field.Meaning);
            json.WriteString("status", DecodeRow.Status(field.Status));
            json.WriteString("note", field.Note);
            WriteFields("bits", field.Bits);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Closes the document; calling it again does nothing.</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        json.Dispose();
    }
}
