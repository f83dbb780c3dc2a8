namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Marks a text leaves when it was edited or pieced together: packets whose IP and TCP or UDP checksums are both off
/// by the same amount (an address changed by hand), and times that run backwards within one trace.
/// </summary>
public sealed class EditedTraceRule : IDiagnosisRule
{
    private readonly Dictionary<string, FirstFew<(PacketRef Packet, ushort Shift)>> shifted = [];
    private readonly FirstFew<(PacketRef Packet, PacketRef Before, double Seconds)> backwards = new(Finding.ListedLimit);
    private PacketFacts? previous;

    public void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        if (observed.AddressShift is { } shift)
        {
            if (!shifted.TryGetValue(packet.Format, out var list)) shifted[packet.Format] = list = new(Finding.ListedLimit);
            list.Add((packet.Ref($"ip.checksum and {(packet.Tcp is not null ? "tcp" : "udp")}.checksum both off by 0x{shift:x4}"), shift));
        }
        if (previous is { Time: { } before } && packet.Time is { } now && previous.Format == packet.Format && now.UnixNanoseconds < before.UnixNanoseconds)
            backwards.Add((packet.Ref("earlier than the packet before it"), previous.Ref("the packet before"), (before.UnixNanoseconds - now.UnixNanoseconds) / 1e9));
        if (packet.Time is not null) previous = packet;
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        foreach (var (format, list) in shifted)
        {
            var shifts = list.Items.Select(i => i.Shift).Distinct().Take(5).Select(s => $"0x{s:x4}");
            yield return new Finding("addresses-edited", Severity.Warning,
                list.Count == 1
                    ? $"Packet {list.Items[0].Packet.Number} looks edited: its IP and {Transport(list.Items[0].Packet)} checksums are both wrong by the same amount"
                    : $"{list.Count:N0} packets in the {format} trace look edited: their IP and transport checksums are both wrong by the same amount",
                $"In {(list.Count == 1 ? "this packet" : "these packets")} the IPv4 header checksum and the TCP or UDP checksum are both wrong, and by the same amount " +
                $"({string.Join(", ", shifts)} in ones'-complement arithmetic). Both sums cover the source and destination addresses — the transport's through its " +
                "pseudo-header — and nothing else in common, so this is exactly what changing an address after capture does; damage on the wire, a router " +
                "rewriting the TTL, or checksum offload would not shift both alike. The addresses were edited (anonymised by hand): they are not the ones on the " +
                "wire, and the checksum verdicts of these packets are not evidence of a fault." + list.OmittedNote("packets"),
                "RFC 1071; RFC 1624 (how a change to the data shifts the checksum)", 35)
            {
                Packets = list.Items.Select(i => i.Packet).ToList(),
                PacketCount = list.Count,
                Evidence = list.Items.Take(20).Select(i => new Evidence(i.Packet.Number, "checksums off by", $"0x{i.Shift:x4}")).ToList(),
            };
        }
        if (backwards.Count > 0)
        {
            var first = backwards.Items[0];
            yield return new Finding("time-goes-backwards", Severity.Warning,
                backwards.Count == 1
                    ? $"Packet {first.Packet.Number} is timed {Say.Seconds(first.Seconds)} before the packet printed ahead of it"
                    : $"{backwards.Count:N0} packets are timed before the packet printed ahead of them",
                $"Within one trace, packet {first.Packet.Number} carries a time {Say.Seconds(first.Seconds)} earlier than packet {first.Before.Number} just before it" +
                (backwards.Count > 1 ? $", and {backwards.Count - 1:N0} more packets do the same" : "") +
                ". A capture writes packets in the order it takes them: the text was pieced together from several captures or edited, or the capturing " +
                "host's clock was stepped back while it ran. Intervals that span the step are not to be trusted." + backwards.OmittedNote("packets"),
                null, 30)
            {
                Packets = backwards.Items.SelectMany(b => new[] { b.Before, b.Packet }).ToList(),
                PacketCount = backwards.Count,
                Evidence = backwards.Items.Take(20).Select(b => new Evidence(b.Packet.Number, "earlier than the packet before by", Say.Seconds(b.Seconds))).ToList(),
            };
        }
    }

    private static string Transport(PacketRef packet) => packet.Role.Contains("tcp.") ? "TCP" : "UDP";
}
