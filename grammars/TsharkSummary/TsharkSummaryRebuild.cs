using System.Net;
using System.Net.Sockets;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// Turns one tshark summary line into the layers it describes: the addresses of the Source and Destination
/// columns, the Length column as the frame's length, and the Info column's TCP, UDP, ICMP, ICMPv6 or ARP words.
/// The link layer is never printed: it is the one the frame's length leaves room for before the datagram the
/// line counts, else the one earlier lines showed, else Ethernet — and the packet says which and why.
/// What the line does not state stays unknown, and the line is kept as the packet's comment.
/// </summary>
public sealed class TsharkSummaryRebuild(LinkType? givenLink)
{
    /// <summary>--link-type's, which the lines never overrule.</summary>
    private readonly LinkType? given = givenLink;

    /// <summary>The window scale each endpoint's SYN announced (null: its SYN had none), by "address:port".</summary>
    private readonly Dictionary<string, int?> windowShifts = [];

    /// <summary>The link layer the region's lines have shown so far (or --link-type's).</summary>
    private LinkType? regionLink;

    /// <summary>The link layers a frame's length can leave room for, with their headers' lengths, most common first.</summary>
    private static readonly (LinkType Type, int Header)[] LinkHeaders =
        [(LinkType.Ethernet, 14), (LinkType.LinuxCooked2, 20), (LinkType.LinuxCooked, 16), (LinkType.Loop, 4), (LinkType.RawIp, 0)];

    /// <summary>What the line's columns are: its addresses, the Info column read as TCP, UDP or ARP, and the datagram's length they count.</summary>
    private sealed record Reading(IPAddress? From, IPAddress? To, TsharkTcpInfo? Tcp, TsharkUdpInfo? Udp, TsharkArpInfo? Arp,
        IReadOnlyList<TcpOption>? Options, bool Cooked, int? Datagram)
    {
        public bool Ip => From is not null && To is not null && From.AddressFamily == To.AddressFamily;
    }

    private static Reading Parse(TsharkSummaryLine summary)
    {
        var from = Address(summary.Source);
        var to = Address(summary.Destination);
        var ip = from is not null && to is not null && from.AddressFamily == to.AddressFamily;
        var tcp = ip ? TsharkSummaryGrammar.TcpInfo.ParseLine(summary.Info) is { Success: true } t ? t.Value : null : null;
        var udp = ip && tcp is null ? TsharkSummaryGrammar.UdpInfo.ParseLine(summary.Info) is { Success: true } u ? u.Value : null : null;
        var arp = !ip && summary.Protocol == "ARP" && TsharkSummaryGrammar.ArpInfo.ParseLine(summary.Info) is { Success: true } a ? a.Value : null;
        var options = tcp is null ? null : TsharkTcpOptions.Layout(tcp.Items);
        // A cooked capture (-i any) has a source address and no destination: the Destination column is empty.
        var cooked = !ip && summary.Destination.Length == 0 && TsharkSummaryGrammar.MacColumn(summary.Source) is not null;
        int? datagram = tcp is not null && options is not null && Number(tcp.Items, "Len") is { } dataLength ? 20 + 20 + options.Sum(o => o.Length) + (int)dataLength
            : udp is not null ? 20 + 8 + udp.Length
            : arp is not null ? 28
            : null;
        if (ip && from!.AddressFamily == AddressFamily.InterNetworkV6 && datagram is { } v4Length) datagram = v4Length + 20;
        return new Reading(from, to, tcp, udp, arp, options, cooked, datagram);
    }

    /// <summary>
    /// The link layer this line's lengths alone fix, if they fix one: the region reads ahead to it, so that the
    /// lines before it (whose lengths tell nothing, an ICMP echo's) take it too.
    /// </summary>
    public static LinkType? LinkShownBy(TsharkSummaryLine summary) => Parse(summary) is { Datagram: { } datagram } reading
        ? Fitting(summary.Length, datagram, reading.Cooked).Select(l => (LinkType?)l.Type).FirstOrDefault()
        : null;

    /// <summary>Takes <paramref name="link"/> as the link layer of lines that do not show theirs, as an earlier line's would be.</summary>
    public void Expect(LinkType link) => regionLink ??= link;

    public SummaryPacket Read(TsharkSummaryLine summary, int line)
    {
        var packet = new SummaryPacket();
        packet.Comments.Add($"tshark's summary: {summary.Protocol} {summary.Info}".TrimEnd());
        packet.FrameLength = summary.Length;
        var reading = Parse(summary);
        var (from, to, tcp, udp, arp, options, _, _) = reading;
        var ip = reading.Ip;
        var link = Link(packet, summary.Length, reading.Datagram, reading.Cooked);
        AddLink(packet, link, summary, ip ? from!.AddressFamily : null, line);

        if (arp is not null)
        {
            Arp(packet, arp, line);
            return packet;
        }
        if (!ip)
        {
            packet.Comments.Add(summary.Protocol == "ARP"
                ? "the ARP words are not rebuilt"
                : "the Source and Destination columns are not IP addresses: only the frame's length is rebuilt");
            return packet;
        }
        var ipv4 = from!.AddressFamily == AddressFamily.InterNetwork;
        var network = packet.Add(ipv4 ? Ipv4.Layer : Ipv6.Layer);
        network.Set(ipv4 ? "ip.src" : "ipv6.src", from.GetAddressBytes(), line);
        network.Set(ipv4 ? "ip.dst" : "ipv6.dst", to!.GetAddressBytes(), line);
        if (ipv4)
        {
            network.Set("ip.hdr_len", 20, line);
            packet.Assumptions.Add("ip.hdr_len = 20 (no IP options): tshark's summary does not show them");
        }

        if (tcp is not null) Tcp(packet, tcp, options!, summary, line);
        else if (udp is not null)
        {
            var values = packet.Add(Udp.Layer);
            values.Set("udp.srcport", udp.SourcePort, line);
            values.Set("udp.dstport", udp.DestinationPort, line);
            packet.PayloadLength = udp.Length;
        }
        else if (summary.Protocol == (ipv4 ? "ICMP" : "ICMPv6")) Icmp(packet, network, ipv4, summary.Info, line);
        else if (ipv4 && summary.Protocol == "IPv4" && TsharkSummaryGrammar.FragmentInfo.ParseLine(summary.Info) is { Success: true } fragment)
        {
            // tshark prints the offset in bytes, as the field's value is given; the header counts 8-byte units.
            network.Set("ip.proto", fragment.Value.Protocol, line);
            network.Set("ip.id", fragment.Value.Identification, line);
            if (fragment.Value.Offset % 8 == 0) network.Set("ip.frag_offset", (ulong)fragment.Value.Offset, line);
            packet.Comments.Add("an IPv4 fragment: its more-fragments flag and its bytes after the IP header are unknown");
        }
        else packet.Comments.Add($"the {summary.Protocol} words are not rebuilt: the bytes after the IP header are unknown");
        return packet;
    }

    private static IPAddress? Address(string column) =>
        IPAddress.TryParse(column, out var address) && (column.Contains(':') ? TsharkSummaryGrammar.MacColumn(column) is null : column.Count(c => c == '.') == 3)
            ? address : null;

    private static uint? Number(IReadOnlyList<string> items, string word) =>
        items.Select(i => i.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == word && uint.TryParse(p[1], out _)) is { } pair ? uint.Parse(pair[1]) : null;

    /// <summary>
    /// The link layer: --link-type's; else the one whose header is what the frame's length leaves before the
    /// datagram the line counts (Ethernet also when the frame is padded to its 60-byte minimum), preferring the one
    /// earlier lines showed; else the earlier lines' one; else Ethernet. A cooked capture's lines choose between
    /// the two cooked headers.
    /// </summary>
    private LinkType Link(SummaryPacket packet, int frame, int? datagram, bool cooked)
    {
        if (given is { } stated) return stated;
        if (datagram is { } length)
        {
            var fitting = Fitting(frame, length, cooked);
            if (fitting.Count > 0)
            {
                var chosen = fitting.Any(l => l.Type == regionLink) ? fitting.First(l => l.Type == regionLink) : fitting[0];
                var padded = chosen.Type == LinkType.Ethernet && frame - length != 14 ? " (an Ethernet frame padded to 60 bytes)" : "";
                packet.Assumptions.Add($"{Article(chosen.Type)} link layer: the frame's {frame} bytes leave {frame - length} before the {length}-byte datagram the line counts{padded}");
                regionLink = chosen.Type;
                return chosen.Type;
            }
        }
        if (cooked)
        {
            var link = regionLink == LinkType.LinuxCooked ? LinkType.LinuxCooked : LinkType.LinuxCooked2;
            packet.Assumptions.Add($"{Article(link)} link layer: the empty Destination column is a cooked capture's, and its version is the one the region's other lines show, or 2");
            regionLink = link;
            return link;
        }
        if (regionLink is { } shown)
        {
            packet.Assumptions.Add($"{Article(shown)} link layer, as the lengths of the region's other lines show: this line's do not tell");
            return shown;
        }
        packet.Assumptions.Add("an Ethernet link layer: tshark's summary does not name the link type (--link-type gives it)");
        return LinkType.Ethernet;
    }

    private static string Article(LinkType link) => ("aeiou".Contains(link.Name[0]) ? "an " : "a ") + link.Name;

    /// <summary>The link layers whose header is what the frame leaves before the datagram (Ethernet also when padded to 60 bytes).</summary>
    private static List<(LinkType Type, int Header)> Fitting(int frame, int datagram, bool cooked) =>
    [
        .. LinkHeaders.Where(l => !cooked || l.Type == LinkType.LinuxCooked || l.Type == LinkType.LinuxCooked2)
            .Where(l => frame - datagram == l.Header || (l.Type == LinkType.Ethernet && frame == Ethernet.MinimumFrame && datagram + l.Header < frame)),
    ];

    private static void AddLink(SummaryPacket packet, LinkType link, TsharkSummaryLine summary, AddressFamily? family, int line)
    {
        if (link == LinkType.Ethernet)
        {
            var ethernet = packet.Add(Ethernet.Layer);
            // The columns show Ethernet addresses only where no network layer printed its own; "Broadcast" is all ones.
            if (family is null && TsharkSummaryGrammar.MacColumn(summary.Source) is { } source) ethernet.Set("eth.src", source, line);
            if (family is null && TsharkSummaryGrammar.MacColumn(summary.Destination) is { } destination) ethernet.Set("eth.dst", destination, line);
        }
        else if (link == LinkType.LinuxCooked || link == LinkType.LinuxCooked2)
        {
            var sll = packet.Add(link == LinkType.LinuxCooked ? Sll.V1 : Sll.V2);
            if (family is null && TsharkSummaryGrammar.MacColumn(summary.Source) is { } source && summary.Source != "Broadcast")
            {
                sll.Set("sll.halen", 6, line);
                sll.Set("sll.src.eth", source, line);
            }
        }
        else if (link == LinkType.Loop || link == LinkType.Null)
        {
            var loopback = packet.Add(link == LinkType.Loop ? NullLoopback.Loop : NullLoopback.Null);
            if (family == AddressFamily.InterNetwork) loopback.Set("null.family", 2, line);
            else if (family == AddressFamily.InterNetworkV6)
            {
                // BSDs number IPv6 differently (24, 28, 30): the summary does not say which host wrote the frame.
                loopback.Set("null.family", 24, line);
                packet.Assumptions.Add("null.family = 24 for IPv6: the BSDs number it 24, 28 or 30, and the summary does not say which");
            }
        }
        else if (link != LinkType.RawIp)
        {
            packet.Comments.Add($"the {link.Name} link layer is not rebuilt from a summary: its bytes are unknown");
        }
    }

    private void Tcp(SummaryPacket packet, TsharkTcpInfo info, IReadOnlyList<TcpOption> options, TsharkSummaryLine summary, int line)
    {
        var tcp = packet.Add(Decoding.Protocols.Tcp.Layer);
        tcp.Set("tcp.srcport", info.SourcePort, line);
        tcp.Set("tcp.dstport", info.DestinationPort, line);
        var flags = 0UL;
        foreach (var flag in info.Flags)
        {
            flags |= flag switch
            {
                "FIN" => 0x01, "SYN" => 0x02, "RST" => 0x04, "PSH" => 0x08, "ACK" => 0x10, "URG" => 0x20, "ECE" => 0x40, "CWR" => 0x80,
                _ => 0,
            };
        }
        // "[<None>]" is no flag at all; a word tshark prints for a bit outside the byte (AE) leaves that bit's byte as read.
        if (tcp.Put(Decoding.Protocols.Tcp.Layer, Decoding.Protocols.Tcp.FlagByte, flags, line, raw: true) is { } problem) packet.Comments.Add(problem);

        var sender = $"{summary.Source}:{info.SourcePort}";
        var receiver = $"{summary.Destination}:{info.DestinationPort}";
        var syn = (flags & 0x02) != 0;
        if (syn) windowShifts[sender] = options.OfType<TcpOption.WindowScale>().FirstOrDefault()?.Shift;

        // tshark counts each direction from its first number: written as they are, that first number taken as 0.
        if (Number(info.Items, "Seq") is { } seq) tcp.Set("tcp.seq_raw", seq, line);
        if (Number(info.Items, "Ack") is { } ack && (flags & 0x10) != 0) tcp.Set("tcp.ack_raw", ack, line);
        if (Number(info.Items, "Seq") is not null || Number(info.Items, "Ack") is not null)
        {
            packet.Assumptions.Add("tcp.seq_raw and tcp.ack_raw: tshark prints numbers relative to each direction's first, which is taken as 0");
        }
        if (Number(info.Items, "Win") is { } window)
        {
            // tshark prints the window scaled when both SYNs announced a scale; the field holds it unscaled.
            var shift = !syn && windowShifts.TryGetValue(sender, out var mine) && windowShifts.TryGetValue(receiver, out var theirs) && mine is { } s && theirs is not null ? s : 0;
            if (window % (1u << shift) == 0 && window >> shift <= ushort.MaxValue) tcp.Set("tcp.window_size_value", window >> shift, line);
            else if (window % (1u << shift) == 0) packet.Comments.Add($"Win={window} does not fit the 16-bit window field with the scale 2^{shift} the SYNs in the text announce: the window field is unknown");
            else packet.Comments.Add($"Win={window} is not a multiple of the window scale 2^{shift}: the window field is unknown");
        }
        if (Number(info.Items, "Urg") is { } urgent) tcp.Set("tcp.urgent_pointer", urgent, line);
        if (Number(info.Items, "Len") is { } length) packet.PayloadLength = (int)length;

        foreach (var option in options) tcp.Options.Add((option, line));
        tcp.OptionsListed = true;
        packet.Assumptions.Add(TsharkTcpOptions.Describe(options));
        if (TsharkTcpOptions.Unplaced(info.Items) is { Count: > 0 } unplaced)
        {
            packet.Comments.Add($"TCP option words not rebuilt ({string.Join(" ", unplaced)}): the header may hold options the layout leaves out");
        }
    }

    private static void Icmp(SummaryPacket packet, FieldValues network, bool ipv4, string info, int line)
    {
        if (TsharkSummaryGrammar.EchoInfo.ParseLine(info) is { Success: true } parsed)
        {
            var echo = parsed.Value;
            var values = packet.Add(ipv4 ? Decoding.Protocols.Icmp.Layer : Icmpv6.Layer);
            values.Set(ipv4 ? "icmp.type" : "icmpv6.type", ipv4 ? (echo.Request ? 8UL : 0) : (echo.Request ? 128UL : 129), line);
            values.Set(ipv4 ? "icmp.code" : "icmpv6.code", 0, line);
            values.Set(ipv4 ? "icmp.ident" : "icmpv6.echo.identifier", echo.Identifier, line);
            values.Set(ipv4 ? "icmp.seq" : "icmpv6.echo.sequence_number", echo.Sequence, line);
            if (echo.Ttl is { } ttl) network.Set(ipv4 ? "ip.ttl" : "ipv6.hlim", ttl, line);
            return;
        }
        if (TsharkSummaryGrammar.IcmpMessageInfo.ParseLine(info) is not { Success: true } message)
        {
            packet.Comments.Add("the ICMP words are not rebuilt");
            return;
        }
        byte? type = ipv4
            ? TsharkIcmpVocabulary.IcmpTypes.TryGetValue(message.Value.Type, out var v4) ? v4 : null
            : TsharkIcmpVocabulary.Icmpv6Types.FirstOrDefault(t => message.Value.Type.StartsWith(t.Words, StringComparison.Ordinal)) is { Words: not null } v6 ? v6.Type : null;
        if (type is not { } known)
        {
            packet.Comments.Add($"the {(ipv4 ? "ICMP" : "ICMPv6")} message '{message.Value.Type}' is not rebuilt: its bytes are unknown");
            return;
        }
        var icmp = packet.Add(ipv4 ? Decoding.Protocols.Icmp.Layer : Icmpv6.Layer);
        icmp.Set(ipv4 ? "icmp.type" : "icmpv6.type", known, line);
        var codes = ipv4 ? TsharkIcmpVocabulary.IcmpCodes : TsharkIcmpVocabulary.Icmpv6Codes;
        if (message.Value.Code is { } codeWords && codes.TryGetValue((known, codeWords), out var code)) icmp.Set(ipv4 ? "icmp.code" : "icmpv6.code", code, line);
        // What the message carries (an error's quoted datagram, a neighbour's address) is not in the summary's words here.
        packet.Comments.Add("the ICMP message's body is not rebuilt: its bytes are unknown");
    }

    private static void Arp(SummaryPacket packet, TsharkArpInfo message, int line)
    {
        var values = packet.Add(Decoding.Protocols.Arp.Layer);
        values.Set("arp.opcode", message.Request ? 1UL : 2, line);
        values.Set("arp.hw.type", 1, line);
        values.Set("arp.proto.type", 0x0800, line);
        values.Set("arp.hw.size", 6, line);
        values.Set("arp.proto.size", 4, line);
        values.Set("arp.src.proto_ipv4", message.Sender.GetAddressBytes(), line);
        if (message.Target is { } target) values.Set("arp.dst.proto_ipv4", target.GetAddressBytes(), line);
        if (message.SenderMac is { } mac) values.Set("arp.src.hw_mac", mac, line);
    }
}
