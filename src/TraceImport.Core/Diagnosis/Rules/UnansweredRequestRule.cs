using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// "It hangs": a request the server's TCP acknowledged but its application never answered, and answers that came
/// seconds after the request while the network's round trip was short. Reported per server.
/// </summary>
public sealed class UnansweredRequestRule : IDiagnosisRule
{
    /// <summary>A wait this long is what a user notices.</summary>
    public const double NoticeableSeconds = 1.0;

    private long? lastTime;

    public void Observe(ObservedPacket packet)
    {
        if (packet.Facts.Time is { } time && (lastTime is null || time.UnixNanoseconds > lastTime)) lastTime = time.UnixNanoseconds;
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var server in conversations.GroupBy(c => c.Server))
        {
            var silent = server.Select(c => (Connection: c, Wait: NeverAnswered(c))).Where(x => x.Wait is not null).ToList();
            if (silent.Count > 0) yield return Silent(server.Key, silent.Select(x => (x.Connection, x.Wait!.Value)).ToList());
            var slow = server.Where(Slow).ToList();
            if (slow.Count > 0) yield return SlowAnswers(server.Key, slow);
        }
    }

    /// <summary>The wait after a request the server acknowledged and never answered, when the client waited a noticeable time.</summary>
    private (double Seconds, PacketFacts? GaveUp)? NeverAnswered(TcpConversation c)
    {
        if (c.FirstClientData is not { Tcp.Seq: { } requestSeq } || c.ClientFlow.LastData is not { } request || c.FirstServerData is not null) return null;
        if (ServerGreetingRule.SpeaksFirst(c.ServerPort)) return null;
        if (c.ServerFlow.HighestAck is not { } ack || (int)(ack - (uint)requestSeq) <= 0) return null;
        var gaveUp = c.FirstClientClose is { } close && close.Number > request.Number ? close : null;
        double? wait = gaveUp is not null ? PacketFacts.Seconds(request, gaveUp)
            : request.Time is { } sent && lastTime is { } end ? (end - sent.UnixNanoseconds) / 1e9 : null;
        return wait is { } seconds && seconds >= NoticeableSeconds ? (seconds, gaveUp) : null;
    }

    private static Finding Silent(string server, List<(TcpConversation Connection, (double Seconds, PacketFacts? GaveUp) Wait)> silent)
    {
        var text = new StringBuilder();
        foreach (var (c, (seconds, gaveUp)) in silent.Take(10))
        {
            var request = c.ClientFlow.LastData!;
            text.Append($"{c.Client} sent {Say.Count(c.ClientBytes, "byte", "bytes")} (the last in packet {request.Number}); ");
            text.Append("the server's TCP acknowledged them, so they arrived; ");
            text.Append(gaveUp is not null
                ? $"no answer came, and {Say.Seconds(seconds)} later the client gave up and {(gaveUp.Tcp!.Rst ? "reset" : "closed")} the connection (packet {gaveUp.Number}). "
                : $"no answer came in the {Say.Seconds(seconds)} the trace goes on. ");
        }
        if (silent.Count > 10) text.Append($"And {silent.Count - 10} more connections alike. ");
        text.Append("The network delivered the request and the server's operating system took it; the application behind the port never wrote an answer. " +
                    "Look at the server application: stuck, waiting on something it depends on (a database, a lock, another service), or not answering this kind of request.");
        var longest = silent.Max(s => s.Wait.Seconds);
        return new Finding("tcp-application-never-answers", Severity.Warning,
            silent.Count == 1
                ? $"The application on {server} never answered the request of {silent[0].Connection.Client} ({Say.Seconds(longest)} without an answer)"
                : $"The application on {server} never answered {silent.Count} requests (up to {Say.Seconds(longest)} without an answer)",
            text.ToString(), "RFC 9293 §3.8 (data communication)", 80)
        {
            Packets = silent.SelectMany(s => new[] { s.Connection.ClientFlow.LastData!.Ref("request, acknowledged, never answered") }
                .Concat(s.Wait.GaveUp is { } g ? [g.Ref("the client gives up")] : [])).ToList(),
            Evidence = silent.Select(s => new Evidence(s.Connection.ClientFlow.LastData!.Number, "wait without an answer", Say.Seconds(s.Wait.Seconds))).ToList(),
        };
    }

    /// <summary>An answer that came a noticeable time after its request, and ten round trips or more.</summary>
    private static bool Slow(TcpConversation c) =>
        c.ClientFlow.SlowestAnswer is { Seconds: >= NoticeableSeconds } slowest && (c.FirstRoundTrip is not { } rtt || slowest.Seconds >= 10 * rtt / 1e9);

    private static Finding SlowAnswers(string server, List<TcpConversation> slow)
    {
        var text = new StringBuilder();
        foreach (var c in slow.Take(10))
        {
            var (request, answer, seconds) = c.ClientFlow.SlowestAnswer!.Value;
            text.Append($"{c.Client}'s request in packet {request.Number} was answered {Say.Seconds(seconds)} later (packet {answer.Number})");
            text.Append(c.FirstRoundTrip is { } rtt ? $", where the round trip is {Say.Seconds(rtt / 1e9)}. " : ". ");
        }
        if (slow.Count > 10) text.Append($"And {slow.Count - 10} more connections alike. ");
        text.Append("The network carried the request and the answer quickly; the time was spent in the server — its application, or what it waits on " +
                    "(a database, a lock, a name lookup, another service). This is the wait a user feels as \"it hangs\".");
        var longest = slow.Max(c => c.ClientFlow.SlowestAnswer!.Value.Seconds);
        return new Finding("tcp-slow-response", Severity.Warning,
            $"{server} took up to {Say.Seconds(longest)} to answer {Say.Count(slow.Count, "request", "requests")}",
            text.ToString(), null, 56)
        {
            Packets = slow.SelectMany(c => new[]
            {
                c.ClientFlow.SlowestAnswer!.Value.Request.Ref("request"),
                c.ClientFlow.SlowestAnswer!.Value.Answer.Ref($"answer, {Say.Seconds(c.ClientFlow.SlowestAnswer!.Value.Seconds)} later"),
            }).ToList(),
            Evidence = slow.Select(c => new Evidence(c.ClientFlow.SlowestAnswer!.Value.Answer.Number, "request to answer", Say.Seconds(c.ClientFlow.SlowestAnswer!.Value.Seconds))).ToList(),
        };
    }
}
