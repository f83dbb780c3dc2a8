using TraceImport.Model;

namespace TraceImport.Pcapng;

/// <summary>The comments a packet carries into pcapng: where it came from and what the text did not show.</summary>
public static class PacketComments
{
    public static IEnumerable<string> For(Packet packet)
    {
        if (packet.Heading is { Length: > 0 } heading) yield return $"heading: {heading}";
        yield return $"source: {packet.Source} ({packet.Format})";
        if (MaskedRanges(packet) is { } masked) yield return $"masked in the source (X), written as 0: bytes {masked}";
        if (UnshownRanges(packet) is { } unshown) yield return $"not shown in the source (unknown), written as 0: bytes {unshown}";
        if (packet.Time is { Date: DateOrigin.Assumed }) yield return "date assumed: the source prints a time of day only";
        foreach (var comment in packet.Comments) yield return comment;
    }

    /// <summary>"0-3, 6-9" for the byte ranges the author masked with X, or null when none is.</summary>
    public static string? MaskedRanges(Packet packet) => packet.Unknown is null ? null : Describe(packet.Unknown.MaskedByteRanges());

    /// <summary>"60-99" for the byte ranges the text never showed (and did not mask), or null when none.</summary>
    public static string? UnshownRanges(Packet packet) => packet.Unknown is null ? null : Describe(packet.Unknown.UnshownByteRanges());

    private static string? Describe(IEnumerable<(int First, int Last)> ranges)
    {
        var list = ranges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}").ToList();
        return list.Count == 0 ? null : string.Join(", ", list);
    }
}
