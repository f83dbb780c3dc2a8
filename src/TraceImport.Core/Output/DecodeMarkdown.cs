using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>The decode as Markdown tables, for a ticket or a wiki.</summary>
public static class DecodeMarkdown
{
    public static void Write(TextWriter writer, PacketDecode decode)
    {
        var packet = decode.Packet;
        writer.WriteLine($"### Packet {packet.Number}{(packet.Heading is null ? "" : $": {Escape(packet.Heading)}")}");
        writer.WriteLine();
        writer.WriteLine($"{packet.Data.Length} bytes, {packet.LinkType.Name}, lines {packet.Source.FirstLine}-{packet.Source.LastLine} of {Escape(packet.Source.File)}");
        writer.WriteLine();
        writer.WriteLine("| offset | length | field | raw | value | status | meaning |");
        writer.WriteLine("|---:|---:|---|---|---|---|---|");
        foreach (var row in DecodeRow.Of(decode))
        {
            var indent = string.Concat(Enumerable.Repeat("&nbsp;&nbsp;", row.Depth));
            if (row.Layer is { } layer)
            {
                writer.WriteLine($"| {layer.Offset} | {layer.Length} | {indent}**{Escape(layer.Title)}** | | | | |");
                continue;
            }
            var field = row.Field!;
            writer.WriteLine($"| {DecodeRow.Offset(field)} | {DecodeRow.Length(field)} | {indent}`{field.Name}` | `{Clip(field.Raw)}` | {Escape(field.Value ?? "")} | {DecodeRow.Status(field.Status)} | {Escape(DecodeRow.Explanation(field))} |");
        }
        writer.WriteLine();
    }

    private static string Clip(string raw) => raw.Length <= 32 ? raw : raw[..31] + "…";

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
