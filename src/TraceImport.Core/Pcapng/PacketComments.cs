using TraceImport.Model;

namespace TraceImport.Pcapng;

/// <summary>The comments a packet carries into pcapng: where it came from and what the text did not show.</summary>
public static class PacketComments
{
    public static IEnumerable<string> For(Packet packet)
    {
        if (packet.Heading is { Length: > 0 } heading) yield return $"heading: {heading}";
        yield return $"source: {packet.Source} ({packet.Format})";
        if (MaskedRanges(packet) is { } masked) yield return $"unknown in the source, written as 0: bytes {masked}";
        if (packet.Time is { Date: DateOrigin.Assumed }) yield return "date assumed: the source prints a time of day only";
        foreach (var comment in packet.Comments) yield return comment;
    }

    /// <summary>"0-3, 6-9" for the byte ranges holding unknown nibbles, or null when all are known.</summary>
    public static string? MaskedRanges(Packet packet)
    {
        if (packet.Unknown is null) return null;
        var ranges = packet.Unknown.UnknownByteRanges().Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}").ToList();
        return ranges.Count == 0 ? null : string.Join(", ", ranges);
    }
}
