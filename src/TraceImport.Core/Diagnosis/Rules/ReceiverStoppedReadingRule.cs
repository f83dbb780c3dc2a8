using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// A receiver whose window closes stops the sender: its application is not reading. Told from the zero windows it
/// advertised, how long they lasted, and what the sender did meanwhile (filled the window, probed it, waited).
/// </summary>
public sealed class ReceiverStoppedReadingRule : IDiagnosisRule
{
    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            foreach (var receiver in new[] { c.ServerFlow, c.ClientFlow })
            {
                var zero = receiver.ZeroWindow;
                if (zero.FirstClosed is not { } closed) continue;
                var sender = c.Peer(receiver);
                var stillClosed = zero.ClosedSince is not null;
                var text = new StringBuilder();
                text.Append($"{Capital(c.Name(receiver))} advertised a receive window of 0 in packet {closed.Number}");
                var full = sender.Count(TcpAnalysisFlags.WindowFull);
                if (full > 0) text.Append($", after {c.Name(sender)} had filled it ({Say.Count(full, "segment", "segments")} reached the window's edge)");
                text.Append(zero.Spells == 1 ? ". " : $"; it closed {zero.Spells} times in all. ");
                if (zero.ClosedSeconds > 0)
                    text.Append($"It stayed closed {Say.Seconds(zero.ClosedSeconds)} in all{(zero.Spells > 1 ? $", {Say.Seconds(zero.LongestSeconds)} at the longest" : "")}");
                if (zero.FirstReopened is { } reopened)
                    text.Append($"{(zero.ClosedSeconds > 0 ? "; " : "It ")}first reopened in packet {reopened.Number}");
                if (stillClosed) text.Append($"{(zero.ClosedSeconds > 0 || zero.FirstReopened is not null ? ", and" : "It")} is still closed where the trace ends (since packet {zero.ClosedSince!.Number})");
                text.Append(". ");
                var probes = zero.ProbesWhileClosed;
                var resent = zero.ResentWhileClosed;
                if (probes > 0 || resent > 0)
                {
                    text.Append($"While it was closed, {c.Name(sender)}");
                    if (probes > 0) text.Append($" probed it {Say.Count(probes, "time", "times")}");
                    if (probes > 0 && resent > 0) text.Append(" and");
                    if (resent > 0) text.Append($" sent data again {Say.Count(resent, "time", "times")} on its timer");
                    text.Append(". ");
                }
                text.Append($"The window is the room left in the receiver's buffer; it closes when the application on {receiver.Address} does not read " +
                            "what arrives as fast as it arrives (busy, blocked on something else, or stuck). The network is not at fault: it delivered the data " +
                            "and the acknowledgements came back.");
                var packets = new List<PacketRef> { closed.Ref("the window closes") };
                if (zero.FirstReopened is { } open) packets.Add(open.Ref($"the window reopens to {zero.FirstReopening:N0} bytes"));
                if (stillClosed && zero.ClosedSince != closed) packets.Add(zero.ClosedSince!.Ref("closed where the trace ends"));
                var evidence = new List<Evidence> { new(closed.Number, "tcp.window_size_value", "0") };
                if (zero.ClosedSeconds > 0) evidence.Add(new Evidence(closed.Number, "window closed in all", Say.Seconds(zero.ClosedSeconds)));
                if (full > 0) evidence.Add(new Evidence(closed.Number, "tcp.analysis.window_full (sender)", $"{full}"));
                yield return new Finding("tcp-receiver-stopped-reading", Severity.Warning,
                    $"{Capital(c.Name(receiver))} stopped reading: its receive window closed {Say.Count(zero.Spells, "time", "times")}" +
                    (zero.ClosedSeconds > 0 ? $", {Say.Seconds(zero.ClosedSeconds)} in all" : "") + (stillClosed ? ", and stays closed" : ""),
                    text.ToString(), "RFC 9293 §3.8.6 (managing the window); RFC 1122 §4.2.2.17 (probing zero windows)", 78)
                {
                    Packets = packets,
                    Evidence = evidence,
                };
            }
        }
    }

    internal static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
