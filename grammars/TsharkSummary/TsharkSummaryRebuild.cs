using System.Net;
using System.Net.Sockets;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// Turns one tshark summary line into the layers it describes: the addresses of the Source and Destination
/// columns, the Length column as the frame's length, and the Info column's TCP, UDP, ICMP echo or ARP words.
/// What the line does not state stays unknown, and the line is kept as the packet's comment.
/// </summary>
public sealed class TsharkSummaryRebuild(LinkType? linkType)
{
    /// <summary>The window scale each endpoint's SYN announced (null: its SYN had none), by "address:port".</summary>
    private readonly Dictionary<string, int?> windowShifts = [];

    public SummaryPacket Read(TsharkSummaryLine summary, int line)
    {
        var packet = new SummaryPacket();
        packet.Comments.Add($"tshark's summary: {summary.Protocol} {summary.Info}");
        var raw = linkType == LinkType.RawIp;
        if (!raw)
        {
            // tshark's columns never name the link layer: Ethernet is the usual one, and --link-type says otherwise.
            var ethernet = packet.Add(Ethernet.Layer);
            if (linkType != LinkType.Ethernet) packet.Assumptions.Add("an Ethernet link layer: tshark's summary does not name the link type (--link-type gives it)");
            packet.FrameLength = summary.Length;
            if (summary.Protocol == "ARP")
            {
                if (TsharkSummaryGrammar.MacColumn(summary.Source) is { } source) ethernet.Set("eth.src", source, line);
                if (TsharkSummaryGrammar.MacColumn(summary.Destination) is { } destination) ethernet.Set("eth.dst", destination, line);
                Arp(packet, summary, line);
                return packet;
            }
        }
        else packet.FrameLength = summary.Length;

        if (Address(summary.Source) is not { } from || Address(summary.Destination) is not { } to || from.AddressFamily != to.AddressFamily)
        {
            packet.Comments.Add("the Source and Destination columns are not IP addresses: only the frame's length is rebuilt");
            return packet;
        }
        var ipv4 = from.AddressFamily == AddressFamily.InterNetwork;
        var ip = packet.Add(ipv4 ? Ipv4.Layer : Ipv6.Layer);
        ip.Set(ipv4 ? "ip.src" : "ipv6.src", from.GetAddressBytes(), line);
        ip.Set(ipv4 ? "ip.dst" : "ipv6.dst", to.GetAddressBytes(), line);
        if (ipv4)
        {
            ip.Set("ip.hdr_len", 20, line);
            packet.Assumptions.Add("ip.hdr_len = 20 (no IP options): tshark's summary does not show them");
        }

        if (summary.Protocol is "TCP" or "HTTP" or "TLSv1.2" or "TLSv1.3" or "SSH" or "FTP" or "SMTP" or "Telnet" or "MPTCP" &&
            TsharkSummaryGrammar.TcpInfo.ParseLine(summary.Info) is { Success: true } tcp)
        {
            Tcp(packet, tcp.Value, summary, line);
        }
        else if (summary.Protocol == "UDP" && TsharkSummaryGrammar.UdpInfo.ParseLine(summary.Info) is { Success: true } udp)
        {
            var values = packet.Add(Udp.Layer);
            values.Set("udp.srcport", udp.Value.SourcePort, line);
            values.Set("udp.dstport", udp.Value.DestinationPort, line);
            packet.PayloadLength = udp.Value.Length;
        }
        else if (summary.Protocol == "ICMP" && ipv4 && TsharkSummaryGrammar.EchoInfo.ParseLine(summary.Info) is { Success: true } echo)
        {
            var values = packet.Add(Icmp.Layer);
            values.Set("icmp.type", echo.Value.Request ? 8UL : 0, line);
            values.Set("icmp.code", 0, line);
            values.Set("icmp.ident", echo.Value.Identifier, line);
            values.Set("icmp.seq", echo.Value.Sequence, line);
            if (echo.Value.Ttl is { } ttl) ip.Set("ip.ttl", ttl, line);
        }
        else if (summary.Protocol == "ICMPv6" && !ipv4 && TsharkSummaryGrammar.EchoInfo.ParseLine(summary.Info) is { Success: true } echo6)
        {
            var values = packet.Add(Icmpv6.Layer);
            values.Set("icmpv6.type", echo6.Value.Request ? 128UL : 129, line);
            values.Set("icmpv6.code", 0, line);
            values.Set("icmpv6.echo.identifier", echo6.Value.Identifier, line);
            values.Set("icmpv6.echo.sequence_number", echo6.Value.Sequence, line);
        }
        else
        {
            packet.Comments.Add($"the {summary.Protocol} words are not rebuilt: the bytes after the IP addresses are unknown");
        }
        return packet;
    }

    private static IPAddress? Address(string column) =>
        IPAddress.TryParse(column, out var address) && (column.Contains(':') || column.Count(c => c == '.') == 3) ? address : null;

    private void Tcp(SummaryPacket packet, TsharkTcpInfo info, TsharkSummaryLine summary, int line)
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

        var items = info.Items.Select(i => i.Split('=', 2)).Where(p => p.Length == 2 && uint.TryParse(p[1], out _))
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => uint.Parse(g.First()[1]));
        var sender = $"{summary.Source}:{info.SourcePort}";
        var receiver = $"{summary.Destination}:{info.DestinationPort}";
        var syn = (flags & 0x02) != 0;
        if (syn) windowShifts[sender] = items.TryGetValue("WS", out var ws) && ws > 0 ? (int)Math.Log2(ws) : null;

        // tshark counts each direction from its first number: written as they are, that first number taken as 0.
        if (items.TryGetValue("Seq", out var seq)) tcp.Set("tcp.seq_raw", seq, line);
        if (items.TryGetValue("Ack", out var ack) && (flags & 0x10) != 0) tcp.Set("tcp.ack_raw", ack, line);
        if (items.ContainsKey("Seq") || items.ContainsKey("Ack"))
        {
            packet.Assumptions.Add("tcp.seq_raw and tcp.ack_raw: tshark prints numbers relative to each direction's first, which is taken as 0");
        }
        if (items.TryGetValue("Win", out var window))
        {
            // tshark prints the window scaled when both SYNs announced a scale; the field holds it unscaled.
            var shift = !syn && windowShifts.TryGetValue(sender, out var mine) && windowShifts.TryGetValue(receiver, out var theirs) && mine is { } s && theirs is not null ? s : 0;
            if (window % (1u << shift) == 0 && window >> shift <= ushort.MaxValue) tcp.Set("tcp.window_size_value", window >> shift, line);
            else if (window % (1u << shift) == 0) packet.Comments.Add($"Win={window} does not fit the 16-bit window field with the scale 2^{shift} the SYNs in the text announce: the window field is unknown");
            else packet.Comments.Add($"Win={window} is not a multiple of the window scale 2^{shift}: the window field is unknown");
        }
        if (items.TryGetValue("Urg", out var urgent)) tcp.Set("tcp.urgent_pointer", urgent, line);
        if (items.TryGetValue("Len", out var length)) packet.PayloadLength = (int)length;
        // tshark names the options it decodes but not the no-operations between them: their places are unknown.
        var options = info.Items.Where(i => i is "SACK_PERM" || i.StartsWith("MSS=", StringComparison.Ordinal) || i.StartsWith("WS=", StringComparison.Ordinal)
                                            || i.StartsWith("TSval=", StringComparison.Ordinal) || i.StartsWith("TSecr=", StringComparison.Ordinal)
                                            || i.StartsWith("SLE=", StringComparison.Ordinal) || i.StartsWith("SRE=", StringComparison.Ordinal)).ToList();
        if (options.Count > 0) packet.Comments.Add($"TCP options tshark names ({string.Join(" ", options)}) are not placed: tshark does not print their order or padding");
    }

    private static void Arp(SummaryPacket packet, TsharkSummaryLine summary, int line)
    {
        if (TsharkSummaryGrammar.ArpInfo.ParseLine(summary.Info) is not { Success: true } parsed)
        {
            packet.Comments.Add("the ARP words are not rebuilt");
            return;
        }
        var message = parsed.Value;
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
