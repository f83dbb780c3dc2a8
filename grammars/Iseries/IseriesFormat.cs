using System.Text;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Iseries;

/// <summary>
/// An IBM i (iSeries, OS/400) communications trace printed with PRTCMNTRC: a header page giving the
/// start date, then a record line per frame and either formatted headers with their hex strings and
/// data rows, or unformatted data rows holding everything after the Ethernet header.
/// </summary>
public sealed class IseriesFormat : IPrecheckedFormat
{
    public string Name => "iseries";

    public string Description => "IBM i (iSeries, OS/400) communications trace (PRTCMNTRC): header page, record lines, formatted or unformatted data";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeTitleRecordOrHeading(window.Current.Span);

    /// <summary>
    /// A page title holds "COMMUNICATIONS TRACE"; a record starts with its number, spaces, and 'S' or 'R'
    /// and a space (<see cref="IseriesGrammar.MayBeRecord"/>, told here by the same test); a column heading
    /// starts with "Record ", "Number " or "------ " (<see cref="IseriesGrammar.IsColumnHeading"/>).
    /// </summary>
    private static bool MayBeTitleRecordOrHeading(ReadOnlySpan<char> line)
    {
        var heading = line.TrimStart();
        return StartsWithRecordNumber(line)
               || heading.StartsWith("Record ", StringComparison.Ordinal) || heading.StartsWith("Number ", StringComparison.Ordinal)
               || heading.StartsWith("------ ", StringComparison.Ordinal)
               || line.Contains("COMMUNICATIONS TRACE", StringComparison.OrdinalIgnoreCase);
    }

    private static bool StartsWithRecordNumber(ReadOnlySpan<char> line)
    {
        var text = line.TrimStart(' ');
        var digits = LineStart.Digits(text);
        if (digits == 0) return false;
        var rest = text[digits..].TrimStart(' ');
        return rest.Length > 1 && rest.Length < text.Length - digits && rest[0] is 'S' or 'R' or 's' or 'r' && rest[1] == ' ';
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (IseriesGrammar.IsPageTitle(line)) return 1.0;
        if (IseriesGrammar.MayBeRecord(line))
        {
            if (IsRecordLine(line)) return 1.0;
            if (window.TryGet(1, out var next) && IsRecordLine(line + next.Text)) return 1.0;
        }
        // Without the header page, the column headings still announce the records.
        return IseriesGrammar.IsColumnHeading(line) && window.TryGet(1, out var second) && IseriesGrammar.IsColumnHeading(second.Text) ? 0.9 : 0;
    }

    private static bool IsRecordLine(string line) => IseriesGrammar.MayBeRecord(line) && IseriesGrammar.Record.ParseLine(line).Success;

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly StringBuilder digits = new();
        private DateOnly? startDate;
        private int daysElapsed;
        private long? previousTimeOfDay;
        private bool inHeaderPage;
        private IseriesRecord? record;
        private bool continuing;
        private int continuationLine;
        private int previousLength;
        /// <summary>The line of a record that is not read (not Ethernet II): its lines are reported with it.</summary>
        private int? unreadRecord;

        /// <summary>Mail clients wrap lines at 72 to 80 columns; the trace prints 132.</summary>
        private const int WrapWidth = 72;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.Number == continuationLine) return LineVerdict.Used; // the rest of a wrapped record line
            if (line.IsBlank)
            {
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            if (IseriesGrammar.IsPageTitle(text))
            {
                unreadRecord = null;
                inHeaderPage = true;
                return LineVerdict.Used;
            }
            if (IseriesGrammar.IsColumnHeading(text))
            {
                inHeaderPage = false;
                return LineVerdict.Used;
            }
            if (inHeaderPage) return ReadHeaderPage(line);

            if (IseriesGrammar.MayBeRecord(text))
            {
                var parsed = IseriesGrammar.Record.ParseLine(text);
                if (parsed.Success)
                {
                    previousLength = text.Length;
                    return StartRecord(line, parsed.Value, text);
                }
                // A mail client that wraps at 80 columns breaks the 132-column record line.
                if (window.TryGet(1, out var rest) && IseriesGrammar.Record.ParseLine(text + rest.Text) is { Success: true } joined)
                {
                    continuationLine = rest.Number;
                    previousLength = rest.Text.Length;
                    return StartRecord(line, joined.Value, text + rest.Text);
                }
            }

            if (unreadRecord is { } unread && (IseriesGrammar.HexIn(text, true) is not null || text.Contains(':', StringComparison.Ordinal)))
            {
                return context.Skip(line, 1, $"part of the record at line {unread}, which is not read");
            }
            if (record is not null)
            {
                if (continuing && IseriesGrammar.IsLowerCaseHex(text))
                {
                    return context.Skip(line, 1, "hex in lower case: the trace prints its data in upper case, and Wireshark's reader does not take such a line for data");
                }
                if (IseriesGrammar.HexIn(text, continuing) is { } hex)
                {
                    digits.Append(hex);
                    continuing = true;
                    previousLength = text.Length;
                    draft.LastLine = line.Number;
                    return LineVerdict.Used;
                }
                // The trace indents every line it prints: one that starts in column 1 after a full-width
                // line is the rest of a line a mail client wrapped (more hex, or more of the decode).
                if (previousLength >= WrapWidth && !char.IsWhiteSpace(text[0]))
                {
                    previousLength = text.Length;
                    draft.LastLine = line.Number;
                    return LineVerdict.Used;
                }
                if (text.Contains(':', StringComparison.Ordinal))
                {
                    continuing = false;
                    previousLength = text.Length;
                    draft.LastLine = line.Number;
                    return LineVerdict.Used;
                }
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private static bool IsOwn(string text) =>
            IseriesGrammar.IsPageTitle(text) || IseriesGrammar.IsColumnHeading(text) || IsRecordLine(text);

        /// <summary>Every line of the header page is the trace's; two of them matter to the packets.</summary>
        private LineVerdict ReadHeaderPage(SourceLine line)
        {
            var date = IseriesGrammar.StartDate.ParseLine(line.Text);
            if (date.Success) startDate = date.Value;
            var protocol = IseriesGrammar.ObjectProtocol.ParseLine(line.Text);
            if (protocol.Success && !protocol.Value.Equals("ETHERNET", StringComparison.OrdinalIgnoreCase))
            {
                context.Warn($"{context.SourceName}:{line.Number}: the trace is of a {protocol.Value} line; its records are read as Ethernet, the only kind Wireshark's reader takes");
            }
            return LineVerdict.Used;
        }

        private LineVerdict StartRecord(SourceLine line, IseriesRecord next, string text)
        {
            Finish();
            unreadRecord = null;
            if (!next.IsEthernetII)
            {
                unreadRecord = line.Number;
                return context.Skip(line, 1, $"a {next.FrameFormat} record: only Ethernet II (ETHV2 Type:) records can be rebuilt, the record line not giving the 802.2 header");
            }
            record = next;
            draft.Start(line.Number);
            draft.Heading = text.Trim();
            draft.LinkType = LinkType.Ethernet;
            draft.Direction = next.Direction;
            draft.Time = TimeOf(next.Time);
            draft.StatedLength = next.Length + 14;
            draft.Bytes.Append(next.Destination, null);
            draft.Bytes.Append(next.Source, null);
            draft.Bytes.Append(next.EtherType, null);
            draft.Comments.Add("Ethernet header rebuilt from the record line's addresses and type");
            return LineVerdict.Used;
        }

        /// <summary>The header page's start date, moved on a day each time the time of day runs back past midnight.</summary>
        private CaptureTime TimeOf(TimeOfDay time)
        {
            if (startDate is not { } date) return context.Times.FromTimeOfDay(time.Nanoseconds, time.FractionDigits);
            if (previousTimeOfDay is { } previous && previous - time.Nanoseconds > CaptureTime.NanosecondsPerDay / 2) daysElapsed++;
            previousTimeOfDay = time.Nanoseconds;
            return context.Times.FromDateAndTime(date.AddDays(daysElapsed), time.Nanoseconds, time.FractionDigits);
        }

        private void Finish()
        {
            if (record is not null)
            {
                if (digits.Length % 2 != 0)
                {
                    draft.Comments.Add("the record's hex has an odd number of digits: the last one is left out");
                    digits.Length--;
                }
                draft.Bytes.Append(Convert.FromHexString(digits.ToString()), null);
                if (draft.Bytes.Length == 14) draft.Comments.Add("the record shows no bytes after the Ethernet header");
                draft.Finish(context, format);
            }
            record = null;
            digits.Clear();
            continuing = false;
        }

        public void Close() => Finish();
    }
}
