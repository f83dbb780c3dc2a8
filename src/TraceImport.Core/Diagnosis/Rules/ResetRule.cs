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
            // A side's resets that answer what still came after another device reset the connection in its peer's name are the TCP's, not the application's.
            var forgedFirst = new[] { c.ServerFlow, c.ClientFlow }.Select(f => ForgedReset.Of(c, f)).FirstOrDefault(f => f is not null);
            foreach (var resetter in new[] { c.ServerFlow, c.ClientFlow })
            {
                if (resetter.FirstReset is not { } reset) continue;
                if (Forged(c, resetter, reset) is { } forged)
                {
                    yield return forged;
                    continue;
                }
                if (forgedFirst is not null && forgedFirst.FirstPeerReset == reset) continue;
                if (AfterData(c, resetter, reset) is { } afterData) yield return afterData;
            }
        }
    }

    /// <summary>A reset in one side's name that the marks in the trace say another device sent (<see cref="ForgedReset"/>).</summary>
    private static Finding? Forged(TcpConversation c, TcpFlow resetter, PacketFacts reset)
    {
        if (ForgedReset.Of(c, resetter) is not { } forged) return null;
        var peer = c.Peer(resetter);
        var name = c.Name(resetter);
        var marks = new List<string>();
        var evidence = new List<Evidence>();
        var title = new StringBuilder($"The reset in packet {reset.Number} names {resetter.Endpoint} but ");
        title.Append(forged.Certainty == Certainty.Likely ? "was probably sent by a device on the path" : "was sent by a device on the path");
        if (forged is { UsualTtl: { } usual } && reset.Ip?.Ttl is { } ttl)
        {
            title.Append($" (TTL {ttl}, where {resetter.Address}'s other packets have {usual})");
            var mark = new StringBuilder($"it arrived with IP TTL {ttl}, but the {resetter.Packets - 1} other packet(s) from {resetter.Address} in this connection " +
                $"arrived with {usual}. A host starts every packet with the same TTL and each router on the way takes one, so another TTL means another sender");
            if (ForgedReset.HopsFromCapture(ttl) is { } hops && ForgedReset.HopsFromCapture(usual) is { } hostHops)
            {
                mark.Append($": counted from the usual initial TTLs (64, 128, 255), the reset's sender is {Say.Count((long)hops, "router", "routers")} from the capture " +
                    $"and {resetter.Address} {Say.Count((long)hostHops, "router", "routers")}");
                if (hops < hostHops) mark.Append($", so the device stands between the capture and {resetter.Address}{(hops == 0 ? ", on the capture's own network (its gateway, or a firewall there)" : "")}");
            }
            marks.Add(mark + ".");
            evidence.Add(new Evidence(reset.Number, "ip.ttl", $"{ttl}"));
            evidence.Add(new Evidence(reset.Number, $"ip.ttl of {resetter.Address}'s other packets", $"{usual}"));
        }
        else title.Append($" ({resetter.Address} kept sending after it)");
        if (resetter.FirstAfterReset is { } after)
        {
            var mark = new StringBuilder($"{Capital(name)} went on sending after the reset: {Say.Count(resetter.SentAfterReset, "packet", "packets")}, the first in packet {after.Number}" +
                (after.Tcp?.Seq is { } seq && reset.Tcp?.Seq == seq ? $" at the very sequence number the reset carried ({seq})" : "") +
                ". A host that resets a connection keeps nothing of it: it could not have sent them, so it never sent the reset, and still holds the connection open");
            if (forged.IdsRunOn && resetter.BeforeReset is { Ip.Id: { } idBefore } before && after.Ip?.Id is { } idAfter && reset.Ip?.Id is { } resetId)
            {
                mark.Append($". Its IP identifications run on from 0x{idBefore:x4} (packet {before.Number}) to 0x{idAfter:x4} (packet {after.Number}) with no number left for the reset, which carries 0x{resetId:x4}");
                evidence.Add(new Evidence(reset.Number, "ip.id", $"0x{resetId:x4}"));
                evidence.Add(new Evidence(before.Number, "ip.id", $"0x{idBefore:x4}"));
                evidence.Add(new Evidence(after.Number, "ip.id", $"0x{idAfter:x4}"));
            }
            marks.Add(mark + ".");
            evidence.Add(new Evidence(after.Number, $"sent by the {c.Role(resetter)} after the reset", Say.Count(resetter.SentAfterReset, "packet", "packets")));
        }
        if (forged.FirstPeerReset is { } peerReset)
            marks.Add($"{Capital(c.Name(peer))} took the reset for {resetter.Address}'s own and dropped the connection: it answered what still came with resets of its own " +
                      $"({Say.Count(forged.PeerResets, "reset", "resets")}, the first in packet {peerReset.Number}), as a TCP answers segments of a connection it no longer has; " +
                      "those are no fault of its application.");
        var sure = forged.Certainty switch
        {
            Certainty.Certain => "Certain: the two marks are independent and agree.",
            Certainty.VeryLikely => "Very likely: a host's stack sends its resets with the TTL of its other packets, so only another sender explains it" +
                                    (resetter.FirstAfterReset is null ? $"; {resetter.Address} sent nothing after the reset that would settle it." : "."),
            _ => $"Likely, not certain: the reset's TTL is {resetter.Address}'s own (a device can copy it), and packets reordered on the way could arrive after a reset sent after them.",
        };
        return new Finding("tcp-reset-by-middlebox", forged.Certainty == Certainty.Likely ? Severity.Warning : Severity.Error, title.ToString(),
            $"Packet {reset.Number} resets the connection {c.Client} → {c.Server} in the name of {name}. " + string.Join(" ", marks.Select(Capital)) +
            $" A firewall, intrusion prevention system, load balancer or proxy between the capture and {resetter.Address} reset the connection, and {peer.Address} took it for " +
            $"the host's own. Look at that device's logs and policy, not at the application. {sure}",
            "RFC 9293 §3.10.7.1; RFC 3360 (inappropriate TCP resets considered harmful)", 84)
        {
            Packets = [reset.Ref("reset sent by another device"), .. resetter.FirstAfterReset is { } a ? [a.Ref($"sent by the {c.Role(resetter)} after the reset")] : Array.Empty<PacketRef>(),
                .. forged.FirstPeerReset is { } pr ? [pr.Ref($"the {c.Role(peer)}'s answer to a connection it dropped")] : Array.Empty<PacketRef>()],
            Evidence = evidence,
        };
    }

    private static string Capital(string text) => ReceiverStoppedReadingRule.Capital(text);

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
