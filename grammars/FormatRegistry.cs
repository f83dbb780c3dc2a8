using TraceImport.Grammars.Ascend;
using TraceImport.Grammars.Cosine;
using TraceImport.Grammars.DbsEtherwatch;
using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.Iseries;
using TraceImport.Grammars.K12Text;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.PacketMonitor;
using TraceImport.Grammars.Snoop;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Toshiba;
using TraceImport.Grammars.Tshark;
using TraceImport.Grammars.Vms;
using TraceImport.Import;

namespace TraceImport.Grammars;

/// <summary>Every grammar, in one list: detection asks each of them and takes the surest.</summary>
public static class FormatRegistry
{
    public static IReadOnlyList<ITraceFormat> All { get; } =
    [
        // Wireshark's text trace formats come first: a tie in detection goes to the earlier format,
        // each of these starts its records with a header no other format shares, and the rows of hex
        // after the header would otherwise be claimed by the generic hex grammars below.
        new CosineFormat(),         // "l2-tx (PPP:…), Length:…" headers, even glued to a prompt
        new DbsEtherwatchFormat(),  // "From … to …" and "Protocol … byte buffer at" lines
        new VmsFormat(),            // before hex-block: its right-to-left longword rows also read as hex words
        new ToshibaFormat(),        // "[No.N]" headers; before hex-block, which would take the "0000 : FF03 …" rows
        new IseriesFormat(),        // "COMMUNICATIONS TRACE" pages and "ETHV2 Type:" record lines
        new AscendFormat(),         // PRI-XMIT-, RECV-, ETHER…, WD_DIALOUT_DISP headers; before hex-block, for the "[0000]:" rows
        new K12TextFormat(),        // "+---------+" rules and "|0   |xx|" byte lines, which no other grammar reads
        new TcpdumpFormat(),
        new TsharkFormat(),
        new OffsetHexFormat(),
        new HexBlockFormat(),
        new HexStreamFormat(),
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
