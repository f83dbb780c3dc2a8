using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Cosine;

/// <summary>
/// CoSine IPNOS layer-2 debug output: an "l2-tx"/"l2-rx" record header per packet (after a date and
/// time when sent to a control blade), then its bytes in rows of sixteen.
/// </summary>
public sealed class CosineFormat : IPrecheckedFormat
{
    public string Name => "cosine";

    public string Description => "CoSine IPNOS layer-2 debug output: l2-tx/l2-rx record headers, each followed by rows of hex bytes";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => NamesDirection(window.Current.Span);

    /// <summary>A record, damaged or not, is found only where the line holds "l2-tx" or "l2-rx" (<see cref="CosineGrammar.DirectionAt"/>).</summary>
    private static bool NamesDirection(ReadOnlySpan<char> line) =>
        line.Contains("l2-tx", StringComparison.Ordinal) || line.Contains("l2-rx", StringComparison.Ordinal);

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        var found = CosineGrammar.Find(line);
        if (found.Record is not null) return 1.0;
        if (found.Error is null) return 0;
        if (window.TryGet(1, out var next) && CosineGrammar.Find(line + next.Text).Record is not null) return 1.0;
        // A damaged header is still the trace's: reading it says what is wrong with it.
        return CosineGrammar.IsDamagedHeader(line) ? 0.6 : 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    /// <summary>What the interface's encapsulation puts before the frame, and the frame's link type (null: not known).</summary>
    private readonly record struct Encapsulation(int HeaderLength, string HeaderName, LinkType? LinkType, string FrameName);

    /// <summary>
    /// The encapsulations Wireshark's CoSine dissector knows, by the interface name's prefix, and the
    /// bytes it skips before handing the frame on: a channel handle before PPP, Frame Relay and Cisco
    /// HDLC (two bytes on transmit, four on receive), a 16-byte SAR header before ATM's LLC.
    /// </summary>
    private static Encapsulation EncapsulationOf(CosineRecord record) => record.Interface.Split(':')[0] switch
    {
        "ETH" => new(0, "", LinkType.Ethernet, "Ethernet"),
        "PPP" => new(4, "channel handle", LinkType.PppHdlc, "PPP"),
        "FR" or "PPoFR" => new(4, "channel handle", LinkType.FrameRelay, "Frame Relay"),
        "HDLC" => new(record.Transmit ? 2 : 4, "channel handle", LinkType.CiscoHdlc, "Cisco HDLC"),
        "ATM" or "PPoATM" => new(16, "SAR header", LinkType.AtmRfc1483, "LLC"),
        _ => new(0, "", null, ""),
    };

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly PacketBuilder header = new();
        private CosineRecord? record;
        private Encapsulation encapsulation;
        private int firstLine;
        private int lastLine;
        private string heading = "";
        private string? gluedText;
        private int recordBytes;
        private int continuationLine;
        /// <summary>After a header that could not be read, its rows are reported, not taken for another trace.</summary>
        private bool unreadRecord;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.Number == continuationLine) return LineVerdict.Used; // the rest of a wrapped record header
            if (line.IsBlank)
            {
                unreadRecord = false;
                // A blank line ends a record's rows; between a header and its first row it is only a gap.
                if (recordBytes > 0) FinishRecord();
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }

            var found = CosineGrammar.Find(line.Text);
            if (found.Record is not null)
            {
                unreadRecord = false;
                Begin(found, line.Number, line.Text);
                return LineVerdict.Used;
            }
            if (found.Error is not null)
            {
                // Telnet clients wrap long lines at 80 columns: the header may go on in the next line.
                if (window.TryGet(1, out var next) && CosineGrammar.Find(line.Text + next.Text) is { Record: not null } joined)
                {
                    Begin(joined, line.Number, line.Text + next.Text);
                    continuationLine = next.Number;
                    lastLine = next.Number;
                    return LineVerdict.Used;
                }
                FinishRecord();
                unreadRecord = true;
                return context.Skip(line, found.Column, $"a CoSine record header that cannot be read: {found.Error}");
            }
            if (unreadRecord && CosineGrammar.HexRow.ParseLine(line.Text).Success)
            {
                return context.Skip(line, 1, "a row of a record whose header could not be read: its encapsulation and length are not known");
            }
            unreadRecord = false;
            if (record is not null)
            {
                var row = CosineGrammar.HexRow.ParseLine(line.Text);
                if (row.Success)
                {
                    Append(row.Value);
                    lastLine = line.Number;
                    return LineVerdict.Used;
                }
            }
            FinishRecord();
            return LineVerdict.NotMine;
        }

        /// <summary>A record header (perhaps wrapped, so only its direction word is sure), or the first row of the record waiting for one.</summary>
        private bool IsOwn(string text) =>
            CosineGrammar.DirectionAt(text) >= 0 || (record is not null && recordBytes == 0 && CosineGrammar.HexRow.ParseLine(text).Success);

        private void Begin(CosineFind found, int number, string text)
        {
            FinishRecord();
            record = found.Record;
            encapsulation = EncapsulationOf(found.Record!);
            firstLine = number;
            lastLine = number;
            var start = found.Column - 1;
            heading = text[start..].Trim();
            var before = text[..start].Trim();
            gluedText = before.Length > 0 ? before : null;
        }

        /// <summary>Reads a row, setting aside the encapsulation's bytes before the frame.</summary>
        private void Append(HexRun run)
        {
            var skip = Math.Clamp(encapsulation.HeaderLength - recordBytes, 0, run.Bytes.Length);
            for (var i = 0; i < skip; i++) header.Append(run.Bytes[i]);
            recordBytes += run.Bytes.Length;
            if (skip == run.Bytes.Length) return;
            draft.Bytes.Append(skip == 0 ? run : new HexRun(
                run.Bytes[skip..],
                run.UnknownNibbles.Where(n => n >= skip * 2).Select(n => n - skip * 2).ToArray(),
                run.End));
        }

        private void FinishRecord()
        {
            if (record is not { } current) return;
            var direction = current.Transmit ? "l2-tx" : "l2-rx";
            if (recordBytes == 0)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: the {direction} record says Length:{current.Length} but no bytes follow it (its packet-log profile logged none); no packet");
            }
            else
            {
                draft.Start(firstLine);
                draft.LastLine = lastLine;
                draft.Heading = heading;
                draft.Direction = current.Transmit ? Direction.Outbound : Direction.Inbound;
                draft.Interface = current.Interface;
                draft.StatedLength = Math.Max(0, current.Length - encapsulation.HeaderLength);
                if (current.Stamp is { } stamp)
                {
                    draft.Time = context.Times.FromDateAndTime(stamp.Date, stamp.NanosecondsOfDay, stamp.FractionDigits);
                }
                else
                {
                    draft.Comments.Add("output to a PE: the record prints no time");
                }
                if (encapsulation.LinkType is { } linkType)
                {
                    draft.LinkType = linkType;
                }
                else if (context.Options.LinkType is null)
                {
                    draft.LinkType = LinkType.User0;
                    draft.Comments.Add($"the interface {current.Interface} names no encapsulation Wireshark knows; written as USER0 (give --link-type)");
                }
                if (header.Length > 0)
                {
                    draft.Comments.Add($"the {encapsulation.HeaderLength}-byte CoSine {encapsulation.HeaderName} before the {encapsulation.FrameName} frame ({Convert.ToHexStringLower(header.Bytes)}) is left out, from the bytes and the length");
                }
                if (gluedText is not null) draft.Comments.Add($"the record header follows other text on its line: \"{gluedText}\"");
                draft.Finish(context, format);
            }
            record = null;
            recordBytes = 0;
            header.Clear();
        }

        public void Close() => FinishRecord();
    }
}
