using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Ascend;

/// <summary>
/// Ascend/Lucent MAX and TAOS debug output: a record header per frame (its kind, direction, session,
/// task, the router's uptime and the frame's length), then "[0000]:" rows of bytes.
/// </summary>
public sealed class AscendFormat : IPrecheckedFormat
{
    public string Name => "ascend";

    public string Description => "Ascend/Lucent MAX and TAOS debug output (pridisplay, ether-display, wandisplay, wandsess, wanopen, wdd): headers with uptime, [0000]: rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeHeaderOrWddLine(window.Current.Span);

    /// <summary>
    /// A header is looked for only where one of the record prefixes is (the prefixes of
    /// <c>AscendGrammar.Signature</c>; "XMIT" also finds "PRI-XMIT-"); wdd's other lines start with "Date:" or "Cause ".
    /// </summary>
    private static bool MayBeHeaderOrWddLine(ReadOnlySpan<char> line)
    {
        var start = line.TrimStart(' ');
        return start.StartsWith("Date:", StringComparison.Ordinal) || start.StartsWith("Cause ", StringComparison.Ordinal)
               || line.Contains("XMIT", StringComparison.Ordinal) || line.Contains("PRI-RCV-", StringComparison.Ordinal)
               || line.Contains("ETHER", StringComparison.Ordinal) || line.Contains("RECV", StringComparison.Ordinal)
               || line.Contains("PPP-OUT", StringComparison.Ordinal) || line.Contains("PPP-IN", StringComparison.Ordinal)
               || line.Contains("WD_DIALOUT_DISP:", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (AscendGrammar.FindHeader(line).Header is not null) return 1.0;
        var start = line.AsSpan().TrimStart(' ');
        if ((start.StartsWith("Date:") && AscendGrammar.DateLine.ParseLine(line).Success) || (start.StartsWith("Cause ") && AscendGrammar.CauseLine.ParseLine(line).Success))
        {
            // wdd's Date: and Cause lines come before its record.
            for (var ahead = 1; ahead <= 2 && window.TryGet(ahead, out var next); ahead++)
            {
                if (AscendGrammar.FindHeader(next.Text).Header is not null) return 1.0;
            }
            return 0;
        }
        return AscendGrammar.FindHeader(line).Column > 0 && window.TryGet(1, out var rest) && AscendGrammar.FindHeader(line + rest.Text).Header is not null
            ? 1.0
            : 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private AscendHeader? header;
        private int paragraphBytes;
        /// <summary>A wdd record's first line, until its task and time come on the next.</summary>
        private (AscendHeader Header, SourceLine Line)? dialOut;
        private (DateOnly Date, long NanosecondsOfDay, int Line)? dateLine;
        private string? calledNumber;
        /// <summary>The UTC time of the router's boot, from a wdd Date: line; uptimes count from it.</summary>
        private (long Time, int DateLine)? boot;
        private bool uptimeReported;
        private bool addressExpected;
        private int continuationLine;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.Number == continuationLine) return LineVerdict.Used; // the rest of a wrapped header
            if (line.IsBlank)
            {
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            if (addressExpected)
            {
                addressExpected = false;
                if (AscendGrammar.IsWrappedAddress(text))
                {
                    if (draft.IsStarted) draft.Heading += text.Trim();
                    return LineVerdict.Used;
                }
            }

            // Rows are most of a trace: they are tried first.
            var start = text.AsSpan().TrimStart(' ');
            if (draft.IsStarted && start.StartsWith("["))
            {
                var row = AscendGrammar.Row.ParseLine(text);
                if (row.Success) return ReadRow(line, row.Value);
            }

            var date = start.StartsWith("Date:") ? AscendGrammar.DateLine.ParseLine(text) : default;
            if (date.Success)
            {
                Finish();
                dateLine = (date.Value.Date, date.Value.NanosecondsOfDay, line.Number);
                return LineVerdict.Used;
            }
            var cause = start.StartsWith("Cause ") ? AscendGrammar.CauseLine.ParseLine(text) : default;
            if (cause.Success)
            {
                Finish();
                calledNumber = cause.Value;
                return LineVerdict.Used;
            }

            var found = AscendGrammar.FindHeader(text);
            if (found.Header is not null) return ReadHeader(line, found.Header, text[(found.Column - 1)..]);
            if (found.Column > 0)
            {
                // A console that wraps at 80 columns breaks a long header.
                if (window.TryGet(1, out var rest) && AscendGrammar.FindHeader(text + rest.Text) is { Header: not null } joined)
                {
                    continuationLine = rest.Number;
                    return ReadHeader(line, joined.Header, (text + rest.Text)[(joined.Column - 1)..]);
                }
                Finish();
                return context.Skip(line, found.Column, $"an Ascend record header that cannot be read: {found.Error}");
            }

            if (dialOut is { } pending)
            {
                var taskTime = AscendGrammar.TaskTimeLine.ParseLine(text);
                if (taskTime.Success)
                {
                    dialOut = null;
                    Start(pending.Line, pending.Header with { TaskTime = taskTime.Value }, pending.Line.Text.Trim() + " " + text.Trim());
                    draft.LastLine = line.Number;
                    addressExpected = true;
                    return LineVerdict.Used;
                }
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private static bool IsOwn(string text) =>
            AscendGrammar.FindHeader(text).Header is not null || AscendGrammar.Row.ParseLine(text).Success
            || AscendGrammar.DateLine.ParseLine(text).Success || AscendGrammar.CauseLine.ParseLine(text).Success;

        private LineVerdict ReadHeader(SourceLine line, AscendHeader next, string heading)
        {
            if (next.TaskTime is null)
            {
                Finish();
                dialOut = (next, line);
                return LineVerdict.Used;
            }
            // A console that wraps at 80 columns may put the end of the "@ address" on the next line.
            addressExpected = true;
            // pridisplay prints an I-frame's header and its contents as two records, "/1" and "/2": one frame.
            if (next is { Kind: AscendRecordKind.Isdn, Part: 2 } && header is { Kind: AscendRecordKind.Isdn, Part: 1 } first
                && first.Session == next.Session && first.Direction == next.Direction)
            {
                header = next;
                paragraphBytes = 0;
                draft.StatedLength += next.TaskTime.Octets;
                draft.Heading += " + " + heading.Trim();
                draft.LastLine = line.Number;
                draft.Comments.Add("one frame printed as two records (/1 and /2), joined");
                return LineVerdict.Used;
            }
            Start(line, next, heading.Trim());
            return LineVerdict.Used;
        }

        private void Start(SourceLine line, AscendHeader next, string heading)
        {
            Finish();
            header = next;
            paragraphBytes = 0;
            var taskTime = next.TaskTime!;
            draft.Start(line.Number);
            draft.Heading = heading;
            draft.Direction = next.Direction;
            draft.StatedLength = taskTime.Octets;
            draft.Time = TimeOf(taskTime);
            // Wireshark's Ascend dissector reads WAN frames as PPP in HDLC framing, PRI frames as LAPD, the rest as Ethernet.
            draft.LinkType = next.Kind switch
            {
                AscendRecordKind.Isdn => LinkType.Lapd,
                AscendRecordKind.Wan => LinkType.PppHdlc,
                _ => LinkType.Ethernet,
            };
            if (next.Interface is not null) draft.Interface = next.Interface;
            if (next.Session is not null) draft.Comments.Add(next.User is null ? $"session {next.Session}" : $"session {next.Session}, user {next.User}");
            if (next.Kind == AscendRecordKind.DialOut && calledNumber is not null) draft.Comments.Add($"the frame that placed a call to {calledNumber}");
            calledNumber = null;
        }

        /// <summary>
        /// The records give the router's uptime. A wdd Date: line dates the record after it, and so
        /// the boot; without one, the uptime is counted from --date (or an assumed 1970-01-01) at
        /// midnight, and the packet says so. (Wireshark counts from the text file's modification time.)
        /// </summary>
        private CaptureTime TimeOf(AscendTaskTime taskTime)
        {
            var uptime = taskTime.UptimeSeconds * CaptureTime.NanosecondsPerSecond + taskTime.FractionNanoseconds;
            if (dateLine is { } stamp)
            {
                var printed = context.Times.FromDateAndTime(stamp.Date, stamp.NanosecondsOfDay, 0);
                boot = (printed.UnixNanoseconds - taskTime.UptimeSeconds * CaptureTime.NanosecondsPerSecond, stamp.Line);
                dateLine = null;
                // The Date: line belongs to the record it dates.
                if (stamp.Line < draft.FirstLine) draft.Start(stamp.Line);
            }
            if (boot is { } dated)
            {
                draft.Comments.Add($"the record gives the router's uptime, {Uptime(taskTime)} s; dated from the Date: line at line {dated.DateLine}, taken as the time of the record after it");
                return new CaptureTime(dated.Time + uptime, taskTime.FractionDigits, DateOrigin.Given);
            }

            var day = context.Options.Date ?? TimeResolver.AssumedDate;
            var midnight = (day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100 - context.Options.UtcOffset.Ticks * 100;
            draft.Comments.Add($"the record gives the router's uptime, {Uptime(taskTime)} s; counted from {day:yyyy-MM-dd} 00:00");
            if (!uptimeReported)
            {
                uptimeReported = true;
                context.Warn(context.Options.Date is null
                    ? $"{context.SourceName}:{draft.FirstLine}: Ascend records give the router's uptime, not the time: with no Date: line before them, uptimes are counted from an assumed {day:yyyy-MM-dd} 00:00 (give --date for the day to count from)"
                    : $"{context.SourceName}:{draft.FirstLine}: Ascend records give the router's uptime, not the time: uptimes are counted from {day:yyyy-MM-dd} 00:00, the --date given");
            }
            return new CaptureTime(midnight + uptime, taskTime.FractionDigits, context.Options.Date is null ? DateOrigin.Assumed : DateOrigin.Supplied);
        }

        private static string Uptime(AscendTaskTime taskTime) =>
            taskTime.FractionDigits == 0
                ? $"{taskTime.UptimeSeconds}"
                : $"{taskTime.UptimeSeconds}.{taskTime.FractionNanoseconds.ToString("D9")[..Math.Min(taskTime.FractionDigits, 9)]}";

        private LineVerdict ReadRow(SourceLine line, AscendRow row)
        {
            if (row.Counter != paragraphBytes)
            {
                return context.Skip(line, 1, $"a row at [{row.Counter:x4}] where [{paragraphBytes:x4}] was expected (a row is missing or repeated)");
            }
            draft.Bytes.Append(row.Bytes);
            paragraphBytes += row.Bytes.Bytes.Length;
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private void Finish()
        {
            if (dialOut is { } orphan)
            {
                context.Warn($"{context.Span(orphan.Line.Number, orphan.Line.Number)}: a WD_DIALOUT_DISP line with no (task …, time …) line after it; no packet");
                dialOut = null;
            }
            draft.Finish(context, format);
            header = null;
        }

        public void Close() => Finish();
    }
}
