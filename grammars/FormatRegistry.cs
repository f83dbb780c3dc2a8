using TraceImport.Grammars.Ascend;
using TraceImport.Grammars.CiscoAsa;
using TraceImport.Grammars.CiscoIos;
using TraceImport.Grammars.CiscoNxos;
using TraceImport.Grammars.Cosine;
using TraceImport.Grammars.DbsEtherwatch;
using TraceImport.Grammars.FortiGate;
using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.Iseries;
using TraceImport.Grammars.Juniper;
using TraceImport.Grammars.K12Text;
using TraceImport.Grammars.NetScreen;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.PacketMonitor;
using TraceImport.Grammars.Sniffer;
using TraceImport.Grammars.Snoop;
using TraceImport.Grammars.SnoopSummary;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.TcpdumpSummary;
using TraceImport.Grammars.TsharkSummary;
using TraceImport.Grammars.Toshiba;
using TraceImport.Grammars.Tshark;
using TraceImport.Grammars.Vms;
using TraceImport.Grammars.WiresharkCsv;
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
        // Vendor CLI captures first: their signatures are unmistakable, and a tie goes to the earlier format.
        // ScreenOS's "(i) len=" header line is unique to it.
        new NetScreenFormat(),
        // FortiOS's sniffer rows are tcpdump 3.x's: FortiGate must be asked first, and claims a region only
        // on its own marks (the command, "interfaces=[…]", interface and direction words, "->", an Ethernet-led dump).
        new FortiGateFormat(),
        // The ASA's numbered summary ("1: 20:40:01.108469") before "0x0000 " rows is its own.
        new CiscoAsaFormat(),
        // IOS capture headers, packet numbers and debug lines count only with memory-address or offset rows after them.
        new CiscoIosFormat(),
        // NX-OS ethanalyzer prints tshark -V's protocol tree and tshark's hex rows: it must come before the tshark
        // and hex grammars, and claims a region surely only on its own marks (the command, "Capturing on", the
        // switch's dissector note), a bare frame header with tshark's tree under it less surely.
        new CiscoNxosFormat(),
        // Junos runs tcpdump: its time-and-direction line and hex rows are tcpdump's too, so it must come first;
        // it claims a region only on the Juniper pseudo-header's flags or the "Listening on" line.
        new JunosFormat(),
        // Then Wireshark's text trace formats: a tie in detection goes to the earlier format,
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
        new SnifferFormat(),
        new SnoopFormat(),
        new PacketMonitorFormat(),
        // One-line summaries last: they print no bytes, so every format with a signature of its own comes first.
        // A summary line alone is weak evidence (prose can hold "10.0.0.1 > 10.0.0.2: …"), so these score below
        // the hex formats, claim a line only when tcpdump's words after it parse, and never one with hex rows
        // after it, which tcpdump's hex grammar reads.
        new TcpdumpSummaryFormat(),
        new TsharkSummaryFormat(),
        // Wireshark's CSV export: its header of column titles is its own, so it claims a region surely.
        new WiresharkCsvFormat(),
        new SnoopSummaryFormat(),   // "host -> host  TCP D=80 S=1234 …": snoop's own words after the arrow
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
