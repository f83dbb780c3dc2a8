using System.Text;
using TraceImport.Model;

namespace TraceImport.Grammars.OffsetHex;

/// <summary>
/// Packets as hexdump -C prints them: an eight-digit offset, sixteen bytes in two groups of eight, the
/// ASCII column between bars, and the total length on a line of its own. hexdump has no way to show a
/// byte it does not know, so a packet with masked or unshown nibbles is left to another writer.
/// </summary>
public sealed class OffsetHexWriter : IPacketTextWriter
{
    public string Format => "offset-hex";

    public string Description => "hexdump -C";

    public bool CanWrite(Packet packet) => packet.Data.Length > 0 && packet.Unknown?.AnyUnknown() != true;

    public void Write(Packet packet, TextWriter output, bool first)
    {
        if (first && packet.Heading is { Length: > 0 } heading) output.WriteLine(heading);
        else if (!first) output.WriteLine();
        for (var row = 0; row < packet.Data.Length; row += 16)
        {
            var line = new StringBuilder($"{row:x8}  ");
            var ascii = new StringBuilder();
            for (var i = row; i < row + 16; i++)
            {
                line.Append(i < packet.Data.Length ? TextWriters.Hex(packet, i) + " " : "   ");
                if (i == row + 7) line.Append(' ');
                if (i < packet.Data.Length) ascii.Append(TextWriters.Printable(packet, i));
            }
            output.WriteLine($"{line} |{ascii}|");
        }
        output.WriteLine($"{packet.Data.Length:x8}");
    }
}
