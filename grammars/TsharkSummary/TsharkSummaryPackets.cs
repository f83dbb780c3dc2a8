using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// Makes a packet of each summary a region reads, whichever way the columns came (tshark's padded text,
/// Wireshark's CSV export): rebuilt from the columns, timed by the Time column, the line kept as its heading.
/// Lines whose lengths do not show the link layer wait (up to <see cref="MostWaiting"/>) for one that does, so
/// that a region's packets share the link layer its lines show.
/// </summary>
public sealed class TsharkSummaryPackets(RegionContext context, string format)
{
    private const int MostWaiting = 10_000;

    private readonly TsharkSummaryRebuild rebuild = new(context.Options.LinkType);
    /// <summary>Lines kept past the lookahead window: detached.</summary>
    private readonly List<(TsharkSummaryLine Summary, SourceLine Line)> waiting = [];
    private bool settled = context.Options.LinkType is not null;

    public void Add(TsharkSummaryLine summary, SourceLine line)
    {
        if (settled)
        {
            Emit(summary, line);
            return;
        }
        waiting.Add((summary, line.Detached()));
        if (TsharkSummaryRebuild.LinkShownBy(summary) is { } link) rebuild.Expect(link);
        else if (waiting.Count < MostWaiting) return;
        Close();
    }

    /// <summary>The region has ended: the lines still waiting take the link layer assumed for them.</summary>
    public void Close()
    {
        settled = true;
        foreach (var (summary, line) in waiting) Emit(summary, line);
        waiting.Clear();
    }

    private void Emit(TsharkSummaryLine summary, SourceLine line)
    {
        var packet = rebuild.Read(summary, line.Number);
        var draft = new PacketDraft();
        draft.Start(line.Number);
        draft.LastLine = line.Number;
        draft.Heading = line.Text.Trim();
        draft.Time = Resolve(summary.Time, packet.Comments);
        packet.Finish(draft, context, format);
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
}
