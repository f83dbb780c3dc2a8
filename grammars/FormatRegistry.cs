using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.PacketMonitor;
using TraceImport.Grammars.Sniffer;
using TraceImport.Grammars.Snoop;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Tshark;
using TraceImport.Import;

namespace TraceImport.Grammars;

/// <summary>
/// Every grammar, in one list: detection asks each of them and takes the surest; of two as sure, the
/// one listed first, so a format with a strong signature comes before one that shares its lines
/// (Sniffer's DLC decodes look like snoop's).
/// </summary>
public static class FormatRegistry
{
    public static IReadOnlyList<ITraceFormat> All { get; } =
    [
        new TcpdumpFormat(),
        new TsharkFormat(),
        new OffsetHexFormat(),
        new HexBlockFormat(),
        new HexStreamFormat(),
        new SnifferFormat(),
        new SnoopFormat(),
        new PacketMonitorFormat(),
    ];

    /// <summary>Why nothing could be read, at the first place that went wrong, as "file:line:column: error: ..." lines.</summary>
    public static IEnumerable<string> ExplainNoPackets(ImportReport report)
    {
        if (report.Skipped.Count > 0)
        {
            var first = report.Skipped[0];
            yield return $"{report.SourceName}:{first.Line}:{first.Column}: error: no packet could be read; {first.Reason}";
            yield break;
        }
        yield return $"{report.SourceName}:1:1: error: no packet found in {report.TotalLines} line(s); expected one of:";
        foreach (var format in All) yield return $"  {format.Name,-11} {format.Description}";
    }
}
