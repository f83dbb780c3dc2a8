using System.Text;
using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>The decode as a text table for a terminal: one row per field, nested layers indented.</summary>
public static class DecodeTable
{
    private const int RawWidth = 20;

    public static void Write(TextWriter writer, PacketDecode decode)
    {
        var packet = decode.Packet;
        var heading = packet.Heading is null ? "" : $" · {packet.Heading}";
        writer.WriteLine($"packet {packet.Number} · {packet.Data.Length} bytes · {packet.LinkType.Name} · lines {packet.Source.FirstLine}-{packet.Source.LastLine}{heading}");
        writer.WriteLine($"{"offset",-7}{"len",-5}{"field",-34}{"raw",-RawWidth - 1}{"value",-22}{"status",-13}meaning");
        var line = new StringBuilder();
        foreach (var row in DecodeRow.Of(decode))
        {
            line.Clear();
            var indent = new string(' ', row.Depth * 2);
            if (row.Layer is { } layer)
            {
                line.Append($"{layer.Offset,-7}{layer.Length,-5}{indent}{layer.Title}");
            }
            else
            {
                var field = row.Field!;
                line.Append($"{DecodeRow.Offset(field),-7}{DecodeRow.Length(field),-5}");
                line.Append(Pad(indent + field.Name, 34));
                line.Append(Pad(Clip(field.Raw, RawWidth), RawWidth + 1));
                line.Append(Pad(Clip(field.Value ?? "", 21), 22));
                line.Append(Pad(DecodeRow.Status(field.Status), 13));
                line.Append(DecodeRow.Explanation(field));
            }
            writer.WriteLine(line.ToString().TrimEnd());
        }
        writer.WriteLine();
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Pad(string text, int width) => text.Length >= width ? text + " " : text.PadRight(width);
}
