using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Vms;

/// <summary>
/// The VMS TCP/IP trace utilities' full display (TCPIPTRACE, TCPTRACE, UCX$TRACE): a header line per
/// packet, the decoded headers, then the IP datagram as rows of byte-reversed longwords.
/// </summary>
public sealed class VmsFormat : IPrecheckedFormat
{
    public string Name => "vms";

    public string Description => "VMS TCPIPtrace/TCPtrace/UCX$TRACE full display: header line, decoded headers, rows of right-to-left longwords";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeHeaderDecodeOrFirstRow(window.Current.Span);

    /// <summary>
    /// A header names its utility; a decode's first line starts with "IP Version ="; a dump's first row holds
    /// a longword (eight hex digits alone) and its offset 0 as "0000" after a blank, with no hex digit after it.
    /// </summary>
    private static bool MayBeHeaderDecodeOrFirstRow(ReadOnlySpan<char> line)
    {
        if (line.Contains("TCPIPtrace", StringComparison.Ordinal) || line.Contains("TCPtrace", StringComparison.Ordinal)
            || line.Contains("INTERnet trace", StringComparison.Ordinal) || line.TrimStart().StartsWith("IP Version =", StringComparison.Ordinal))
        {
            return true;
        }
        return VmsGrammar.HasLongword(line) && HoldsOffsetZero(line);
    }

    /// <summary>" 0000" (or a tab before it) with no hex digit after it: the row offset 0.</summary>
    private static bool HoldsOffsetZero(ReadOnlySpan<char> line)
    {
        for (var at = line.IndexOf("0000"); at >= 0; at = NextAt(line, at, "0000"))
        {
            var end = at + 4;
            if (at > 0 && line[at - 1] is ' ' or '\t' && (end == line.Length || !char.IsAsciiHexDigit(line[end]))) return true;
        }
        return false;
    }

    private static int NextAt(ReadOnlySpan<char> line, int at, string value) =>
        line[(at + 1)..].IndexOf(value) is var next and >= 0 ? at + 1 + next : -1;

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (VmsGrammar.Header(line).Success) return 1.0;
        // Without its header line, the decode's first line still names the datagram's length.
        if (line.TrimStart().StartsWith("IP Version =", StringComparison.Ordinal) && VmsGrammar.TotalLengthIn(line) is not null) return 0.8;
        // Without the decode too: the dump's longwords are unlike any other hex layout.
        if (!VmsGrammar.HasLongword(line)) return 0;
        var row = VmsGrammar.Row.ParseLine(line);
        if (row is { Success: true, Value.Offset: 0 })
        {
            return window.TryGet(1, out var next) && VmsGrammar.Row.ParseLine(next.Text) is { Success: true, Value.Offset: 16 } ? 1.0 : 0.7;
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private int? totalLength;
        private bool started;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.IsBlank)
            {
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            if (VmsGrammar.IsLossReport(text))
            {
                context.Warn($"{context.SourceName}:{line.Number}: the trace utility reports packets it could not save: \"{text.Trim()}\"");
                return LineVerdict.Used;
            }
            var header = VmsGrammar.Header(text);
            if (header.Success)
            {
                Start(line, header.Value);
                return LineVerdict.Used;
            }
            if (header.Error is not null && header.Column > 1)
            {
                Finish();
                return context.Skip(line, header.Column, $"a VMS trace header line that cannot be read: {header.Error}");
            }

            var row = VmsGrammar.Row.ParseLine(text);
            if (row.Success) return ReadRow(line, row.Value);

            if (VmsGrammar.TotalLengthIn(text) is { } length)
            {
                // TCPIPtrace prints no header line before the later fragments of a datagram.
                if (!draft.IsStarted || draft.Bytes.Length > 0) StartWithoutHeader(line, "no header line before this datagram's decode (not pasted, or a fragment, before which TCPIPtrace prints none): its time is not known");
                totalLength = length;
                draft.StatedLength = length;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (draft.IsStarted && draft.Bytes.Length == 0 && VmsGrammar.IsDecodeLine(text))
            {
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private static bool IsOwn(string text) =>
            VmsGrammar.Header(text).Success || VmsGrammar.IsDecodeLine(text) || VmsGrammar.Row.ParseLine(text).Success || VmsGrammar.IsLossReport(text);

        private void Start(SourceLine line, VmsHeader header)
        {
            Finish();
            started = true;
            draft.Start(line.Number);
            draft.Heading = line.Text.Trim();
            draft.LinkType = LinkType.RawIp;
            draft.Direction = header.Direction;
            draft.Time = context.Times.FromDateAndTime(header.Date, header.Time.Nanoseconds, header.Time.FractionDigits);
        }

        private void StartWithoutHeader(SourceLine line, string why)
        {
            Finish();
            draft.Start(line.Number);
            // The prose before a trace that lost its header line says what it shows.
            if (!started) draft.TakeRegionHeading(context);
            draft.LinkType = LinkType.RawIp;
            draft.Comments.Add(why);
            started = true;
        }

        private LineVerdict ReadRow(SourceLine line, VmsRow row)
        {
            if (row.Offset == 0 && (!draft.IsStarted || draft.Bytes.Length > 0))
            {
                StartWithoutHeader(line, "no header line or decode before this dump: its time and length are not known");
            }
            if (!draft.IsStarted) return context.Skip(line, 1, $"a row at offset 0x{row.Offset:x4} with no packet before it");
            if (row.Offset != draft.Bytes.Length)
            {
                return context.Skip(line, 1, $"a row at offset 0x{row.Offset:x4} where 0x{draft.Bytes.Length:x4} was expected (a row is missing or repeated)");
            }
            // The last row is right-aligned: its leftmost longword may be short, and only the datagram's bytes count.
            var bytes = totalLength is { } total && draft.Bytes.Length + row.Bytes.Length > total && row.Offset < total
                ? row.Bytes[..(total - row.Offset)]
                : row.Bytes;
            if (bytes.Length < row.Bytes.Length)
            {
                draft.Comments.Add($"{row.Bytes.Length - bytes.Length} byte(s) of the last row are past the Total Length and left out");
            }
            draft.Bytes.Append(bytes, null);
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private void Finish()
        {
            draft.Finish(context, format);
            totalLength = null;
        }

        public void Close() => Finish();
    }
}
