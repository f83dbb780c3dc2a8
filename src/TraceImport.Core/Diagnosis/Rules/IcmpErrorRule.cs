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
    /// <summary>
    /// A sender's IP identification repeats after 65,536 datagrams, so a quote can only name one of
    /// the recent ones: that many are remembered, and older ones are forgotten.
    /// </summary>
    public const int RememberedDatagrams = 65_536;


    private sealed class Pending(PacketFacts error)
    {
        public PacketFacts Error { get; } = error;
        public Datagram? Before { get; set; }
        public Datagram? After { get; set; }
    }

    private readonly RecentDatagrams recent = new(RememberedDatagrams);
    private readonly List<Pending> errors = [];
    private readonly FirstFew<PacketRef> unlisted = new(Finding.ListedLimit);
    private readonly Dictionary<QuoteKey, List<Pending>> awaitingLater = [];

    public void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        if (packet.Ip is not { } ip) return;
        var key = recent.KeyOf(ip);
        var datagram = Datagram.Of(packet, key);
        if (awaitingLater.TryGetValue(key, out var waiting)) Answers(key, waiting, datagram);
        if (packet.Icmp is { IsError: true, QuotedIp: not null } && errors.Count >= Finding.ListedLimit) unlisted.Add(packet.Ref("ICMP error"));
        else if (packet.Icmp is { IsError: true, QuotedIp: { } quoted })
        {
            var pending = new Pending(packet);
            var quoteKey = recent.KeyOf(quoted);
            foreach (var candidate in recent.Named(quoteKey))
            {
                if (!Quotes(packet.Icmp, candidate)) continue;
                pending.Before = candidate;
                break;
            }
            if (pending.Before is null) (awaitingLater.TryGetValue(quoteKey, out var list) ? list : awaitingLater[quoteKey] = []).Add(pending);
            errors.Add(pending);
        }
        recent.Remember(datagram);
    }

    /// <summary>The errors waiting for a datagram with this key that <paramref name="datagram"/> is the one quoted by.</summary>
    private void Answers(QuoteKey key, List<Pending> waiting, Datagram datagram)
    {
        // Apart from Observe, which runs for every packet: a lambda there would make its closure for every packet.
        foreach (var pending in waiting.Where(p => Quotes(p.Error.Icmp!, datagram))) pending.After = datagram;
        waiting.RemoveAll(p => p.After is not null);
        if (waiting.Count == 0) awaitingLater.Remove(key);
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var e in errors) yield return (e.Before ?? e.After) is { } original ? Matched(e.Error, original.ToFacts(), e.Error.Icmp!.QuotedIp!) : Unmatched(e.Error);
        if (unlisted.Count > 0)
        {
            yield return new Finding("icmp-errors-more", Severity.Warning,
                $"{unlisted.Count:N0} more ICMP errors, not matched one by one",
                $"The first {errors.Count} ICMP errors are matched to what they quote above; the trace holds {unlisted.Count:N0} more. Filter the trace to them (icmp.type 3, 4, 5, 11, 12) to read them." +
                unlisted.OmittedNote("errors"),
                "RFC 792", 20)
            {
                Packets = unlisted.Items.ToList(),
            };
        }
    }

    /// <summary>Addresses, protocol and identification are the key; ports and the TCP sequence, where the quote holds them, must agree too.</summary>
    private static bool Quotes(IcmpFacts icmp, Datagram candidate)
    {
        if (icmp.QuotedTransport is not { } transport || candidate.Transport == 0) return true;
        return candidate.SourcePort == transport.SourcePort && candidate.DestinationPort == transport.DestinationPort
            && (candidate.Transport != 6 || transport.Seq is null || candidate.Seq == transport.Seq);
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
        explanation.Append(original.Format != error.Format || Math.Abs(original.Source.FirstLine - error.Source.FirstLine) > 40
            ? $" (the two are in different parts of the document: lines {original.Source.FirstLine}-{original.Source.LastLine} and {error.Source.FirstLine}-{error.Source.LastLine}). "
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
        var kindOfError = $"ICMP {icmp.TypeName ?? $"type {icmp.Type}"}{(icmp.CodeName is { } name ? $" ({name})" : "")}";
        var target = original.Tcp is { } t2 ? $"{original.Ip!.DestinationText}:{t2.DestinationPort}" : original.Udp is { } u ? $"{original.Ip!.DestinationText}:{u.DestinationPort}" : original.Ip!.DestinationText;
        return new Finding("icmp-error-matched", severity,
            $"ICMP {icmp.TypeName ?? $"type {icmp.Type}"} from {from}{(offPath ? " (off the path)" : "")} answers packet {original.Number}, {what}",
            explanation.ToString().Trim(), "RFC 792; RFC 1122 §3.2.2 (an ICMP error carries the IP header and first 8 bytes of the datagram that caused it)", weight)
        {
            Packets = [error.Ref("ICMP error"), original.Ref("the packet it quotes")],
            Evidence = evidence,
            GroupKey = $"{from}|{icmp.Type}|{icmp.Code}|{target}|{offPath}|{weight}",
            GroupTitle = n => $"{kindOfError} from {from}{(offPath ? " (off the path)" : "")} answers {n} datagrams to {target}",
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
            GroupKey = $"{error.Ip.SourceText}|{icmp.Type}|{icmp.Code}",
            GroupTitle = n => $"{n} ICMP {icmp.TypeName ?? $"type {icmp.Type}"} errors from {error.Ip.SourceText} quote datagrams that are not in the trace",
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
