using System.Globalization;
using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>Each TCP connection in a line or two: handshake, data each way, who closed, resets, retransmissions, long silences.</summary>
public sealed class TcpConversationRule : IDiagnosisRule
{
    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var c in conversations)
        {
            var text = new StringBuilder();
            text.Append(c.HandshakeComplete ? "Handshake complete" : c.Syn is not null ? "Handshake incomplete" : "Joined after the handshake");
            text.Append($"; the client sent {c.ClientBytes} byte(s), the server {c.ServerBytes}");
            var closer = new[] { c.FirstClientClose, c.FirstServerClose }.Where(p => p is not null).OrderBy(p => p!.Number).FirstOrDefault();
            if (closer is not null)
            {
                var who = c.FromClient(closer) ? "client" : "server";
                text.Append(closer.Tcp!.Rst ? $"; the {who} reset it (packet {closer.Number})" : $"; the {who} closed first (packet {closer.Number})");
            }
            if (c.FirstReset is { } reset && reset != closer) text.Append($"; reset by the {(c.FromClient(reset) ? "client" : "server")} (packet {reset.Number})");
            if (c.Retransmissions.Count > 0)
                text.Append($"; {c.Retransmissions.Count} retransmission(s) (packets {string.Join(", ", c.Retransmissions.Items)}{(c.Retransmissions.Omitted > 0 ? ", …" : "")})");
            foreach (var (seconds, before) in c.Silences.Items)
                text.Append($"; {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s of silence before packet {before}");
            if (c.Silences.Omitted > 0) text.Append($"; {c.Silences.Omitted} more silence(s)");
            text.Append('.');
            text.Append(c.Packets.OmittedNote("packets"));
            yield return new Finding("tcp-conversation", c.Retransmissions.Count > 0 ? Severity.Warning : Severity.Info,
                $"TCP {c.Client} → {c.Server} ({c.Protocol}), {c.Packets.Count} packet(s)", text.ToString(), "RFC 9293", 10)
            {
                Packets = c.Packets.Items.ToList(),
            };
        }
    }
}
