using System.Globalization;
using System.Xml;

namespace TraceImport.Parity;

/// <summary>
/// One field tshark shows, as `tshark -T pdml` writes it: its display-filter name, the protocol
/// (the nearest enclosing proto element) it belongs to, where its bytes lie, and its value.
/// </summary>
public sealed record TsharkField(string Name, string Protocol, int Position, int Size, string Show, string? Value, string? UnmaskedValue, bool Hidden, int ProtocolInstance = 0)
{
    /// <summary>A field with a bit mask: PDML gives its container's bytes as the unmasked value.</summary>
    public bool IsBitField => UnmaskedValue is not null;
}

/// <summary>Reads `tshark -T pdml` output a packet at a time, without holding the document.</summary>
public static class Pdml
{
    public static IEnumerable<List<TsharkField>> Packets(TextReader pdml)
    {
        using var reader = XmlReader.Create(pdml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreWhitespace = true });
        List<TsharkField>? packet = null;
        var protocols = new Stack<(string Name, int Depth, int Instance)>();
        var instances = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.Name == "packet" && packet is not null)
                {
                    yield return packet;
                    packet = null;
                }
                while (protocols.Count > 0 && protocols.Peek().Depth >= reader.Depth) protocols.Pop();
                continue;
            }
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.Name)
            {
                case "packet":
                    packet = [];
                    protocols.Clear();
                    break;
                case "proto":
                    if (!reader.IsEmptyElement) protocols.Push((reader.GetAttribute("name") ?? "", reader.Depth, ++instances));
                    break;
                // PDML writes the data protocol as a field named "data" around its own fields.
                case "field" when packet is not null && reader.GetAttribute("name") == "data" && !reader.IsEmptyElement:
                    protocols.Push(("data", reader.Depth, ++instances));
                    break;
                case "field" when packet is not null:
                    packet.Add(new TsharkField(
                        reader.GetAttribute("name") ?? "",
                        protocols.Count > 0 ? protocols.Peek().Name : "",
                        Number(reader.GetAttribute("pos")),
                        Number(reader.GetAttribute("size")),
                        reader.GetAttribute("show") ?? "",
                        reader.GetAttribute("value"),
                        reader.GetAttribute("unmaskedvalue"),
                        reader.GetAttribute("hide") == "yes",
                        protocols.Count > 0 ? protocols.Peek().Instance : 0));
                    break;
            }
        }
    }

    private static int Number(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
