using System.Text;
using TraceImport.Model;

namespace TraceImport.Grammars.HexBlock;

/// <summary>
/// Packets as hex blocks: the heading on the line before, then rows of sixteen two-digit bytes with X
/// for a nibble not shown, a blank line after. A block of fewer than 14 bytes is not read as a packet,
/// so a shorter packet is left to another writer.
/// </summary>
public sealed class HexBlockWriter : IPacketTextWriter
{
    public string Format => "hex-block";

    public string Description => "hex blocks";

    public bool CanWrite(Packet packet) => packet.Data.Length >= 14;

    public void Write(Packet packet, TextWriter output, bool first)
    {
        if (packet.Heading is { Length: > 0 } heading) output.WriteLine(heading);
        for (var row = 0; row < packet.Data.Length; row += 16)
        {
            var line = new StringBuilder();
            for (var i = row; i < Math.Min(row + 16, packet.Data.Length); i++) line.Append(i > row ? " " : "").Append(TextWriters.Hex(packet, i).ToUpperInvariant());
            output.WriteLine(line.ToString());
        }
        output.WriteLine();
    }
}
