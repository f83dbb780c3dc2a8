using System.Text;
using TraceImport.Model;

namespace TraceImport.Grammars.HexStream;

/// <summary>Packets as hex streams, one line each (X for a nibble not shown), the heading on a line before where there is one.</summary>
public sealed class HexStreamWriter : IPacketTextWriter
{
    public string Format => "hex-stream";

    public string Description => "hex streams";

    /// <summary>A stream holds at least 28 digits, an Ethernet header's worth.</summary>
    public bool CanWrite(Packet packet) => packet.Data.Length >= 14;

    public void Write(Packet packet, TextWriter output, bool first)
    {
        if (packet.Heading is { Length: > 0 } heading) output.WriteLine(heading);
        var line = new StringBuilder(packet.Data.Length * 2);
        for (var i = 0; i < packet.Data.Length; i++) line.Append(TextWriters.Hex(packet, i));
        output.WriteLine(line.ToString());
    }
}
