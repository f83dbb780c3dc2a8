using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Toshiba;

/// <summary>
/// A Toshiba TR-600 "Compact Router" snoop dump, as captured from its console: a "[No.N]" header per
/// packet with its time of day, ISDN channel and direction, an OFFSET ruler giving the length, and
/// rows of 16-bit words.
/// </summary>
public sealed class ToshibaFormat : IPrecheckedFormat
{
    public string Name => "toshiba";

    public string Description => "Toshiba TR-600 ISDN router snoop dump: [No.N] headers (time, channel, Tx/Rx), OFFSET ruler with LEN=, word rows";

    /// <summary>How many lines a console may have broken a long header into before the ruler.</summary>
    private const int HeaderContinuations = 3;

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeHeaderOrRuler(window.Current.Span);

    /// <summary>A header is found only after "[No." (<see cref="ToshibaGrammar.Find"/>); a ruler starts with "OFFSET ".</summary>
    private static bool MayBeHeaderOrRuler(ReadOnlySpan<char> line) =>
        line.Contains("[No.", StringComparison.Ordinal) || line.TrimStart().StartsWith("OFFSET ", StringComparison.Ordinal);

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (ToshibaGrammar.Find(line).Match.Success) return 1.0;
        // A paste that lost the header line starts at the ruler.
        return IsRuler(line) && ToshibaGrammar.Ruler.ParseLine(line).Success
               && window.TryGet(1, out var next) && ToshibaGrammar.Row.ParseLine(next.Text).Success
            ? 0.9
            : 0;
    }

    /// <summary>A quick test before the grammar.</summary>
    private static bool IsRuler(string line) => line.AsSpan().TrimStart().StartsWith("OFFSET ");

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        /// <summary>What each B channel carries, decided by its first frame as Wireshark's ISDN dissector does.</summary>
        private readonly Dictionary<string, (LinkType LinkType, string? Why)> bChannels = [];
        private ToshibaHeader? header;
        private int? length;
        private int continuations;
        private bool started;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.IsBlank)
            {
                if (draft.Bytes.Length > 0) Finish();
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }

            var (found, start) = ToshibaGrammar.Find(text);
            if (found.Success)
            {
                Start(line);
                header = found.Value;
                draft.Heading = text[start..].Trim();
                draft.Time = context.Times.FromTimeOfDay(found.Value.Time.Nanoseconds, found.Value.Time.FractionDigits);
                draft.Direction = found.Value.Direction;
                draft.Interface = found.Value.Channel;
                if (start > 0) draft.Comments.Add($"the record header follows other text on its line: \"{text[..start].Trim()}\"");
                return LineVerdict.Used;
            }
            if (start >= 0)
            {
                Finish();
                return context.Skip(line, found.Column, $"a Toshiba record header that cannot be read: {found.Error}");
            }

            var ruler = IsRuler(text) ? ToshibaGrammar.Ruler.ParseLine(text) : default;
            if (ruler.Success)
            {
                if (!draft.IsStarted || draft.Bytes.Length > 0)
                {
                    var first = !started;
                    Start(line);
                    if (first) draft.TakeRegionHeading(context);
                    draft.Comments.Add("no [No.N] header before this dump: its time, channel and direction are not known");
                }
                length = ruler.Value;
                draft.StatedLength = ruler.Value;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }

            if (length is not null)
            {
                var row = ToshibaGrammar.Row.ParseLine(text);
                if (row.Success) return ReadRow(line, row.Value);
            }
            else if (header is not null && continuations < HeaderContinuations)
            {
                // A console that wraps at 80 columns breaks the long header line before the ruler.
                continuations++;
                draft.Heading += text.TrimEnd();
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private bool IsOwn(string text) =>
            ToshibaGrammar.Find(text).Match.Success || (IsRuler(text) && ToshibaGrammar.Ruler.ParseLine(text).Success)
            || (length is not null && draft.Bytes.Length == 0 && ToshibaGrammar.Row.ParseLine(text).Success);

        private void Start(SourceLine line)
        {
            Finish();
            draft.Start(line.Number);
            started = true;
        }

        private LineVerdict ReadRow(SourceLine line, ToshibaRow row)
        {
            if (row.Offset != draft.Bytes.Length)
            {
                return context.Skip(line, 1, $"a row at offset {row.Offset:X4} where {draft.Bytes.Length:X4} was expected (a row is missing or repeated)");
            }
            draft.Bytes.Append(row.Bytes);
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private void Finish()
        {
            if (draft.IsStarted && draft.Bytes.Length > 0 && header is { } current) draft.LinkType = LinkTypeOf(current);
            draft.Finish(context, format);
            header = null;
            length = null;
            continuations = 0;
        }

        /// <summary>
        /// Wireshark's reader makes B and D channel records ISDN and any other channel Ethernet; its ISDN
        /// dissector reads the D channel as LAPD and a B channel as PPP when the channel's first frame
        /// starts with PPP's FF 03 (V.120 or unknown data otherwise), and keeps that for the channel.
        /// </summary>
        private LinkType? LinkTypeOf(ToshibaHeader current)
        {
            if (current.IsDChannel) return LinkType.Lapd;
            if (!current.IsBChannel) return LinkType.Ethernet;
            var channel = current.Channel.Split(':')[0];
            if (!bChannels.TryGetValue(channel, out var carried))
            {
                var bytes = draft.Bytes.Bytes;
                carried = bytes is [0xFF, 0x03, ..]
                    ? (LinkType.PppHdlc, null)
                    : (LinkType.User0, bytes is [0x08, 0x01, 0x7F, ..]
                        ? $"ISDN {channel} carries V.120 (its first frame is a V.120 SABME), which has no pcap link type; written as USER0"
                        : $"ISDN {channel}'s first frame is not PPP (no FF 03) and not V.120: its protocol is not known; written as USER0");
                bChannels[channel] = carried;
            }
            if (carried.Why is null) return carried.LinkType;
            if (context.Options.LinkType is not null) return null;
            draft.Comments.Add(carried.Why + " (give --link-type)");
            return carried.LinkType;
        }

        public void Close() => Finish();
    }
}
