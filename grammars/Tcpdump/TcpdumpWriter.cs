using System.Text;
using TraceImport.Model;

namespace TraceImport.Grammars.Tcpdump;

/// <summary>
/// Packets as tcpdump -xx (or -tttt -xx) prints them: a summary line, then 0x-offset rows of 16-bit
/// groups. A packet read from tcpdump keeps its summary line; any other gets one of its time and
/// length. X stands for a nibble not shown, which the reader takes as masked.
/// </summary>
public sealed class TcpdumpWriter : IPacketTextWriter
{
    public string Format => "tcpdump";

    public string Description => "tcpdump -tttt -xx";

    public bool CanWrite(Packet packet) => packet.Data.Length > 0;

    public void Write(Packet packet, TextWriter output, bool first)
    {
        output.WriteLine(Summary(packet));
        for (var row = 0; row < packet.Data.Length; row += 16)
        {
            var line = new StringBuilder($"\t0x{row:x4}:  ");
            for (var i = row; i < Math.Min(row + 16, packet.Data.Length); i++)
            {
                if (i > row && (i - row) % 2 == 0) line.Append(' ');
                line.Append(TextWriters.Hex(packet, i));
            }
            output.WriteLine(line.ToString());
        }
    }

    /// <summary>
    /// tcpdump's own summary line where the packet came with one; else its time (tcpdump -tttt) and what
    /// it is. Another format's heading is not written: its words would be taken for that format again.
    /// </summary>
    private static string Summary(Packet packet)
    {
        if (packet.Format == "tcpdump" && packet.Heading is { Length: > 0 } summary) return summary;
        var what = $"packet {packet.Number}, {packet.LinkType.Name}, {packet.Data.Length} bytes";
        return packet.Time is { } time ? $"{TextWriters.Time(time)} {what}" : what;
    }
}
