using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Tcpdump;

/// <summary>
/// tcpdump -x, -xx, -X, -XX (and tcpdump 3.x's rows without a colon): a summary line per packet, then
/// "0x0000:" hex lines. The capture's link type comes from tcpdump's "listening on" or "reading from
/// file" line when the text has it. With -v, a decode follows the summary and may hold dumps of its
/// own (TLV bodies, unknown options), indented deeper than the packet's rows: those are decode, not packets.
/// </summary>
public sealed class TcpdumpFormat : IPrecheckedFormat
{
    /// <summary>A -v decode this long after a summary, filling the lookahead, is taken for tcpdump's even before its hex is in sight.</summary>
    private const int LongDecode = 5;

    public string Name => "tcpdump";

    public string Description => "tcpdump -x/-xx/-X/-XX: summary lines (any -t style, -#, -v decodes) followed by 0x0000: hex lines; tcpdump 3.x rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeTcpdumpLine(window.Current.Span) || NextIsHexLine(window);

    /// <summary>
    /// After its indentation (and a -# number), a summary starts with a time (<see cref="LineStart.MayBeTime"/>),
    /// a hex line with "0x" and a hex digit; tcpdump's own lines with their words ("tcpdump: ", "listening on ",
    /// "reading from file ", "Warning: ") or a count ("12 packets captured").
    /// </summary>
    private static bool MayBeTcpdumpLine(ReadOnlySpan<char> line)
    {
        var start = LineStart.Unindented(line);
        if (LineStart.MayBeTime(start) || IsHexLineStart(start)) return true;
        var number = LineStart.Digits(start);
        if (number > 0 && number < start.Length)
        {
            var after = start[number..];
            if (after.StartsWith(" packet", StringComparison.Ordinal)) return true;
            if (after[0] is ' ' or '\t' && LineStart.MayBeTime(LineStart.Unindented(after))) return true;
        }
        return start.StartsWith("tcpdump: ", StringComparison.Ordinal) || start.StartsWith("listening on ", StringComparison.Ordinal)
               || start.StartsWith("reading from file ", StringComparison.Ordinal) || start.StartsWith("Warning: ", StringComparison.Ordinal);
    }

    /// <summary>A line of any kind followed by a hex line is taken for its packet's first line.</summary>
    private static bool NextIsHexLine(LineWindow window) =>
        window.TryGet(1, out var next) && IsHexLineStart(LineStart.Unindented(next.Span));

    /// <summary>"0x" and a hex digit, as <see cref="TcpdumpGrammar.LooksLikeHexLine"/> asks.</summary>
    private static bool IsHexLineStart(ReadOnlySpan<char> start) =>
        start.Length > 2 && start[0] == '0' && start[1] == 'x' && char.IsAsciiHexDigit(start[2]);

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (TcpdumpGrammar.LooksLikeHexLine(line)) return StartsAtZero(line) ? 0.9 : 0.3;
        if (IsToolLine(line)) return PacketAhead(window, 1) ? 1.0 : 0;
        if (window.TryGet(1, out var next) && TcpdumpGrammar.LooksLikeHexLine(next.Text))
        {
            if (!StartsAtZero(next.Text)) return 0;
            return TcpdumpGrammar.SummaryLine.ParseLine(line).Success ? 1.0 : 0.8;
        }
        return TcpdumpGrammar.SummaryLine.ParseLine(line).Success ? SummaryConfidence(window, 0) : 0;
    }

    private static bool IsToolLine(string line) =>
        TcpdumpGrammar.CaptureHeader.ParseLine(line).Success || TcpdumpGrammar.ToolMessage.ParseLine(line).Success;

    /// <summary>After tcpdump's own lines, a packet: a summary with its hex, or a hex line.</summary>
    private static bool PacketAhead(LineWindow window, int from)
    {
        for (var ahead = from; window.TryGet(ahead, out var line); ahead++)
        {
            if (line.IsBlank || IsToolLine(line.Text)) continue;
            if (TcpdumpGrammar.LooksLikeHexLine(line.Text)) return StartsAtZero(line.Text);
            return TcpdumpGrammar.SummaryLine.ParseLine(line.Text).Success && SummaryConfidence(window, ahead) > 0;
        }
        return false;
    }

    /// <summary>
    /// A summary is tcpdump's when hex at offset 0 follows it, after its -v decode (indented lines) or a
    /// line that carries it on (a wrapped summary, the inner packet of a tunnel); or when a long decode
    /// fills the lookahead.
    /// </summary>
    private static double SummaryConfidence(LineWindow window, int at)
    {
        var decode = 0;
        for (var ahead = at + 1; window.TryGet(ahead, out var line); ahead++)
        {
            if (TcpdumpGrammar.LooksLikeHexLine(line.Text)) return StartsAtZero(line.Text) || decode > 0 ? 1.0 : 0;
            if (line.Text.Length == 0 || TcpdumpGrammar.SummaryLine.ParseLine(line.Text).Success) return 0;
            if (!char.IsWhiteSpace(line.Text[0]) && ahead - at > 2) return 0;
            decode++; // a line of white space is tcpdump -v's empty line of a text protocol (a lone tab)
        }
        return decode >= LongDecode ? 0.7 : 0;
    }

    private static bool StartsAtZero(string line)
    {
        var result = TcpdumpGrammar.HexLine.ParseLine(line);
        return result.Success && result.Value.Offset == 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();

        // The capture, as tcpdump's header line names it.
        private LinkType? captureLinkType;
        private string? captureInterface;
        private bool? dumpsFromNetworkLayer;

        // The packet being read.
        private bool fromSummary;
        private bool ipVerbose;
        private int linesSinceSummary;
        private int? decodeIndent;
        private bool inRows;
        private int rowsFirstLine;
        private int rowsIndent;
        private byte[]? replacedDump;
        private int replacedDumpLine;

        // Summaries that printed no hex (tcpdump -v without -x).
        private int summariesWithoutHex;
        private int firstSummaryWithoutHex;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (TcpdumpGrammar.LooksLikeHexLine(line.Text)) return ReadRow(line);
            if (line.IsBlank)
            {
                // tcpdump -v prints an empty line of a text protocol (the end of HTTP headers) as a lone tab.
                if (fromSummary && !inRows && draft.IsStarted && (line.Text.Length > 0 || RowsAhead(window)))
                {
                    linesSinceSummary++;
                    draft.LastLine = line.Number;
                    return LineVerdict.Used;
                }
                return LineVerdict.NotMine;
            }

            var summary = TcpdumpGrammar.SummaryLine.ParseLine(line.Text);
            if (summary.Success)
            {
                StartPacket(line, summary.Value);
                return LineVerdict.Used;
            }
            if (TcpdumpGrammar.CaptureHeader.ParseLine(line.Text) is { Success: true } header)
            {
                FinishPacket();
                ReadCaptureHeader(line, header.Value);
                return LineVerdict.Used;
            }
            if (TcpdumpGrammar.ToolMessage.ParseLine(line.Text).Success)
            {
                FinishPacket();
                return LineVerdict.Used;
            }
            if (inRows && ReadInsideRows(window, line) is var inside && inside != LineVerdict.NotMine) return inside;
            if (fromSummary && !inRows && draft.IsStarted && IsDecode(window, line))
            {
                ReadDecode(line);
                return LineVerdict.Used;
            }
            // tcpdump -t prints no timestamp: a line is a summary because hex lines follow it.
            if (window.TryGet(1, out var next) && TcpdumpGrammar.LooksLikeHexLine(next.Text))
            {
                StartPacket(line, new TcpdumpSummary(null, null, line.Text.Trim(), Direction.Unknown, null));
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        /// <summary>
        /// A line between a summary and the packet's rows: indented (the -v decode), or carrying the
        /// summary on (a summary wrapped by a mail client, a tunnel's inner packet) when the packet's
        /// hex follows before any blank line or other summary.
        /// </summary>
        private static bool IsDecode(LineWindow window, SourceLine line)
        {
            if (char.IsWhiteSpace(line.Text[0])) return true;
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                if (TcpdumpGrammar.LooksLikeHexLine(next.Text)) return true;
                if (next.IsBlank || TcpdumpGrammar.SummaryLine.ParseLine(next.Text).Success) return false;
            }
            return false;
        }

        private void ReadDecode(SourceLine line)
        {
            // The first line after the summary carries it on (tcpdump -v's IP line, a wrapped summary, a
            // tunnel's inner packet) and joins the heading. The shallowest indented decode line sets the
            // depth below which dumps belong to the decode; tcpdump -v's four-space line after an
            // "IP (tos …)" summary does not count, for the packet's own rows (one tab) are deeper than it.
            var first = linesSinceSummary == 0;
            if (first) draft.Heading += " " + line.Text.Trim();
            var indentation = TcpdumpGrammar.Indentation(line.Text);
            if (indentation > 0 && !(first && ipVerbose)) decodeIndent = Math.Min(decodeIndent ?? int.MaxValue, indentation);
            linesSinceSummary++;
            draft.LastLine = line.Number;
        }

        private void ReadCaptureHeader(SourceLine line, TcpdumpCaptureHeader header)
        {
            if (LinkType.TryFromTcpdumpName(header.LinkTypeName, out var linkType))
            {
                captureLinkType = linkType;
            }
            else
            {
                captureLinkType = null;
                context.Warn($"{context.Span(line.Number, line.Number)}: tcpdump names link type {header.LinkTypeName}, which is not known here; the bytes decide (give --link-type)");
            }
            captureInterface = header.Interface;
            dumpsFromNetworkLayer = null;
        }

        private void StartPacket(SourceLine line, TcpdumpSummary summary)
        {
            FinishPacket();
            draft.Start(line.Number);
            draft.Heading = line.Text.Trim();
            draft.Direction = summary.Direction;
            draft.Interface = summary.Interface ?? captureInterface;
            draft.Time = summary.Time is { } time ? Resolve(time) : null;
            draft.CaptureLinkType = captureLinkType;
            draft.DumpsFromNetworkLayer = dumpsFromNetworkLayer;
            if (summary.IsUnsupportedLinkType && captureLinkType is { } named)
            {
                draft.LinkType = named; // tcpdump dumps the whole packet, link header and all
            }
            else if (summary.IsUnsupportedLinkType && context.Options.LinkType is null)
            {
                draft.LinkType = LinkType.User0;
                draft.Comments.Add("tcpdump could not decode this link type and did not name it; written as USER0 (give --link-type)");
            }
            fromSummary = true;
            ipVerbose = summary.Text.StartsWith("IP (", StringComparison.Ordinal) || summary.Text.StartsWith("IP6 (", StringComparison.Ordinal);
        }

        private void FinishPacket()
        {
            if (draft.IsStarted && fromSummary && draft.Bytes.Length == 0)
            {
                if (summariesWithoutHex++ == 0) firstSummaryWithoutHex = draft.FirstLine;
                draft.Abandon();
            }
            else if (draft.IsStarted)
            {
                if (replacedDump is not null && !draft.Bytes.Bytes.SequenceEqual(replacedDump))
                {
                    context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: two dumps from offset 0 after one summary (lines {replacedDumpLine} and {rowsFirstLine}); the last is taken as the packet");
                }
                Learn(draft.Finish(context, format));
            }
            fromSummary = false;
            linesSinceSummary = 0;
            decodeIndent = null;
            inRows = false;
            replacedDump = null;
        }

        /// <summary>
        /// tcpdump dumps every packet of a run alike, from the link layer (-xx) or the network layer (-x):
        /// a packet whose bytes show which tells it for those that cannot.
        /// </summary>
        private void Learn(Packet? packet)
        {
            if (packet is null || captureLinkType is not { } named || named == LinkType.RawIp) return;
            if (packet.LinkType == LinkType.RawIp) dumpsFromNetworkLayer = true;
            else if (packet.LinkType == named && LinkTypeGuess.HeaderEvidence(named, packet.Data, packet.Unknown) >= 3) dumpsFromNetworkLayer = false;
        }

        /// <summary>
        /// A dump inside the packet's -v decode: indented past tcpdump's one tab, or (where tabs became
        /// spaces) deeper than the decode lines. It is read as part of the decode.
        /// </summary>
        private bool IsNestedDump(string text)
        {
            if (!fromSummary || inRows) return false;
            if (text.AsSpan(0, text.IndexOf('0')).Contains('\t')) return TcpdumpGrammar.IsIndentedPastATab(text);
            return decodeIndent is { } depth && TcpdumpGrammar.Indentation(text) > depth;
        }

        private LineVerdict ReadRow(SourceLine line)
        {
            // The hot path: the offset read by hand, the groups straight into the packet; the grammar explains what it cannot read.
            var text = line.Text;
            var at = 0;
            while (at < text.Length && (text[at] == ' ' || text[at] == '\t')) at++;
            if (!ReadOffset(text, at, out var offset, out var bytesAt)) return SkipWithReason(line);

            if (inRows && offset == 0 && fromSummary)
            {
                // A second dump from offset 0 under one summary: the first was a dump inside the decode
                // (or tcpdump printed the packet twice, as it does for an UNSUPPORTED link type with -x).
                replacedDump = draft.Bytes.Bytes.ToArray();
                replacedDumpLine = rowsFirstLine;
                draft.Bytes.Clear();
                inRows = false;
            }
            else if (offset == 0 && draft.IsStarted && draft.Bytes.Length > 0)
            {
                FinishPacket();
            }
            if (!inRows && IsNestedDump(text))
            {
                draft.LastLine = line.Number;
                linesSinceSummary++;
                return LineVerdict.Used;
            }
            if (!draft.IsStarted)
            {
                if (offset != 0) return context.Skip(line, 1, $"hex line at offset 0x{offset:x4} with no packet before it");
                draft.Start(line.Number);
                draft.CaptureLinkType = captureLinkType;
                draft.DumpsFromNetworkLayer = dumpsFromNetworkLayer;
                draft.Interface = captureInterface;
            }
            if (!inRows)
            {
                if (offset != 0) return context.Skip(line, 1, $"hex line at offset 0x{offset:x4} before the packet's row at offset 0");
                inRows = true;
                rowsFirstLine = context.LineNumber(line);
                rowsIndent = TcpdumpGrammar.Indentation(text);
            }
            return ReadBytes(line, offset, bytesAt, at + 1);
        }

        /// <summary>"0x0010:" or, as tcpdump 3.x and FortiGate print it, "0x0010" and white space.</summary>
        private static bool ReadOffset(string text, int at, out long offset, out int bytesAt)
        {
            bytesAt = 0;
            if (!HexRunParser.TryReadOffset(text, at + 2, 1, 8, out offset, out var end) || end >= text.Length) return false;
            if (text[end] == ':') bytesAt = end + 1;
            else if (text[end] is ' ' or '\t') bytesAt = end;
            else return false;
            return true;
        }

        private LineVerdict ReadBytes(SourceLine line, long offset, int bytesAt, int offsetColumn) =>
            draft.ReadRow(context, line, line.Span, offset, offsetColumn, bytesAt, Rows);

        private static readonly RowLayout Rows = new(TcpdumpGrammar.LineBytes, "0x{0:x4}") { Explain = ExplainRow };

        /// <summary>
        /// A line that is not a row, after some of the packet's rows: a page's cut marker, text typed in
        /// front of a row, a line that interrupts the rows; or, when no row of this packet follows, the
        /// decode going on after a dump that was part of it.
        /// </summary>
        private LineVerdict ReadInsideRows(LineWindow window, SourceLine line)
        {
            // "<truncated>" says the packet was cut; "[...]" and "..." say so only when its rows go on after them
            // (after a packet's last row they mark packets left out).
            if (TcpdumpGrammar.CutMarker.ParseLine(line.Text) is { Success: true } marker && (marker.Value.Contains("truncated", StringComparison.Ordinal) || RowsGoOn(window)))
            {
                draft.CutMarked = true;
                draft.Comments.Add($"the source marks a cut at line {context.LineNumber(line)} ({line.Text.Trim()})");
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (EmbeddedRow(line.Text) is { } embedded)
            {
                var typed = $"'{line.Text[..embedded.At].Trim()}' before the row's offset is not part of the dump; read past";
                context.Damaged(line, 1, typed);
                draft.Comments.Add($"line {context.LineNumber(line)}: {typed}");
                return ReadBytes(line, embedded.Offset, embedded.BytesAt, embedded.At + 1);
            }
            if (RowsGoOn(window))
            {
                draft.LastLine = line.Number;
                return context.Skip(line, 1, $"not a hex row, inside the rows of the packet that starts at line {draft.FirstLine}; its rows go on after it");
            }
            if (fromSummary && linesSinceSummary > 0 && TcpdumpGrammar.Indentation(line.Text) is var depth && depth > 0
                && (depth < rowsIndent || depth > rowsIndent && RowsAhead(window)) && (decodeIndent is null || depth >= decodeIndent))
            {
                // The decode goes on: the rows read were a dump inside it, not the packet's. A decode line
                // indented past the rows (tcpdump -vv's LCP options after the dump of the option data) says so
                // too when the packet's own rows follow it.
                draft.Bytes.Clear();
                inRows = false;
                draft.Comments.RemoveAll(c => c.StartsWith("bytes ", StringComparison.Ordinal) || c.StartsWith("the source marks a cut", StringComparison.Ordinal));
                ReadDecode(line);
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        /// <summary>Whether a row of this packet's decode or dump comes within the lookahead, before another summary.</summary>
        private static bool RowsAhead(LineWindow window)
        {
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                if (TcpdumpGrammar.LooksLikeHexLine(next.Text)) return true;
                if (TcpdumpGrammar.SummaryLine.ParseLine(next.Text).Success) return false;
            }
            return false;
        }

        /// <summary>Whether a row continuing the packet comes within the lookahead, before a blank line or a summary.</summary>
        private bool RowsGoOn(LineWindow window)
        {
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                if (next.IsBlank || TcpdumpGrammar.SummaryLine.ParseLine(next.Text).Success) return false;
                var at = 0;
                while (at < next.Text.Length && char.IsWhiteSpace(next.Text[at])) at++;
                if (TcpdumpGrammar.LooksLikeHexLine(next.Text) && ReadOffset(next.Text, at, out var offset, out _)) return offset > draft.Bytes.Length;
                if (EmbeddedRow(next.Text) is { } embedded) return embedded.Offset > draft.Bytes.Length;
            }
            return false;
        }

        /// <summary>"undebug 0x0070:  4500 …": a row with text typed in front of it, continuing the packet.</summary>
        private (int At, long Offset, int BytesAt)? EmbeddedRow(string text)
        {
            var at = text.IndexOf(" 0x", StringComparison.Ordinal);
            if (at < 0) return null;
            at++;
            if (!ReadOffset(text, at, out var offset, out var bytesAt) || offset < draft.LastRowOffset || offset == 0) return null;
            return (at, offset, bytesAt);
        }

        private CaptureTime Resolve(TcpdumpTimestamp time)
        {
            if (time.Epoch is { } epoch) return TimeResolver.FromEpoch(epoch.Seconds, epoch.Nanoseconds, epoch.FractionDigits);
            var timeOfDay = time.TimeOfDay!.Value;
            return time.Date is { } date
                ? context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits)
                : context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
        }

        private LineVerdict SkipWithReason(SourceLine line)
        {
            var (column, reason) = ExplainRow(line.Text);
            return context.Skip(line, column, reason);
        }

        /// <summary>What the grammar says of a hex line the reader could not find bytes in.</summary>
        private static (int Column, string Reason) ExplainRow(string text)
        {
            var parsed = TcpdumpGrammar.HexLine.ParseLine(text);
            return parsed.Success ? (1, "a hex line with no bytes") : (parsed.Column, parsed.Describe());
        }

        public void Close()
        {
            FinishPacket();
            if (summariesWithoutHex > 0)
            {
                context.Warn($"{context.Span(firstSummaryWithoutHex, firstSummaryWithoutHex)}: {summariesWithoutHex} tcpdump packet(s) printed without hex (tcpdump ran without -x); their summaries and decodes are read, but no packet is made from them");
            }
        }
    }
}
