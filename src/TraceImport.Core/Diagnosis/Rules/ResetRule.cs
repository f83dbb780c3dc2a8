using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Resets that end a connection with data in play: a side that resets without answering data it received (it closed
/// with the data unread), a side that aborts while sending, and a reset whose IP TTL says it came from somewhere on
/// the path rather than from the host it names.
/// </summary>
public sealed class ResetRule : IDiagnosisRule
{
    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            // A reset answering a SYN is a refusal, which the listener rule reports.
            if (c.SynAck is null && c.Syn is not null) continue;
            foreach (var resetter in new[] { c.ServerFlow, c.ClientFlow })
            {
                if (resetter.FirstReset is not { } reset) continue;
                if (Forged(c, resetter, reset) is { } forged)
                {
                    yield return forged;
                    continue;
                }
                if (AfterData(c, resetter, reset) is { } afterData) yield return afterData;
            }
        }
    }

    /// <summary>A reset whose TTL differs from that of every other packet from the same address in the connection.</summary>
    private static Finding? Forged(TcpConversation c, TcpFlow resetter, PacketFacts reset)
    {
        if (reset.Ip?.Ttl is not { } ttl || resetter.FirstTtl is not { } usual || resetter.Packets < 2 || ttl == usual) return null;
        if (resetter.Syn == reset || resetter.SynAck == reset) return null;
        var peer = c.Peer(resetter);
        var nearer = ttl > usual;
        return new Finding("tcp-reset-by-middlebox", Severity.Error,
            $"The reset in packet {reset.Number} names {resetter.Endpoint} but came from elsewhere on the path (TTL {ttl}, where {resetter.Address}'s other packets have {usual})",
            $"Packet {reset.Number} resets the connection {c.Client} → {c.Server} in the name of {c.Name(resetter)}, but arrived with IP TTL {ttl}; " +
            $"the {resetter.Packets - 1} other packet(s) from {resetter.Address} in this connection arrived with {usual}. A host starts every packet with the same TTL " +
            $"and the routers on the way take one each, so a different TTL means another sender{(nearer ? $", about {ttl - usual} hop(s) nearer to the capture" : "")}: " +
            $"a firewall, intrusion prevention system, load balancer or proxy between the capture and {resetter.Address} reset the connection, and {peer.Address} " +
            "took it for the host's own. Look at that device's logs and policy, not at the application.",
            "RFC 9293 §3.10.7.1; RFC 3360 (inappropriate TCP resets considered harmful)", 84)
        {
            Packets = [reset.Ref("reset with another TTL")],
            Evidence = [new Evidence(reset.Number, "ip.ttl", $"{ttl}"), new Evidence(reset.Number, $"ip.ttl of {resetter.Address}'s other packets", $"{usual}")],
        };
    }

    /// <summary>A reset sent with received data unanswered, or while sending.</summary>
    private static Finding? AfterData(TcpConversation c, TcpFlow resetter, PacketFacts reset)
    {
        var peer = c.Peer(resetter);
        var text = new StringBuilder();
        string title;
        var finFirst = resetter.FirstFin is { } fin && fin.Number < reset.Number;
        // Data that arrives after this side closed is answered with a reset by any TCP: that is no fault of the application.
        var closedBeforeData = resetter.FirstFin is { } ownFin && peer.LastData is { } lastIn && ownFin.Number < lastIn.Number;
        if (closedBeforeData) return null;
        if (peer.LastData is { } request && request.Number < reset.Number && (resetter.LastData is null || resetter.LastData.Number < request.Number))
        {
            var wait = PacketFacts.Seconds(request, reset);
            title = $"{ReceiverStoppedReadingRule.Capital(c.Name(resetter))} reset the connection instead of answering the {Say.Count(peer.Bytes, "byte", "bytes")} it received";
            text.Append($"{ReceiverStoppedReadingRule.Capital(c.Name(resetter))} received {Say.Count(peer.Bytes, "byte", "bytes")} from {c.Name(peer)} (the last in packet {request.Number})");
            text.Append(resetter.HighestAck is not null ? ", acknowledged them, " : ", ");
            text.Append($"sent nothing back, and reset the connection{(wait is { } w ? $" {Say.Seconds(w)} later" : "")} (packet {reset.Number}). ");
            text.Append("An application that closes its socket with received data still unread makes its TCP send a reset instead of a FIN, and the data is " +
                        "discarded (RFC 1122 §4.2.2.13): the application on " + resetter.Address + " closed the connection without reading the request — it " +
                        "rejected it, timed out, or failed while handling it.");
        }
        else if (resetter.LastData is { } sent && sent.Number < reset.Number && !finFirst)
        {
            title = $"{ReceiverStoppedReadingRule.Capital(c.Name(resetter))} aborted the connection after sending {Say.Count(resetter.Bytes, "byte", "bytes")}, without closing it";
            text.Append($"{ReceiverStoppedReadingRule.Capital(c.Name(resetter))} sent {Say.Count(resetter.Bytes, "byte", "bytes")} (the last in packet {sent.Number}) ");
            text.Append($"and then reset the connection (packet {reset.Number}) without a FIN: the data ends abruptly, and {c.Name(peer)} may hold an " +
                        "incomplete answer. An application aborts a connection so when it fails or gives up mid-answer, or closes with SO_LINGER set to 0.");
        }
        else return null;
        return new Finding("tcp-reset-after-data", Severity.Warning, title, text.ToString(), "RFC 9293 §3.10.7.1; RFC 1122 §4.2.2.13; RFC 2525 §2.17", 62)
        {
            Packets = [reset.Ref("reset")],
            Evidence = [new Evidence(reset.Number, "tcp.flags.reset", "1")],
        };
    }
}
