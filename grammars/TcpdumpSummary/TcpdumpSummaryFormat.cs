using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using Pidgin;
using TraceImport.Text;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// tcpdump's one-line summaries with no hex after them (-n or names, -v, -e, -S, every -t style, -#, -i any,
/// tcpdump 3's syntax): a packet per summary, rebuilt from the fields its words state.
/// </summary>
public sealed class TcpdumpSummaryFormat : IPrecheckedFormat
{
    public string Name => "tcpdump-summary";

    public string Description => "tcpdump summary lines without hex (-n, -v, -e, -S, any -t, -#, -i any, 3.x syntax): packets rebuilt from the stated fields";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeSummaryOrHeader(window.Current.Span);

    /// <summary>
    /// A header line holds "link-type "; a summary is read only when it holds " IP " or " IP6 ", or passes
    /// <see cref="TcpdumpSummaryGrammar.MayBeSummary"/> (a digit, "IP" or "ARP" first, and " > " or "ARP" in it).
    /// </summary>
    private static bool MayBeSummaryOrHeader(ReadOnlySpan<char> line)
    {
        if (line.Contains("link-type ", StringComparison.Ordinal) || line.Contains(" IP ", StringComparison.Ordinal)
            || line.Contains(" IP6 ", StringComparison.Ordinal))
        {
            return true;
        }
        var start = line.TrimStart(" \t");
        return (start.Length > 0 && char.IsAsciiDigit(start[0]) || start.StartsWith("IP", StringComparison.Ordinal) || start.StartsWith("ARP", StringComparison.Ordinal))
               && (line.Contains(" > ", StringComparison.Ordinal) || line.Contains("ARP", StringComparison.Ordinal));
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (HeaderLine(line) is not null) return NextIsSummary(window, 1) ? 0.9 : 0;
        if (!MayBeSummaryText(line)) return 0;
        var (text, _, hexAfter) = Joined(window);
        if (hexAfter) return 0;
        var reading = new TcpdumpSummaryRebuild(new RelativeSequenceNumbers()).Read(text, window.Current.Number, out _, out var specific);
        if (reading is not { } read || !specific) return 0;
        // A summary is weak evidence on its own: a line of prose can hold "10.0.0.1 > 10.0.0.2: …" too. A
        // timestamp before tcpdump's own words makes it likely; a second summary after it, likelier still.
        var score = read.Prefix.Time is null ? 0.55 : 0.75;
        if (NextIsSummary(window, LinesOf(window))) score += 0.15;
        return score;
    }

    private static bool MayBeSummaryText(string line) =>
        TcpdumpSummaryGrammar.MayBeSummary(line) || line.Contains(" IP ", StringComparison.Ordinal) || line.Contains(" IP6 ", StringComparison.Ordinal);

    /// <summary>The summary at the window's line with its -v continuation lines, how many lines that is, and whether hex rows follow it.</summary>
    private static (string Text, int Lines, bool HexAfter) Joined(LineWindow window)
    {
        var text = window.Current.Text.Trim();
        var indent = Indent(window.Current.Text);
        var count = 1;
        while (window.TryGet(count, out var next) && (IsContinuation(next.Text, indent) || CarriedOnNextLine(text) && !next.IsBlank))
        {
            if (TcpdumpLooksLikeHex(next.Text)) return (text, count, true);
            text += " " + next.Text.Trim();
            count++;
        }
        return (text, count, window.TryGet(count, out var after) && TcpdumpLooksLikeHex(after.Text));
    }

    private static int LinesOf(LineWindow window) => Joined(window).Lines;

    /// <summary>tcpdump prints the frame a VXLAN header carries on the next line, not indented.</summary>
    private static bool CarriedOnNextLine(string text) => TcpdumpLayerReader.VxlanLineEnd.IsMatch(text.TrimEnd());

    /// <summary>
    /// -v goes on over lines indented deeper than the summary; hex rows are indented too, and make the summary
    /// the hex grammar's. A line that starts with tcpdump's timestamp is a summary of its own, however indented
    /// (an RFC or a mail quotes a trace indented, and wraps a long summary deeper still).
    /// </summary>
    private static bool IsContinuation(string line, int summaryIndent) =>
        Indent(line) > summaryIndent && line.Trim().Length > 0 && !StartsWithTimestamp(line.Trim());

    private static int Indent(string line) => line.Length - line.TrimStart(' ', '\t').Length;

    /// <summary>A timestamp of six or nine decimals, as tcpdump prints them, starting the line (after any -# number).</summary>
    private static bool StartsWithTimestamp(string line)
    {
        var prefix = TcpdumpSummaryGrammar.Prefix.Parse(line.TrimStart(' ', '\t'));
        return prefix.Success && prefix.Value.Time is { } time &&
               (time.TimeOfDay?.FractionDigits ?? time.Epoch?.FractionDigits) is 6 or 9;
    }

    private static bool TcpdumpLooksLikeHex(string line)
    {
        var span = line.AsSpan().TrimStart(" \t");
        return span.Length > 3 && span[0] == '0' && span[1] == 'x' && char.IsAsciiHexDigit(span[2]);
    }

    /// <summary>Whether a summary of tcpdump's follows <paramref name="ahead"/> lines on (blank lines skipped).</summary>
    private static bool NextIsSummary(LineWindow window, int ahead)
    {
        while (window.TryGet(ahead, out var next) && next.IsBlank) ahead++;
        if (!window.TryGet(ahead, out var line) || !MayBeSummaryText(line.Text)) return false;
        return new TcpdumpSummaryRebuild(new RelativeSequenceNumbers()).Read(line.Text.Trim(), line.Number, out _, out var specific) is not null && specific;
    }

    /// <summary>Whether the next line that is not blank is indented: more of the summary above.</summary>
    private static bool NextIsIndented(LineWindow window, int summaryIndent)
    {
        var ahead = 1;
        while (window.TryGet(ahead, out var next) && next.IsBlank) ahead++;
        return window.TryGet(ahead, out var line) && IsContinuation(line.Text, summaryIndent) && !TcpdumpLooksLikeHex(line.Text);
    }

    /// <summary>"reading from file x.pcap, link-type EN10MB (Ethernet), …" or "listening on eth0, link-type …": the link type the region has.</summary>
    private static LinkType? HeaderLine(string line)
    {
        var at = line.IndexOf("link-type ", StringComparison.Ordinal);
        if (at < 0 || !(line.Contains("reading from file", StringComparison.Ordinal) || line.Contains("listening on", StringComparison.Ordinal))) return null;
        var name = line[(at + 10)..].Split([' ', ','], 2)[0];
        return name switch
        {
            "EN10MB" => LinkType.Ethernet,
            "LINUX_SLL" => LinkType.LinuxCooked,
            "LINUX_SLL2" => LinkType.LinuxCooked2,
            "RAW" => LinkType.RawIp,
            _ => new LinkType(0, name),
        };
    }

    /// <summary>tcpdump's own lines around a capture: its notice and its counts at the end.</summary>
    private static bool ToolLine(string line)
    {
        var text = line.Trim();
        return text.StartsWith("tcpdump: verbose output suppressed", StringComparison.Ordinal)
               || text.EndsWith("packets captured", StringComparison.Ordinal) || text.EndsWith("packet captured", StringComparison.Ordinal)
               || text.EndsWith("packets received by filter", StringComparison.Ordinal) || text.EndsWith("packet received by filter", StringComparison.Ordinal)
               || text.EndsWith("packets dropped by kernel", StringComparison.Ordinal) || text.EndsWith("packet dropped by kernel", StringComparison.Ordinal);
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly TcpdumpSummaryRebuild rebuild = new(new RelativeSequenceNumbers());
        private readonly List<SourceLine> pending = [];

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            // -v prints an application's lines (HTTP headers) indented under the summary, blank ones among them;
            // a blank line between two summaries of a paste does not end the trace either.
            // An indented trace (quoted in an RFC or a mail) has prose indented after it: there a blank line ends the summary.
            if (line.IsBlank) return NextIsSummary(window, 1) || pending.Count > 0 && Indent(pending[0].Text) == 0 && NextIsIndented(window, 0) ? LineVerdict.Used : LineVerdict.NotMine;
            if (pending.Count > 0 && (IsContinuation(line.Text, Indent(pending[0].Text)) || CarriedOnNextLine(pending[^1].Text)) && !TcpdumpLooksLikeHex(line.Text))
            {
                pending.Add(line.Detached());
                return LineVerdict.Used;
            }
            Finish();
            if (HeaderLine(line.Text) is { } linkType)
            {
                rebuild.RegionLinkType = linkType.Code == 0 && linkType.Name != "null" ? null : linkType;
                return LineVerdict.Used;
            }
            if (ToolLine(line.Text)) return LineVerdict.Used;
            if (!MayBeSummaryText(line.Text) && !StartsWithTimestamp(line.Text)) return LineVerdict.NotMine;
            var (text, _, hexAfter) = Joined(window);
            if (hexAfter) return LineVerdict.NotMine;
            if (rebuild.Read(text, line.Number, out var problem, out var specific) is null)
            {
                // A line tcpdump timed whose words cannot be read is skipped here, once, with why.
                return StartsWithTimestamp(line.Text) ? context.Skip(line, 1, $"a tcpdump summary whose words could not be read: {problem}") : LineVerdict.NotMine;
            }
            // Inside a region a line tcpdump timed is a packet, even one whose protocol is not rebuilt.
            if (!specific && !StartsWithTimestamp(line.Text)) return LineVerdict.NotMine;
            pending.Add(line.Detached());
            return LineVerdict.Used;
        }

        private void Finish()
        {
            if (pending.Count == 0) return;
            var first = pending[0];
            var text = string.Join(" ", pending.Select(l => l.Text.Trim()));
            var last = pending[^1].Number;
            pending.Clear();
            if (rebuild.Read(text, first.Number, out var problem, out _) is not { } reading)
            {
                context.Skip(first, 1, $"a tcpdump summary whose words could not be read: {problem}");
                return;
            }
            var (prefix, packet) = reading;
            var draft = new PacketDraft();
            draft.Start(first.Number);
            draft.LastLine = last;
            draft.Heading = text;
            draft.Direction = prefix.Direction;
            draft.Interface = prefix.Interface is { } name && name != "?" ? name : null;
            draft.Time = prefix.Time is { } time ? Resolve(time) : null;
            packet.Finish(draft, context, format);
        }

        private CaptureTime Resolve(SummaryTime time)
        {
            if (time.Epoch is { } epoch) return TimeResolver.FromEpoch(epoch.Seconds, epoch.Nanoseconds, epoch.FractionDigits);
            var timeOfDay = time.TimeOfDay!.Value;
            return time.Date is { } date
                ? context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits)
                : context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
        }

        public void Close() => Finish();
    }
}
