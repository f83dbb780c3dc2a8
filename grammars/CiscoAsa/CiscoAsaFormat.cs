using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.CiscoAsa;

/// <summary>Cisco ASA "show capture NAME dump" and "show capture NAME detail dump" output.</summary>
public sealed class CiscoAsaFormat : IPrecheckedFormat
{
    public string Name => "cisco-asa";

    public string Description => "Cisco ASA 'show capture NAME dump' / 'detail': numbered summary lines ('1: 20:40:01.108469 …'), 0x0000 rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeSummaryOrCount(window.Current.Span);

    /// <summary>
    /// A region starts at "N packets captured" (the line holds "captured") or at a numbered summary, which
    /// is a number and ':' after its indentation ("   1: 20:40:01.108469"), in the line as cleaned (the line
    /// after any pager prompt, unless it holds what only <see cref="PastedLine.Clean"/> undoes).
    /// </summary>
    private static bool MayBeSummaryOrCount(ReadOnlySpan<char> line) =>
        !PastedLine.TryCleanInPlace(line, out var shown)
        || LineStart.DigitsThen(LineStart.Unindented(shown), 9, ':') || shown.Contains("captured", StringComparison.Ordinal);

    public double RecognizeByGrammar(LineWindow window)
    {
        var text = PastedLine.Clean(window.Current.Text);
        if (CiscoAsaGrammar.Captured.ParseLine(text).Success)
        {
            return window.TryGetNonBlank(1, out var next, out var at) && CiscoAsaGrammar.Summary.ParseLine(PastedLine.Clean(next.Text)).Success && FirstRowAt(window, at + 1) ? 1.0 : 0;
        }
        // The numbered summary ("1: 20:40:01.108469") followed by "0x0000 " rows is the ASA's alone.
        return CiscoAsaGrammar.Summary.ParseLine(text).Success && FirstRowAt(window, 1) ? 1.0 : 0;
    }

    /// <summary>A row at offset 0 at <paramref name="ahead"/>, or after the detail view's indented decode lines.</summary>
    private static bool FirstRowAt(LineWindow window, int ahead)
    {
        for (var at = ahead; window.TryGet(at, out var line) && !line.IsBlank; at++)
        {
            var text = PastedLine.Clean(line.Text);
            if (CiscoAsaGrammar.Row.ParseLine(text) is { Success: true } row) return row.Value.Offset == 0;
            if (at > ahead + 2 || !char.IsWhiteSpace(text[0])) return false;
        }
        return false;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private AsaLinkLayer? link;
        private int packets;
        private int? shown;
        private int firstLine;
        private int lastLine;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (firstLine == 0) firstLine = line.Number;
            if (line.IsBlank)
            {
                // A pager erased with carriage returns leaves a blank line between two rows of one packet.
                if (NextRowContinuesPacket(window)) return LineVerdict.Used;
                FinishPacket();
                return NextNonBlankIsMine(window) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            var text = PastedLine.Clean(line.Text);
            // A pager prompt or terminal redraw that leaves nothing: part of the output, not a packet boundary.
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            var verdict = ReadText(line, text);
            if (verdict != LineVerdict.NotMine) lastLine = line.Number;
            return verdict;
        }

        private LineVerdict ReadText(SourceLine line, string text)
        {
            if (CiscoAsaGrammar.Row.ParseLine(text) is { Success: true, Value: var row }) return ReadRow(line, text, row.Offset, row.BytesStart);
            if (CiscoAsaGrammar.Summary.ParseLine(text) is { Success: true, Value: var summary })
            {
                StartPacket(line, summary, text);
                return LineVerdict.Used;
            }
            if (CiscoAsaGrammar.Captured.ParseLine(text).Success) return LineVerdict.Used;
            if (CiscoAsaGrammar.Shown.ParseLine(text) is { Success: true, Value: var count })
            {
                FinishPacket();
                shown = (shown ?? 0) + count;
                return LineVerdict.Used;
            }
            // The detail view decodes the packet on indented lines before the rows.
            if (draft.IsStarted && draft.Bytes.Length == 0 && char.IsWhiteSpace(text[0]))
            {
                draft.Heading += " " + text.Trim();
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        private LineVerdict ReadRow(SourceLine line, string text, long offset, int bytesStart)
        {
            if (!draft.IsStarted)
            {
                if (offset != 0) return context.Skip(line, 1, $"a row at offset 0x{offset:x4} with no packet before it");
                draft.Start(line.Number);
                draft.Comments.Add("no summary line before the rows: time unknown");
            }
            else if (offset == 0 && draft.Bytes.Length > 0)
            {
                FinishPacket();
                draft.Start(line.Number);
                draft.Comments.Add("no summary line before the rows: time unknown");
            }
            return draft.ReadRow(context, line, text, offset, 1, bytesStart, Rows);
        }

        /// <summary>The dump's rows: 16-bit groups, the ASCII column after a gap (or one space away where a page collapsed it).</summary>
        private static readonly RowLayout Rows = new(CiscoAsaGrammar.RowBytes, "0x{0:x4}") { TextEndsRow = true };

        private bool NextRowContinuesPacket(LineWindow window) =>
            draft.Bytes.Length > 0
            && window.TryGetNonBlank(1, out var next, out _)
            && CiscoAsaGrammar.Row.ParseLine(PastedLine.Clean(next.Text)) is { Success: true } row
            && row.Value.Offset == draft.Bytes.Length;

        private static bool NextNonBlankIsMine(LineWindow window)
        {
            if (!window.TryGetNonBlank(1, out var next, out _)) return false;
            var text = PastedLine.Clean(next.Text);
            return CiscoAsaGrammar.Summary.ParseLine(text).Success || CiscoAsaGrammar.Row.ParseLine(text).Success || CiscoAsaGrammar.Shown.ParseLine(text).Success;
        }

        private void StartPacket(SourceLine line, AsaSummary summary, string text)
        {
            FinishPacket();
            draft.Start(line.Number);
            draft.Heading = text.Trim();
            draft.Time = context.Times.FromTimeOfDay(summary.Time.Nanoseconds, summary.Time.FractionDigits);
            draft.Comments.Add(VendorTime.ZoneNote(context.Options));
            link = summary.Link;
            if (link is not null)
            {
                draft.StatedLength = link.Length;
                draft.LinkType = LinkType.Ethernet; // the detail view prints the frame's MAC addresses and EtherType
            }
        }

        private void FinishPacket()
        {
            if (!draft.IsStarted) return;
            if (link is not null) CheckLinkLayer(link);
            if (draft.Finish(context, format) is not null) packets++;
            link = null;
        }

        /// <summary>The detail view's addresses and EtherType must be the frame's own.</summary>
        private void CheckLinkLayer(AsaLinkLayer printed)
        {
            var bytes = draft.Bytes.Bytes;
            if (bytes.Length < 14) return;
            var disagreements = new List<string>();
            // No real detail output is at hand to settle which address the ASA prints first: either order is taken.
            var first = bytes[..6];
            var second = bytes[6..12];
            var addressesMatch = (first.SequenceEqual(printed.Destination) && second.SequenceEqual(printed.Source))
                || (first.SequenceEqual(printed.Source) && second.SequenceEqual(printed.Destination));
            if (!addressesMatch) disagreements.Add("MAC addresses");
            if ((bytes[12] << 8 | bytes[13]) != printed.EtherType) disagreements.Add("EtherType");
            if (disagreements.Count == 0) return;
            var warning = $"the detail line's {string.Join(", ", disagreements)} disagree with the bytes";
            draft.Comments.Add(warning);
            context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: {warning}");
        }

        public void Close()
        {
            FinishPacket();
            if (shown is { } count && count != packets)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: the ASA says {count} packet(s) shown; {packets} were read");
            }
            if (packets > 0) context.Warn(VendorTime.ZoneWarning(context, firstLine, lastLine, "the ASA"));
        }
    }
}
