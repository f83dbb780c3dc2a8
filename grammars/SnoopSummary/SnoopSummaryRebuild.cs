using System.Net;
using System.Net.Sockets;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.SnoopSummary;

/// <summary>
/// Turns one packet's summary (a line, or -V's line per layer) into the layers it describes, with the values
/// snoop's words state. snoop prints the highest layer it knows: a TCP, UDP, ICMP or ARP line states that
/// header (and the addresses in the host columns); an application's line (NFS, DNS, RPC …) states only the
/// hosts; -V's ETHER and IP lines add the link layer and the IP header's length, id, type of service and TTL.
/// What no word states stays unknown, and the lines are kept as the packet's comment.
/// </summary>
public sealed class SnoopSummaryRebuild
{
    public SummaryPacket Read(IReadOnlyList<(SnoopSummaryLine Summary, int Line)> lines)
    {
        var packet = new SummaryPacket();
        var (first, firstLine) = lines[0];
        FieldValues? ip = null;
        var ipLayerIsV4 = true;
        foreach (var (summary, line) in lines)
        {
            switch (summary.Protocol)
            {
                case "ETHER":
                    Ether(packet, summary, line);
                    break;
                case "IP" or "IPv6":
                    (ip, ipLayerIsV4) = VerboseIp(packet, summary, line, ip, ipLayerIsV4);
                    break;
                case "ARP":
                    Arp(packet, summary, line);
                    return packet;
                default:
                    if (ip is null)
                    {
                        (ip, ipLayerIsV4) = HostsIp(packet, summary, line);
                    }
                    Upper(packet, summary, line, ipLayerIsV4);
                    break;
            }
        }
        if (ip is null && packet.Layers.IsEmpty) HostsIp(packet, first, firstLine);
        return packet;
    }

    /// <summary>"ETHER Type=0800 (IP), size = 118 bytes": an Ethernet header of unknown addresses, its type and the frame's size.</summary>
    private static void Ether(SummaryPacket packet, SnoopSummaryLine summary, int line)
    {
        var ethernet = packet.Add(Ethernet.Layer);
        var items = SnoopSummaryGrammar.Items(summary.Words);
        foreach (var (key, value) in items)
        {
            if (key == "Type" && ulong.TryParse(value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var type))
            {
                ethernet.Set("eth.type", type, line);
            }
        }
        if (SnoopSummaryGrammar.FrameSize.ParseLine(summary.Words) is { Success: true } size) packet.FrameLength = size.Value;
    }

    /// <summary>-V's "IP  D=172.16.40.222 S=172.16.40.200 LEN=104, ID=27497, TOS=0x0, TTL=255" or "IPv6  S=… D=… LEN=20 HOPS=116 CLASS=0x0 FLOW=0x0".</summary>
    private static (FieldValues Ip, bool V4) VerboseIp(SummaryPacket packet, SnoopSummaryLine summary, int line, FieldValues? outer, bool outerV4)
    {
        var v4 = summary.Protocol == "IP";
        var ip = packet.Add(v4 ? Ipv4.Layer : Ipv6.Layer);
        if (outer is not null && outerV4) outer.Set("ip.proto", v4 ? 4UL : 41, line);
        foreach (var (key, value) in SnoopSummaryGrammar.Items(summary.Words))
        {
            var field = (v4, key) switch
            {
                (true, "D") => "ip.dst", (true, "S") => "ip.src", (true, "LEN") => "ip.len", (true, "ID") => "ip.id",
                (true, "TOS") => "ip.dsfield", (true, "TTL") => "ip.ttl",
                (false, "D") => "ipv6.dst", (false, "S") => "ipv6.src", (false, "LEN") => "ipv6.plen", (false, "HOPS") => "ipv6.hlim",
                (false, "CLASS") => "ipv6.tclass", (false, "FLOW") => "ipv6.flow",
                _ => null,
            };
            if (field is null) continue;
            if (field.EndsWith("src", StringComparison.Ordinal) || field.EndsWith("dst", StringComparison.Ordinal))
            {
                if (IPAddress.TryParse(value, out var address) && (address.AddressFamily == AddressFamily.InterNetwork) == v4) ip.Set(field, address.GetAddressBytes(), line);
            }
            else if (SnoopSummaryGrammar.Number(value) is { } number) ip.Set(field, number, line);
        }
        if (v4)
        {
            ip.Set("ip.hdr_len", 20, line);
            AssumeNoOptions(packet);
        }
        return (ip, v4);
    }

    /// <summary>The IP header the host columns give: their addresses, or (names) the addresses unknown and the names kept.</summary>
    private static (FieldValues Ip, bool V4) HostsIp(SummaryPacket packet, SnoopSummaryLine summary, int line)
    {
        var source = Address(summary.Source);
        var destination = Address(summary.Destination);
        var v4 = (source ?? destination)?.AddressFamily != AddressFamily.InterNetworkV6;
        if (source is null && destination is null)
        {
            packet.Assumptions.Add("IPv4: snoop printed host names, not addresses, so the text does not say which IP version");
        }
        var ip = packet.Add(v4 ? Ipv4.Layer : Ipv6.Layer);
        Host(packet, ip, v4 ? "ip.src" : "ipv6.src", summary.Source, source, line);
        Host(packet, ip, v4 ? "ip.dst" : "ipv6.dst", summary.Destination, destination, line);
        if (v4)
        {
            ip.Set("ip.hdr_len", 20, line);
            AssumeNoOptions(packet);
        }
        return (ip, v4);
    }

    private static void AssumeNoOptions(SummaryPacket packet)
    {
        const string assumption = "ip.hdr_len = 20 (no IP options): snoop's summary does not show them";
        if (!packet.Assumptions.Contains(assumption)) packet.Assumptions.Add(assumption);
    }

    private static void Host(SummaryPacket packet, FieldValues ip, string field, string text, IPAddress? address, int line)
    {
        if (address is not null) ip.Set(field, address.GetAddressBytes(), line);
        else packet.Comments.Add($"{field}: snoop printed the name '{text}', not the address: the address is unknown");
    }

    private static IPAddress? Address(string text) =>
        IPAddress.TryParse(text, out var address) && (text.Contains(':') || text.Count(c => c == '.') == 3) ? address : null;

    /// <summary>The line of the layer above IP: TCP, UDP, ICMP or ICMPv6 rebuilt; any other kept as words.</summary>
    private static void Upper(SummaryPacket packet, SnoopSummaryLine summary, int line, bool v4)
    {
        if (summary.Words.EndsWith(" encap)", StringComparison.Ordinal))
        {
            // "ICMP Echo request    (1 encap)": the line names the innermost layer; the headers between are not printed.
            packet.Comments.Add($"snoop's words: {summary.Protocol} {summary.Words}: an encapsulated packet, the headers between unprinted: what follows the outer IP header is unknown");
            return;
        }
        switch (summary.Protocol)
        {
            case "TCP":
                Tcp(packet, summary, line);
                break;
            case "UDP":
                Udp(packet, summary, line);
                break;
            case "ICMP" or "ICMPv6":
                Icmp(packet, summary, line, v4);
                break;
            default:
                packet.Comments.Add($"snoop's words for the layers above IP: {summary.Protocol} {summary.Words}: not rebuilt, the bytes after the IP header unknown");
                break;
        }
    }

    /// <summary>
    /// "TCP D=80 S=1421 Syn Ack=… Seq=… Len=0 Win=32120 Options=&lt;…&gt;" (snoop_tcp.c): the flag words set, Urg= and
    /// Ack= when those flags are; Seq= and Len= only when the sequence number is not 0; the options whenever there are any.
    /// </summary>
    private static void Tcp(SummaryPacket packet, SnoopSummaryLine summary, int line)
    {
        var tcp = packet.Add(Decoding.Protocols.Tcp.Layer);
        var items = SnoopSummaryGrammar.Items(summary.Words);
        var flags = 0UL;
        var seqPrinted = false;
        foreach (var (key, value) in items)
        {
            switch (key)
            {
                case "D" when SnoopSummaryGrammar.Number(value) is { } port: tcp.Set("tcp.dstport", port, line); break;
                case "S" when SnoopSummaryGrammar.Number(value) is { } port: tcp.Set("tcp.srcport", port, line); break;
                case "Fin": flags |= 0x01; break;
                case "Syn": flags |= 0x02; break;
                case "Rst": flags |= 0x04; break;
                case "Push": flags |= 0x08; break;
                case "ECE" or "Ece": flags |= 0x40; break;
                case "CWR" or "Cwr": flags |= 0x80; break;
                case "Urg" when SnoopSummaryGrammar.Number(value) is { } urgent:
                    flags |= 0x20;
                    tcp.Set("tcp.urgent_pointer", urgent, line);
                    break;
                case "Ack" when SnoopSummaryGrammar.Number(value) is { } ack:
                    flags |= 0x10;
                    tcp.Set("tcp.ack_raw", ack, line);
                    break;
                case "Seq" when SnoopSummaryGrammar.Number(value) is { } seq:
                    seqPrinted = true;
                    tcp.Set("tcp.seq_raw", seq, line);
                    break;
                case "Len" when SnoopSummaryGrammar.Number(value) is { } length: packet.PayloadLength = (int)length; break;
                case "Win" when SnoopSummaryGrammar.Number(value) is { } window: tcp.Set("tcp.window_size_value", window, line); break;
                case "Options": Options(packet, tcp, value, line); break;
            }
        }
        if (tcp.Put(Decoding.Protocols.Tcp.Layer, Decoding.Protocols.Tcp.FlagByte, flags, line, raw: true) is { } problem) packet.Comments.Add(problem);
        // snoop leaves out "Seq= Len=" when the sequence number is 0: its absence states the number (the data's length stays unknown).
        if (!seqPrinted && items.Any(i => i.Key == "Win")) tcp.Set("tcp.seq_raw", 0, line);
        if (!items.Any(i => i.Key == "Options")) tcp.OptionsListed = true;
    }

    /// <summary>"Options=&lt;nop,nop,tstamp 146343107 422995562&gt;": snoop lists every option in its place.</summary>
    private static void Options(SummaryPacket packet, FieldValues tcp, string text, int line)
    {
        foreach (var word in text.Split(','))
        {
            var parts = word.Trim().Split(' ');
            TcpOption? option = parts[0] switch
            {
                "nop" => new TcpOption.NoOperation(),
                "eol" => new TcpOption.EndOfList(),
                "sackOK" => new TcpOption.SackPermitted(),
                "mss" when parts.Length == 2 && ushort.TryParse(parts[1], out var mss) => new TcpOption.MaximumSegmentSize(mss),
                "wscale" when parts.Length == 2 && byte.TryParse(parts[1], out var shift) => new TcpOption.WindowScale(shift),
                "tstamp" when parts.Length == 3 && uint.TryParse(parts[1], out var value) && uint.TryParse(parts[2], out var echo) => new TcpOption.Timestamps(value, echo),
                _ => null,
            };
            if (option is null)
            {
                packet.Comments.Add($"TCP option '{word.Trim()}' is not rebuilt: the options from it on are unknown");
                return;
            }
            tcp.Options.Add((option, line));
        }
        tcp.OptionsListed = true;
    }

    /// <summary>"UDP D=10000 S=32820 LEN=20" (snoop_udp.c): the ports and the UDP length field.</summary>
    private static void Udp(SummaryPacket packet, SnoopSummaryLine summary, int line)
    {
        var udp = packet.Add(Decoding.Protocols.Udp.Layer);
        foreach (var (key, value) in SnoopSummaryGrammar.Items(summary.Words))
        {
            if (SnoopSummaryGrammar.Number(value) is not { } number) continue;
            switch (key)
            {
                case "D": udp.Set("udp.dstport", number, line); break;
                case "S": udp.Set("udp.srcport", number, line); break;
                case "LEN" when number >= 8:
                    udp.Set("udp.length", number, line);
                    packet.PayloadLength = (int)number - 8;
                    break;
            }
        }
    }

    /// <summary>"ICMP Echo request (ID: 2867 Sequence number: 0)": the echo messages; any other ICMP message's words are kept.</summary>
    private static void Icmp(SummaryPacket packet, SnoopSummaryLine summary, int line, bool v4)
    {
        if (SnoopSummaryGrammar.Echo.ParseLine(summary.Words) is not { Success: true } echo)
        {
            packet.Comments.Add($"snoop's words for the {summary.Protocol} message: {summary.Words}: not rebuilt");
            return;
        }
        var (request, identifier, sequence) = echo.Value;
        var icmp = packet.Add(v4 ? Decoding.Protocols.Icmp.Layer : Icmpv6.Layer);
        var prefix = v4 ? "icmp" : "icmpv6";
        icmp.Set($"{prefix}.type", v4 ? (request ? 8UL : 0) : (request ? 128UL : 129), line);
        icmp.Set($"{prefix}.code", 0, line);
        if (identifier is { } id) icmp.Set(v4 ? "icmp.ident" : "icmpv6.echo.identifier", (ulong)id, line);
        if (sequence is { } seq) icmp.Set(v4 ? "icmp.seq" : "icmpv6.echo.sequence_number", (ulong)seq, line);
    }

    /// <summary>"ARP C Who is 2.2.2.2, 2.2.2.2 ?" and "ARP R 10.0.0.2, host is 8:0:20:1:3d:94" (snoop_arp.c), over an Ethernet header.</summary>
    private static void Arp(SummaryPacket packet, SnoopSummaryLine summary, int line)
    {
        if (packet.Layers.IsEmpty)
        {
            packet.Add(Ethernet.Layer);
            packet.Assumptions.Add("an Ethernet header, its fields unknown: ARP runs over a link layer snoop's summary does not print");
        }
        var values = packet.Add(Decoding.Protocols.Arp.Layer);
        var parsed = SnoopSummaryGrammar.Arp.ParseLine(summary.Words);
        if (!parsed.Success)
        {
            packet.Comments.Add($"snoop's ARP words '{summary.Words}' are not rebuilt");
            return;
        }
        var (request, address, mac) = parsed.Value;
        values.Set("arp.opcode", request ? 1UL : 2, line);
        values.Set("arp.hw.type", 1, line);
        values.Set("arp.proto.type", 0x0800, line);
        values.Set("arp.hw.size", 6, line);
        values.Set("arp.proto.size", 4, line);
        packet.Assumptions.Add("arp.hw.type = 1 (Ethernet), IPv4 addresses: snoop's summary prints the addresses, not the types");
        var ip = IPAddress.TryParse(address, out var parsedAddress) && parsedAddress.AddressFamily == AddressFamily.InterNetwork ? parsedAddress : null;
        if (request)
        {
            if (ip is not null) values.Set("arp.dst.proto_ipv4", ip.GetAddressBytes(), line);
            if (Address(summary.Source) is { AddressFamily: AddressFamily.InterNetwork } sender) values.Set("arp.src.proto_ipv4", sender.GetAddressBytes(), line);
        }
        else
        {
            if (ip is not null) values.Set("arp.src.proto_ipv4", ip.GetAddressBytes(), line);
            if (mac is not null && SnoopSummaryGrammar.Mac(mac) is { } hardware) values.Set("arp.src.hw_mac", hardware, line);
            if (Address(summary.Destination) is { AddressFamily: AddressFamily.InterNetwork } target) values.Set("arp.dst.proto_ipv4", target.GetAddressBytes(), line);
        }
        if (ip is null) packet.Comments.Add($"snoop printed '{address}' for the ARP address: not an IPv4 address, left unknown");
    }
}
