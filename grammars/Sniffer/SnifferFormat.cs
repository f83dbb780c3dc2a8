using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Sniffer;

/// <summary>
/// Network General Sniffer printouts: each frame's decode starts at "DLC:  ----- DLC Header -----",
/// whose arrival line gives the frame's time and size; the frame's bytes are its hex block. Snoop
/// tags its lines the same way, so this format claims the DLC header line more surely than snoop does.
/// </summary>
public sealed class SnifferFormat : IPrecheckedFormat
{
    public string Name => "sniffer";

    public string Description => "Network General Sniffer printouts: DLC:/IP:/TCP: decodes, the time and size from the DLC line, the frame from the ADDR HEX block";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeDlcOrFrameHeading(window.Current.Span);

    /// <summary>The DLC header starts with "DLC:", the printout's header with "Sniffer ", a frame separator with "- -".</summary>
    private static bool MayBeDlcOrFrameHeading(ReadOnlySpan<char> line)
    {
        var start = LineStart.Unindented(line);
        return start.StartsWith("DLC:", StringComparison.Ordinal) || start.StartsWith("Sniffer ", StringComparison.Ordinal)
               || start.StartsWith("- -", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (SnifferGrammar.DlcHeader.ParseLine(line).Success) return 1.0;
        if (SnifferGrammar.PrintoutHeader.ParseLine(line).Success || SnifferGrammar.FrameSeparator.ParseLine(line).Success)
        {
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                if (SnifferGrammar.DlcHeader.ParseLine(next.Text).Success) return 1.0;
            }
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private DateOnly? printoutDate;
        private bool inHex;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return SnifferAhead(window) ? LineVerdict.Used : LineVerdict.NotMine;

            if (SnifferGrammar.PrintoutHeader.ParseLine(line.Text) is { Success: true } header)
            {
                printoutDate = header.Value;
                return LineVerdict.Used;
            }
            if (SnifferGrammar.FrameSeparator.ParseLine(line.Text).Success)
            {
                draft.Finish(context, format);
                draft.Start(line.Number);
                inHex = false;
                return LineVerdict.Used;
            }
            if (SnifferGrammar.DlcHeader.ParseLine(line.Text).Success)
            {
                // A frame printed without the separator line starts at its DLC header.
                if (inHex || draft.Bytes.Length > 0 || draft.Time is not null) draft.Finish(context, format);
                if (!draft.IsStarted) draft.Start(line.Number);
                inHex = false;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (SnifferGrammar.Arrival.ParseLine(line.Text) is { Success: true } arrival)
            {
                ReadArrival(line, arrival.Value);
                return LineVerdict.Used;
            }
            if (SnifferGrammar.HexHeader.ParseLine(line.Text).Success)
            {
                inHex = true;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (inHex && SnifferGrammar.HexRowStart.ParseLine(line.Text) is { Success: true } row) return ReadRow(line, row.Value.Offset, row.Value.BytesAt);
            if (!inHex && draft.IsStarted && SnifferGrammar.DecodeLine.ParseLine(line.Text) is { Success: true } decode)
            {
                // The frame is Ethernet when its DLC header names an EtherType (Token Ring frames print other fields).
                if (decode.Value.Tag == "DLC" && decode.Value.Text.StartsWith("Ethertype", StringComparison.Ordinal)) draft.LinkType = LinkType.Ethernet;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        private void ReadArrival(SourceLine line, SnifferArrival arrival)
        {
            if (!draft.IsStarted) draft.Start(line.Number);
            var time = arrival.Time;
            draft.Time = printoutDate is { } date
                ? context.Times.FromDateAndTime(date, time.Nanoseconds, time.FractionDigits)
                : context.Times.FromTimeOfDay(time.Nanoseconds, time.FractionDigits);
            draft.StatedLength = arrival.Size;
            draft.Heading = line.Text[(line.Text.IndexOf(':') + 1)..].Trim();
            draft.LastLine = line.Number;
        }

        private LineVerdict ReadRow(SourceLine line, long offset, int bytesAt)
        {
            if (!draft.IsStarted) return context.Skip(line, 1, "a hex row with no frame before it");
            return draft.ReadRow(context, line, line.Span, offset, 1, bytesAt, Rows);
        }

        private static readonly RowLayout Rows = new(SnifferGrammar.RowBytes, "{0:X4}");

        /// <summary>A blank line is the printout's when its next line (within two) is the printout's too.</summary>
        private bool SnifferAhead(LineWindow window) =>
            window.TryGetNonBlank(1, out var next, out var at) && at <= 2
            && (SnifferGrammar.DlcHeader.ParseLine(next.Text).Success || SnifferGrammar.FrameSeparator.ParseLine(next.Text).Success
                || SnifferGrammar.HexHeader.ParseLine(next.Text).Success || (inHex && SnifferGrammar.HexRowStart.ParseLine(next.Text).Success)
                || (draft.IsStarted && !inHex && SnifferGrammar.DecodeLine.ParseLine(next.Text).Success));

        public void Close() => draft.Finish(context, format);
    }
}
