using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Juniper;

/// <summary>Junos "monitor traffic interface IF extensive print-hex" output.</summary>
public sealed class JunosFormat : IPrecheckedFormat
{
    public string Name => "junos";

    public string Description => "Junos 'monitor traffic … extensive print-hex': 'HH:MM:SS.ffffff In|Out', Juniper PCAP flags and TLVs, '-----original packet-----', 0x0000: rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeCaptureLine(window.Current.Span);

    /// <summary>
    /// In the line as cleaned (the line after any pager prompt, unless it holds what only
    /// <see cref="PastedLine.Clean"/> undoes): "Listening on ", the command's "monitor traffic", one of the
    /// notes <see cref="JunosGrammar.IsCaptureNote"/> knows (each holds its words), or a packet's header,
    /// which starts with a time of day (one or two digits and ':') after its indentation.
    /// </summary>
    private static bool MayBeCaptureLine(ReadOnlySpan<char> line)
    {
        if (!PastedLine.TryCleanInPlace(line, out var shown)) return true;
        return LineStart.DigitsThen(LineStart.Unindented(shown), 2, ':')
               || shown.Contains("Listening on ", StringComparison.Ordinal) || shown.Contains("monitor traffic", StringComparison.Ordinal)
               || shown.Contains("Address resolution ", StringComparison.Ordinal) || shown.Contains("Reverse lookup for ", StringComparison.Ordinal)
               || shown.Contains("Other reverse lookup failures", StringComparison.Ordinal) || shown.Contains("Use <no-resolve>", StringComparison.Ordinal)
               || shown.Contains("^C", StringComparison.Ordinal)
               || shown.Contains("packets received by filter", StringComparison.Ordinal) || shown.Contains("packets dropped by kernel", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var text = PastedLine.Clean(window.Current.Text);
        if (JunosGrammar.Listening.ParseLine(text).Success) return 1.0;
        if (JunosGrammar.CommandInterface(text) is not null || JunosGrammar.IsCaptureNote(text))
        {
            // The command and Junos's notes before the capture, up to "Listening on" or the first packet.
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                var following = PastedLine.Clean(next.Text);
                if (JunosGrammar.Listening.ParseLine(following).Success || JunosGrammar.Header.ParseLine(following).Success) return 1.0;
                if (!next.IsBlank && !JunosGrammar.IsCaptureNote(following)) return 0;
            }
            return 0;
        }
        // The time and direction, then the Juniper pseudo-header's flags: Junos's tcpdump alone prints both.
        return JunosGrammar.Header.ParseLine(text).Success
            && window.TryGetNonBlank(1, out var flags, out _)
            && JunosGrammar.Flags.ParseLine(PastedLine.Clean(flags.Text)).Success ? 1.0 : 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private PacketDraft draft = new();
        private string? interfaceName;
        private JunosFlags? flags;
        private bool afterOriginalPacket;
        private int withoutBytes;
        private bool timed;
        private int firstLine;
        private int lastLine;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (firstLine == 0) firstLine = line.Number;
            if (line.IsBlank) return NextNonBlankIsMine(window) ? LineVerdict.Used : LineVerdict.NotMine;
            var text = PastedLine.Clean(line.Text);
            // A pager prompt or terminal redraw that leaves nothing: part of the output, not a packet boundary.
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            var verdict = ReadText(line, text);
            if (verdict != LineVerdict.NotMine) lastLine = line.Number;
            return verdict;
        }

        private LineVerdict ReadText(SourceLine line, string text)
        {
            if (JunosGrammar.Row.ParseLine(text) is { Success: true, Value: var row }) return ReadRow(line, text, row.Offset, row.BytesStart);
            if (JunosGrammar.Header.ParseLine(text) is { Success: true, Value: var header })
            {
                StartPacket(line, header);
                return LineVerdict.Used;
            }
            if (JunosGrammar.Listening.ParseLine(text) is { Success: true, Value: var listening })
            {
                interfaceName = listening;
                return LineVerdict.Used;
            }
            if (JunosGrammar.CommandInterface(text) is { } named)
            {
                FinishPacket();
                if (named.Length > 0) interfaceName = named;
                return LineVerdict.Used;
            }
            if (JunosGrammar.IsCaptureNote(text))
            {
                if (text.Trim() == "^C" || text.Contains("packets received", StringComparison.Ordinal)) FinishPacket();
                return LineVerdict.Used;
            }
            if (!draft.IsStarted || draft.Bytes.Length > 0) return LineVerdict.NotMine;

            draft.LastLine = line.Number;
            if (JunosGrammar.Flags.ParseLine(text) is { Success: true, Value: var parsed })
            {
                flags = parsed;
                draft.Comments.Add(text.Trim());
                if (parsed.Inbound && draft.Direction == Direction.Unknown) draft.Direction = Direction.Inbound;
                return LineVerdict.Used;
            }
            if (JunosGrammar.IsOriginalPacketMark(text))
            {
                afterOriginalPacket = true;
                return LineVerdict.Used;
            }
            if (!afterOriginalPacket && flags is not null)
            {
                draft.Comments.Add(text.Trim()); // a TLV of the Juniper pseudo-header
                return LineVerdict.Used;
            }
            // tcpdump's decode of the packet, over one line or more.
            draft.Heading = draft.Heading is null ? text.Trim() : draft.Heading + " " + text.Trim();
            return LineVerdict.Used;
        }

        private LineVerdict ReadRow(SourceLine line, string text, long offset, int bytesStart)
        {
            if (!draft.IsStarted) return context.Skip(line, 1, "a hex row with no 'HH:MM:SS.ffffff In|Out' line before it");
            return draft.ReadRow(context, line, text, offset, 1, bytesStart, Rows);
        }

        /// <summary>tcpdump's rows: 16-bit groups, the ASCII column after a gap (or one space away where a page collapsed it).</summary>
        private static readonly RowLayout Rows = new(JunosGrammar.RowBytes, "0x{0:x4}") { TextEndsRow = true };

        private bool NextNonBlankIsMine(LineWindow window)
        {
            if (!window.TryGetNonBlank(1, out var next, out _)) return false;
            var text = PastedLine.Clean(next.Text);
            if (JunosGrammar.Header.ParseLine(text).Success || JunosGrammar.Row.ParseLine(text).Success
                || JunosGrammar.IsCaptureNote(text) || JunosGrammar.Listening.ParseLine(text).Success) return true;
            // Inside a packet, before its bytes: the decode goes on after the reverse-lookup notes.
            return draft.IsStarted && draft.Bytes.Length == 0;
        }

        private void StartPacket(SourceLine line, JunosHeader header)
        {
            FinishPacket();
            draft.Start(line.Number);
            draft.Direction = header.Direction;
            draft.Interface = interfaceName;
            if (header.Text.Length > 0) draft.Heading = header.Text; // brief and detail print the decode on this line
            draft.Time = context.Times.FromTimeOfDay(header.Time.Nanoseconds, header.Time.FractionDigits);
            timed = true;
            draft.Comments.Add(VendorTime.ZoneNote(context.Options));
        }

        private void FinishPacket()
        {
            if (!draft.IsStarted) return;
            if (draft.Bytes.Length == 0)
            {
                withoutBytes++; // printed without print-hex: a decode only
                draft = new PacketDraft();
            }
            else
            {
                if (flags?.NoLayer2 == true)
                {
                    draft.LinkType = LinkType.RawIp;
                    draft.Comments.Add("the flags say no-L2: the Routing Engine got the packet without its link-layer header");
                }
                draft.Finish(context, format);
            }
            flags = null;
            afterOriginalPacket = false;
        }

        public void Close()
        {
            FinishPacket();
            if (withoutBytes > 0)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: {withoutBytes} packet(s) printed without their bytes (monitor traffic without print-hex): not converted");
            }
            if (timed) context.Warn(VendorTime.ZoneWarning(context, firstLine, lastLine, "Junos"));
        }
    }
}
