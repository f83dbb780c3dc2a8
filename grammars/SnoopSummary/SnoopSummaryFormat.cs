using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.SnoopSummary;

/// <summary>
/// Solaris / illumos snoop's summary lines (snoop without -v): a packet per line, rebuilt from the host
/// columns and the highest layer's words; with -V, the lines of one packet (its number repeated, or live
/// between "____" rules) make one packet.
/// </summary>
public sealed class SnoopSummaryFormat : IPrecheckedFormat
{
    public string Name => "snoop-summary";

    public string Description => "Solaris snoop summary lines (snoop, snoop -V; -t r/a/d): packets rebuilt from the host columns and the TCP, UDP, ICMP, ARP words";

    /// <summary>The words of snoop's interpreters that no other tool prints after "host -> host".</summary>
    private static bool SnoopWords(SnoopSummaryLine line) => line.Protocol switch
    {
        "TCP" or "UDP" => line.Words.StartsWith("D=", StringComparison.Ordinal),
        "ICMP" or "ICMPv6" => line.Words.StartsWith("Echo ", StringComparison.Ordinal) || line.Words.Contains("unreachable", StringComparison.OrdinalIgnoreCase),
        "ARP" or "RARP" => line.Words.StartsWith("C Who is ", StringComparison.Ordinal) || line.Words.StartsWith("R ", StringComparison.Ordinal),
        "ETHER" => line.Words.StartsWith("Type=", StringComparison.Ordinal),
        "IP" or "IPv6" => line.Words.StartsWith("D=", StringComparison.Ordinal) || line.Words.StartsWith("S=", StringComparison.Ordinal),
        // An application's call or reply: "NFS C GETATTR FH=8E6C", "DNS R example.com. Internet Addr 10.0.0.1".
        _ => line.Words.StartsWith("C ", StringComparison.Ordinal) || line.Words.StartsWith("R ", StringComparison.Ordinal) || line.Words == "C" || line.Words == "R",
    };

    private static SnoopSummaryLine? Parse(string text) =>
        SnoopSummaryGrammar.Line.ParseLine(text) is { Success: true } parsed && SnoopWords(parsed.Value) ? parsed.Value : null;

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeSummaryOrRule(window.Current.Span);

    /// <summary>A summary holds "->" between its hosts; a -V rule is underscores.</summary>
    private static bool MayBeSummaryOrRule(ReadOnlySpan<char> line) =>
        line.Contains("->", StringComparison.Ordinal) || line.Trim().StartsWith('_');

    public double RecognizeByGrammar(LineWindow window)
    {
        if (IsRule(window.Current.Text)) return window.TryGetNonBlank(1, out var first, out _) && Parse(first.Text) is not null ? 0.7 : 0;
        if (Parse(window.Current.Text) is not { } line) return 0;
        var score = line.Number is null ? 0.55 : 0.7;
        if (window.TryGetNonBlank(1, out var next, out _) && (Parse(next.Text) is not null || IsRule(next.Text))) score += 0.15;
        return score;
    }

    /// <summary>-V prints a rule of underscores before each packet's lines.</summary>
    private static bool IsRule(string text) => text.Trim() is { Length: >= 8 } rule && rule.All(c => c == '_');

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly SnoopSummaryRebuild rebuild = new();
        private readonly List<(SnoopSummaryLine Summary, SourceLine Line)> pending = [];
        private long deltaClock;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return window.TryGetNonBlank(1, out var next, out _) && (Parse(next.Text) is not null || IsRule(next.Text)) ? LineVerdict.Used : LineVerdict.NotMine;
            if (IsRule(line.Text))
            {
                Finish();
                return LineVerdict.Used;
            }
            if (Parse(line.Text) is not { } summary) return LineVerdict.NotMine;
            // -V prints a line per layer, each with the packet's number and time: lines of one number are one packet.
            var samePacket = pending.Count > 0 && (summary.Number is { } number ? pending[0].Summary.Number == number : IsRuled && summary.Protocol != "ETHER");
            if (!samePacket) Finish();
            pending.Add((summary, line.Detached()));
            return LineVerdict.Used;
        }

        /// <summary>Whether the packet being read followed a -V rule: unnumbered lines then join until the next rule.</summary>
        private bool IsRuled => pending.Count > 0 && pending[0].Summary.Protocol == "ETHER";

        private void Finish()
        {
            if (pending.Count == 0) return;
            var lines = pending.ToList();
            pending.Clear();
            var packet = rebuild.Read(lines.Select(l => (l.Summary, l.Line.Number)).ToList());
            var draft = new PacketDraft();
            draft.Start(lines[0].Line.Number);
            draft.LastLine = lines[^1].Line.Number;
            draft.Heading = string.Join(" | ", lines.Select(l => l.Line.Text.Trim()));
            if (lines[0].Summary.Time is { } time) draft.Time = Resolve(time, packet.Comments);
            if (lines[0].Summary.Vlan is { } vlan) packet.Comments.Add($"snoop names VLAN {vlan}: the tag is not rebuilt (the link layer is unprinted)");
            packet.Finish(draft, context, format);
        }

        private CaptureTime Resolve(SnoopTime time, List<string> comments)
        {
            if (time.TimeOfDay is { } timeOfDay) return context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
            var seconds = time.Seconds!.Value;
            // snoop's default (-t d) is the time since the packet before; the first is counted from 1970-01-01 00:00:00.
            deltaClock += seconds.Seconds * CaptureTime.NanosecondsPerSecond + seconds.Nanoseconds;
            comments.Add("snoop printed seconds since the packet before (its default, -t d): the times are counted from 1970-01-01 00:00:00");
            return new CaptureTime(deltaClock, seconds.FractionDigits, DateOrigin.Given);
        }

        public void Close() => Finish();
    }
}
