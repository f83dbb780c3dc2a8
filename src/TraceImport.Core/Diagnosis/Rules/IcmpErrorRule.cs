using System.Text;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// An ICMP error quotes the datagram that caused it. Matching the quote to a packet in the trace
/// (by addresses, protocol, IP identification, ports and TCP sequence, not by TTL or checksum,
/// which change on the way) says which packet drew the error, how far it had travelled, and
/// whether the sender of the error had any business being on its path.
/// </summary>
public sealed class IcmpErrorRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(IReadOnlyList<PacketFacts> packets)
    {
        foreach (var error in packets.Where(p => p.Icmp is { IsError: true, QuotedIp: not null }))
        {
            var quoted = error.Icmp!.QuotedIp!;
            var original = packets.Where(p => p.Number != error.Number && Quotes(error.Icmp, p))
                .OrderBy(p => p.Number < error.Number ? error.Number - p.Number : int.MaxValue / 2 + p.Number).FirstOrDefault();
            yield return original is null ? Unmatched(error) : Matched(error, original, quoted);
        }
    }

    private static bool Quotes(IcmpFacts icmp, PacketFacts candidate)
    {
        var (quoted, ip) = (icmp.QuotedIp!, candidate.Ip);
        if (ip is null || ip.SourceText != quoted.SourceText || ip.DestinationText != quoted.DestinationText) return false;
        if (ip.Protocol != quoted.Protocol || ip.Id != quoted.Id) return false;
        if (icmp.QuotedTransport is not { } transport) return true;
        if (candidate.Tcp is { } tcp) return tcp.SourcePort == transport.SourcePort && tcp.DestinationPort == transport.DestinationPort && (transport.Seq is null || tcp.Seq == transport.Seq);
        if (candidate.Udp is { } udp) return udp.SourcePort == transport.SourcePort && udp.DestinationPort == transport.DestinationPort;
        return true;
    }

    private static Finding Matched(PacketFacts error, PacketFacts original, IpFacts quoted)
    {
        var icmp = error.Icmp!;
        var what = Describe(original);
        var from = error.Ip!.SourceText;
        var explanation = new StringBuilder();
        explanation.Append($"Packet {error.Number}, ICMP {icmp.TypeName ?? $"type {icmp.Type}"}{(icmp.CodeName is { } code ? $" ({code})" : "")} from {from}, ");
        explanation.Append($"quotes packet {original.Number}: {what}. They match by addresses, protocol, IP identification 0x{quoted.Id:x4}");
        if (icmp.QuotedTransport is { } t) explanation.Append($", ports {t.SourcePort} → {t.DestinationPort}{(t.Seq is { } seq ? $" and TCP sequence 0x{seq:x8}" : "")}");
        explanation.Append(original.Packet.Format != error.Packet.Format || Math.Abs(original.Packet.Source.FirstLine - error.Packet.Source.FirstLine) > 40
            ? $" (the two are in different parts of the document: lines {original.Packet.Source.FirstLine}-{original.Packet.Source.LastLine} and {error.Packet.Source.FirstLine}-{error.Packet.Source.LastLine}). "
            : ". ");

        var evidence = new List<Evidence>
        {
            new(error.Number, "icmp.type", $"{icmp.Type}"), new(error.Number, "icmp.code", $"{icmp.Code}"),
            new(error.Number, "quoted ip.id", $"0x{quoted.Id:x4}"), new(original.Number, "ip.id", $"0x{original.Ip!.Id:x4}"),
        };
        if (Hops(original, quoted) is { } hops)
        {
            explanation.Append($"The quote's TTL is {quoted.Ttl}; the packet was seen with TTL {original.Ip!.Ttl}: it had gone {hops} hop{(hops == 1 ? "" : "s")} from there when {from} turned it back. ");
            evidence.Add(new Evidence(error.Number, "quoted ip.ttl", $"{quoted.Ttl}"));
            evidence.Add(new Evidence(original.Number, "ip.ttl", $"{original.Ip!.Ttl}"));
        }
        var offPath = OffPath(from, original.Ip!);
        if (offPath) explanation.Append($"{from} is neither end of the conversation and on neither end's network, yet it answered for a packet bound to {original.Ip!.DestinationText}: the packet was sent somewhere it should not have gone (a duplicate path, a load balancer or fault-tolerant pair forwarding it twice), and that router could not route it. ");

        var weight = 60;
        var severity = Severity.Warning;
        if (original.Tcp is { Syn: true, HasAck: true } synAck && ServerGreetingRule.SpeaksFirst(synAck.SourcePort))
        {
            explanation.Append($"The error answers the server's SYN-ACK, so the server ({original.Ip!.SourceText}:{synAck.SourcePort}) receives an ICMP error for a connection whose handshake otherwise completes. ")
                .Append("A server that speaks first sends its greeting next, and a pending error on the socket makes that send fail: this is how a server ends up never greeting a client it accepted. ")
                .Append("The packet that explains the silence is ICMP, not the application protocol: a capture filtered on the protocol you suspect hides it.");
            weight = 95;
            severity = Severity.Error;
        }
        return new Finding("icmp-error-matched", severity,
            $"ICMP {icmp.TypeName ?? $"type {icmp.Type}"} from {from}{(offPath ? " (off the path)" : "")} answers packet {original.Number}, {what}",
            explanation.ToString().Trim(), "RFC 792; RFC 1122 §3.2.2 (an ICMP error carries the IP header and first 8 bytes of the datagram that caused it)", weight)
        {
            Packets = [error.Ref("ICMP error"), original.Ref("the packet it quotes")],
            Evidence = evidence,
        };
    }

    private static Finding Unmatched(PacketFacts error)
    {
        var icmp = error.Icmp!;
        var quoted = icmp.QuotedIp!;
        return new Finding("icmp-error-unmatched", Severity.Info,
            $"ICMP {icmp.TypeName ?? $"type {icmp.Type}"} from {error.Ip!.SourceText} quotes a datagram that is not in the trace",
            $"Packet {error.Number} quotes {quoted.SourceText} → {quoted.DestinationText}, protocol {quoted.Protocol}, IP identification 0x{quoted.Id:x4}; no packet in the document has those values.",
            "RFC 792", 15)
        {
            Packets = [error.Ref("ICMP error")],
        };
    }

    private static string Describe(PacketFacts packet)
    {
        var ip = packet.Ip!;
        if (packet.Tcp is { } tcp)
        {
            var kind = tcp.Syn && tcp.HasAck ? "the SYN-ACK" : tcp.Syn ? "the SYN" : tcp.Rst ? "the RST" : tcp.Fin ? "the FIN" : "the segment";
            return $"{kind} {ip.SourceText}:{tcp.SourcePort} → {ip.DestinationText}:{tcp.DestinationPort}";
        }
        if (packet.Udp is { } udp) return $"the datagram {ip.SourceText}:{udp.SourcePort} → {ip.DestinationText}:{udp.DestinationPort}";
        return $"the datagram {ip.SourceText} → {ip.DestinationText}";
    }

    /// <summary>How many routers the packet passed between where it was seen and where it was turned back.</summary>
    private static ulong? Hops(PacketFacts original, IpFacts quoted) =>
        original.Ip!.Ttl is { } seen && quoted.Ttl is { } left && seen >= left ? seen - left : null;

    /// <summary>Neither endpoint, and sharing the first two octets with neither (a router on a path usually shares a network with one end).</summary>
    private static bool OffPath(string from, IpFacts original)
    {
        static string Prefix(string address) => string.Join('.', address.Split('.').Take(2));
        return from != original.SourceText && from != original.DestinationText
            && Prefix(from) != Prefix(original.SourceText) && Prefix(from) != Prefix(original.DestinationText);
    }
}
