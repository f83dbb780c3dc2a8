using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Data sent again and again and never acknowledged: the receiver, or the path to it, stopped taking packets. The
/// sender's timer backs off, and the connection hangs until the sender gives up.
/// </summary>
public sealed class UnacknowledgedDataRule : IDiagnosisRule
{
    /// <summary>Sent this many times in all (the first and two resends) without an acknowledgement is no passing loss.</summary>
    public const int Sendings = 3;

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            foreach (var sender in new[] { c.ClientFlow, c.ServerFlow })
            {
                var stuck = sender.Unacknowledged.Outstanding.Where(s => s.Sent >= Sendings).Cast<UnacknowledgedSegments.Segment?>().FirstOrDefault();
                if (stuck is not { } segment) continue;
                var receiver = c.Peer(sender);
                var length = unchecked((int)(segment.NextSeq - segment.Seq));
                var span = segment.Time is { } first && segment.LastTime is { } last ? (last - first) / 1e9 : (double?)null;
                var text = new StringBuilder();
                text.Append($"{ReceiverStoppedReadingRule.Capital(c.Name(sender))} sent {Say.Count(length, "byte", "bytes")} (packet {segment.Packet.Number}) ");
                text.Append($"{Say.Count(segment.Sent, "time", "times")}{(span is { } s ? $" over {Say.Seconds(s)}" : "")} (the last in packet {segment.LastPacket.Number}), ");
                text.Append($"and {receiver.Endpoint} never acknowledged {(length == 1 ? "it" : "them")}. ");
                if (receiver.LastPacket is { } heard && heard.Number < segment.Packet.Number)
                    text.Append($"Nothing came from {receiver.Endpoint} after packet {heard.Number}: it stopped receiving (a firewall began dropping its traffic, the host or its network went down) or everything it sent was lost on the way. ");
                else
                    text.Append($"{receiver.Endpoint} was heard after the data was first sent, yet never acknowledged it: its acknowledgements, or the data, are lost on the way. ");
                text.Append("The gaps between the copies grow because the sender's retransmission timer doubles after each one. ");
                var gaveUp = new[] { sender.FirstReset, sender.FirstFin }.Where(p => p is not null && p.Number > segment.LastPacket.Number).OrderBy(p => p!.Number).FirstOrDefault();
                text.Append(gaveUp is not null
                    ? $"{ReceiverStoppedReadingRule.Capital(c.Role(sender))} then gave up and {(gaveUp.Tcp!.Rst ? "reset" : "closed")} the connection (packet {gaveUp.Number})."
                    : "The trace ends with the data still unacknowledged: to the user the connection hangs.");
                var packets = new List<PacketRef> { segment.Packet with { Role = "first sent" }, segment.LastPacket with { Role = $"sent for the {Ordinal(segment.Sent)} time" } };
                if (gaveUp is not null) packets.Add(gaveUp.Ref("the sender gives up"));
                yield return new Finding("tcp-data-never-acknowledged", Severity.Error,
                    $"{ReceiverStoppedReadingRule.Capital(c.Name(sender))} sent {Say.Count(length, "byte", "bytes")} {segment.Sent} times and {receiver.Endpoint} never acknowledged {(length == 1 ? "it" : "them")}",
                    text.ToString(), "RFC 6298 §5 (the retransmission timer); RFC 9293 §3.8.1", 88)
                {
                    Packets = packets,
                    Evidence = [new Evidence(segment.Packet.Number, "times sent", $"{segment.Sent}")],
                };
            }
        }
    }

    private static string Ordinal(int n) => n switch
    {
        2 => "2nd",
        3 => "3rd",
        _ when n % 10 == 1 && n % 100 != 11 => $"{n}st",
        _ when n % 10 == 2 && n % 100 != 12 => $"{n}nd",
        _ when n % 10 == 3 && n % 100 != 13 => $"{n}rd",
        _ => $"{n}th",
    };

}
