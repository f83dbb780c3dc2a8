using System.Globalization;
using System.Text;
using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Tshark;
using TraceImport.Model;

namespace TraceImport.Grammars;

/// <summary>Writes packets as one text format prints them, so that the format's reader reads them back.</summary>
public interface IPacketTextWriter
{
    /// <summary>The format's name, as the registry gives it.</summary>
    string Format { get; }

    /// <summary>How the output names what it wrote ("tcpdump -xx").</summary>
    string Description { get; }

    /// <summary>Whether the format can hold the packet (its masks, its length) so that it reads back the same.</summary>
    bool CanWrite(Packet packet);

    /// <summary>Writes a packet; <paramref name="first"/> when it starts a run of this format (where a region's heading goes).</summary>
    void Write(Packet packet, TextWriter output, bool first);
}

/// <summary>
/// Packets written back as text in the format they were read from, where that format prints bytes
/// (tcpdump, tshark, od and hexdump, hex blocks, hex streams); a packet whose format prints fields
/// (snoop, packet_monitor) or a vendor's CLI, or that its own format cannot hold (masks where od has
/// none, fewer bytes than a hex block), is written as tcpdump -xx prints it, with its time.
/// </summary>
public static class TextWriters
{
    public static IReadOnlyList<IPacketTextWriter> All { get; } =
        [new TcpdumpWriter(), new TsharkWriter(), new OffsetHexWriter(), new HexBlockWriter(), new HexStreamWriter()];

    public static IPacketTextWriter Fallback { get; } = All[0];

    /// <summary>The writer for a packet: its own format's when that can hold it, else tcpdump's.</summary>
    public static IPacketTextWriter For(Packet packet) =>
        All.FirstOrDefault(w => w.Format == packet.Format && w.CanWrite(packet)) ?? Fallback;

    /// <summary>
    /// Writes the packets, each run of one writer after a blank line; returns, for each format read
    /// that was written as another, what it was written as.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Write(IEnumerable<Packet> packets, TextWriter output)
    {
        var trace = new TextTrace(output);
        foreach (var packet in packets) trace.Write(packet);
        return trace.Substituted;
    }

    /// <summary>A text being written a packet at a time, as the packets are redacted: nothing is held but the last writer.</summary>
    public sealed class TextTrace(TextWriter output)
    {
        private readonly Dictionary<string, string> substituted = [];
        private IPacketTextWriter? previous;

        /// <summary>For each format read that was written as another, what it was written as.</summary>
        public IReadOnlyDictionary<string, string> Substituted => substituted;

        public void Write(Packet packet)
        {
            var writer = For(packet);
            if (writer.Format != packet.Format) substituted.TryAdd(packet.Format, writer.Description);
            var first = writer != previous;
            if (first && previous is not null) output.WriteLine();
            writer.Write(packet, output, first);
            previous = writer;
        }
    }

    /// <summary>A byte as two hex digits, X for a nibble not shown.</summary>
    public static string Hex(Packet packet, int index)
    {
        var value = packet.Data[index].ToString("x2", CultureInfo.InvariantCulture);
        if (packet.Unknown is null) return value;
        var chars = value.ToCharArray();
        for (var n = 0; n < 2; n++)
        {
            if (!packet.Unknown.IsNibbleKnown(index * 2 + n)) chars[n] = 'X';
        }
        return new string(chars);
    }

    /// <summary>A byte as the ASCII column shows it: itself when printable and shown, else a dot.</summary>
    public static char Printable(Packet packet, int index) =>
        packet.Data[index] is >= 0x20 and < 0x7F && (packet.Unknown is null || packet.Unknown.IsByteFullyKnown(index)) ? (char)packet.Data[index] : '.';

    /// <summary>
    /// A time as tcpdump -tttt and tshark -t ad print it, or a time of day only where the text gave
    /// nothing but that (the date assumed to be the first day of 1970).
    /// </summary>
    public static string Time(CaptureTime time)
    {
        var seconds = Math.DivRem(time.UnixNanoseconds, CaptureTime.NanosecondsPerSecond, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += CaptureTime.NanosecondsPerSecond;
        }
        var moment = DateTime.UnixEpoch.AddSeconds(seconds);
        var text = new StringBuilder(moment.ToString(time.Date == DateOrigin.Assumed && moment.Date == DateTime.UnixEpoch ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var digits = Math.Clamp(time.FractionDigits, 0, 9);
        if (digits > 0) text.Append('.').Append(nanos.ToString("D9", CultureInfo.InvariantCulture)[..digits]);
        return text.ToString();
    }
}
