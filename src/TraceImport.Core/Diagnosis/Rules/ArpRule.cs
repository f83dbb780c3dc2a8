namespace TraceImport.Diagnosis.Rules;

/// <summary>ARP: replies with a broadcast or multicast sender address, one IP address claimed by two hosts, requests nobody answered.</summary>
public sealed class ArpRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(IReadOnlyList<PacketFacts> packets)
    {
        var arp = packets.Where(p => p.Arp is not null).ToList();
        foreach (var reply in arp.Where(p => p.Arp!.Opcode == 2 && p.Arp.SenderMac is { } mac && (mac[0] & 1) == 1))
        {
            yield return new Finding("arp-reply-group-sender", Severity.Warning,
                $"ARP reply (packet {reply.Number}) gives a broadcast or multicast address as {reply.Arp!.SenderIp}'s hardware address",
                "A host's hardware address is unicast; an ARP reply mapping an IP address to a group address sends that address's traffic to every host (or none), and RFC 1812 §3.3.2 tells routers to ignore such replies.",
                "RFC 826; RFC 1812 §3.3.2", 40)
            {
                Packets = [reply.Ref("ARP reply")],
            };
        }
        foreach (var claim in arp.Where(p => p.Arp!.SenderIp is not null && p.Arp.SenderMac is not null && p.Arp.SenderIp != "0.0.0.0")
                     .GroupBy(p => p.Arp!.SenderIp!)
                     .Where(g => g.Select(p => Convert.ToHexString(p.Arp!.SenderMac!)).Distinct().Count() > 1))
        {
            var macs = claim.Select(p => string.Join(':', p.Arp!.SenderMac!.Select(b => b.ToString("x2")))).Distinct();
            yield return new Finding("arp-duplicate-address", Severity.Error,
                $"{claim.Key} is claimed by {claim.Select(p => Convert.ToHexString(p.Arp!.SenderMac!)).Distinct().Count()} hardware addresses",
                $"ARP packets give {claim.Key} as the address of {string.Join(" and ", macs)}: two hosts use the same IP address, and traffic for it goes to whichever answered last.",
                "RFC 5227 §2.1.1 (address conflict detection)", 80)
            {
                Packets = claim.Select(p => p.Ref("claims " + claim.Key)).ToList(),
            };
        }
        foreach (var request in arp.Where(p => p.Arp!.Opcode == 1 && p.Arp.TargetIp is not null))
        {
            var target = request.Arp!.TargetIp;
            if (arp.Any(p => p.Number > request.Number && p.Arp!.Opcode == 2 && p.Arp.SenderIp == target)) continue;
            if (request.Arp.SenderIp == target) continue; // a gratuitous ARP expects no reply
            yield return new Finding("arp-unanswered", Severity.Info,
                $"Nobody answered the ARP request for {target} (packet {request.Number})",
                $"{request.Arp.SenderIp ?? "A host"} asked for {target}'s hardware address and no reply is in the trace: the host is down, on another network, or the reply was not captured.",
                "RFC 826", 10)
            {
                Packets = [request.Ref("ARP request")],
            };
        }
    }
}
