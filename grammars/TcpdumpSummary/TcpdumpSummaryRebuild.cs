using System.Net;
using System.Net.Sockets;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Rebuild;
using Pidgin;
using TraceImport.Text;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// Turns one tcpdump summary (its -v continuation lines joined) into the layers it describes, with the
/// values its words state: -e's link layer, the IP header (every field with -v, the addresses without),
/// and TCP, UDP, ICMP, ICMPv6 or ARP. What the line does not state stays unknown; what tcpdump states
/// by leaving it out (no IP options without an "options" item under -v) is written, and what only a
/// usual case implies (no IP options, when tcpdump does not print them) is written and named as assumed.
/// </summary>
public sealed class TcpdumpSummaryRebuild(RelativeSequenceNumbers sequenceNumbers)
{
    private RelativeSequenceNumbers SequenceNumbers { get; } = sequenceNumbers;

    /// <summary>The link type the region's "listening on …, link-type EN10MB" line names, if it had one.</summary>
    public LinkType? RegionLinkType { get; set; }

    /// <summary>
    /// Reads the summary; null with a reason when its words do not make a packet. <paramref name="specific"/>
    /// says the words are tcpdump's own (an IP, IPv6 or ARP summary, or -e's link layer), not a protocol
    /// word any line could start with: only such a line may start a region.
    /// </summary>
    public (SummaryPrefix Prefix, SummaryPacket Packet)? Read(string text, int line, out string? problem, out bool specific)
    {
        problem = null;
        specific = false;
        var prefixResult = TcpdumpSummaryGrammar.Prefix.Parse(text);
        if (!prefixResult.Success)
        {
            problem = "not a tcpdump summary";
            return null;
        }
        var prefix = prefixResult.Value;
        var rest = RestAfter(text, prefix);
        var packet = new SummaryPacket();
        var reader = new TcpdumpLayerReader(SequenceNumbers, packet, line);
        if (rest.StartsWith("Pad! ", StringComparison.Ordinal))
        {
            // print-fr.c's word for a Frame Relay header padded before its NLPID; the header itself is not printed.
            rest = rest[5..];
            packet.Comments.Add("tcpdump's 'Pad!': a Frame Relay header with a pad byte, not rebuilt");
        }

        var link = Link(prefix, ref rest, packet, reader, line);
        if (link.Finished) return (prefix, packet);
        var (network, etherType, linkStated) = (link.Network, link.EtherType, link.Stated);

        while (etherType is 0x8100 or 0x88A8 && TcpdumpSummaryGrammar.Vlan.ParseLine(rest) is { Success: true } tag)
        {
            reader.Vlan(tag.Value);
            etherType = tag.Value.EtherType;
            rest = After(rest, TcpdumpSummaryGrammar.Vlan);
        }

        network ??= TcpdumpLayerReader.NetworkOf(etherType);
        specific = link.Printed || network is "IP" or "IP6" or "ARP" || network is null && TcpdumpLayerReader.Recognised(rest);
        if (!reader.Network(rest, network, linkStated))
        {
            problem = reader.Problem ?? "its words do not describe a packet";
            return null;
        }
        return (prefix, packet);
    }

    /// <summary>What a line says of the link layer, and what it says the link layer carries.</summary>
    private sealed record LinkReading(string? Network, ushort? EtherType, bool Stated, bool Printed, bool Finished);

    /// <summary>
    /// The link layer: -e's words (Ethernet, a cooked capture's, BSD loopback's, raw IP's "ip: "), -i any's
    /// columns, or the region's "link-type" line; what follows the words is left in <paramref name="rest"/>.
    /// </summary>
    private LinkReading Link(SummaryPrefix prefix, ref string rest, SummaryPacket packet, TcpdumpLayerReader reader, int line)
    {
        if (TcpdumpSummaryGrammar.LoopbackHeader.ParseLine(rest) is { Success: true } loopback)
        {
            // NULL and LOOP headers print alike: the family is written in network byte order, as LOOP keeps it.
            packet.Add(NullLoopback.Loop).Set("null.family", loopback.Value.Family, line);
            packet.FrameLength = loopback.Value.Length;
            packet.Comments.Add("a BSD loopback header: tcpdump prints NULL's and LOOP's alike, so it is written as LOOP's, in network byte order");
            rest = After(rest, TcpdumpSummaryGrammar.LoopbackHeader);
            var family = loopback.Value.Family == 2 ? "IP" : loopback.Value.Family is 24 or 28 or 30 ? "IP6" : "other";
            return new LinkReading(family, null, true, true, false);
        }
        if (rest.StartsWith("ip: ", StringComparison.Ordinal) || rest.StartsWith("ip6: ", StringComparison.Ordinal))
        {
            // -e on a raw IP capture prints "ip: " (for IPv6 too) and no link layer: the addresses tell which.
            rest = rest[(rest.IndexOf(' ') + 1)..];
            return new LinkReading(null, null, true, true, false);
        }
        var cookedV2 = prefix.Interface is not null;
        var cookedV1 = prefix.Interface is null && prefix.PacketType is not null;
        if (cookedV1 || cookedV2)
        {
            var cooked = TcpdumpSummaryGrammar.CookedHeader.ParseLine(rest);
            var header = cooked.Success ? (LinkHeader.Cooked)cooked.Value : null;
            reader.Cooked(cookedV2, prefix.PacketType, header);
            if (header is null) return new LinkReading(null, null, true, false, false);
            packet.FrameLength = header.FrameLength;
            rest = After(rest, TcpdumpSummaryGrammar.CookedHeader);
            return new LinkReading(null, header.EtherType, true, true, false);
        }
        if (TcpdumpSummaryGrammar.EthernetHeader.ParseLine(rest) is { Success: true } ethernet)
        {
            var header = (LinkHeader.Ethernet)ethernet.Value;
            reader.Ethernet(header);
            packet.FrameLength = header.FrameLength;
            rest = After(rest, TcpdumpSummaryGrammar.EthernetHeader);
            if (header.EtherType is not null) return new LinkReading(null, header.EtherType, true, true, false);
            packet.Comments.Add("an 802.3 frame: what it carries is not rebuilt");
            return new LinkReading(null, null, true, true, true);
        }
        if (UnprintedLinkLayer(RegionLinkType) is { } linkLayer)
        {
            // The region's header line names the link type: its header is there, unprinted.
            packet.Add(linkLayer);
            return new LinkReading(null, null, true, false, false);
        }
        return new LinkReading(null, null, false, false, false);
    }

    /// <summary>The link layer a region's "link-type" names, written with its fields unknown (the next-protocol field computed).</summary>
    private static ProtocolLayer? UnprintedLinkLayer(LinkType? linkType) =>
        linkType == LinkType.Ethernet ? Ethernet.Layer
        : linkType == LinkType.LinuxCooked ? Sll.V1
        : linkType == LinkType.LinuxCooked2 ? Sll.V2
        : null;

    private static string RestAfter(string text, SummaryPrefix prefix)
    {
        var consumed = TcpdumpSummaryGrammar.Prefix.Then(Parser<char>.CurrentOffset, (_, offset) => offset).Parse(text);
        return consumed.Success ? text[consumed.Value..] : text;
    }

    private static string After<T>(string text, Parser<char, T> parser)
    {
        var consumed = parser.Then(Parser<char>.CurrentOffset, (_, offset) => offset).Parse(text);
        return consumed.Success ? text[consumed.Value..] : text;
    }
}
