using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.PacketMonitor;

/// <summary>
/// Stratus VOS and OpenVOS packet_monitor printouts: records of decoded header fields, part of the
/// bytes, and the IP and TCP/UDP checksums that prove the rebuild.
/// </summary>
public sealed class PacketMonitorFormat : IPrecheckedFormat
{
    public string Name => "packet-monitor";

    public string Description => "Stratus VOS/OpenVOS packet_monitor printouts: records rebuilt from their fields, proven by their printed checksums";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayStartRecord(window);

    /// <summary>
    /// The line the '+' continuations are joined on starts, after its indentation, with a time of day or the
    /// column header "hh:mm:ss.ttt": its hours (digits, then ':' or the end of the line, where a wrap may
    /// carry the rest), or the header's start. A line of blanks may have had all of it wrapped onto a
    /// continuation after it.
    /// </summary>
    private static bool MayStartRecord(LineWindow window)
    {
        const string columnHeader = "hh:mm:ss.ttt";
        var start = LineStart.Unindented(window.Current.Span);
        if (start.IsEmpty) return window.TryGet(1, out var next) && LineStart.Unindented(next.Span).StartsWith('+');
        var hours = LineStart.Digits(start);
        if (hours > 0) return hours == start.Length || start[hours] == ':';
        return start.StartsWith(columnHeader, StringComparison.Ordinal) || columnHeader.AsSpan().StartsWith(start, StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = Joined(window);
        if (!PacketMonitorGrammar.MayStart(line)) return 0;
        if (PacketMonitorGrammar.ColumnHeader.ParseLine(line).Success) return 0.95;
        return PacketMonitorGrammar.Record.ParseLine(line) is { Success: true } record && StartsRecordBody(record.Value.Rest) ? 0.95 : 0;
    }

    private static bool StartsRecordBody(string rest) =>
        rest.StartsWith("IP", StringComparison.Ordinal) || rest.StartsWith("Ether", StringComparison.Ordinal);

    /// <summary>The line with the '+' continuation lines after it joined on: the printout wraps at 80 columns, even inside a word.</summary>
    private static string Joined(LineWindow window)
    {
        var text = window.Current.Text;
        for (var ahead = 1; window.TryGet(ahead, out var next) && PacketMonitorGrammar.IsContinuation(next.Text); ahead++) text += PacketMonitorGrammar.ContinuationText(next.Text);
        return text;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private PacketMonitorRecord? record;

        /// <summary>The last acknowledgement each host sent on each connection, for a later one printed "n.a.".</summary>
        private readonly Dictionary<string, ulong> lastAck = [];

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;
            if (PacketMonitorGrammar.IsContinuation(line.Text)) return Extend(line);
            var text = Joined(window);

            if (PacketMonitorGrammar.ColumnHeader.ParseLine(text).Success || PacketMonitorGrammar.Marker.ParseLine(text).Success)
            {
                return LineVerdict.Used;
            }
            var start = PacketMonitorGrammar.Record.ParseLine(text);
            if (start.Success)
            {
                Finish();
                record = new PacketMonitorRecord { Start = start.Value, FirstLine = line.Number, LastLine = line.Number };
                return ReadBody(line, start.Value.Rest) ? LineVerdict.Used : context.Skip(line, 1, "a record line that is neither an IP nor an Ether line");
            }
            if (record is null) return LineVerdict.NotMine;
            if (ReadBody(line, text)) return Extend(line);
            // Inside a record, an indented line that reads as nothing is a damaged line; anything else is prose after the trace.
            return char.IsWhiteSpace(line.Text[0]) ? context.Skip(line, 1, "not a packet_monitor line") : End();
        }

        private LineVerdict Extend(SourceLine line)
        {
            if (record is not null) record.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private LineVerdict End()
        {
            Finish();
            return LineVerdict.NotMine;
        }

        /// <summary>Reads one line of a record's body into the record; false when it is none of the record's lines.</summary>
        private bool ReadBody(SourceLine line, string text)
        {
            var r = record!;
            var n = line.Number;
            if (PacketMonitorGrammar.Ether.ParseLine(text) is { Success: true } ether) r.Ether = (ether.Value, n);
            else if (PacketMonitorGrammar.IpLine.ParseLine(text) is { Success: true } ip) r.Ip = (ip.Value, n);
            else if (PacketMonitorGrammar.Transport.ParseLine(text) is { Success: true } transport) r.Transport = (transport.Value, n);
            else if (PacketMonitorGrammar.Sequence.ParseLine(text) is { Success: true } sequence) r.Sequence = (sequence.Value, n);
            else if (PacketMonitorGrammar.Offsets.ParseLine(text) is { Success: true } offsets) r.Offsets = (offsets.Value, n);
            else if (PacketMonitorGrammar.Arp.ParseLine(text) is { Success: true } arp) r.Arp = (arp.Value, n);
            else if (PacketMonitorGrammar.Ruler.ParseLine(text).Success || PacketMonitorGrammar.NoData.ParseLine(text).Success) { }
            else if (PacketMonitorGrammar.Named.ParseLine(text) is { Success: true } named && named.Value.Values.ContainsKey("Cksum") && named.Value.Values.ContainsKey("Src"))
            {
                r.IpAddresses = (named.Value, n);
            }
            else if (PacketMonitorGrammar.Row.ParseLine(text) is { Success: true } row && r.Transport is not null) r.Rows.Add((row.Value, n));
            else return false;
            return true;
        }

        private void Finish()
        {
            if (record is null) return;
            var flow = record.Transport is { } t ? $"{t.Value.Protocol} {Convert.ToHexString(t.Value.From.Address)}.{t.Value.From.Port} {Convert.ToHexString(t.Value.To.Address)}.{t.Value.To.Port}" : null;
            var previous = flow is not null && lastAck.TryGetValue(flow, out var ack) ? ack : (ulong?)null;
            if (PacketMonitorRebuild.Build(record, context, format, previous) is { } packet)
            {
                if (flow is not null && AckOf(packet) is { } sent) lastAck[flow] = sent;
            }
            else
            {
                context.Warn($"{context.Span(record.FirstLine, record.LastLine)}: a packet_monitor record with no field that could be rebuilt");
            }
            record = null;
        }

        /// <summary>The TCP acknowledgement field of a rebuilt packet, when it is known.</summary>
        private static ulong? AckOf(TraceImport.Model.Packet packet) =>
            TraceImport.Decoding.PacketDecoder.Decode(packet).Layers.FirstOrDefault(l => l.Protocol == "tcp")?.Field("tcp.ack_raw")?.Number;

        public void Close() => Finish();
    }
}
