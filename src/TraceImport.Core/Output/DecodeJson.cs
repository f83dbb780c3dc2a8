using System.Text.Json;
using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>
/// The decode as JSON, written packet by packet so that memory does not grow with the input.
/// Shape: { "packets": [ { number, format, source{file,firstLine,lastLine}, heading, linkType{code,name},
/// capturedLength, originalLength, time, bytes, layers: [ { protocol, title, offset, length, fields: [ { name, label,
/// offset, length, bitOffset, bitLength, raw, value, meaning, status, note, bits: [...] } ], layers: [...] } ] } ] }.
/// Offsets and lengths are in bytes; bitOffset and bitLength in bits. bytes is the packet in hex, two
/// digits a byte, with X for a nibble the author masked and ? for one the text never showed.
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
        WritePacket(json, decode);
        json.Flush();
    }

    /// <summary>One packet's object, for a document that holds more than the packets.</summary>
    public static void WritePacket(Utf8JsonWriter json, PacketDecode decode)
    {
        var packet = decode.Packet;
        json.WriteStartObject();
        WriteRecord(json, packet);
        json.WriteString("bytes", Nibbles(packet));
        WriteLayers(json, decode.Layers);
        json.WriteEndObject();
    }

    /// <summary>
    /// The packet's record, as properties of the object being written: number, format, source lines, heading,
    /// link type, lengths and time (what a packet list shows and a decode starts with).
    /// </summary>
    public static void WriteRecord(Utf8JsonWriter json, Model.Packet packet)
    {
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
    }

    private static string Nibbles(Model.Packet packet)
    {
        var hex = Convert.ToHexStringLower(packet.Data).ToCharArray();
        if (packet.Unknown is { } unknown)
        {
            for (var i = 0; i < hex.Length; i++)
            {
                if (!unknown.IsNibbleKnown(i)) hex[i] = unknown.IsNibbleMasked(i) ? 'X' : '?';
            }
        }
        return new string(hex);
    }

    private static void WriteLayers(Utf8JsonWriter json, IEnumerable<DecodedLayer> layers)
    {
        json.WriteStartArray("layers");
        foreach (var layer in layers)
        {
            json.WriteStartObject();
            json.WriteString("protocol", layer.Protocol);
            json.WriteString("title", layer.Title);
            json.WriteNumber("offset", layer.Offset);
            json.WriteNumber("length", layer.Length);
            WriteFields(json, "fields", layer.Fields);
            WriteLayers(json, layer.Layers);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteFields(Utf8JsonWriter json, string name, IEnumerable<DecodedField> fields)
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
            WriteFields(json, "bits", field.Bits);
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
