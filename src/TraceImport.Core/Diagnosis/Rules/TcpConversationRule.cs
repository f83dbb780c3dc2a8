using System.Globalization;
using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Each TCP connection in a line or two: how client and server were told apart, handshake and its round trip, data
/// each way, who closed, resets, segments sent again, long silences.
/// </summary>
public sealed class TcpConversationRule : IDiagnosisRule
{
    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            var text = new StringBuilder();
            text.Append(Handshake(c));
            text.Append(c.RoleBasis switch
            {
                RoleBasis.FirstSpeaker => ServerGreetingRule.SpeaksFirst(c.ServerPort)
                    ? $"; no handshake in the trace, so the server is taken to be {c.Server}, which spoke first as a {c.Protocol} server does"
                    : $"; no handshake in the trace, so the client is taken to be {c.ClientAddress}, which spoke first",
                RoleBasis.Port => $"; client and server are guessed from the port numbers alone ({c.ServerPort} taken for the service's), as the trace shows neither the handshake nor data both ways",
                _ => "",
            });
            var roles = text.ToString(Handshake(c).Length, text.Length - Handshake(c).Length);
            text.Append($"; the client sent {c.ClientBytes} byte(s), the server {c.ServerBytes}");
            var closer = new[] { c.FirstClientClose, c.FirstServerClose }.Where(p => p is not null).OrderBy(p => p!.Number).FirstOrDefault();
            if (closer is not null)
            {
                var who = c.FromClient(closer) ? "client" : "server";
                text.Append(!closer.Tcp!.Rst ? $"; the {who} closed first (packet {closer.Number})"
                    : Forged(c, closer) ? $"; a device on the path reset it in the {who}'s name (packet {closer.Number})" : $"; the {who} reset it (packet {closer.Number})");
            }
            if (c.FirstReset is { } reset && reset != closer)
                text.Append(Forged(c, reset) ? $"; a device on the path reset it in the {(c.FromClient(reset) ? "client" : "server")}'s name (packet {reset.Number})"
                    : $"; reset by the {(c.FromClient(reset) ? "client" : "server")} (packet {reset.Number})");
            if (c.SentAgain > 0) text.Append($"; {c.SentAgain} segment(s) sent again");
            foreach (var (seconds, before) in c.Silences.Items)
                text.Append($"; {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s of silence before packet {before}");
            if (c.Silences.Omitted > 0) text.Append($"; {c.Silences.Omitted} more silence(s)");
            var unanalysed = c.ClientFlow.Unanalysed + c.ServerFlow.Unanalysed;
            if (unanalysed > 0) text.Append($"; {unanalysed} packet(s) left out of the sequence analysis, as the text does not show their sequence or acknowledgement numbers, flags, length or window");
            if (c.Previous is { } previous)
                text.Append(previous.FirstPacket is { } began ? $"; it reuses the addresses and ports of the connection that began with packet {began.Number}" : "; it reuses the addresses and ports of an earlier connection");
            text.Append('.');
            text.Append(c.Packets.OmittedNote("packets"));
            var alike = new StringBuilder(Handshake(c).Split(',')[0]).Append(roles);
            alike.Append((c.ClientBytes > 0, c.ServerBytes > 0) switch
            {
                (true, true) => "; each sent data, client and server",
                (true, false) => "; only the client sent data",
                (false, true) => "; only the server sent data",
                _ => "; neither sent data",
            });
            if (closer is not null)
                alike.Append(!closer.Tcp!.Rst ? $"; the {(c.FromClient(closer) ? "client" : "server")} closed first"
                    : Forged(c, closer) ? $"; a device on the path reset it in the {(c.FromClient(closer) ? "client" : "server")}'s name" : $"; the {(c.FromClient(closer) ? "client" : "server")} reset it");
            if (c.FirstReset is { } firstReset && firstReset != closer)
                alike.Append(Forged(c, firstReset) ? $"; a device on the path reset it in the {(c.FromClient(firstReset) ? "client" : "server")}'s name" : $"; reset by the {(c.FromClient(firstReset) ? "client" : "server")}");
            if (c.SentAgain > 0) alike.Append("; segments were sent again");
            if (c.Silences.Count > 0) alike.Append("; with long silences");
            if (unanalysed > 0) alike.Append("; some packets were left out of the sequence analysis, as the text does not show their sequence or acknowledgement numbers, flags, length or window");
            if (c.Previous is not null) alike.Append("; each reuses the addresses and ports of an earlier connection");
            var evidence = new List<Evidence>();
            if (c.FirstRoundTrip is { } rtt && c.HandshakeAck is { } ack)
                evidence.Add(new Evidence(ack.Number, "tcp.analysis.initial_rtt", Say.Seconds(rtt / 1e9)));
            // Connections from one host to one service that went the same way are one finding.
            var shape = string.Join('|', c.ClientAddress, c.Server, Handshake(c).Split(',')[0], c.RoleBasis,
                closer is null ? "open" : $"{c.FromClient(closer)}{closer.Tcp!.Rst}", c.FirstReset is not null, c.SentAgain > 0, c.Silences.Count > 0, unanalysed > 0, c.Previous is null,
                c.ClientBytes > 0, c.ServerBytes > 0);
            yield return new Finding("tcp-conversation", c.SentAgain > 0 ? Severity.Warning : Severity.Info,
                $"TCP {c.Client} → {c.Server} ({c.Protocol}), {c.Packets.Count} packet(s)", text.ToString(), "RFC 9293", 10)
            {
                Packets = c.Packets.Items.ToList(),
                PacketCount = c.Packets.Count,
                Evidence = evidence,
                GroupKey = shape,
                GroupExplanation = alike.Append('.').ToString(),
                GroupTitle = n => $"{n} TCP connections {c.ClientAddress} → {c.Server} ({c.Protocol}) that went alike",
            };
        }
    }

    private static string Handshake(TcpConversation c)
    {
        if (c.HandshakeComplete)
            return c.FirstRoundTrip is { } rtt ? $"Handshake complete, round trip {Say.Seconds(rtt / 1e9)} from the SYN to the ACK that completed it" : "Handshake complete";
        if (c.Syn is not null || c.SynAck is not null) return "Handshake incomplete";
        if (c.FlagsUnknown > 0)
            return $"The text does not show the flags of {c.FlagsUnknown} packet(s), so whether the handshake is in the trace cannot be told";
        return "Joined after the handshake";
    }

    /// <summary>The reset is its side's first, and the marks in the trace say another device sent it.</summary>
    private static bool Forged(TcpConversation c, PacketFacts reset)
    {
        var flow = c.FromClient(reset) ? c.ClientFlow : c.ServerFlow;
        return flow.FirstReset == reset && ForgedReset.Of(c, flow) is not null;
    }
}
