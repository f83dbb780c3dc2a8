using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.NetScreen;

/// <summary>Juniper ScreenOS / NetScreen "snoop" output, read as Wireshark's netscreen reader reads it.</summary>
public sealed class NetScreenFormat : IPrecheckedFormat
{
    public string Name => "netscreen";

    public string Description => "Juniper ScreenOS/NetScreen snoop: '8954069.0: ethernet0/1(i) len=70:…' headers, decode lines and hex rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => HoldsLengthField(window.Current.Span);

    /// <summary>
    /// The header reads "len=" after the interface and direction; <see cref="PastedLine.Clean"/> only cuts a
    /// pager prompt off a line with no control character, entity or no-break space, so a header holds it as written.
    /// </summary>
    private static bool HoldsLengthField(ReadOnlySpan<char> line) =>
        !PastedLine.TryCleanInPlace(line, out var shown) || shown.Contains("len=", StringComparison.Ordinal);

    public double RecognizeByGrammar(LineWindow window) =>
        // The header line is the format's signature (Wireshark's reader looks for "(i) len=" / "(o) len=").
        NetScreenGrammar.IsHeader(PastedLine.Clean(window.Current.Text)) ? 1.0 : 0;

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly List<string> decodeLines = [];
        private NetScreenHeader? header;
        private int firstLine;
        private int lastLine;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank)
            {
                // A blank line ends a packet; the region goes on if another header follows.
                FinishPacket();
                return NextNonBlankIsHeader(window) ? LineVerdict.Used : LineVerdict.NotMine;
            }

            var text = PastedLine.Clean(line.Text);
            // A pager prompt or terminal redraw that leaves nothing: part of the output, not a packet boundary.
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            var parsed = NetScreenGrammar.Header.ParseLine(text);
            if (parsed.Success)
            {
                StartPacket(line, parsed.Value, text);
                return LineVerdict.Used;
            }
            if (header is null) return LineVerdict.NotMine;

            if (NetScreenGrammar.Row.ParseLine(text) is { Success: true, Value: var row } && (draft.Bytes.Length > 0 || row.Bytes.Length >= NetScreenGrammar.FewestBytesInFirstRow))
            {
                draft.Bytes.Append(row);
                draft.LastLine = line.Number;
                lastLine = line.Number;
                return LineVerdict.Used;
            }
            if (draft.Bytes.Length == 0 && decodeLines.Count < NetScreenGrammar.MostDecodeLines)
            {
                // ScreenOS's own decode of the packet, printed (indented, unless a web page lost that) before the hex.
                decodeLines.Add(text.Trim());
                draft.LastLine = line.Number;
                lastLine = line.Number;
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        private static bool NextNonBlankIsHeader(LineWindow window) =>
            window.TryGetNonBlank(1, out var next, out _) && NetScreenGrammar.IsHeader(PastedLine.Clean(next.Text));

        private void StartPacket(SourceLine line, NetScreenHeader parsed, string text)
        {
            FinishPacket();
            if (firstLine == 0) firstLine = line.Number;
            lastLine = line.Number;
            header = parsed;
            draft.Start(line.Number);
            draft.Heading = text.Trim();
            draft.Interface = parsed.Interface;
            draft.Direction = parsed.Direction;
            draft.StatedLength = parsed.Length;
            var since = parsed.SinceBoot;
            draft.Time = VendorTime.Elapsed(since.Seconds, since.Nanoseconds, since.FractionDigits);
            draft.Comments.Add($"time: {since.Seconds}.{Fraction(since)} s since the firewall booted, written as seconds after 1970-01-01 00:00 UTC (as Wireshark's netscreen reader does)");
        }

        private static string Fraction(EpochTime time) =>
            time.FractionDigits == 0 ? "0" : time.Nanoseconds.ToString("D9")[..time.FractionDigits];

        private void FinishPacket()
        {
            if (header is null || !draft.IsStarted) return;
            if (decodeLines.Count > 0) draft.Comments.Add("ScreenOS decode: " + string.Join(" | ", decodeLines));
            draft.LinkType = LinkTypeOf(header, draft.Bytes.Bytes);
            CheckLinkInfo(header, draft);
            draft.Finish(context, format);
            decodeLines.Clear();
            header = null;
        }

        /// <summary>
        /// Wireshark's rule: serial interfaces carry PPP; an ADSL interface carries Ethernet when the
        /// frame starts with the destination MAC the header names, PPP otherwise; the rest Ethernet.
        /// </summary>
        private static LinkType LinkTypeOf(NetScreenHeader header, ReadOnlySpan<byte> bytes)
        {
            if (header.Interface.StartsWith("seri", StringComparison.Ordinal)) return LinkType.Ppp;
            if (!header.Interface.StartsWith("adsl", StringComparison.Ordinal)) return LinkType.Ethernet;
            var ethernet = NetScreenGrammar.Ethernet.ParseLine(header.LinkInfo);
            return ethernet.Success && bytes.Length >= 6 && bytes[..6].SequenceEqual(ethernet.Value.Destination) ? LinkType.Ethernet : LinkType.Ppp;
        }

        /// <summary>The MAC addresses and EtherTypes the header prints must be the frame's own.</summary>
        private void CheckLinkInfo(NetScreenHeader header, PacketDraft packet)
        {
            if (packet.LinkType != LinkType.Ethernet) return;
            var parsed = NetScreenGrammar.Ethernet.ParseLine(header.LinkInfo);
            if (!parsed.Success) return;
            var ethernet = parsed.Value;
            var bytes = packet.Bytes.Bytes;
            var disagreements = new List<string>();
            if (bytes.Length >= 12 && !bytes[..6].SequenceEqual(ethernet.Destination)) disagreements.Add("destination MAC");
            if (bytes.Length >= 12 && !bytes[6..12].SequenceEqual(ethernet.Source)) disagreements.Add("source MAC");
            for (var i = 0; i < ethernet.EtherTypes.Count; i++)
            {
                var at = 12 + 4 * i;
                if (bytes.Length < at + 2) break;
                if ((bytes[at] << 8 | bytes[at + 1]) != ethernet.EtherTypes[i]) disagreements.Add($"EtherType {ethernet.EtherTypes[i]:x4}");
            }
            if (disagreements.Count == 0) return;
            var warning = $"the header's {string.Join(", ", disagreements)} disagree with the bytes";
            packet.Comments.Add(warning);
            context.Warn($"{context.Span(packet.FirstLine, packet.LastLine)}: {warning}");
        }

        public void Close()
        {
            FinishPacket();
            if (firstLine > 0)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: ScreenOS snoop prints seconds since the firewall booted, not a date: times are written as seconds after 1970-01-01 00:00 UTC");
            }
        }
    }
}
