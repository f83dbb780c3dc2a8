using System.Text;
using System.Text.RegularExpressions;
using TraceImport.Model;

namespace TraceImport.Grammars.Tshark;

/// <summary>
/// Packets as tshark -x prints them (with -P -t ad summary lines where the packet came with one):
/// rows of a four-digit offset, sixteen bytes and the ASCII column, a blank line after each packet.
/// </summary>
public sealed partial class TsharkWriter : IPacketTextWriter
{
    public string Format => "tshark";

    public string Description => "tshark -x";

    public bool CanWrite(Packet packet) => packet.Data.Length > 0;

    /// <summary>The heading tshark's reader gives a packet it read with a -P summary: its number, then the summary's text.</summary>
    [GeneratedRegex(@"^(\d+) (.+)$")]
    private static partial Regex NumberedSummary();

    public void Write(Packet packet, TextWriter output, bool first)
    {
        if (packet.Time is { } time && packet.Heading is { } heading && NumberedSummary().Match(heading) is { Success: true } summary)
        {
            output.WriteLine($"{summary.Groups[1].Value,5} {TextWriters.Time(time)}    {summary.Groups[2].Value}");
            output.WriteLine();
        }
        else if (first && packet.Heading is { Length: > 0 } prose)
        {
            output.WriteLine(prose);
        }
        for (var row = 0; row < packet.Data.Length; row += 16)
        {
            var line = new StringBuilder($"{row:x4}  ");
            var ascii = new StringBuilder();
            for (var i = row; i < row + 16; i++)
            {
                line.Append(i < packet.Data.Length ? TextWriters.Hex(packet, i) + " " : "   ");
                if (i < packet.Data.Length) ascii.Append(TextWriters.Printable(packet, i));
            }
            output.WriteLine($"{line}  {ascii}");
        }
        output.WriteLine();
    }
}
