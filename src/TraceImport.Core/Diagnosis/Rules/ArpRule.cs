namespace TraceImport.Diagnosis.Rules;

/// <summary>ARP: replies with a broadcast or multicast sender address, one IP address claimed by two hosts, requests nobody answered.</summary>
public sealed class ArpRule : IDiagnosisRule
{
    private sealed class Claims
    {
        public List<string> Macs { get; } = [];
        public FirstFew<PacketRef> Packets { get; } = new(Finding.ListedLimit);
    }

    private readonly List<Finding> groupSenders = [];
    private readonly Dictionary<string, Claims> claims = [];
    private readonly Dictionary<string, List<PacketFacts>> unanswered = [];

    public void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        if (packet.Arp is not { } arp) return;
        if (arp.Opcode == 2 && arp.SenderMac is { } mac && (mac[0] & 1) == 1) groupSenders.Add(GroupSender(packet));
        if (arp.SenderIp is { } ip && arp.SenderMac is not null && ip != "0.0.0.0")
        {
            if (!claims.TryGetValue(ip, out var claim)) claims[ip] = claim = new Claims();
            var hardware = string.Join(':', arp.SenderMac.Select(b => b.ToString("x2")));
            if (!claim.Macs.Contains(hardware)) claim.Macs.Add(hardware);
            claim.Packets.Add(packet.Ref("claims " + ip));
        }
        if (arp.Opcode == 2 && arp.SenderIp is { } answered) unanswered.Remove(answered);
        // A gratuitous ARP (asking for its own address) expects no reply.
        if (arp.Opcode == 1 && arp.TargetIp is { } target && arp.SenderIp != target)
        {
            if (!unanswered.TryGetValue(target, out var requests)) unanswered[target] = requests = [];
            if (requests.Count < Finding.ListedLimit) requests.Add(packet);
        }
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var finding in groupSenders) yield return finding;
        foreach (var (ip, claim) in claims.Where(c => c.Value.Macs.Count > 1))
        {
            yield return new Finding("arp-duplicate-address", Severity.Error,
                $"{ip} is claimed by {claim.Macs.Count} hardware addresses",
                $"ARP packets give {ip} as the address of {string.Join(" and ", claim.Macs)}: two hosts use the same IP address, and traffic for it goes to whichever answered last." +
                claim.Packets.OmittedNote("packets"),
                "RFC 5227 §2.1.1 (address conflict detection)", 80)
            {
                Packets = claim.Packets.Items.ToList(),
            };
        }
        foreach (var request in unanswered.Values.SelectMany(r => r).OrderBy(r => r.Number))
        {
            var arp = request.Arp!;
            yield return new Finding("arp-unanswered", Severity.Info,
                $"Nobody answered the ARP request for {arp.TargetIp} (packet {request.Number})",
                $"{arp.SenderIp ?? "A host"} asked for {arp.TargetIp}'s hardware address and no reply is in the trace: the host is down, on another network, or the reply was not captured.",
                "RFC 826", 10)
            {
                Packets = [request.Ref("ARP request")],
                GroupKey = arp.TargetIp,
                GroupTitle = n => $"Nobody answered {n} ARP requests for {arp.TargetIp}",
            };
        }
    }

    private static Finding GroupSender(PacketFacts reply) =>
        new("arp-reply-group-sender", Severity.Warning,
            $"ARP reply (packet {reply.Number}) gives a broadcast or multicast address as {reply.Arp!.SenderIp}'s hardware address",
            "A host's hardware address is unicast; an ARP reply mapping an IP address to a group address sends that address's traffic to every host (or none), and RFC 1812 §3.3.2 tells routers to ignore such replies.",
            "RFC 826; RFC 1812 §3.3.2", 40)
        {
            Packets = [reply.Ref("ARP reply")],
            GroupKey = reply.Arp.SenderIp,
            GroupTitle = n => $"{n} ARP replies give a broadcast or multicast address as {reply.Arp.SenderIp}'s hardware address",
        };
}
