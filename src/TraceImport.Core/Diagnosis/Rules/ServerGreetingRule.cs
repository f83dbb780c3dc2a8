using System.Globalization;
using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Server-speaks-first protocols: after the handshake the client waits for the server's greeting.
/// A handshake that completes with no greeting before the client gives up is the symptom.
/// </summary>
public sealed class ServerGreetingRule : IDiagnosisRule
{
    private sealed record Protocol(string Name, string Greeting, string Rfc);

    private static readonly Dictionary<ulong, Protocol> ServerSpeaksFirst = new()
    {
        [21] = new("FTP", "220 greeting", "RFC 959 §5.4 (the server sends 220 when the connection opens)"),
        [25] = new("SMTP", "220 greeting", "RFC 5321 §3.1 (the server sends 220 when the connection opens)"),
        [110] = new("POP3", "+OK greeting", "RFC 1939 §4 (the server sends +OK when the connection opens)"),
        [143] = new("IMAP", "* OK greeting", "RFC 3501 §7.1.1 (the server sends an untagged greeting)"),
        [22] = new("SSH", "version banner", "RFC 4253 §4.2 (both sides send an identification string)"),
        [23] = new("Telnet", "banner or option negotiation", "RFC 854"),
    };

    /// <summary>Whether the service on this port greets its clients before they speak.</summary>
    public static bool SpeaksFirst(ulong port) => ServerSpeaksFirst.ContainsKey(port);

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var conversation in conversations)
        {
            if (!ServerSpeaksFirst.TryGetValue(conversation.ServerPort, out var protocol) || !conversation.HandshakeComplete) continue;
            var clientClose = conversation.FirstClientClose;
            var firstServerData = conversation.FirstServerData;
            if (firstServerData is not null && (clientClose is null || firstServerData.Number < clientClose.Number)) continue;
            if (conversation.FirstClientData is { } clientData && (clientClose is null || clientData.Number < clientClose.Number)) continue;
            yield return Finding(conversation, protocol, conversation.HandshakeAck!, clientClose, firstServerData);
        }
    }

    private static Finding Finding(TcpConversation c, Protocol protocol, PacketFacts handshakeDone, PacketFacts? clientClose, PacketFacts? lateData)
    {
        var explanation = new StringBuilder();
        explanation.Append($"The TCP handshake {c.Client} → {c.Server} completed (packets {c.Syn!.Number}, {c.SynAck!.Number}, {handshakeDone.Number}), ");
        explanation.Append($"but the {protocol.Name} server never sent its {protocol.Greeting}. {protocol.Name} is a server-speaks-first protocol: ");
        explanation.Append("the client sends nothing until the server has greeted it, so both sides waited. ");
        var packets = new List<PacketRef> { c.Syn.Ref("SYN"), c.SynAck.Ref("SYN-ACK"), handshakeDone.Ref("handshake ACK") };
        var evidence = new List<Evidence>();
        var weight = 100;
        if (clientClose is not null)
        {
            var waited = PacketFacts.Seconds(handshakeDone, clientClose);
            var how = clientClose.Tcp!.Rst ? "reset the connection" : "closed the connection (FIN)";
            explanation.Append(waited is { } w
                ? $"After {w.ToString("0.0", CultureInfo.InvariantCulture)} s the client gave up and {how} (packet {clientClose.Number}). "
                : $"The client then gave up and {how} (packet {clientClose.Number}). ");
            packets.Add(clientClose.Ref("client gives up"));
            if (waited is { } seconds) evidence.Add(new Evidence(clientClose.Number, "wait after handshake", $"{seconds.ToString("0.000", CultureInfo.InvariantCulture)} s"));
        }
        else
        {
            explanation.Append("The trace ends with the connection open and silent. ");
            weight = 70;
        }
        if (lateData is not null)
        {
            var said = c.FirstServerWords is { } words ? $" (\"{words}\")" : "";
            explanation.Append($"The server's only data came after that, in packet {lateData.Number}{said}: the connection itself worked. ");
            packets.Add(lateData.Ref("server's first data, after the client gave up"));
        }
        explanation.Append("Look for what kept the server from sending: an error it received for this connection (often an ICMP message, which a capture filtered on ")
            .Append(protocol.Name).Append(" hides), or the server application itself.");
        return new Finding("server-greeting-missing", clientClose is null ? Severity.Warning : Severity.Error,
            $"{protocol.Name} server {c.Server} never sent its {protocol.Greeting} to {c.Client}", explanation.ToString(), protocol.Rfc, weight)
        {
            Packets = packets,
            Evidence = evidence,
            GroupKey = $"{c.Server}|{clientClose is null}",
            GroupTitle = n => $"{protocol.Name} server {c.Server} never sent its {protocol.Greeting} on {n} connections",
        };
    }
}
