using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>One diagnosis of one trace: packets are observed as they are read, findings asked for at the end.</summary>
public sealed class DiagnosisSession
{
    private readonly TcpConversations conversations = new();
    private readonly IReadOnlyList<IDiagnosisRule> rules = DiagnosisEngine.CreateRules();

    public int Packets { get; private set; }

    public void Observe(Packet packet) => Observe(ObservedPacket.From(packet));

    /// <summary>A packet already decoded (<see cref="ObservedPacket.From"/>, which may run on another thread); packets come in order.</summary>
    public void Observe(ObservedPacket observed)
    {
        conversations.Observe(observed);
        foreach (var rule in rules) rule.Observe(observed);
        Packets++;
    }

    /// <summary>Every rule's findings, alike ones made one: errors first, then by how much each explains, then by first packet.</summary>
    public List<Finding> Findings() =>
        FindingGroups.Merge(rules.SelectMany(rule => rule.Finish(conversations.All)))
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Weight)
            .ThenBy(f => f.Packets.Count == 0 ? int.MaxValue : f.Packets.Min(p => p.Number))
            .ToList();
}

public static class DiagnosisEngine
{
    public static IReadOnlyList<IDiagnosisRule> CreateRules() =>
    [
        new Rules.ServerGreetingRule(),
        new Rules.IcmpErrorRule(),
        new Rules.ChecksumRule(),
        new Rules.TransportChecksumRule(),
        new Rules.EditedTraceRule(),
        new Rules.SummaryContradictsBytesRule(),
        new Rules.MalformedRule(),
        new Rules.ArpRule(),
        new Rules.HandDecodeRule(),
        new Rules.UnacknowledgedDataRule(),
        new Rules.PathDropsLargePacketsRule(),
        new Rules.ListenerRule(),
        new Rules.ReceiverStoppedReadingRule(),
        new Rules.UnansweredRequestRule(),
        new Rules.ResetRule(),
        new Rules.TcpAnalysisRule(),
        new Rules.TcpConversationRule(),
    ];

    public static List<Finding> Diagnose(IEnumerable<Packet> packets)
    {
        var session = new DiagnosisSession();
        foreach (var packet in packets) session.Observe(packet);
        return session.Findings();
    }
}
