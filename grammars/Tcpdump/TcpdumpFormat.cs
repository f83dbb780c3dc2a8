using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Tcpdump;

/// <summary>tcpdump -x, -xx, -X, -XX: a summary line per packet, then "0x0000:" hex lines.</summary>
public sealed class TcpdumpFormat : ITraceFormat
{
    public string Name => "tcpdump";

    public string Description => "tcpdump -x/-xx/-X/-XX: summary lines (any -t style, -#) followed by 0x0000: hex lines";

    public double RecognizeStart(LineWindow window)
    {
        var line = window.Current.Text;
        if (TcpdumpGrammar.LooksLikeHexLine(line)) return StartsAtZero(line) ? 0.9 : 0.3;
        if (window.TryGet(1, out var next) && TcpdumpGrammar.LooksLikeHexLine(next.Text))
        {
            if (!StartsAtZero(next.Text)) return 0;
            return TcpdumpGrammar.SummaryLine.ParseLine(line).WasSuccessful ? 1.0 : 0.8;
        }
        // tcpdump -v: the summary goes on over indented lines before the hex.
        if (!TcpdumpGrammar.SummaryLine.ParseLine(line).WasSuccessful) return 0;
        for (var ahead = 1; window.TryGet(ahead, out var following); ahead++)
        {
            if (TcpdumpGrammar.LooksLikeHexLine(following.Text)) return StartsAtZero(following.Text) ? 1.0 : 0;
            if (following.IsBlank || !char.IsWhiteSpace(following.Text[0])) return 0;
        }
        return 0;
    }

    private static bool StartsAtZero(string line)
    {
        var result = TcpdumpGrammar.HexLine.ParseLine(line);
        return result.WasSuccessful && result.Value.Offset == 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private bool inSummary;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (TcpdumpGrammar.LooksLikeHexLine(line.Text)) return ReadHex(line);
            if (line.IsBlank) return LineVerdict.NotMine;

            var summary = TcpdumpGrammar.SummaryLine.ParseLine(line.Text);
            if (summary.WasSuccessful)
            {
                StartPacket(line, summary.Value);
                return LineVerdict.Used;
            }
            // tcpdump -v continues a summary on indented lines.
            if (inSummary && char.IsWhiteSpace(line.Text[0]))
            {
                draft.Heading += " " + line.Text.Trim();
                draft.LastLine = line.Number;
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

        private void StartPacket(SourceLine line, TcpdumpSummary summary)
        {
            draft.Finish(context, format);
            draft.Start(line.Number);
            draft.Heading = line.Text.Trim();
            draft.Direction = summary.Direction;
            draft.Interface = summary.Interface;
            draft.Time = summary.Time is { } time ? Resolve(time) : null;
            if (summary.IsUnsupportedLinkType && context.Options.LinkType is null)
            {
                draft.LinkType = LinkType.User0;
                draft.Comments.Add("tcpdump could not decode this link type and did not name it; written as USER0 (give --link-type)");
            }
            inSummary = true;
        }

        private CaptureTime Resolve(TcpdumpTimestamp time)
        {
            if (time.Epoch is { } epoch) return TimeResolver.FromEpoch(epoch.Seconds, epoch.Nanoseconds, epoch.FractionDigits);
            var timeOfDay = time.TimeOfDay!.Value;
            return time.Date is { } date
                ? context.Times.FromDateAndTime(date, timeOfDay.Nanoseconds, timeOfDay.FractionDigits)
                : context.Times.FromTimeOfDay(timeOfDay.Nanoseconds, timeOfDay.FractionDigits);
        }

        private LineVerdict ReadHex(SourceLine line)
        {
            // The hot path: "0x0010:" and the groups read by hand into the packet; the grammar explains what it cannot read.
            var text = line.Text;
            var at = 0;
            while (at < text.Length && (text[at] == ' ' || text[at] == '\t')) at++;
            if (!HexRunParser.TryReadOffset(text, at + 2, 1, 8, out var offset, out var end) || end >= text.Length || text[end] != ':')
            {
                return SkipWithReason(line);
            }

            if (offset == 0 && draft.IsStarted && draft.Bytes.Length > 0) draft.Finish(context, format);
            if (!draft.IsStarted)
            {
                if (offset != 0) return context.Skip(line, 1, $"hex line at offset 0x{offset:x4} with no packet before it");
                draft.Start(line.Number);
            }
            inSummary = false;

            if (offset < draft.Bytes.Length)
            {
                return context.Skip(line, 1, $"offset 0x{offset:x4} repeats bytes already read (expected 0x{draft.Bytes.Length:x4})");
            }
            if (offset > PacketDraft.MaxPacketLength)
            {
                return context.Skip(line, 1, $"offset 0x{offset:x} is beyond the largest packet a dump can hold ({PacketDraft.MaxPacketLength} bytes)");
            }
            if (offset > draft.Bytes.Length)
            {
                draft.Comments.Add($"bytes {draft.Bytes.Length}-{offset - 1} missing from the source (offsets jump), written as 0");
                draft.Bytes.AppendUnknown((int)offset - draft.Bytes.Length);
            }
            if (HexRunParser.ScanInto(text, end + 1, TcpdumpGrammar.LineBytes, draft.Bytes, out _) == 0) return SkipWithReason(line);
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private LineVerdict SkipWithReason(SourceLine line)
        {
            var parsed = TcpdumpGrammar.HexLine.ParseLine(line.Text);
            return context.Skip(line, parsed.WasSuccessful ? 1 : parsed.Remainder.Column, parsed.WasSuccessful ? "a hex line with no bytes" : parsed.Describe());
        }

        public void Close() => draft.Finish(context, format);
    }
}
