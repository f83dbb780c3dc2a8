using TraceImport.Decoding;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Wrong TCP, UDP, ICMP, ICMPv6 and GRE checksums one by one, grouped by sender. When every checksum from one host is
/// wrong and every other host's holds, the trace was most likely captured on that host with checksum offload.
/// A trace where every checksum of a kind is wrong (edited text) and packets whose addresses were edited are left to
/// the findings that say so.
/// </summary>
public sealed class TransportChecksumRule : IDiagnosisRule
{
    /// <summary>How many senders' counts are kept per kind of checksum; past that, hosts are not told apart.</summary>
    public const int SenderLimit = 4096;

    private sealed class Tally
    {
        public int Judged;
        public int Bad;
    }

    private sealed class Kind
    {
        public int Judged;
        public int Bad;
        public Dictionary<string, Tally> BySender { get; } = [];
        public Dictionary<string, FirstFew<(PacketFacts Packet, DecodedField Field)>> BadBySender { get; } = [];
    }

    private readonly Dictionary<(string Format, string Field), Kind> kinds = [];

    public void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        if (packet.Ip is not { } ip) return;
        if (observed.TransportJudgedFromPart) return;
        var checksums = observed.Checksums;
        for (var i = 0; i < checksums.Count; i++) // an index loop: a foreach over the IReadOnlyList would box an enumerator for every packet
        {
            var (field, depth) = checksums[i];
            if (depth != 0 || field.Name is not ("tcp.checksum" or "udp.checksum" or "icmp.checksum" or "icmpv6.checksum" or "gre.checksum")) continue;
            if (field.Checksum is not { Cause: ChecksumCause.Holds or ChecksumCause.Wrong } verdict) continue;
            var key = (packet.Format, field.Name);
            if (!kinds.TryGetValue(key, out var kind)) kinds[key] = kind = new Kind();
            kind.Judged++;
            var sender = kind.BySender.TryGetValue(ip.SourceText, out var tally) ? tally
                : kind.BySender.Count < SenderLimit ? kind.BySender[ip.SourceText] = new Tally() : null;
            if (sender is not null) sender.Judged++;
            if (verdict.Cause != ChecksumCause.Wrong) continue;
            kind.Bad++;
            if (sender is not null) sender.Bad++;
            if (observed.AddressShift is not null) continue;
            if (!kind.BadBySender.TryGetValue(ip.SourceText, out var bad)) kind.BadBySender[ip.SourceText] = bad = new(Finding.ListedLimit);
            bad.Add((packet, field));
        }
    }

    /// <summary>
    /// A transport checksum covers the whole datagram, and its pseudo-header holds the final destination: in the first
    /// fragment of a datagram, or behind an IPv6 routing header (whose final destination this decode does not read),
    /// the verdict reckoned from this packet alone is no evidence either way (Wireshark leaves it unverified).
    /// </summary>
    internal static bool JudgedFromPart(PacketDecode decode)
    {
        if (FirstFragment(decode)) return true;
        for (var i = 0; i < decode.Layers.Count; i++)
        {
            var layer = decode.Layers[i];
            // IPv6's extension headers are the layers inside its own.
            if (layer.Protocol != "ipv6") continue;
            foreach (var header in layer.Layers)
            {
                if (header.Field("ipv6.routing.nxt") is not null) return true;
            }
        }
        return false;
    }

    /// <summary>The packet is the first fragment of an IPv4 or IPv6 datagram (more fragments follow; a later one has no transport header to judge).</summary>
    internal static bool FirstFragment(PacketDecode decode)
    {
        for (var i = 0; i < decode.Layers.Count; i++)
        {
            var layer = decode.Layers[i];
            if (layer.Protocol == "ip" && layer.Field("ip.flags.mf")?.Number == 1) return true;
            if (layer.Protocol != "ipv6") continue;
            foreach (var header in layer.Layers)
            {
                if (header.Field("ipv6.fraghdr.more")?.Number == 1) return true;
            }
        }
        return false;
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var ((format, field), kind) in kinds)
        {
            // Every checksum of the kind wrong: the trace-wide finding says the text was edited.
            if (kind.Bad >= 2 && kind.Bad == kind.Judged) continue;
            var protocol = field[..field.IndexOf('.')];
            foreach (var (sender, bad) in kind.BadBySender)
            {
                var tally = kind.BySender.GetValueOrDefault(sender);
                var othersHold = kind.BySender.Where(s => s.Key != sender).Sum(s => s.Value.Judged - s.Value.Bad) > 0;
                var offloadLikely = tally is not null && tally.Bad == tally.Judged && tally.Judged >= 2 && othersHold
                                    && kind.BySender.Where(s => s.Key != sender).All(s => s.Value.Bad == 0);
                yield return Bad(format, protocol, field, sender, bad, tally, offloadLikely);
            }
        }
    }

    private static Finding Bad(string format, string protocol, string field, string sender, FirstFew<(PacketFacts Packet, DecodedField Field)> bad,
        Tally? tally, bool offloadLikely)
    {
        var name = protocol.ToUpperInvariant();
        var (first, firstField) = bad.Items[0];
        var verdict = firstField.Checksum!;
        var explanation = bad.Count == 1
            ? $"The {name} checksum of packet {first.Number} ({first.Ip!.SourceText} → {first.Ip.DestinationText}) is {firstField.Value ?? firstField.Raw}; the bytes it covers give {verdict.ExpectedText}. "
            : $"{bad.Count:N0} packets from {sender} carry a wrong {name} checksum (the first, packet {first.Number}, holds {firstField.Value ?? firstField.Raw} where its bytes give {verdict.ExpectedText}). ";
        if (offloadLikely)
        {
            explanation += $"Every {name} checksum from {sender} in this trace is wrong ({tally!.Bad} of {tally.Judged}) and every other host's holds: the trace was most likely " +
                           $"captured on {sender} itself, whose network card fills in checksums after the capture point (checksum offload). These packets left correct; " +
                           "the verdicts are not evidence of damage.";
        }
        else
        {
            explanation += protocol switch
            {
                "tcp" => "The receiving TCP discards a segment whose checksum fails, so it never reaches the application and the sender has to send it again: ",
                "udp" => "The receiving host discards a UDP datagram whose checksum fails, and nothing resends it: ",
                _ => "The receiver discards such a message: ",
            } + (tally is { } t && t.Bad < t.Judged
                ? $"{sender}'s other {name} checksums hold, so these packets were damaged on the way to the capture point, or the text was edited there."
                : "the packets were damaged on the way to the capture point, or the text was edited.");
        }
        return new Finding($"{protocol}-checksum-bad", offloadLikely ? Severity.Info : Severity.Warning,
            bad.Count == 1
                ? $"Packet {first.Number} has a wrong {name} checksum {firstField.Value ?? firstField.Raw} ({verdict.Note()}){(offloadLikely ? ": checksum offload on the sender, most likely" : "")}"
                : $"{bad.Count:N0} packets from {sender} have a wrong {name} checksum{(offloadLikely ? ": checksum offload on the sender, most likely" : "")}",
            explanation + bad.OmittedNote("packets"), Rfc(protocol), offloadLikely ? 8 : 45)
        {
            Packets = bad.Items.Select(b => b.Packet.Ref($"{field} {b.Field.Value ?? b.Field.Raw}, {b.Field.Checksum!.ShouldBe()}")).ToList(),
            PacketCount = bad.Count,
            Evidence = bad.Items.Take(20).Select(b => new Evidence(b.Packet.Number, field, $"{b.Field.Value ?? b.Field.Raw} ({b.Field.Checksum!.ShouldBe()})")).ToList(),
        };
    }

    private static string Rfc(string protocol) => protocol switch
    {
        "tcp" => "RFC 9293 §3.1; RFC 1071",
        "udp" => "RFC 768; RFC 1122 §4.1.3.4",
        "icmp" => "RFC 792",
        "icmpv6" => "RFC 4443 §2.3",
        _ => "RFC 2784",
    };
}
