using System.Text.Json;
using TraceImport.Decoding;
using TraceImport.Output;

namespace TraceImport.Web;

/// <summary>
/// A packet as the page's packet list shows it — number, time, lengths, protocols, a one-line
/// summary, source lines — without its fields, which the page fetches when the packet is opened.
/// Shape: { number, format, source{file,firstLine,lastLine}, heading, linkType{code,name},
/// capturedLength, originalLength, time, protocols, summary }.
/// </summary>
internal static class PacketRow
{
    public static void Write(Utf8JsonWriter json, PacketDecode decode)
    {
        var packet = decode.Packet;
        json.WriteStartObject();
        DecodeJson.WriteRecord(json, packet);
        json.WriteString("protocols", Protocols(decode));
        json.WriteString("summary", Summary(decode));
        json.WriteEndObject();
    }

    /// <summary>"eth/ip/tcp": each protocol of the packet's own layers once (an Ethernet trailer is a second eth layer).</summary>
    public static string Protocols(PacketDecode decode) =>
        string.Join('/', decode.Layers.Select(l => l.Protocol).Where(p => p != "data").Distinct());

    /// <summary>The heading the text gave the packet, or "source:port → destination:port what" from its own layers (not a quoted datagram's).</summary>
    public static string Summary(PacketDecode decode)
    {
        if (decode.Packet.Heading is { Length: > 0 } heading) return heading;
        string? Value(string name) => decode.Layers.Select(l => l.Field(name)).FirstOrDefault(f => f is not null)?.Value;
        string? Meaning(string name) => decode.Layers.Select(l => l.Field(name)).FirstOrDefault(f => f is not null)?.Meaning;
        var source = Value("ip.src") ?? Value("ipv6.src") ?? Value("arp.src.proto_ipv4") ?? Value("eth.src");
        var destination = Value("ip.dst") ?? Value("ipv6.dst") ?? Value("arp.dst.proto_ipv4") ?? Value("eth.dst");
        var sourcePort = Value("tcp.srcport") ?? Value("udp.srcport");
        var destinationPort = Value("tcp.dstport") ?? Value("udp.dstport");
        var what = Meaning("tcp.flags") ?? Meaning("icmp.type") ?? Meaning("icmpv6.type") ?? Meaning("arp.opcode") ?? "";
        if (source is null) return what;
        var from = sourcePort is null ? source : $"{source}:{sourcePort}";
        var to = destinationPort is null ? destination : $"{destination}:{destinationPort}";
        return $"{from} → {to} {what}".Trim();
    }
}
