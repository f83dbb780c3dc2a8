using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.FortiGate;

/// <summary>FortiOS and FortiWeb "diagnose sniffer packet" output at the verbosities that print bytes (2, 3, 5, 6).</summary>
public sealed class FortiGateFormat : IPrecheckedFormat
{
    public string Name => "fortigate";

    public string Description => "FortiOS/FortiWeb 'diagnose sniffer packet' output (verbosity 2, 3, 5, 6): summary lines with interface and direction, 0x0000 rows";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeSnifferLine(window.Current.Span);

    /// <summary>
    /// Each way in needs its mark in the line as cleaned (which is the line after any pager prompt, unless
    /// it holds what only <see cref="PastedLine.Clean"/> undoes): "interfaces=[" starts the interfaces line,
    /// the command holds "diagnose" abbreviated to "diag" at least, and a summary starts with seconds
    /// ("0.806164", digits and '.') or a date ("2015-06-23", four digits and '-') after its indentation.
    /// </summary>
    private static bool MayBeSnifferLine(ReadOnlySpan<char> line)
    {
        if (!PastedLine.TryCleanInPlace(line, out var shown)) return true;
        var start = LineStart.Unindented(shown);
        return LineStart.DigitsThen(start, 12, '.') || LineStart.DigitsThen(start, 4, '-')
               || shown.Contains("interfaces=[", StringComparison.Ordinal) || shown.Contains("diag", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var text = PastedLine.Clean(window.Current.Text);
        if (FortiGateGrammar.InterfacesLine.ParseLine(text).Success) return 1.0;
        if (FortiGateGrammar.Command(text) is not null)
        {
            for (var ahead = 1; ahead < 5 && window.TryGet(ahead, out var next); ahead++)
            {
                if (FortiGateGrammar.InterfacesLine.ParseLine(PastedLine.Clean(next.Text)).Success) return 1.0;
            }
            return 0;
        }
        var summary = FortiGateGrammar.Summary.ParseLine(text);
        if (!summary.Success || FirstRowAfter(window, 1) is not { } row) return 0;
        // The interface and direction words, FortiOS's "->" between addresses, FortiWeb's byte columns:
        // none of them is tcpdump's. A frame that starts with its Ethernet header after a bare time is
        // FortiOS verbosity 3; tcpdump -X starts at the network layer.
        if (summary.Value.Interface is not null || summary.Value.Text.Contains(" -> ", StringComparison.Ordinal) || row.Row.ByteColumns) return 1.0;
        // A bare time, a decode and network-layer bytes are tcpdump 3.x's output as much as FortiOS's: not claimed.
        return LinkTypeGuess.EthernetEvidence(row.Bytes.Bytes, null) == 3 ? 0.9 : 0.3;
    }

    /// <summary>The first row of a packet at <paramref name="ahead"/> (or one line later, after a wrapped summary).</summary>
    private static (FortiGateRow Row, HexRun Bytes)? FirstRowAfter(LineWindow window, int ahead)
    {
        for (var at = ahead; at <= ahead + 1 && window.TryGet(at, out var line); at++)
        {
            var text = PastedLine.Clean(line.Text);
            if (FortiGateGrammar.Row.ParseLine(text) is { Success: true, Value: var row })
            {
                return row.Offset == 0 ? (row, HexRunParser.Scan(text, row.BytesStart, FortiGateGrammar.RulesFor(row))) : null;
            }
            if (line.IsBlank) return null;
        }
        return null;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private PacketDraft draft = new();
        private SnifferCommand? command;
        private string? interfacesLine;
        private string? systemTime;
        private (int Line, int Column, string Reason)? damage;
        private int packetsPrinted;
        private int? received;
        private int firstLine;
        private int lastLine;
        private int lastTimedLine;
        private bool sawElapsedTime;
        private bool sawZonelessTime;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (firstLine == 0) firstLine = line.Number;
            if (line.IsBlank)
            {
                // A pager erased with carriage returns leaves a blank line between two rows of one packet.
                if (NextRowContinuesPacket(window))
                {
                    lastLine = line.Number;
                    return LineVerdict.Used;
                }
                FinishPacket();
                if (!NextNonBlankIsMine(window)) return LineVerdict.NotMine;
                lastLine = line.Number;
                return LineVerdict.Used;
            }
            var text = PastedLine.Clean(line.Text);
            // A pager prompt or terminal redraw that leaves nothing: part of the output, not a packet boundary.
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            var verdict = ReadText(window, line, text);
            if (verdict != LineVerdict.NotMine) lastLine = line.Number;
            return verdict;
        }

        private LineVerdict ReadText(LineWindow window, SourceLine line, string text)
        {
            var row = FortiGateGrammar.Row.ParseLine(text);
            if (row.Success) return ReadRow(line, text, row.Value);

            var summary = FortiGateGrammar.Summary.ParseLine(text);
            if (summary.Success && FirstRowAfter(window, 1) is not null)
            {
                StartPacket(line, summary.Value, text);
                return LineVerdict.Used;
            }

            if (FortiGateGrammar.Trailer.ParseLine(text) is { Success: true, Value: var trailer })
            {
                FinishPacket();
                if (trailer.What == "received by filter") received = trailer.Count;
                return LineVerdict.Used;
            }
            if (FortiGateGrammar.Command(text) is { } newCommand)
            {
                FinishPacket();
                command = newCommand;
                return LineVerdict.Used;
            }
            if (FortiGateGrammar.InterfacesLine.ParseLine(text) is { Success: true, Value: var interfaces })
            {
                interfacesLine = interfaces;
                return LineVerdict.Used;
            }
            if (FortiGateGrammar.FiltersLine.ParseLine(text).Success) return LineVerdict.Used;
            if (IsInterrupt(text))
            {
                FinishPacket(); // the user stopped the sniffer; its trailer follows
                return LineVerdict.Used;
            }
            if (text.StartsWith("System Time:", StringComparison.Ordinal))
            {
                // FortiWeb prints the device's clock before it starts; the packets' times still count from the start.
                systemTime = text["System Time:".Length..].Trim();
                return LineVerdict.Used;
            }

            // A summary wrapped by the terminal or a mail program goes on before the rows.
            if (draft.IsStarted && damage is null && draft.Bytes.Length == 0 && draft.Heading is not null)
            {
                draft.Heading += " " + text.Trim();
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            // A line with a packet's rows after it that is no summary: the summary was damaged.
            if (FirstRowAfter(window, 1) is not null)
            {
                FinishPacket();
                draft.Start(line.Number);
                var reason = summary.Success ? "a summary line with no rows after it" : "a damaged summary line: " + summary.Describe();
                damage = (line.Number, summary.Success ? 1 : summary.Column, reason);
                return context.Skip(line, damage.Value.Column, reason);
            }
            return LineVerdict.NotMine;
        }

        private LineVerdict ReadRow(SourceLine line, string text, FortiGateRow row)
        {
            if (!draft.IsStarted)
            {
                if (row.Offset != 0) return context.Skip(line, 1, $"a row at offset 0x{row.Offset:x4} with no packet before it");
                draft.Start(line.Number); // a packet whose summary line was not pasted
            }
            else if (row.Offset == 0 && draft.Bytes.Length > 0)
            {
                FinishPacket(); // the blank line between packets was lost
                draft.Start(line.Number);
            }
            if (damage is { } earlier)
            {
                draft.LastLine = line.Number;
                return context.Skip(line, 1, $"part of the packet damaged at line {earlier.Line}");
            }

            // A row that does not follow on, or holds a character that is not a hex digit, is read as every
            // dump's rows are: the bytes it does not show are unknown, and it is reported.
            return draft.ReadRow(context, line, text, row.Offset, 1, row.BytesStart, row.ByteColumns ? ColumnRows : GroupRows);
        }

        private static readonly RowLayout GroupRows = new(FortiGateGrammar.GroupBytes, "0x{0:x4}") { TextEndsRow = true };

        private static readonly RowLayout ColumnRows = new(FortiGateGrammar.ColumnBytes, "0x{0:x4}") { TextEndsRow = true };

        /// <summary>"^C" as the terminal echoes Ctrl-C.</summary>
        private static bool IsInterrupt(string text) => text.Trim() == "^C";

        private LineVerdict Damaged(SourceLine line, int column, string reason)
        {
            damage = (line.Number, column, reason);
            draft.LastLine = line.Number;
            return context.Skip(line, column, reason);
        }

        private bool NextRowContinuesPacket(LineWindow window) =>
            draft.Bytes.Length > 0
            && window.TryGetNonBlank(1, out var next, out _)
            && FortiGateGrammar.Row.ParseLine(PastedLine.Clean(next.Text)) is { Success: true } row
            && row.Value.Offset == draft.Bytes.Length;

        private bool NextNonBlankIsMine(LineWindow window)
        {
            if (!window.TryGetNonBlank(1, out var next, out var at)) return false;
            var text = PastedLine.Clean(next.Text);
            return FortiGateGrammar.Row.ParseLine(text).Success
                || FortiGateGrammar.Trailer.ParseLine(text).Success
                || FortiGateGrammar.InterfacesLine.ParseLine(text).Success
                || FortiGateGrammar.FiltersLine.ParseLine(text).Success
                || text.StartsWith("System Time:", StringComparison.Ordinal)
                || IsInterrupt(text)
                || FirstRowAfter(window, at + 1) is not null;
        }

        private void StartPacket(SourceLine line, FortiGateSummary summary, string text)
        {
            FinishPacket();
            draft.Start(line.Number);
            draft.Heading = text.Trim();
            draft.Direction = summary.Direction;
            draft.Interface = summary.Interface ?? NamedInterface();
            draft.Time = TimeOf(summary.Time, draft.Comments);
            lastTimedLine = line.Number;
        }

        /// <summary>Verbosity 1-3 prints no interface: the one the command or "interfaces=[…]" names, unless it is "any".</summary>
        private string? NamedInterface()
        {
            var named = interfacesLine ?? command?.Interface;
            return named is null || named == "any" || named.Contains(',') ? null : named;
        }

        private CaptureTime TimeOf(FortiGateTime time, List<string> comments)
        {
            if (time.Elapsed is { } elapsed)
            {
                sawElapsedTime = true;
                var fraction = elapsed.FractionDigits == 0 ? "" : "." + elapsed.Nanoseconds.ToString("D9")[..elapsed.FractionDigits];
                comments.Add($"time: {elapsed.Seconds}{fraction} s after the sniffer started, written as seconds after 1970-01-01 00:00 UTC");
                return VendorTime.Elapsed(elapsed.Seconds, elapsed.Nanoseconds, elapsed.FractionDigits);
            }
            var (date, timeOfDay) = (time.Date!.Value, time.TimeOfDay!.Value);
            if (command?.TimeFormat == "a")
            {
                comments.Add("time: UTC, as the sniffer's time format 'a' prints");
                return VendorTime.Utc(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
            }
            sawZonelessTime = true;
            comments.Add(VendorTime.ZoneNote(context.Options));
            return context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
        }

        private void FinishPacket()
        {
            if (!draft.IsStarted) return;
            packetsPrinted++;
            if (damage is { } damaged)
            {
                context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: a damaged packet was not read ({context.SourceName}:{damaged.Line}:{damaged.Column}: {damaged.Reason})");
                damage = null;
                draft = new PacketDraft();
                return;
            }
            if (draft.Heading is null) draft.Comments.Add("no summary line before the rows: time, interface and direction unknown");
            SetLinkLayer();
            draft.Finish(context, format);
        }

        /// <summary>
        /// Verbosity 2 and 5 print from the network layer, 3 and 6 from the link layer. When the command
        /// is not in the text, the bytes tell: an IPv4 or IPv6 header or an ARP message at byte 0, and
        /// no EtherType at bytes 12-13.
        /// </summary>
        private void SetLinkLayer()
        {
            var bytes = draft.Bytes.Bytes;
            var verbosity = command?.Verbosity;
            var networkLayer = verbosity is 2 or 5
                || (verbosity is null && (LinkTypeGuess.IpEvidence(bytes, null) >= 2 || IsArp(bytes)) && LinkTypeGuess.EthernetEvidence(bytes, null) < 3);
            if (!networkLayer) return; // from the link layer: the bytes show which (Ethernet, or the fake Ethernet header of a PPP interface)

            var shown = verbosity is null ? "the bytes start at the network layer" : $"verbosity {verbosity} prints from the network layer";
            if (IsArp(bytes))
            {
                var (data, unknown) = draft.Bytes.Build();
                draft.Bytes.Clear();
                draft.Bytes.AppendUnknown(12);
                draft.Bytes.Append(0x08);
                draft.Bytes.Append(0x06);
                draft.Bytes.Append(data, unknown);
                draft.LinkType = LinkType.Ethernet;
                draft.Comments.Add($"{shown}: an Ethernet header with unknown addresses and EtherType 0806 (ARP) is put before the ARP message so that it can be written");
            }
            else if (bytes.Length > 0 && bytes[0] >> 4 is 4 or 6)
            {
                draft.LinkType = LinkType.RawIp;
                draft.Comments.Add($"{shown}: no link-layer header");
            }
            else
            {
                draft.LinkType = LinkType.User0;
                draft.Comments.Add($"{shown}, but the bytes are neither IP nor ARP: written as USER0 (give --link-type)");
            }
        }

        /// <summary>An ARP message for IPv4 over a 6-byte hardware address: hardware type, 0800, 6, 4.</summary>
        private static bool IsArp(ReadOnlySpan<byte> bytes) =>
            bytes.Length >= 8 && bytes[2] == 0x08 && bytes[3] == 0x00 && bytes[4] == 6 && bytes[5] == 4 && bytes[6] == 0 && bytes[7] is 1 or 2;

        public void Close()
        {
            FinishPacket();
            if (received is { } count && count != packetsPrinted)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: the sniffer says {count} packets received by filter; {packetsPrinted} were printed");
            }
            if (sawElapsedTime)
            {
                var clock = systemTime is null ? "" : $" (the device printed 'System Time: {systemTime}' before it started)";
                context.Warn($"{context.Span(firstLine, lastTimedLine)}: times are seconds after the sniffer started{clock}, not dates: written as seconds after 1970-01-01 00:00 UTC");
            }
            if (sawZonelessTime) context.Warn(VendorTime.ZoneWarning(context, firstLine, lastTimedLine, "the sniffer"));
        }
    }
}
