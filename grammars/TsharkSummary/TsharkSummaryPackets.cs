using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// Makes a packet of each summary a region reads, whichever way the columns came (tshark's padded text,
/// Wireshark's CSV export): rebuilt from the columns, timed by the Time column, the line kept as its heading.
/// </summary>
public sealed class TsharkSummaryPackets(RegionContext context, string format)
{
    private readonly TsharkSummaryRebuild rebuild = new(context.Options.LinkType);

    public void Emit(TsharkSummaryLine summary, SourceLine line)
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
