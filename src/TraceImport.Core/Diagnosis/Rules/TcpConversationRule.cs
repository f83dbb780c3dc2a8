using System.Globalization;
using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>Each TCP connection in a line or two: handshake, data each way, who closed, resets, retransmissions, long silences.</summary>
public sealed class TcpConversationRule : IDiagnosisRule
{
    private const double Silence = 10.0;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<PacketFacts> packets)
    {
        foreach (var c in TcpConversation.Of(packets))
        {
            var text = new StringBuilder();
            text.Append(c.HandshakeComplete ? "Handshake complete" : c.Syn is not null ? "Handshake incomplete" : "Joined after the handshake");
            text.Append($"; the client sent {c.BytesFrom(true)} byte(s), the server {c.BytesFrom(false)}");
            var clientClose = c.FirstClose(true);
            var serverClose = c.FirstClose(false);
            var closer = new[] { clientClose, serverClose }.Where(p => p is not null).OrderBy(p => p!.Number).FirstOrDefault();
            if (closer is not null)
            {
                var who = c.FromClient(closer) ? "client" : "server";
                text.Append(closer.Tcp!.Rst ? $"; the {who} reset it (packet {closer.Number})" : $"; the {who} closed first (packet {closer.Number})");
            }
            var resets = c.Packets.Where(p => p.Tcp!.Rst).ToList();
            if (resets.Count > 0 && resets[0] != closer) text.Append($"; reset by the {(c.FromClient(resets[0]) ? "client" : "server")} (packet {resets[0].Number})");
            var retransmissions = c.Packets.Where(p => p.Tcp!.PayloadLength > 0)
                .GroupBy(p => (c.FromClient(p), p.Tcp!.Seq)).Where(g => g.Key.Seq is not null && g.Count() > 1).SelectMany(g => g.Skip(1)).ToList();
            if (retransmissions.Count > 0) text.Append($"; {retransmissions.Count} retransmission(s) (packets {string.Join(", ", retransmissions.Select(p => p.Number))})");
            for (var i = 1; i < c.Packets.Count; i++)
            {
                if (TcpConversation.Seconds(c.Packets[i - 1], c.Packets[i]) is { } gap && gap >= Silence)
                    text.Append($"; {gap.ToString("0.0", CultureInfo.InvariantCulture)} s of silence before packet {c.Packets[i].Number}");
            }
            text.Append('.');
            yield return new Finding("tcp-conversation", retransmissions.Count > 0 ? Severity.Warning : Severity.Info,
                $"TCP {c.Client} → {c.Server} ({c.Protocol}), {c.Packets.Count} packet(s)", text.ToString(), "RFC 9293", 10)
            {
                Packets = c.Packets.Select(p => p.Ref("")).ToList(),
            };
        }
    }
}
