using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Wireshark's TCP analysis, one finding per kind: every segment its <c>tcp.analysis.*</c> flags would mark is named by
/// the finding of that kind, with what it repeats or answers, and counted per connection.
/// </summary>
public sealed class TcpAnalysisRule : IDiagnosisRule
{
    /// <summary>One kind of flag: its code, how bad it is, how to name one packet of it and what it means.</summary>
    private sealed record Kind(TcpAnalysisFlags Flag, string Code, string Field, Severity Severity, int Weight, string Singular, string Plural, string Meaning, string? Rfc);

    private static readonly Kind[] Kinds =
    [
        new(TcpAnalysisFlags.Retransmission, "tcp-retransmission", "tcp.analysis.retransmission", Severity.Warning, 34, "retransmission", "retransmissions",
            "Each sends again data (or a SYN or FIN) already sent, after the sender's retransmission timer ran out: the first copy or its acknowledgement was lost, or came too late.",
            "RFC 6298 (the retransmission timer); RFC 9293 §3.8.1"),
        new(TcpAnalysisFlags.FastRetransmission, "tcp-fast-retransmission", "tcp.analysis.fast_retransmission", Severity.Warning, 33, "fast retransmission", "fast retransmissions",
            "Each sends again the data two or more duplicate ACKs asked for, within 20 ms of the last of them, without waiting for the timer: a segment was lost, and the receiver kept acknowledging the data before the gap.",
            "RFC 5681 §3.2 (fast retransmit)"),
        new(TcpAnalysisFlags.SpuriousRetransmission, "tcp-spurious-retransmission", "tcp.analysis.spurious_retransmission", Severity.Info, 24, "spurious retransmission", "spurious retransmissions",
            "Each sends again data the receiver had already acknowledged: the sender had not yet seen the acknowledgement (it was delayed or lost), so the copy was not needed.",
            "RFC 5682; RFC 6298"),
        new(TcpAnalysisFlags.DuplicateAck, "tcp-duplicate-ack", "tcp.analysis.duplicate_ack", Severity.Info, 26, "duplicate ACK", "duplicate ACKs",
            "Each repeats the previous acknowledgement, with the same sequence number and window: the receiver got data beyond a gap and keeps asking for what is missing.",
            "RFC 5681 §2 (duplicate acknowledgment)"),
        new(TcpAnalysisFlags.LostSegment, "tcp-lost-segment", "tcp.analysis.lost_segment", Severity.Warning, 32, "segment after a gap", "segments after a gap",
            "Each starts beyond where the sender's previous segment ended: the segments in between were not captured, lost before the capture point (or dropped by the capture).",
            "RFC 9293 §3.4"),
        new(TcpAnalysisFlags.AckedUnseen, "tcp-acked-unseen", "tcp.analysis.ack_lost_segment", Severity.Warning, 30, "ACK of data not captured", "ACKs of data not captured",
            "Each acknowledges data the trace never showed going the other way: the receiver got it, so the capture missed it (a busy capture drops packets, or they went by another path).",
            "RFC 9293 §3.4"),
        new(TcpAnalysisFlags.OutOfOrder, "tcp-out-of-order", "tcp.analysis.out_of_order", Severity.Warning, 31, "segment out of order", "segments out of order",
            "Each carries data below the furthest point already sent, less than a round trip after it: the segments arrived in another order than they were sent (or a resend followed very quickly).",
            "RFC 9293 §3.10.7.4"),
        new(TcpAnalysisFlags.ZeroWindow, "tcp-zero-window", "tcp.analysis.zero_window", Severity.Warning, 31, "zero window", "zero windows",
            "Each advertises a receive window of 0: the receiver's buffer is full, because its application is not reading, and the sender must stop.",
            "RFC 9293 §3.8.6.1 (zero-window probing)"),
        new(TcpAnalysisFlags.ZeroWindowProbe, "tcp-zero-window-probe", "tcp.analysis.zero_window_probe", Severity.Info, 22, "zero window probe", "zero window probes",
            "Each sends one byte into a window of 0 to learn whether it has opened.",
            "RFC 9293 §3.8.6.1"),
        new(TcpAnalysisFlags.ZeroWindowProbeAck, "tcp-zero-window-probe-ack", "tcp.analysis.zero_window_probe_ack", Severity.Info, 21, "answer to a zero window probe", "answers to zero window probes",
            "Each answers a zero window probe with the window still 0.",
            "RFC 9293 §3.8.6.1"),
        new(TcpAnalysisFlags.WindowFull, "tcp-window-full", "tcp.analysis.window_full", Severity.Info, 25, "segment filling the window", "segments filling the window",
            "Each carries data up to the very edge of the window the receiver last offered: the sender can send nothing more until the receiver acknowledges or opens its window.",
            "RFC 9293 §3.8.6"),
        new(TcpAnalysisFlags.WindowUpdate, "tcp-window-update", "tcp.analysis.window_update", Severity.Info, 20, "window update", "window updates",
            "Each is a bare ACK that only changes the window: the receiver read data and offers room again.",
            "RFC 9293 §3.8.6.2.2"),
        new(TcpAnalysisFlags.KeepAlive, "tcp-keep-alive", "tcp.analysis.keep_alive", Severity.Info, 20, "keep-alive", "keep-alives",
            "Each sends zero or one byte one below the next sequence number: a keep-alive (or a probe of a zero window), which the receiver must answer with an ACK.",
            "RFC 9293 §3.8.4 (TCP keep-alives)"),
        new(TcpAnalysisFlags.KeepAliveAck, "tcp-keep-alive-ack", "tcp.analysis.keep_alive_ack", Severity.Info, 19, "keep-alive ACK", "keep-alive ACKs",
            "Each answers a keep-alive: the other side is still there.",
            "RFC 9293 §3.8.4"),
        new(TcpAnalysisFlags.ReusedPorts, "tcp-reused-ports", "tcp.analysis.reused_ports", Severity.Info, 21, "SYN reusing the ports of an earlier connection", "SYNs reusing the ports of earlier connections",
            "Each SYN opens a new connection between the same addresses and ports as an earlier one in the trace, with another initial sequence number.",
            "RFC 9293 §3.4.1; RFC 6191"),
    ];

    /// <summary>Wireshark's display-filter field for a finding code of this rule, for the comparison with tshark.</summary>
    public static IReadOnlyDictionary<string, string> FieldOfCode { get; } = Kinds.ToDictionary(k => k.Code, k => k.Field);

    private sealed class Marked
    {
        public FirstFew<PacketRef> Packets { get; } = new(Finding.ListedLimit);
        public Dictionary<TcpConversation, (int Count, int First, int Last)> ByConnection { get; } = [];
        public int SeenTwice { get; set; }
    }

    private readonly Dictionary<TcpAnalysisFlags, Marked> marked = [];
    private int withoutTime;

    /// <summary>
    /// By pair of addresses: packets that may be TCP but whose TCP header the text does not show (a summary whose
    /// Info column is an application's prints no ports), and the first of them. A gap in a connection between
    /// these hosts may be such a packet rather than a loss.
    /// </summary>
    private readonly Dictionary<(string, string), (int Count, int First)> unattributed = [];

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    public void Observe(ObservedPacket observed)
    {
        if (observed.Facts is { Tcp: null, Ip: { Protocol: null or 6 } ip })
        {
            var pair = Pair(ip.SourceText, ip.DestinationText);
            unattributed[pair] = unattributed.TryGetValue(pair, out var before) ? (before.Count + 1, before.First) : (1, observed.Number);
        }
        if (observed.Tcp is not { Flags: not TcpAnalysisFlags.None } analysis) return;
        if (observed.Facts.Time is null && (analysis.Flags & (TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.OutOfOrder)) != 0) withoutTime++;
        foreach (var kind in Kinds)
        {
            if ((analysis.Flags & kind.Flag) == 0) continue;
            if (!marked.TryGetValue(kind.Flag, out var found)) marked[kind.Flag] = found = new Marked();
            found.Packets.Add(observed.Facts.Ref(Role(kind, analysis)));
            if (analysis.SeenBefore is not null) found.SeenTwice++;
            var connection = analysis.Conversation;
            found.ByConnection[connection] = found.ByConnection.TryGetValue(connection, out var seen)
                ? (seen.Count + 1, seen.First, observed.Number)
                : (1, observed.Number, observed.Number);
        }
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var kind in Kinds)
        {
            if (!marked.TryGetValue(kind.Flag, out var found)) continue;
            var count = found.Packets.Count;
            var connections = found.ByConnection.Count;
            var allSeenTwice = found.SeenTwice == count;
            var explanation = new StringBuilder(allSeenTwice
                ? "Each is the packet before it captured again on another interface (same IP identification, sequence and acknowledgement numbers): " +
                  $"a capture taken on several interfaces of a device sees each packet that crosses it twice, and Wireshark takes the second copy for a {kind.Singular}. It is no event on the network."
                : kind.Meaning);
            explanation.Append(connections == 1
                ? $" {(count == 1 ? "It is" : $"All {count} are")} in {Describe(found.ByConnection.Keys.Single())}."
                : " By connection: " + string.Join("; ", found.ByConnection.OrderBy(c => c.Value.First).Take(20)
                    .Select(c => $"{Describe(c.Key)}: {c.Value.Count} (packets {c.Value.First}{(c.Value.Last != c.Value.First ? $"–{c.Value.Last}" : "")})"))
                  + (connections > 20 ? $"; and {connections - 20} more connections" : "") + ".");
            if (kind.Flag is TcpAnalysisFlags.Retransmission && withoutTime > 0)
                explanation.Append(" The text gives no time for some of these packets, so a retransmission that came within a round trip (out of order) or 20 ms after duplicate ACKs (fast) could not be told apart and is counted here.");
            if (found.SeenTwice > 0 && !allSeenTwice)
                explanation.Append($" {found.SeenTwice} of them are the packet before captured again on another interface " +
                                   "(same IP identification, sequence and acknowledgement numbers): a capture taken on several interfaces sees each packet that crosses the device twice, so these are no event on the network.");
            explanation.Append($" Wireshark marks these {kind.Field}.");
            var severity = kind.Severity;
            if (kind.Flag is TcpAnalysisFlags.LostSegment or TcpAnalysisFlags.AckedUnseen)
            {
                var hidden = found.ByConnection.Keys.Select(c => Pair(c.ClientAddress, c.ServerAddress)).Distinct()
                    .Where(unattributed.ContainsKey).Select(pair => (Pair: pair, Seen: unattributed[pair])).ToList();
                if (hidden.Count > 0)
                {
                    // Not evidence of loss: the segments may be in the trace, in lines that do not say which connection they belong to.
                    severity = Severity.Info;
                    explanation.Append(" But the text also shows " + string.Join(" and ", hidden.Select(h => $"{h.Seen.Count} packet(s) between {h.Pair.Item1} and {h.Pair.Item2} (the first is packet {h.Seen.First})"))
                        + " whose TCP ports and sequence numbers it does not show (a summary line whose Info column is an application's prints none): the segments taken as missing may be those, so this is no evidence of loss.");
                }
            }
            explanation.Append(found.Packets.OmittedNote("packets"));
            yield return new Finding(kind.Code, severity,
                $"{count} {(count == 1 ? kind.Singular : kind.Plural)}{(connections > 1 ? $" in {connections} connections" : "")}",
                explanation.ToString(), kind.Rfc, kind.Weight)
            {
                Packets = found.Packets.Items.ToList(),
                PacketCount = count,
            };
        }
    }

    private static string Describe(TcpConversation c) => $"{c.Client} → {c.Server}";

    private static string Role(Kind kind, TcpSegmentAnalysis a) =>
        a.SeenBefore is { } twice ? $"{RoleOf(kind, a)}: packet {twice} seen again on another interface" : RoleOf(kind, a);

    private static string RoleOf(Kind kind, TcpSegmentAnalysis a) => kind.Flag switch
    {
        TcpAnalysisFlags.Retransmission or TcpAnalysisFlags.FastRetransmission or TcpAnalysisFlags.SpuriousRetransmission => a.OriginalPacket is { } original
            ? $"{kind.Singular} of packet {original}{(a.SinceOriginal is { } s ? $", {Say.Seconds(s)} later" : "")}"
            : kind.Singular,
        TcpAnalysisFlags.DuplicateAck => $"duplicate ACK #{a.DuplicateAckNumber} of packet {a.DuplicateOf}",
        TcpAnalysisFlags.WindowUpdate when a.Window is { } window => $"window update to {window:N0} bytes",
        _ => kind.Singular,
    };
}
