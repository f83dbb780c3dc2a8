using System.Buffers.Binary;
using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.CiscoIos;

/// <summary>Cisco IOS / IOS-XE 16 Embedded Packet Capture buffer dumps and "debug ip packet detail dump" output.</summary>
public sealed class CiscoIosFormat : IPrecheckedFormat
{
    public string Name => "cisco-ios";

    public string Description => "Cisco IOS 15 / IOS-XE 16 'show monitor capture … buffer dump' and 'debug ip packet detail dump': headers or debug lines, then rows of 32-bit words";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeHeading(window.Current.Span);

    /// <summary>
    /// The three headings, in the line as cleaned (the line after any pager prompt, unless it holds what only
    /// <see cref="PastedLine.Clean"/> undoes): an EPC header starts with a time of day (one or two digits and
    /// ':') after its indentation, a packet number is digits alone, and a debug line counts only with "IP:".
    /// </summary>
    private static bool MayBeHeading(ReadOnlySpan<char> line)
    {
        if (!PastedLine.TryCleanInPlace(line, out var shown)) return true;
        var start = LineStart.Unindented(shown);
        var digits = LineStart.Digits(start);
        return LineStart.DigitsThen(start, 2, ':') || (digits > 0 && LineStart.Unindented(start[digits..]).IsEmpty)
               || shown.Contains("IP:", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var text = PastedLine.Clean(window.Current.Text);
        // Each kind of heading counts only with its rows after it: a dump's own mark.
        if (CiscoIosGrammar.EpcHeader.ParseLine(text).Success) return RowAfter(window, memoryAddress: true) ? 1.0 : 0;
        if (CiscoIosGrammar.PacketNumber.ParseLine(text).Success)
        {
            return window.TryGet(1, out var next) && CiscoIosGrammar.Row.ParseLine(PastedLine.Clean(next.Text)) is { Success: true, Value: { IsMemoryAddress: false, Address: 0 } } ? 1.0 : 0;
        }
        if (CiscoIosGrammar.Debug.ParseLine(text) is { Success: true, Value: var debug } && debug.Text.StartsWith("IP:", StringComparison.Ordinal))
        {
            return RowAfter(window, memoryAddress: true) ? 1.0 : 0;
        }
        return 0;
    }

    /// <summary>A row follows within the lookahead, after the heading's other lines.</summary>
    private static bool RowAfter(LineWindow window, bool memoryAddress)
    {
        for (var at = 1; window.TryGet(at, out var line); at++)
        {
            if (line.IsBlank) continue;
            var text = PastedLine.Clean(line.Text);
            if (CiscoIosGrammar.Row.ParseLine(text) is { Success: true } row) return row.Value.IsMemoryAddress == memoryAddress;
            if (!CiscoIosGrammar.Debug.ParseLine(text).Success) return false;
        }
        return false;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private enum Kind { Epc15, EpcXe16, Debug }

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly List<(int Line, string Text)> pendingDebug = [];
        private Kind kind;
        private DebugPacket? debugPacket;
        private long nextAddress;
        private long firstByteAddress;
        private int firstLine;
        private int lastLine;
        private bool zoneAssumed;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (firstLine == 0) firstLine = line.Number;
            if (line.IsBlank)
            {
                // A pager erased with carriage returns leaves a blank line between two rows of one packet.
                if (NextRowContinuesPacket(window)) return LineVerdict.Used;
                // IOS 15 prints a blank line between a header and its rows; IOS-XE 16 one after each packet.
                if (kind != Kind.Epc15 || draft.Bytes.Length > 0) FinishPacket();
                return NextNonBlankIsMine(window) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            var text = PastedLine.Clean(line.Text);
            // A pager prompt or terminal redraw that leaves nothing: part of the output, not a packet boundary.
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            var verdict = ReadText(line, text, window);
            if (verdict != LineVerdict.NotMine) lastLine = line.Number;
            return verdict;
        }

        private LineVerdict ReadText(SourceLine line, string text, LineWindow window)
        {
            if (CiscoIosGrammar.Row.ParseLine(text) is { Success: true, Value: var row }) return ReadRow(line, text, row, window);
            if (CiscoIosGrammar.EpcHeader.ParseLine(text) is { Success: true, Value: var header })
            {
                StartEpc15(line, header, text);
                return LineVerdict.Used;
            }
            if (CiscoIosGrammar.Debug.ParseLine(text) is { Success: true, Value: var debug }) return ReadDebug(line, debug, text[debug.Start..].Trim());
            if (CiscoIosGrammar.PacketNumber.ParseLine(text) is { Success: true, Value: var number })
            {
                FinishPacket();
                kind = Kind.EpcXe16;
                draft.Start(line.Number);
                draft.Heading = $"packet {number}";
                draft.Comments.Add("IOS-XE 16 buffer dumps print no time");
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        private void StartEpc15(SourceLine line, EpcHeader header, string text)
        {
            FinishPacket();
            kind = Kind.Epc15;
            draft.Start(line.Number);
            draft.Heading = text.Trim();
            draft.Interface = header.Interface;
            draft.Time = TimeOf(header.Date, header.Time, header.Zone, draft.Comments);
        }

        private CaptureTime TimeOf(DateOnly date, TimeOfDay time, string? zone, List<string> comments)
        {
            if (zone is "UTC" or "GMT" or "Z") return VendorTime.Utc(date, time.Nanoseconds, time.FractionDigits);
            zoneAssumed = true;
            comments.Add(zone is null ? VendorTime.ZoneNote(context.Options) : VendorTime.NamedZoneNote(zone, context.Options));
            return context.Times.FromDateAndTime(date, time.Nanoseconds, time.FractionDigits);
        }

        private LineVerdict ReadDebug(SourceLine line, DebugLine debug, string text)
        {
            var packetLine = CiscoIosGrammar.PacketLine.ParseLine(debug.Text);
            if (packetLine.Success)
            {
                FinishPacket();
                kind = Kind.Debug;
                draft.Start(pendingDebug.Count > 0 ? pendingDebug[0].Line : line.Number);
                draft.Heading = text.Trim();
                foreach (var (_, earlier) in pendingDebug) draft.Comments.Add("debug: " + earlier);
                pendingDebug.Clear();
                debugPacket = packetLine.Value;
                var received = debugPacket.Action.StartsWith("rcvd", StringComparison.Ordinal);
                draft.Direction = received ? Direction.Inbound : Direction.Outbound;
                draft.Interface = received ? debugPacket.SourceInterface : debugPacket.DestinationInterface;
                draft.Time = DebugTime(debug, draft.Comments);
                return LineVerdict.Used;
            }
            if (draft.IsStarted && kind == Kind.Debug && draft.Bytes.Length == 0)
            {
                draft.Comments.Add("debug: " + text.Trim()); // IOS's decode of the packet, before its dump
                draft.LastLine = line.Number;
            }
            else
            {
                FinishPacket();
                pendingDebug.Add((line.Number, text.Trim())); // the routing decision IOS prints before the packet line
            }
            return LineVerdict.Used;
        }

        /// <summary>IOS log times print month and day, not always the year; '*' marks a clock that was never set.</summary>
        private CaptureTime DebugTime(DebugLine debug, List<string> comments)
        {
            var year = debug.Year ?? context.Options.Date?.Year ?? TimeResolver.AssumedDate.Year;
            if (debug.ClockMark == '*') comments.Add("IOS marks the time with '*': the router's clock was not set or not synchronised");
            if (debug.ClockMark == '.') comments.Add("IOS marks the time with '.': the router's clock was set but is not synchronised now");
            if (debug.Day > DateTime.DaysInMonth(year, debug.Month)) year = 2000; // 29 February in a year the text does not give
            var time = TimeOf(new DateOnly(year, debug.Month, debug.Day), debug.Time, debug.Zone, comments);
            if (debug.Year is not null) return time;
            if (context.Options.Date is not null)
            {
                comments.Add($"the log prints month and day only: the year {year} is --date's");
                return time with { Date = DateOrigin.Supplied };
            }
            comments.Add($"the log prints month and day only: the year {year} is assumed (give --date)");
            return time with { Date = DateOrigin.Assumed };
        }

        private LineVerdict ReadRow(SourceLine line, string text, IosRow row, LineWindow window)
        {
            if (!draft.IsStarted || (draft.Bytes.Length > 0 && !row.IsMemoryAddress && row.Address == 0))
            {
                FinishPacket();
                if (row.IsMemoryAddress || row.Address != 0) return context.Skip(line, 1, "a row with no packet heading before it");
                kind = Kind.EpcXe16;
                draft.Start(line.Number);
            }
            // A memory dump's first row is right-aligned (the packet starts inside it) and the others follow
            // every 16 bytes: a row's offset in the packet is its distance from the address of the first byte.
            var offset = !row.IsMemoryAddress ? row.Address : draft.Bytes.Length == 0 ? 0 : row.Address - firstByteAddress;
            var verdict = draft.ReadRow(context, line, text, offset, 1, row.BytesStart, Rows);
            if (verdict != LineVerdict.Used || !row.IsMemoryAddress) return verdict;
            if (offset == 0) firstByteAddress = row.Address + 16 - draft.Bytes.Length;
            nextAddress = row.Address + 16;
            return verdict;
        }

        /// <summary>Rows of 32-bit words after an address or offset, the ASCII column after a gap (or one space away where a page collapsed it).</summary>
        private static readonly RowLayout Rows = new(CiscoIosGrammar.RowBytes, "{0:X4}")
        {
            TextEndsRow = true,
            Explain = text => (CiscoIosGrammar.Row.ParseLine(text) is { Success: true, Value: var row } ? row.BytesStart + 1 : 1, "no hex words after the row's address"),
        };

        private bool NextRowContinuesPacket(LineWindow window) =>
            draft.Bytes.Length > 0
            && window.TryGetNonBlank(1, out var next, out _)
            && CiscoIosGrammar.Row.ParseLine(PastedLine.Clean(next.Text)) is { Success: true } row
            && (row.Value.IsMemoryAddress ? row.Value.Address == nextAddress : row.Value.Address == draft.Bytes.Length);

        private bool NextNonBlankIsMine(LineWindow window)
        {
            if (!window.TryGetNonBlank(1, out var next, out _)) return false;
            var text = PastedLine.Clean(next.Text);
            return CiscoIosGrammar.Row.ParseLine(text).Success
                || CiscoIosGrammar.EpcHeader.ParseLine(text).Success
                || CiscoIosGrammar.Debug.ParseLine(text).Success
                || (kind == Kind.EpcXe16 && CiscoIosGrammar.PacketNumber.ParseLine(text).Success);
        }

        private void FinishPacket()
        {
            if (!draft.IsStarted) return;
            if (kind == Kind.Debug && debugPacket is not null) SetDebugLinkLayer(debugPacket.Length);
            if (kind == Kind.Epc15) NoteExtraByte();
            draft.Finish(context, format);
            debugPacket = null;
        }

        /// <summary>IOS 15's buffer dump shows one byte more than the frame: say so where the IPv4 length proves it.</summary>
        private void NoteExtraByte()
        {
            var bytes = draft.Bytes.Bytes;
            if (bytes.Length < 34 || bytes[12] != 0x08 || bytes[13] != 0x00 || bytes[14] >> 4 != 4) return;
            var frame = 14 + BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]);
            if (bytes.Length == frame + 1)
            {
                draft.Comments.Add($"the IPv4 datagram ends at byte {frame}: the dump's last byte is past the frame (IOS 15 buffer dumps show one byte more), kept as a trailer");
            }
        }

        /// <summary>
        /// "debug ip packet detail dump" shows the packet from where the interface's buffer holds it: the
        /// IPv4 header of the printed length is found, and what is before it names the link layer.
        /// </summary>
        private void SetDebugLinkLayer(int ipLength)
        {
            var bytes = draft.Bytes.Bytes;
            var at = -1;
            for (var k = 0; k <= Math.Min(32, bytes.Length - 20); k++)
            {
                if (bytes[k] >> 4 != 4 || (bytes[k] & 0xF) < 5 || bytes.Length < k + (bytes[k] & 0xF) * 4) continue;
                if (BinaryPrimitives.ReadUInt16BigEndian(bytes[(k + 2)..]) != ipLength) continue;
                if (InternetChecksum.Compute(bytes.Slice(k, (bytes[k] & 0xF) * 4)) != 0) continue;
                at = k;
                break;
            }
            if (at < 0)
            {
                draft.Comments.Add($"no IPv4 header of the printed length ({ipLength}) was found in the dump: the bytes decide the link type");
                return;
            }
            draft.LinkType = at switch
            {
                0 => LinkType.RawIp,
                14 when bytes[12] == 0x08 && bytes[13] == 0x00 => LinkType.Ethernet,
                18 when bytes[12] == 0x81 && bytes[13] == 0x00 && bytes[16] == 0x08 && bytes[17] == 0x00 => LinkType.Ethernet,
                4 when bytes[0] is 0x0F or 0x8F && bytes[1] == 0 && bytes[2] == 0x08 && bytes[3] == 0x00 => LinkType.CiscoHdlc,
                4 when bytes[0] == 0xFF && bytes[1] == 0x03 && bytes[2] == 0x00 && bytes[3] == 0x21 => LinkType.Ppp,
                2 when bytes[0] == 0x00 && bytes[1] == 0x21 => LinkType.Ppp,
                _ => LinkType.User0,
            };
            if (draft.LinkType == LinkType.User0)
            {
                draft.Comments.Add($"the IPv4 header starts at byte {at}; the {at} bytes before it are a link-layer header of a kind not recognised: written as USER0 (give --link-type)");
            }
            var after = bytes.Length - at - ipLength;
            if (after > 0) draft.Comments.Add($"{after} bytes after the {ipLength}-byte IPv4 datagram (IOS's dump may run past the packet)");
        }

        public void Close()
        {
            FinishPacket();
            foreach (var (number, text) in pendingDebug) context.Warn($"{context.Span(number, number)}: a debug line with no packet dump after it: {text}");
            if (zoneAssumed) context.Warn(VendorTime.ZoneWarning(context, firstLine, lastLine, "IOS"));
        }
    }
}
