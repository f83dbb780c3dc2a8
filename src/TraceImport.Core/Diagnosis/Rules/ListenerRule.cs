using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// What a listener did with the SYNs sent to it, listener by listener: answered seconds late after the client sent
/// them again (its accept queue full, when it was answering others all the while), never answered, or refused.
/// </summary>
public sealed class ListenerRule : IDiagnosisRule
{
    /// <summary>A SYN answered this long after it was first sent, having been sent again, was waiting on the listener.</summary>
    public const double LateSeconds = 1.0;

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var listener in conversations.Where(c => c.Syn is not null).GroupBy(c => c.Server))
        {
            var all = listener.ToList();
            var late = all.Where(c => c.SynAck is not null && c.ClientFlow.SynsSent >= 2 && PacketFacts.Seconds(c.Syn!, c.SynAck) >= LateSeconds).ToList();
            var unanswered = all.Where(c => c.SynAck is null && c.ServerFlow.FirstReset is null && c.ClientFlow.SynsSent >= 2).ToList();
            var refused = all.Where(c => c.SynAck is null && c.ServerFlow.FirstReset is not null).ToList();
            if (late.Count > 0) yield return Late(listener.Key, late, all.Except(late).ToList());
            if (unanswered.Count > 0) yield return Unanswered(listener.Key, unanswered);
            if (refused.Count > 0) yield return Refused(listener.Key, refused);
        }
    }

    private static Finding Late(string listener, List<TcpConversation> late, List<TcpConversation> others)
    {
        var delays = late.Select(c => PacketFacts.Seconds(c.Syn!, c.SynAck!)!.Value).ToList();
        var text = new StringBuilder();
        text.Append(late.Count == 1 ? "The SYN of " : "The SYNs of ");
        text.Append(string.Join("; ", late.Select(c =>
            $"{c.Client} (packet {c.Syn!.Number}) went {Say.Count(c.ClientFlow.SynsSent, "time", "times")} before {listener} answered, {Say.Seconds(PacketFacts.Seconds(c.Syn, c.SynAck!)!.Value)} after the first (packet {c.SynAck!.Number})")));
        text.Append(". ");
        // The listener was demonstrably up if it answered other SYNs at once or sent on other connections while these waited.
        var waitStart = late.Min(c => c.Syn!.Time?.UnixNanoseconds);
        var waitEnd = late.Max(c => c.SynAck!.Time?.UnixNanoseconds);
        var prompt = others.Where(c => c.SynAck is not null && c.ClientFlow.SynsSent == 1).ToList();
        var busy = others.Where(c => c.ServerFlow.LastPacket?.Time?.UnixNanoseconds is { } last && last > waitStart && last < waitEnd).ToList();
        var alive = prompt.Count > 0 || busy.Count > 0;
        if (alive)
        {
            text.Append($"{listener} was up all the while: ");
            if (prompt.Count > 0) text.Append($"it answered the SYNs of {Say.Count(prompt.Count, "other connection", "other connections")} at once (packets {Say.Packets(prompt.Select(c => c.SynAck!.Number))})");
            if (prompt.Count > 0 && busy.Count > 0) text.Append(", and ");
            if (busy.Count > 0) text.Append($"it was sending on {Say.Count(busy.Count, "other connection", "other connections")} during the wait (until packet {busy.Max(c => c.ServerFlow.LastPacket!.Number)})");
            text.Append(". A listening socket drops SYNs (Linux), or answers them late, when its queue of connections waiting to be accepted is full: " +
                        "the application is not calling accept() fast enough, or its backlog (the listen() argument) is too small. ");
        }
        else
        {
            text.Append($"Nothing else in the trace shows whether {listener} was up meanwhile: a full accept queue on the listener, a firewall, or a path " +
                        "losing the first SYNs would look the same. ");
        }
        text.Append("The client's retransmission timer doubles after each unanswered SYN (1 s, 2 s, 4 s…), so each drop costs seconds.");
        var packets = late.SelectMany(c => new[] { c.Syn!.Ref("SYN"), c.SynAck!.Ref($"SYN-ACK, {Say.Seconds(PacketFacts.Seconds(c.Syn!, c.SynAck!)!.Value)} after the SYN") }).ToList();
        return new Finding(alive ? "tcp-listen-backlog-full" : "tcp-syn-answered-late", Severity.Warning,
            alive
                ? $"The listener {listener} answered {Say.Count(late.Count, "connection's SYN", "connections' SYNs")} {Say.Seconds(delays.Max())} late: its accept queue (listen backlog) was full"
                : $"{listener} answered {Say.Count(late.Count, "SYN", "SYNs")} {Say.Seconds(delays.Max())} late, after the client sent {(late.Count == 1 ? "it" : "them")} again",
            text.ToString(), "RFC 9293 §3.5 (opening a connection); RFC 6298 §5 (the retransmission timer)", alive ? 82 : 60)
        {
            Packets = packets,
            Evidence = late.Select(c => new Evidence(c.SynAck!.Number, "SYN to SYN-ACK", Say.Seconds(PacketFacts.Seconds(c.Syn!, c.SynAck!)!.Value))).ToList(),
        };
    }

    private static Finding Unanswered(string listener, List<TcpConversation> unanswered)
    {
        var text = new StringBuilder();
        text.Append(string.Join("; ", unanswered.Select(c =>
        {
            var span = c.ClientFlow.LastPacket is { } last ? PacketFacts.Seconds(c.Syn!, last) : null;
            return $"{c.Client} sent its SYN {Say.Count(c.ClientFlow.SynsSent, "time", "times")}{(span is { } s ? $" over {Say.Seconds(s)}" : "")} (from packet {c.Syn!.Number})";
        })));
        text.Append($", and {listener} never answered: not with a SYN-ACK, not with a reset. The host is down or unreachable, a firewall drops the SYNs " +
                    "(one that refused would send a reset or an ICMP error), or the path loses them. A listener with a full accept queue would answer once it drained.");
        return new Finding("tcp-syn-unanswered", Severity.Error,
            $"{listener} never answered {Say.Count(unanswered.Count, "connection attempt", "connection attempts")}",
            text.ToString(), "RFC 9293 §3.5", 72)
        {
            Packets = unanswered.Select(c => c.Syn!.Ref("SYN, never answered")).ToList(),
            Evidence = unanswered.Select(c => new Evidence(c.Syn!.Number, "SYNs sent", $"{c.ClientFlow.SynsSent}")).ToList(),
        };
    }

    private static Finding Refused(string listener, List<TcpConversation> refused) =>
        new("tcp-connection-refused", Severity.Warning,
            $"{listener} refused {Say.Count(refused.Count, "connection", "connections")}: it answered the SYN with a reset",
            $"{listener} answered the SYN of {string.Join(", ", refused.Select(c => $"{c.Client} (packet {c.Syn!.Number})"))} with RST " +
            $"(packet{(refused.Count == 1 ? "" : "s")} {Say.Packets(refused.Select(c => c.ServerFlow.FirstReset!.Number))}): nothing listens on port " +
            $"{refused[0].ServerPort} there (the service is not running, or listens on another address), or a firewall refuses in its name.",
            "RFC 9293 §3.5.2 (a SYN to a closed port is answered with a reset)", 58)
        {
            Packets = refused.SelectMany(c => new[] { c.Syn!.Ref("SYN"), c.ServerFlow.FirstReset!.Ref("reset") }).ToList(),
        };
}
