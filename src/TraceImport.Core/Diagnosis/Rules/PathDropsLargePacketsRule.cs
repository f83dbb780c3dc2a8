using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// A path MTU black hole: full-size segments sent again and again by the timer and never acknowledged, until the
/// sender tries smaller ones, which go through at once. Small packets pass and large ones vanish.
/// </summary>
public sealed class PathDropsLargePacketsRule : IDiagnosisRule
{
    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            foreach (var sender in new[] { c.ClientFlow, c.ServerFlow })
            {
                var trail = sender.Shrinking;
                if (trail is not { AcknowledgedSmaller: { } acked, Smaller: { } smaller, LastLargeResend: { } lastLarge }) continue;
                var receiver = c.Peer(sender);
                var text = new StringBuilder();
                text.Append($"{ReceiverStoppedReadingRule.Capital(c.Name(sender))} sent {trail.LargeSize}-byte segments that {receiver.Endpoint} never acknowledged: ");
                text.Append(trail.FirstSentIn is { } first ? $"the data first sent in packet {first} " : "the same data ");
                text.Append($"went again {Say.Count(trail.TimerResends, "time", "times")} at full size on the retransmission timer (the last in packet {lastLarge.Number}), unanswered, ");
                text.Append($"then in {trail.SmallerSize} bytes (packet {smaller.Number}), which {receiver.Endpoint} acknowledged at once (packet {acked.Number}). ");
                text.Append("Small packets get through and large ones do not: a link on the path has a smaller MTU and drops what exceeds it without the ICMP " +
                            "\"fragmentation needed\" (IPv6: \"packet too big\") that would tell the sender to use smaller packets, or a firewall drops that ICMP — " +
                            "a path MTU black hole. ");
                if (trail.FirstLargeResend is { } firstResend && PacketFacts.Seconds(firstResend, smaller) is { } stuck)
                    text.Append($"The connection stalled {Say.Seconds(stuck)} from the first resend to the smaller one, until the sender tried a smaller size by itself (packetization-layer path MTU discovery). ");
                if (c.ClientFlow.Mss is not null || c.ServerFlow.Mss is not null)
                    text.Append($"The handshake announced MSS {Mss(c.ClientFlow)} (client) and {Mss(c.ServerFlow)} (server). ");
                text.Append("Look for a tunnel, VPN or PPPoE link on the path, or a filter dropping ICMP; clamping the MSS where the MTU shrinks is the usual cure.");
                yield return new Finding("tcp-mss-black-hole", Severity.Error,
                    $"The path from {sender.Endpoint} to {receiver.Endpoint} drops large packets: {trail.LargeSize}-byte segments were never acknowledged, {trail.SmallerSize}-byte ones at once",
                    text.ToString(), "RFC 2923 §2.1 (PMTUD black holes); RFC 1191; RFC 8201; RFC 4821", 86)
                {
                    Packets =
                    [
                        lastLarge.Ref($"full-size resend ({trail.LargeSize} bytes), unanswered"),
                        smaller.Ref($"smaller resend ({trail.SmallerSize} bytes)"),
                        acked.Ref("acknowledged at once"),
                    ],
                    Evidence =
                    [
                        new(lastLarge.Number, "tcp.len", $"{trail.LargeSize}"),
                        new(lastLarge.Number, "timer resends at full size", $"{trail.TimerResends}"),
                        new(smaller.Number, "tcp.len", $"{trail.SmallerSize}"),
                    ],
                };
            }
        }
    }

    private static string Mss(TcpFlow flow) => flow.Mss is { } mss ? $"{mss}" : "not shown";
}
