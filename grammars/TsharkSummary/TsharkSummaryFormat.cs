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
public sealed class TsharkSummaryFormat : IPrecheckedFormat
{
    public string Name => "tshark-summary";

    public string Description => "tshark / Wireshark summary lines without bytes (No. Time Source → Destination Protocol Length Info): packets rebuilt from the stated fields";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeSummary(window.Current.Span);

    /// <summary>A summary is its frame number, a blank and the time after its indentation, and an arrow ("→" or "->") between the addresses.</summary>
    private static bool MayBeSummary(ReadOnlySpan<char> line)
    {
        var start = LineStart.Unindented(line);
        var number = LineStart.Digits(start);
        return number > 0 && number < start.Length && start[number] is ' ' or '\t'
               && (line.Contains('→') || line.Contains("->", StringComparison.Ordinal));
    }

    public double RecognizeByGrammar(LineWindow window)
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
