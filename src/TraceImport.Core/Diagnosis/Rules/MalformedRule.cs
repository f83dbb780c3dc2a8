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
    private static bool WholeFrameStated(Model.Packet packet)
    {
        if (packet.OriginalLength != packet.Data.Length) return false;
        Span<char> length = stackalloc char[11];
        packet.Data.Length.TryFormat(length, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        foreach (var stated in packet.Stated)
        {
            if (stated.Field == "frame.len" && stated.Value.AsSpan().SequenceEqual(length[..written])) return true;
        }
        return false;
    }

    /// <summary>The title's kind of fault without the numbers of the one packet.</summary>
    private static string Generic(string title) => title.Split(':')[0].Split('(')[0].Trim();

    /// <summary>One thing that cannot be right in a datagram's headers: the finding's code, title and explanation, the field that shows it, the RFC.</summary>
    public readonly record struct Problem(string Code, string Title, string Explanation, DecodedField? Field, string Rfc);

    /// <summary>
    /// What cannot be right in the packet's headers, or null for nothing; it depends on the packet alone (<see cref="ObservedPacket.From"/>
    /// finds it on the decode thread). Every packet is checked and almost none has a problem: the checks stay here, and each problem's
    /// wording is made apart, where a packet without problems never runs it.
    /// </summary>
    internal static List<Problem>? Problems(ObservedPacket observed)
    {
        var packet = observed.Packet;
        List<Problem>? problems = null;
        var layers = observed.Decode.Layers;
        for (var i = 0; i < layers.Count; i++) // an index loop: a foreach over the IReadOnlyList would box an enumerator for every packet
        {
            var layer = layers[i];
            switch (layer.Protocol)
            {
                case "ip":
                {
                    if (layer.Field("ip.hdr_len") is { Status: FieldStatus.Bad, Number: { } bytes } hl)
                        (problems ??= []).Add(IpHeaderTooShort(bytes, hl));
                    var length = layer.Field("ip.len");
                    if (length is { Status: FieldStatus.Bad, Number: { } shortLength })
                        (problems ??= []).Add(IpLengthBelowHeader(shortLength, layer, length));
                    // Only a frame whose length the text states (longer than the bytes it shows) can be known to end before its
                    // datagram; a print that simply stops (a snapshot length, headers pasted alone) says nothing of the wire.
                    else if (length is { Number: { } total and > 0 } && layer.Offset + (long)total > packet.OriginalLength)
                    {
                        if (WholeFrameStated(packet)) (problems ??= []).Add(IpLengthPastStatedFrame(total, packet, layer, length));
                        else if (packet.OriginalLength > packet.Data.Length) (problems ??= []).Add(IpLengthBeyondShownFrame(total, packet, layer, length));
                    }
                    foreach (var option in layer.Layers)
                    {
                        if (!option.Protocol.StartsWith("ip.opt", StringComparison.Ordinal)) continue;
                        var bad = FirstBad(option);
                        if (bad is not null || option.Offset + option.Length > layer.Offset + layer.Length)
                            (problems ??= []).Add(IpOptionPastHeader(option, bad, layer));
                    }
                    break;
                }
                case "ipv6":
                    if (packet.OriginalLength > packet.Data.Length && layer.Field("ipv6.plen") is { Number: { } payload } pl && layer.Offset + 40 + (long)payload > packet.OriginalLength)
                        (problems ??= []).Add(Ipv6PayloadBeyondShownFrame(payload, packet, layer, pl));
                    break;
                case "tcp":
                {
                    var headerLength = layer.Field("tcp.hdr_len");
                    if (headerLength is { Status: FieldStatus.Bad, Number: { } bytes })
                        (problems ??= []).Add(TcpHeaderTooShort(bytes, headerLength));
                    else if (observed.Facts.Tcp is { PayloadLength: null } && headerLength is { Number: { } claimed } && observed.Facts.Ip?.DatagramLength is { } datagram && datagram > 0)
                        (problems ??= []).Add(TcpHeaderPastDatagram(claimed, headerLength));
                    foreach (var option in layer.Layers)
                    {
                        if (FirstBad(option) is { Number: { } size } bad) (problems ??= []).Add(TcpOptionLength(option, size, layer, bad));
                    }
                    break;
                }
                case "udp":
                    // The first fragment of a datagram carries only part of what its UDP length counts.
                    if (layer.Field("udp.length") is { Status: FieldStatus.Bad, Number: { } stated } ul && !TransportChecksumRule.FirstFragment(observed.Decode)
                        && observed.Facts.Ip?.DatagramLength is { } whole && observed.Facts.Ip.HeaderLength is { } header)
                        (problems ??= []).Add(UdpLengthDisagrees(stated, whole - header, ul));
                    break;
            }
        }
        return problems;
    }

    private static DecodedField? FirstBad(DecodedLayer layer)
    {
        foreach (var field in layer.Fields)
        {
            if (field.Status == FieldStatus.Bad) return field;
        }
        return null;
    }

    private static Problem IpHeaderTooShort(ulong bytes, DecodedField field) =>
        new("ip-malformed", $"IPv4 header length {bytes} (below 20)", $"the IPv4 header length field says {bytes / 4} × 4 = {bytes} bytes, but an IPv4 header is at least 20 bytes; a receiver drops the datagram.", field, "RFC 791 §3.1");

    private static Problem IpLengthBelowHeader(ulong length, DecodedLayer layer, DecodedField field) =>
        new("ip-malformed", $"IPv4 total length {length} (shorter than its header)", $"the IPv4 total length {length} is shorter than the {layer.Length}-byte header it includes; a receiver drops the datagram.", field, "RFC 791 §3.1");

    private static Problem IpLengthPastStatedFrame(ulong total, Model.Packet packet, DecodedLayer layer, DecodedField field) =>
        new("ip-malformed", $"IPv4 total length {total} (the frame carries {packet.OriginalLength - layer.Offset})",
            $"the IPv4 total length {total} runs past the frame: the text states the frame as {packet.OriginalLength} bytes and shows them all, " +
            $"{packet.OriginalLength - layer.Offset} of them after the link header. The datagram was sent or cut short so; a receiver drops it.", field, "RFC 791 §3.1; RFC 1122 §3.2.1.1");

    private static Problem IpLengthBeyondShownFrame(ulong total, Model.Packet packet, DecodedLayer layer, DecodedField field) =>
        new("ip-length-beyond-frame", $"the text shows {packet.OriginalLength - layer.Offset} bytes of a {total}-byte IPv4 datagram",
            $"the text gives the frame as {packet.OriginalLength} bytes, {packet.OriginalLength - layer.Offset} of them after the link header, but the IPv4 header says the datagram alone is {total} bytes. " +
            "The capture kept only the start of the packet (a snapshot length, as when only headers are captured), the text was edited, or the datagram was cut short on the wire, in which case a receiver drops it.", field, "RFC 791 §3.1; RFC 1122 §3.2.1.1");

    private static Problem IpOptionPastHeader(DecodedLayer option, DecodedField? bad, DecodedLayer layer) =>
        new("ip-malformed", $"IPv4 option at byte {option.Offset} runs past the header",
            $"the IPv4 option at byte {option.Offset} {(bad is not null ? $"has length {bad.Value ?? bad.Raw}, which cannot be" : $"is {option.Length} bytes long and runs past the {layer.Length}-byte header")}; a receiver drops the datagram (or, a router, answers with a Parameter Problem).",
            bad ?? option.Field("ip.opt.len") ?? option.Fields.FirstOrDefault(), "RFC 791 §3.1; RFC 1122 §3.2.1.8");

    private static Problem Ipv6PayloadBeyondShownFrame(ulong payload, Model.Packet packet, DecodedLayer layer, DecodedField field) =>
        new("ip-length-beyond-frame", $"the text shows {packet.OriginalLength - layer.Offset - 40} bytes of a {payload}-byte IPv6 payload",
            $"the text gives the frame as {packet.OriginalLength} bytes, {packet.OriginalLength - layer.Offset - 40} of them after the IPv6 header, but that header says {payload} bytes follow it. " +
            "The capture kept only the start of the packet, the text was edited, or the datagram was cut short on the wire.", field, "RFC 8200 §3");

    private static Problem TcpHeaderTooShort(ulong bytes, DecodedField field) =>
        new("tcp-malformed", $"TCP header length {bytes} (below 20)", $"the TCP data offset says {bytes / 4} × 4 = {bytes} bytes, but a TCP header is at least 20 bytes; the receiver drops the segment.", field, "RFC 9293 §3.1");

    private static Problem TcpHeaderPastDatagram(ulong claimed, DecodedField field) =>
        new("tcp-malformed", $"TCP header length {claimed} (past the end of the datagram)", $"the TCP header claims {claimed} bytes, more than the IP datagram leaves for it; the receiver drops the segment.", field, "RFC 9293 §3.1");

    private static Problem TcpOptionLength(DecodedLayer option, ulong size, DecodedLayer layer, DecodedField field)
    {
        var why = size < 2 ? "below the 2 bytes an option with a length has" : $"running past the end of the options at byte {layer.Offset + layer.Length}";
        return new("tcp-malformed", $"TCP option at byte {option.Offset} with length {size}", $"the TCP option at byte {option.Offset} has length {size}, {why}; the receiver may drop the segment or ignore its options.", field, "RFC 9293 §3.1");
    }

    private static Problem UdpLengthDisagrees(ulong stated, ulong carried, DecodedField field) =>
        new("udp-malformed", $"UDP length {stated} (the IP datagram carries {carried})", $"the UDP length field says {stated} bytes, but the IP datagram carries {carried} bytes of UDP; a receiver drops the datagram.", field, "RFC 768");
}
