namespace TraceImport.Diagnosis;

/// <summary>
/// Alike findings made one: the first one's explanation, the packets and evidence of all (the first
/// <see cref="Finding.ListedLimit"/> of them), and how many there were.
/// </summary>
public static class FindingGroups
{
    public static IEnumerable<Finding> Merge(IEnumerable<Finding> findings)
    {
        var groups = new Dictionary<(string Code, string Key), List<Finding>>();
        var order = new List<(string, string)>();
        foreach (var finding in findings)
        {
            var key = (finding.Code, finding.GroupKey ?? finding.Title);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(key);
            }
            group.Add(finding);
        }
        foreach (var key in order)
        {
            var group = groups[key];
            yield return group.Count == 1 ? group[0] : Merged(group);
        }
    }

    private static Finding Merged(List<Finding> group)
    {
        var first = group[0];
        var packets = group.SelectMany(f => f.Packets).DistinctBy(p => (p.Number, p.Role)).Take(Finding.ListedLimit).ToList();
        var others = group.Skip(1).SelectMany(f => f.Packets.Select(p => p.Number)).Except(first.Packets.Select(p => p.Number)).ToList();
        var explanation = (first.GroupExplanation ?? first.Explanation) +
            $" {group.Count - 1} more alike{(others.Count > 0 ? $" (packets {Say.Packets(others.Take(Finding.ListedLimit))}{(others.Count > Finding.ListedLimit ? ", …" : "")})" : "")}.";
        return new Finding(first.Code, group.Max(f => f.Severity), first.GroupTitle?.Invoke(group.Count) ?? $"{first.Title} ({group.Count} times)",
            explanation, first.Rfc, group.Max(f => f.Weight))
        {
            Packets = packets,
            Evidence = group.SelectMany(f => f.Evidence).Take(Finding.ListedLimit).ToList(),
            PacketCount = group.Sum(f => f.PacketCount),
        };
    }
}
