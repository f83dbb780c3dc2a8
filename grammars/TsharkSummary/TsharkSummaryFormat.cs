using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using Pidgin;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// tshark's one-line summaries with no bytes after them (`tshark -r F`, Wireshark's "Print → summary line"):
/// a packet per line, rebuilt from the columns and the Info column's TCP, UDP, ICMP and ARP words.
/// </summary>
public sealed class TsharkSummaryFormat : ITraceFormat
{
    public string Name => "tshark-summary";

    public string Description => "tshark / Wireshark summary lines without bytes (No. Time Source → Destination Protocol Length Info): packets rebuilt from the stated fields";

    public double RecognizeStart(LineWindow window)
    {
        if (!IsSummary(window.Current.Text)) return 0;
        // tshark -P -x prints the same line above each frame's rows: that is the tshark grammar's.
        if (window.TryGetNonBlank(1, out var next, out _) && !IsSummary(next.Text)) return 0;
        return window.TryGetNonBlank(1, out _, out _) ? 0.8 : 0.5;
    }

    private static bool IsSummary(string line) => TsharkSummaryGrammar.Line.ParseLine(line) is { Success: true };

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly TsharkSummaryPackets packets = new(context, format);

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return window.TryGetNonBlank(1, out var next, out _) && IsSummary(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            var parsed = TsharkSummaryGrammar.Line.ParseLine(line.Text);
            if (!parsed.Success) return LineVerdict.NotMine;
            packets.Add(parsed.Value, line);
            return LineVerdict.Used;
        }

        public void Close() => packets.Close();
    }
}
