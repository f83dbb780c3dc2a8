using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Tshark;

/// <summary>
/// tshark -x, with or without -P summaries. Only the "Frame" data source is a packet: blocks such as
/// "Reassembled TCP" show the same bytes again and are read past, and counted.
/// </summary>
public sealed class TsharkFormat : IPrecheckedFormat
{
    public string Name => "tshark";

    public string Description => "tshark -x [-P]: hex rows per frame; \"Reassembled TCP\" and other extra data sources are not packets";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeTsharkLine(window.Current.Span);

    /// <summary>
    /// A data source line ends its name with " bytes):"; a row at the start of the line is the shape
    /// <see cref="TsharkGrammar.LooksLikeHexRow"/> asks for (four hex digits or more, two spaces, a hex digit
    /// or a mask), told here by the same test; a -P summary is its frame number, blanks and a time
    /// (<see cref="LineStart.MayBeTime"/>) after its indentation.
    /// </summary>
    private static bool MayBeTsharkLine(ReadOnlySpan<char> line)
    {
        if (IsHexRowShape(line) || line.Contains(" bytes):", StringComparison.Ordinal)) return true;
        var start = LineStart.Unindented(line);
        var number = LineStart.Digits(start);
        return number > 0 && number < start.Length && start[number] is ' ' or '\t' && LineStart.MayBeTime(LineStart.Unindented(start[number..]));
    }

    private static bool IsHexRowShape(ReadOnlySpan<char> line)
    {
        var digits = 0;
        while (digits < line.Length && char.IsAsciiHexDigit(line[digits])) digits++;
        return digits >= 4 && digits + 2 < line.Length && line[digits] == ' ' && line[digits + 1] == ' '
               && (char.IsAsciiHexDigit(line[digits + 2]) || line[digits + 2] is 'X' or 'x');
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (TsharkGrammar.DataSource.ParseLine(line) is { Success: true, Value.IsFrame: true }) return 1.0;
        if (TsharkGrammar.LooksLikeHexRow(line))
        {
            var row = TsharkGrammar.HexRow.ParseLine(line);
            if (!row.Success || row.Value.Offset != 0) return 0;
            // tshark pads the offset to four digits and puts three spaces before the ASCII column.
            return line.IndexOf("   ", StringComparison.Ordinal) > 4 ? 0.75 : 0.55;
        }
        if (TsharkGrammar.SummaryLine.ParseLine(line).Success
            && window.TryGetNonBlank(1, out var next, out var at) && at <= 2
            && (TsharkGrammar.LooksLikeHexRow(next.Text) || TsharkGrammar.DataSource.ParseLine(next.Text).Success))
        {
            return 0.95;
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly Dictionary<string, int> otherSources = [];
        private TsharkSummary? pendingSummary;
        private int pendingLine;
        private string pendingText = "";
        private TsharkDataSource? source;
        private bool headingTaken;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            // Most lines are rows (never blank: a row starts with its offset's digits), so they are looked for first.
            if (TsharkGrammar.LooksLikeHexRow(line.Span)) return ReadRow(line);
            if (line.IsBlank)
            {
                // A blank line ends a frame's or a data source's rows; it stays part of the region.
                draft.Finish(context, format);
                source = null;
                return LineVerdict.Used;
            }

            var label = TsharkGrammar.DataSource.ParseLine(line.Text);
            if (label.Success)
            {
                draft.Finish(context, format);
                source = label.Value;
                if (source.IsFrame) StartFrame(line);
                else otherSources[source.Name] = otherSources.GetValueOrDefault(source.Name) + 1;
                return LineVerdict.Used;
            }

            var summary = TsharkGrammar.SummaryLine.ParseLine(line.Text);
            if (summary.Success)
            {
                draft.Finish(context, format);
                pendingSummary = summary.Value;
                pendingLine = line.Number;
                pendingText = line.Text;
                source = null;
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        private void StartFrame(SourceLine line)
        {
            draft.Start(pendingSummary is null ? line.Number : pendingLine);
            if (pendingSummary is { } summary)
            {
                draft.Heading = $"{summary.Number} {summary.Text}";
                draft.Time = Resolve(summary.Time, draft.Comments);
                draft.Stated.AddRange(TsharkStatedFields.Of(pendingText, pendingLine));
            }
            else if (!headingTaken)
            {
                draft.TakeRegionHeading(context);
            }
            headingTaken = true;
            if (source is { IsFrame: true } frame) draft.StatedLength = frame.Length;
            pendingSummary = null;
        }

        private LineVerdict ReadRow(SourceLine line)
        {
            // Rows of a "Reassembled TCP" or other extra data source: read past without parsing.
            if (source is { IsFrame: false }) return LineVerdict.Used;

            // The hot path: offset and bytes read by hand, straight into the packet; the grammar explains what it cannot read.
            var text = line.Span;
            if (!HexRunParser.TryReadOffset(text, 0, 4, 8, out var offset, out var end) || end + 2 >= text.Length || text[end] != ' ' || text[end + 1] != ' ')
            {
                var (column, reason) = ExplainRow(line.Text);
                return context.Skip(line, column, reason);
            }
            if (offset == 0 && draft.Bytes.Length > 0)
            {
                draft.Finish(context, format);
                source = null;
            }
            if (!draft.IsStarted)
            {
                if (offset != 0) return context.Skip(line, 1, $"row at offset 0x{offset:x4} with no frame before it");
                StartFrame(line);
            }
            return draft.ReadRow(context, line, text, offset, 1, end + 2, Rows);
        }

        private static readonly RowLayout Rows = new(TsharkGrammar.RowBytes, "0x{0:x4}") { Explain = ExplainRow };

        /// <summary>What the grammar says of a row the reader could not find bytes in.</summary>
        private static (int Column, string Reason) ExplainRow(string text)
        {
            var parsed = TsharkGrammar.HexRow.ParseLine(text);
            return parsed.Success ? (1, "a row with no bytes") : (parsed.Column, parsed.Describe());
        }

        private CaptureTime? Resolve(TsharkTime time, List<string> comments)
        {
            if (time.TimeOfDay is { } timeOfDay)
            {
                return time.Date is { } date
                    ? context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits)
                    : context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
            }
            var seconds = time.Seconds!.Value;
            // Below a year of seconds it is a relative time (-t r, the default), not an epoch time: written as that many
            // seconds after 1970-01-01, as times since a capture started are everywhere else, so that intervals are kept.
            if (seconds.Seconds < 365 * 86_400)
            {
                comments.Add($"tshark printed a relative time ({seconds.Seconds}.{seconds.Nanoseconds.ToString("D9")[..seconds.FractionDigits]} s); no absolute time: written as seconds after 1970-01-01 00:00 UTC");
            }
            return TimeResolver.FromEpoch(seconds.Seconds, seconds.Nanoseconds, seconds.FractionDigits);
        }

        public void Close()
        {
            draft.Finish(context, format);
            if (otherSources.Count > 0)
            {
                var views = string.Join(", ", otherSources.Select(s => $"\"{s.Key}\" ×{s.Value}"));
                context.Warn($"{context.SourceName}: read past tshark data sources that are views of frames, not packets: {views}");
            }
        }
    }
}
