using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>A rule over the whole trace: every packet's facts, in document order.</summary>
public interface IDiagnosisRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<PacketFacts> packets);
}

/// <summary>Runs every rule and orders the findings: errors first, then by how much each explains.</summary>
public static class DiagnosisEngine
{
    public static IReadOnlyList<IDiagnosisRule> Rules { get; } =
    [
        new Rules.ServerGreetingRule(),
        new Rules.IcmpErrorRule(),
        new Rules.ChecksumRule(),
        new Rules.ArpRule(),
        new Rules.HandDecodeRule(),
        new Rules.TcpConversationRule(),
    ];

    public static List<Finding> Diagnose(IEnumerable<Packet> packets)
    {
        var facts = packets.Select(PacketFacts.From).ToList();
        return Rules.SelectMany(rule => rule.Evaluate(facts))
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Weight)
            .ThenBy(f => f.Packets.Count == 0 ? int.MaxValue : f.Packets.Min(p => p.Number))
            .ToList();
    }
}
