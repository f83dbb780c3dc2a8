using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using Pidgin;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// tshark's one-line summaries with no bytes after them (`tshark -r F`, Wireshark's "Print → summary line"):
/// a packet per line, rebuilt from the columns and the Info column's TCP, UDP, ICMP echo and ARP words.
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
        private readonly TsharkSummaryRebuild rebuild = new(context.Options.LinkType);

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return window.TryGetNonBlank(1, out var next, out _) && IsSummary(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            var parsed = TsharkSummaryGrammar.Line.ParseLine(line.Text);
            if (!parsed.Success) return LineVerdict.NotMine;
            var summary = parsed.Value;
            var packet = rebuild.Read(summary, line.Number);
            var draft = new PacketDraft();
            draft.Start(line.Number);
            draft.LastLine = line.Number;
            draft.Heading = line.Text.Trim();
            draft.Time = Resolve(summary.Time, packet.Comments);
            packet.Finish(draft, context, format);
            return LineVerdict.Used;
        }

        private CaptureTime Resolve(TsharkSummaryTime time, List<string> comments)
        {
            if (time.TimeOfDay is { } timeOfDay)
            {
                return time.Date is { } date
                    ? context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits)
                    : context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
            }
            var seconds = time.Seconds!.Value;
            // Below a year of seconds it is tshark's default relative time: written after 1970-01-01, as Wireshark's readers do.
            if (seconds.Seconds < 365 * 86_400) comments.Add("tshark printed seconds since the first frame: written as seconds after 1970-01-01");
            return TimeResolver.FromEpoch(seconds.Seconds, seconds.Nanoseconds, seconds.FractionDigits);
        }

        public void Close()
        {
        }
    }
}
