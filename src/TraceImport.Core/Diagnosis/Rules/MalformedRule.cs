using TraceImport.Decoding;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// Datagrams whose headers cannot be right: an IPv4 header length below 20, a total length shorter than the header or
/// longer than the frame that carried it, options that run past their header, a TCP header length below 20 or past
/// the datagram, a UDP length that disagrees with IP's. A receiver drops them; a text that shows them was cut or edited.
/// </summary>
public sealed class MalformedRule : IDiagnosisRule
{
    private readonly List<Finding> findings = [];
    private int reported;

    public void Observe(ObservedPacket observed)
    {
        if (reported >= Finding.ListedLimit) return;
        foreach (var (code, title, explanation, field, rfc) in observed.Malformed)
        {
            reported++;
            var number = observed.Number;
            var ambiguous = code == "ip-length-beyond-frame";
            findings.Add(new Finding(code, ambiguous ? Severity.Info : Severity.Error, $"Packet {number}: {title}", $"Packet {number}: {explanation}", rfc, ambiguous ? 12 : 65)
            {
                Packets = [observed.Facts.Ref(title)],
                Evidence = field is null ? [] : [new Evidence(number, field.Name, field.Value ?? field.Raw)],
                GroupKey = ambiguous ? code : $"{code}|{Generic(title)}",
                GroupTitle = n => ambiguous ? $"{n} packets: the text shows only part of the datagram" : $"{n} packets: {Generic(title)}",
            });
        }
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations) => findings;

    /// <summary>The text states the frame's length (a summary line's Length column) and shows every byte of it: the frame ends where the bytes do.</summary>
    private static bool WholeFrameStated(Model.Packet packet) =>
        packet.OriginalLength == packet.Data.Length && packet.Stated.Any(s => s.Field == "frame.len" && s.Value == $"{packet.Data.Length}");

    /// <summary>The title's kind of fault without the numbers of the one packet.</summary>
    private static string Generic(string title) => title.Split(':')[0].Split('(')[0].Trim();

    /// <summary>One thing that cannot be right in a datagram's headers: the finding's code, title and explanation, the field that shows it, the RFC.</summary>
    public readonly record struct Problem(string Code, string Title, string Explanation, DecodedField? Field, string Rfc);

    /// <summary>What cannot be right in the packet's headers; it depends on the packet alone (<see cref="ObservedPacket.From"/> finds it on the decode thread).</summary>
    internal static IEnumerable<Problem> Problems(ObservedPacket observed)
    {
        var packet = observed.Packet;
        foreach (var layer in observed.Decode.Layers)
        {
            switch (layer.Protocol)
            {
                case "ip":
                {
                    if (layer.Field("ip.hdr_len") is { Status: FieldStatus.Bad, Number: { } bytes } hl)
                        yield return new Problem("ip-malformed", $"IPv4 header length {bytes} (below 20)", $"the IPv4 header length field says {bytes / 4} × 4 = {bytes} bytes, but an IPv4 header is at least 20 bytes; a receiver drops the datagram.", hl, "RFC 791 §3.1");
                    if (layer.Field("ip.len") is { Status: FieldStatus.Bad, Number: { } shortLength } sl)
                        yield return new Problem("ip-malformed", $"IPv4 total length {shortLength} (shorter than its header)", $"the IPv4 total length {shortLength} is shorter than the {layer.Length}-byte header it includes; a receiver drops the datagram.", sl, "RFC 791 §3.1");
                    // Only a frame whose length the text states (longer than the bytes it shows) can be known to end before its
                    // datagram; a print that simply stops (a snapshot length, headers pasted alone) says nothing of the wire.
                    else if (WholeFrameStated(packet) && layer.Field("ip.len") is { Number: { } total and > 0 } frameWhole && layer.Offset + (long)total > packet.OriginalLength)
                        yield return new Problem("ip-malformed", $"IPv4 total length {total} (the frame carries {packet.OriginalLength - layer.Offset})",
                            $"the IPv4 total length {total} runs past the frame: the text states the frame as {packet.OriginalLength} bytes and shows them all, " +
                            $"{packet.OriginalLength - layer.Offset} of them after the link header. The datagram was sent or cut short so; a receiver drops it.", frameWhole, "RFC 791 §3.1; RFC 1122 §3.2.1.1");
                    else if (packet.OriginalLength > packet.Data.Length && layer.Field("ip.len") is { Number: { } total2 and > 0 } tl && layer.Offset + (long)total2 > packet.OriginalLength)
                        yield return new Problem("ip-length-beyond-frame", $"the text shows {packet.OriginalLength - layer.Offset} bytes of a {total2}-byte IPv4 datagram",
                            $"the text gives the frame as {packet.OriginalLength} bytes, {packet.OriginalLength - layer.Offset} of them after the link header, but the IPv4 header says the datagram alone is {total2} bytes. " +
                            "The capture kept only the start of the packet (a snapshot length, as when only headers are captured), the text was edited, or the datagram was cut short on the wire, in which case a receiver drops it.", tl, "RFC 791 §3.1; RFC 1122 §3.2.1.1");
                    foreach (var option in layer.Layers.Where(o => o.Protocol.StartsWith("ip.opt", StringComparison.Ordinal)))
                    {
                        var bad = option.Fields.FirstOrDefault(f => f.Status == FieldStatus.Bad);
                        if (bad is not null || option.Offset + option.Length > layer.Offset + layer.Length)
                            yield return new Problem("ip-malformed", $"IPv4 option at byte {option.Offset} runs past the header",
                                $"the IPv4 option at byte {option.Offset} {(bad is not null ? $"has length {bad.Value ?? bad.Raw}, which cannot be" : $"is {option.Length} bytes long and runs past the {layer.Length}-byte header")}; a receiver drops the datagram (or, a router, answers with a Parameter Problem).",
                                bad ?? option.Field("ip.opt.len") ?? option.Fields.FirstOrDefault(), "RFC 791 §3.1; RFC 1122 §3.2.1.8");
                    }
                    break;
                }
                case "ipv6":
                    if (packet.OriginalLength > packet.Data.Length && layer.Field("ipv6.plen") is { Number: { } payload } pl && layer.Offset + 40 + (long)payload > packet.OriginalLength)
                        yield return new Problem("ip-length-beyond-frame", $"the text shows {packet.OriginalLength - layer.Offset - 40} bytes of a {payload}-byte IPv6 payload",
                            $"the text gives the frame as {packet.OriginalLength} bytes, {packet.OriginalLength - layer.Offset - 40} of them after the IPv6 header, but that header says {payload} bytes follow it. " +
                            "The capture kept only the start of the packet, the text was edited, or the datagram was cut short on the wire.", pl, "RFC 8200 §3");
                    break;
                case "tcp":
                {
                    if (layer.Field("tcp.hdr_len") is { Status: FieldStatus.Bad, Number: { } bytes } hl)
                        yield return new Problem("tcp-malformed", $"TCP header length {bytes} (below 20)", $"the TCP data offset says {bytes / 4} × 4 = {bytes} bytes, but a TCP header is at least 20 bytes; the receiver drops the segment.", hl, "RFC 9293 §3.1");
                    else if (observed.Facts.Tcp is { PayloadLength: null } && layer.Field("tcp.hdr_len") is { Number: { } claimed } && observed.Facts.Ip?.DatagramLength is { } datagram && datagram > 0)
                        yield return new Problem("tcp-malformed", $"TCP header length {claimed} (past the end of the datagram)", $"the TCP header claims {claimed} bytes, more than the IP datagram leaves for it; the receiver drops the segment.", layer.Field("tcp.hdr_len"), "RFC 9293 §3.1");
                    foreach (var option in layer.Layers)
                    {
                        if (option.Fields.FirstOrDefault(f => f.Status == FieldStatus.Bad) is not { Number: { } size } bad) continue;
                        var why = size < 2 ? "below the 2 bytes an option with a length has" : $"running past the end of the options at byte {layer.Offset + layer.Length}";
                        yield return new Problem("tcp-malformed", $"TCP option at byte {option.Offset} with length {size}", $"the TCP option at byte {option.Offset} has length {size}, {why}; the receiver may drop the segment or ignore its options.", bad, "RFC 9293 §3.1");
                    }
                    break;
                }
                case "udp":
                    // The first fragment of a datagram carries only part of what its UDP length counts.
                    if (layer.Field("udp.length") is { Status: FieldStatus.Bad, Number: { } stated } ul && !TransportChecksumRule.FirstFragment(observed.Decode)
                        && observed.Facts.Ip?.DatagramLength is { } whole && observed.Facts.Ip.HeaderLength is { } header)
                        yield return new Problem("udp-malformed", $"UDP length {stated} (the IP datagram carries {whole - header})", $"the UDP length field says {stated} bytes, but the IP datagram carries {whole - header} bytes of UDP; a receiver drops the datagram.", ul, "RFC 768");
                    break;
            }
        }
    }
}
