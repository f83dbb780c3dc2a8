using System.Text;
using TraceImport.Capture;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Redaction;

namespace TraceImport.Web;

/// <summary>
/// What a request posted, held in memory (within the page's limit) so that it can be read more than
/// once: a pasted text, read by the grammars, or a pcap or pcapng capture dropped on the page, read by
/// the capture reader. With a redaction, every packet is learned in a first reading and the packets
/// handed on are the redacted ones.
/// </summary>
internal sealed class Paste(byte[] body, Encoding? encoding, bool capture, string name)
{
    public string Name => name;

    public bool IsCapture => capture;

    /// <summary>Reads every packet into <paramref name="sink"/>, redacted when <paramref name="redaction"/> is given.</summary>
    public ImportReport Import(Action<Packet> sink, TraceRedaction? redaction = null)
    {
        if (redaction is null) return ImportOnce(sink);
        var learned = ImportOnce(redaction.Learn);
        return learned.Packets == 0 ? learned : ImportOnce(packet => sink(redaction.Redact(packet)));
    }

    private ImportReport ImportOnce(Action<Packet> sink)
    {
        if (!capture)
        {
            using var reader = TextInput.Open(new MemoryStream(body, writable: false), name, encoding).Reader;
            return new DocumentImporter(FormatRegistry.All).Import(reader, name, new ImportOptions(), sink);
        }
        // A capture has no lines: its account is one region of its format and packets.
        var report = new ImportReport { SourceName = name };
        Region? region = null;
        foreach (var packet in CaptureReader.Read(new MemoryStream(body, writable: false), name))
        {
            if (region is null)
            {
                region = new Region(packet.Format, 0, 1.0);
                report.Regions.Add(region);
            }
            sink(packet);
            region.Packets++;
            report.Packets++;
            report.PacketsByFormat[packet.Format] = report.PacketsByFormat.GetValueOrDefault(packet.Format) + 1;
        }
        return report;
    }
}
