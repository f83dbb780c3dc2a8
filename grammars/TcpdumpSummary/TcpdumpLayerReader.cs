using System.Net.Sockets;
using Pidgin;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// The reading of one summary's words into layers: the network layer and what it carries (tunnels and
/// the frames inside them included), each word into the field it states.
/// </summary>
internal sealed partial class TcpdumpLayerReader(RelativeSequenceNumbers sequenceNumbers, SummaryPacket packet, int line)
{
    public string? Problem { get; private set; }

    /// <summary>The network layer an EtherType names, as tcpdump's words for it; null when none is named.</summary>
    public static string? NetworkOf(ushort? etherType) => etherType switch
    {
        0x0800 => "IP",
        0x86DD => "IP6",
        0x0806 => "ARP",
        0x8847 or 0x8848 => "MPLS",
        null => null,
        _ => "other",
    };

    /// <summary>Whether the words start with a network layer tcpdump names (or a flow of addresses, as tcpdump 3 and -e print it).</summary>
    public static bool Recognised(string rest) =>
        rest.StartsWith("IP ", StringComparison.Ordinal) || rest.StartsWith("IP6 ", StringComparison.Ordinal) ||
        rest.StartsWith("ARP, ", StringComparison.Ordinal) || TcpdumpSummaryGrammar.Flow.ParseLine(rest).Success;

    /// <summary>
    /// The network layer and what it carries: named by the link layer's EtherType (<paramref name="network"/>),
    /// or by tcpdump's word for it, or (tcpdump 3, -e) by the addresses of the flow.
    /// </summary>
    public bool Network(string rest, string? network, bool linkStated)
    {
        if (network is null)
        {
            if (rest.StartsWith("IP6 ", StringComparison.Ordinal)) (network, rest) = ("IP6", rest[4..]);
            else if (rest.StartsWith("IP ", StringComparison.Ordinal)) (network, rest) = ("IP", rest[3..]);
            else if (rest.StartsWith("ARP, ", StringComparison.Ordinal)) (network, rest) = ("ARP", rest[5..]);
            else if (rest.StartsWith("MPLS (", StringComparison.Ordinal)) network = "MPLS";
            else if (TcpdumpSummaryGrammar.Flow.ParseLine(rest) is { Success: true } flow)
            {
                // No protocol word: the addresses tell IPv4 from IPv6.
                network = flow.Value.From.Count(c => c == ':') >= 2 ? "IP6" : "IP";
            }
            else network = "other";
        }
        else if (network == "IP" && rest.StartsWith("IP ", StringComparison.Ordinal)) rest = rest[3..];
        else if (network == "IP6" && rest.StartsWith("IP6 ", StringComparison.Ordinal)) rest = rest[4..];
        return network switch
        {
            "IP" => Ipv4(rest),
            "IP6" => Ipv6(rest),
            "ARP" => Arp(rest, linkStated),
            "MPLS" => Mpls(rest, linkStated),
            _ => Other(rest, linkStated),
        };
    }

    public void Ethernet(LinkHeader.Ethernet header)
    {
        var values = packet.Add(Decoding.Protocols.Ethernet.Layer);
        values.Set("eth.dst", header.Destination, line);
        values.Set("eth.src", header.Source, line);
        if (header.EtherType is { } type) values.Set("eth.type", type, line);
    }

    public void Cooked(bool version2, char? packetType, LinkHeader.Cooked? header)
    {
        var layer = version2 ? Sll.V2 : Sll.V1;
        var values = packet.Add(layer);
        // print-sll.c's words for the packet type: In is to this host, B broadcast, M multicast, P another host, Out sent.
        if (packetType is { } type) values.Set("sll.pkttype", type switch { 'I' => 0UL, 'B' => 1, 'M' => 2, 'P' => 3, _ => 4 }, line);
        if (header is null) return;
        values.Set("sll.etype", header.EtherType, line);
        if (header.InterfaceIndex is { } index && version2) values.Set("sll.ifindex", (ulong)index, line);
        if (header.Address is { } address)
        {
            // tcpdump prints the address as long as its length says: six bytes printed is a length of six.
            values.Set("sll.halen", 6, line);
            values.Set("sll.src.eth", address, line);
        }
    }

    public void Vlan(VlanTag tag)
    {
        var values = packet.Add(Decoding.Protocols.Vlan.Layer);
        values.Set("vlan.id", tag.Id, line);
        values.Set("vlan.priority", tag.Priority, line);
        values.Set("vlan.dei", tag.DropEligible ? 1UL : 0, line);
        values.Set("vlan.etype", tag.EtherType, line);
    }

    /// <summary>"IP [(tos …)] 10.0.0.1.51270 > 10.0.0.2.7010: …" after its word.</summary>
    public bool Ipv4(string rest)
    {
        var ip = packet.Add(Decoding.Protocols.Ipv4.Layer);
        if (rest.StartsWith("bad-len ", StringComparison.Ordinal) && TcpdumpVocabulary.Number(rest[8..].Trim()) is { } badLength)
        {
            // print-ip.c's "bad-len N": a total length shorter than a header (0 in a BIG TCP datagram); nothing after it is printed.
            Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.len", badLength);
            packet.Comments.Add($"tcpdump printed 'bad-len {badLength}': the IP header's total length field, and nothing more of the datagram");
            return true;
        }
        if (rest.StartsWith("bad-hlen ", StringComparison.Ordinal) && TcpdumpVocabulary.Number(rest[9..].Trim()) is { } badHeaderLength)
        {
            // print-ip.c's "bad-hlen N": a header length field (N bytes) below the 20 a header needs; nothing after it is printed.
            Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.hdr_len", badHeaderLength);
            packet.Comments.Add($"tcpdump printed 'bad-hlen {badHeaderLength}': the IP header's length field, and nothing more of the datagram");
            return true;
        }
        if (TcpdumpSummaryGrammar.TruncatedIp.ParseLine(rest) is { Success: true } missing)
        {
            // print-ip.c's "truncated-ip - N bytes missing! ": the IP header's total length counts N bytes more than the link
            // delivered, and the lengths printed after it count the datagram the header states, not the one delivered. The
            // addresses are read; the total length (delivered plus N, the delivered part unprinted) and what follows are not
            // rebuilt, since emit would compute the length from the lengths printed.
            var truncatedFlow = TcpdumpSummaryGrammar.Flow.ParseLine(missing.Value.After);
            if (!truncatedFlow.Success) return Fail("a 'truncated-ip' summary without its addresses");
            var (truncatedFrom, truncatedTo, _) = truncatedFlow.Value;
            var ports = TcpdumpSummaryGrammar.Address(truncatedFrom, AddressFamily.InterNetwork) is null && WithPort(truncatedFrom) is not null;
            Addresses(ip, truncatedFrom, truncatedTo, AddressFamily.InterNetwork, ports);
            ip.Set("ip.hdr_len", 20, line);
            packet.Assumptions.Add("ip.hdr_len = 20 (no IP options): tcpdump prints them only with -v");
            packet.Comments.Add($"tcpdump printed 'truncated-ip - {missing.Value.Missing} bytes missing!': the IP total length exceeds the datagram the link delivered by that much; the total length and what the datagram carries are not rebuilt");
            return true;
        }
        var verbose = false;
        if (rest.StartsWith('(') && TcpdumpSummaryGrammar.Parenthesised.ParseLine(rest) is { Success: true } items)
        {
            verbose = VerboseIpv4(ip, TcpdumpSummaryGrammar.Items(items.Value));
            rest = rest[(items.Value.Length + 2)..].TrimStart();
        }
        var flow = TcpdumpSummaryGrammar.Flow.ParseLine(rest);
        if (!flow.Success)
        {
            // An IP header tcpdump printed without the flow after it (cut at the line's end).
            if (!verbose) return Fail("an IP summary without its addresses");
            packet.Comments.Add("the summary gives the IP header only");
            return true;
        }
        var (from, to, after) = flow.Value;
        var tail = OldVerboseTail(ref after, ip);
        if (!tail) OldHeaderWords(ref after, ip);
        verbose |= tail;
        if (!verbose && !ip.Has("ip.hdr_len"))
        {
            ip.Set("ip.hdr_len", 20, line);
            packet.Assumptions.Add("ip.hdr_len = 20 (no IP options): tcpdump prints them only with -v");
        }
        return Transport(ip, from, to, after, AddressFamily.InterNetwork);
    }

    /// <summary>"(tos 0x0, ttl 64, id 7266, offset 0, flags [DF], proto TCP (6), length 60[, options (…)])": every header field.</summary>
    private bool VerboseIpv4(FieldValues ip, HeaderItems items)
    {
        var options = false;
        foreach (var (word, value) in items.Items)
        {
            if (TcpdumpVocabulary.Ipv4Items.TryGetValue(word, out var field))
            {
                if (TcpdumpVocabulary.Number(value) is { } number) Put(Decoding.Protocols.Ipv4.Layer, ip, field, number);
            }
            else if (word == "flags" && TcpdumpVocabulary.IpFlags(value) is { } flags) Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.flags", flags);
            else if (word == "proto" && TcpdumpVocabulary.BracketedNumber(value) is { } protocol) Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.proto", protocol);
            else if (word == "options")
            {
                options = true;
                IpOptions(ip, value);
            }
            else if (word == "bad" && value.StartsWith("cksum ", StringComparison.Ordinal) &&
                     TcpdumpVocabulary.Number("0x" + value[6..].Split(' ')[0]) is { } checksum)
            {
                Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.checksum", checksum);
            }
        }
        // -v prints every option: none printed is a 20-byte header. With -v tcpdump checks the header
        // checksum and says "bad cksum" when it is wrong; emit computes it when every byte is stated.
        if (!options) ip.OptionsListed = true;
        return ip.Has("ip.ttl");
    }

    /// <summary>
    /// "options (NOP,RR 10.0.0.1, 0.0.0.0 …,EOL)": the options tcpdump's words fix (no-operation, end of list,
    /// router alert, a record-route option's addresses, its pointer unprinted); any other leaves the option space unknown.
    /// </summary>
    private void IpOptions(FieldValues ip, string text)
    {
        var tokens = text.Trim().TrimStart('(').TrimEnd(')').Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        var listed = new List<(ProtocolOption, int)>();
        for (var i = 0; i < tokens.Length; i++)
        {
            switch (tokens[i])
            {
                case "NOP":
                    listed.Add((IpOption.NoOperation, line));
                    break;
                case "EOL":
                    listed.Add((IpOption.EndOfList, line));
                    break;
                case "RA":
                    listed.Add((new IpOption(0x94, [0, 0]), line));
                    break;
                case "RR":
                    var addresses = new List<byte?>();
                    while (i + 1 < tokens.Length && TcpdumpSummaryGrammar.Address(tokens[i + 1], AddressFamily.InterNetwork) is { } address)
                    {
                        addresses.AddRange(address.GetAddressBytes().Select(b => (byte?)b));
                        i++;
                    }
                    // Type 7, its length, the pointer (not printed), then the route's slots.
                    listed.Add((new PartlyStatedOption(IpOption.TypeField, IpOption.LengthField, 7, [null, .. addresses]), line));
                    break;
                default:
                    packet.Comments.Add($"IP option '{tokens[i]}' is not rebuilt: the option space is unknown");
                    return;
            }
        }
        ip.Options.AddRange(listed);
        ip.OptionsListed = true;
    }

    /// <summary>
    /// tcpdump 3 puts the IP header's words after the transport's: "(DF)", "[tos 0x10]", and with -v
    /// "(ttl 40, id 29204, len 45)". It prints DF, a type of service and a fragment whenever they are
    /// there, so with the -v words every field is stated.
    /// </summary>
    private bool OldVerboseTail(ref string after, FieldValues ip)
    {
        var open = after.LastIndexOf("(ttl ", StringComparison.Ordinal);
        if (open < 0) return false;
        var close = after.IndexOf(')', open);
        if (close < 0) return false;
        var items = TcpdumpSummaryGrammar.Items(after[(open + 1)..close]);
        foreach (var (word, value) in items.Items)
        {
            if (TcpdumpVocabulary.Ipv4Items.TryGetValue(word, out var field) && TcpdumpVocabulary.Number(value) is { } number)
            {
                Put(Decoding.Protocols.Ipv4.Layer, ip, field, number);
            }
        }
        var before = after[..open];
        if (before.Contains("(frag ", StringComparison.Ordinal)) return ip.Has("ip.ttl");
        var df = before.Contains("(DF)", StringComparison.Ordinal);
        Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.flags", df ? 2UL : 0);
        Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.frag_offset", 0);
        if (!ip.Has("ip.dsfield")) Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.dsfield", TosOf(before) ?? 0);
        if (!items.Items.Any(i => i.Word.StartsWith("optlen", StringComparison.Ordinal))) ip.OptionsListed = true;
        after = before.Replace("(DF)", "").Trim();
        return ip.Has("ip.ttl");
    }

    /// <summary>
    /// tcpdump 3 without -v still prints "(DF)" when the flag is set (and "(frag …)" for a fragment) and
    /// "[tos 0x8]" when the type of service is not zero: what they state is written, and the words taken out.
    /// </summary>
    private void OldHeaderWords(ref string after, FieldValues ip)
    {
        if (after.EndsWith(" (DF)", StringComparison.Ordinal) || after.Contains(" (DF) ", StringComparison.Ordinal))
        {
            Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.flags", 2);
            if (!after.Contains("(frag ", StringComparison.Ordinal)) Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.frag_offset", 0);
            after = after.Replace(" (DF)", "", StringComparison.Ordinal).Trim();
        }
        var tos = OldTypeOfService.Match(after);
        if (tos.Success && TosOf(tos.Value) is { } value)
        {
            Put(Decoding.Protocols.Ipv4.Layer, ip, "ip.dsfield", value);
            after = after.Remove(tos.Index, tos.Length).Trim();
        }
    }

    private static readonly System.Text.RegularExpressions.Regex OldTypeOfService =
        new(@"\[tos 0x[0-9a-f]+\]", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static ulong? TosOf(string text)
    {
        var at = text.IndexOf("[tos ", StringComparison.Ordinal);
        return at < 0 ? null : TcpdumpVocabulary.Number(text[(at + 5)..].TrimEnd(']').Split(']')[0]);
    }

    /// <summary>"IP6 [(flowlabel 0x…, hlim 64, next-header TCP (6) payload length: 40)] fd00::1.7010 > fd00::2.51270: …".</summary>
    public bool Ipv6(string rest)
    {
        var ip = packet.Add(Decoding.Protocols.Ipv6.Layer);
        if (rest.StartsWith('(') && TcpdumpSummaryGrammar.Parenthesised.ParseLine(rest) is { Success: true } items)
        {
            var stated = TcpdumpSummaryGrammar.Items(items.Value);
            foreach (var (word, value) in stated.Items)
            {
                if (TcpdumpVocabulary.Ipv6Items.TryGetValue(word, out var field) && TcpdumpVocabulary.Number(value) is { } number)
                {
                    Put(Decoding.Protocols.Ipv6.Layer, ip, field, number);
                }
                else if (word == "next-header" && TcpdumpVocabulary.BracketedNumber(value.Split(" payload")[0]) is { } next)
                {
                    Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.nxt", next);
                    if (value.Contains("payload length:", StringComparison.Ordinal) && TcpdumpVocabulary.Number(value[(value.IndexOf(':') + 1)..].Trim()) is { } length)
                    {
                        Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.plen", length);
                    }
                }
                else if (word == "payload" && TcpdumpVocabulary.Number(value.Replace("length:", "").Replace("length", "").Trim()) is { } plen)
                {
                    Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.plen", plen);
                }
            }
            // -v prints the traffic class and the flow label only when they are not zero.
            if (!ip.Has("ipv6.tclass")) Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.tclass", 0);
            if (!ip.Has("ipv6.flow")) Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.flow", 0);
            rest = rest[(items.Value.Length + 2)..].TrimStart();
        }
        var flow = TcpdumpSummaryGrammar.Flow.ParseLine(rest);
        if (!flow.Success) return Fail("an IPv6 summary without its addresses");
        var (from, to, after) = flow.Value;
        // Extension headers (HBH, frag, RT6, DSTOPT) sit between the IPv6 header and the transport: their
        // layout is not rebuilt, so the header stands alone, what follows it unknown.
        if (HopByHop(after, out var carried))
        {
            if (!ip.Has("ipv6.nxt")) Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.nxt", 0);
            return Transport(ip, from, to, carried, AddressFamily.InterNetworkV6);
        }
        if (ExtensionHeader(after) is { } extension)
        {
            Addresses(ip, from, to, AddressFamily.InterNetworkV6, ports: false);
            if (!ip.Has("ipv6.nxt") && extension.Next is { } next) Put(Decoding.Protocols.Ipv6.Layer, ip, "ipv6.nxt", next);
            packet.Comments.Add($"IPv6 extension header '{extension.Word}': what follows the IPv6 header is not rebuilt");
            return true;
        }
        return Transport(ip, from, to, after, AddressFamily.InterNetworkV6);
    }

    private static (string Word, ulong? Next)? ExtensionHeader(string after) =>
        after.StartsWith("HBH ", StringComparison.Ordinal) ? ("HBH", 0)
        : after.StartsWith("frag ", StringComparison.Ordinal) ? ("frag", 44)
        : after.StartsWith("RT6 ", StringComparison.Ordinal) ? ("RT6", 43)
        : after.StartsWith("DSTOPT ", StringComparison.Ordinal) ? ("DSTOPT", 60)
        : null;

    /// <summary>What follows "from > to: ": the transport, read by its first words.</summary>
    private bool Transport(FieldValues ip, string from, string to, string after, AddressFamily family)
    {
        var tcp = TcpdumpSummaryGrammar.NewTcp.ParseLine(after);
        if (!tcp.Success) tcp = TcpdumpSummaryGrammar.OldTcp.ParseLine(after);
        if (tcp.Success) return Tcp(ip, from, to, tcp.Value, family);

        var icmp6Text = after.StartsWith("[icmp6 sum ok] ", StringComparison.Ordinal) ? after[15..] : after;
        if (family == AddressFamily.InterNetworkV6 && icmp6Text.StartsWith("ICMP6, ", StringComparison.Ordinal))
        {
            Addresses(ip, from, to, family, ports: false);
            return Icmp(Decoding.Protocols.Icmpv6.Layer, TcpdumpVocabulary.Icmpv6, icmp6Text[7..], family);
        }
        if (family == AddressFamily.InterNetwork && (after.StartsWith("ICMP ", StringComparison.Ordinal) || after.StartsWith("icmp: ", StringComparison.Ordinal)))
        {
            Addresses(ip, from, to, family, ports: false);
            return Icmp(Decoding.Protocols.Icmp.Layer, TcpdumpVocabulary.Icmp, after[(after.IndexOf(' ') + 1)..], family);
        }
        if (after.StartsWith("GREv", StringComparison.Ordinal) || after.StartsWith("AH(", StringComparison.Ordinal) || after.StartsWith("ESP(", StringComparison.Ordinal))
        {
            Addresses(ip, from, to, family, ports: false);
            if (after[0] == 'G' ? Gre(after) : after[0] == 'A' ? Ah(after, ip) : Esp(after, ip)) return true;
        }
        foreach (var (word, protocol) in TcpdumpVocabulary.PortlessProtocols)
        {
            if (!after.StartsWith(word, StringComparison.Ordinal)) continue;
            Addresses(ip, from, to, family, ports: word == "sctp");
            var number = word == "ip-proto-" && TcpdumpVocabulary.Number(after[word.Length..]) is { } n ? n : protocol;
            if (number is > 0 and <= 255) Put(family == AddressFamily.InterNetwork ? Decoding.Protocols.Ipv4.Layer : Decoding.Protocols.Ipv6.Layer,
                ip, family == AddressFamily.InterNetwork ? "ip.proto" : "ipv6.nxt", number);
            packet.Comments.Add(word == "ip-proto-" && ip.Has("ip.frag_offset") is false
                ? "tcpdump names only the protocol (a fragment after the first, or a protocol it does not print): what the IP header carries is not rebuilt"
                : $"{word.TrimEnd('-')}: what the IP header carries is not rebuilt");
            return true;
        }
        if (WithPort(from) is not null && WithPort(to) is not null) return Udp(ip, from, to, after, family);
        Addresses(ip, from, to, family, ports: false);
        packet.Comments.Add("what the IP header carries is not rebuilt");
        return true;
    }

    private static HostPort? WithPort(string endpoint)
    {
        var split = TcpdumpSummaryGrammar.WithPort(endpoint);
        return split.Port is null ? null : split;
    }

    private bool Tcp(FieldValues ip, string from, string to, TcpSummary segment, AddressFamily family)
    {
        var (source, destination) = Addresses(ip, from, to, family, ports: true);
        var tcp = packet.Add(Decoding.Protocols.Tcp.Layer);
        Port(tcp, "tcp.srcport", source);
        Port(tcp, "tcp.dstport", destination);

        var flags = FlagByte(segment.Flags);
        if (flags is { } byteValue && tcp.Put(Decoding.Protocols.Tcp.Layer, Decoding.Protocols.Tcp.FlagByte, byteValue, line, raw: true) is { } problem)
        {
            packet.Comments.Add(problem);
        }
        var syn = (flags & 0x02) != 0;
        var ack = (flags & 0x10) != 0;
        var numbers = sequenceNumbers.Read(from, to, syn, ack, segment.Seq, ack ? segment.Ack : null);
        if (numbers.Seq is { } seq) tcp.Set("tcp.seq_raw", seq, line);
        if (numbers.Ack is { } acknowledgement && ack) tcp.Set("tcp.ack_raw", acknowledgement, line);
        if (numbers.Note is { } note) packet.Comments.Add(note);
        if (segment.Window is { } window) tcp.Set("tcp.window_size_value", window, line);
        if (segment.Urgent is { } urgent) tcp.Set("tcp.urgent_pointer", urgent, line);
        if (segment.Checksum is { } checksum) tcp.Set("tcp.checksum", checksum, line);

        var listed = !segment.Truncated;
        foreach (var option in segment.Options ?? [])
        {
            if (option.Option is { } known) tcp.Options.Add((known, line));
            else if (option.SackBlocks is { } blocks && numbers.AckBase is { } ackBase)
            {
                tcp.Options.Add((new TcpOption.Sack(blocks.Select(b => (unchecked(b.Left + ackBase), unchecked(b.Right + ackBase))).ToList()), line));
            }
            else if (option is { Kind: { } kind, Size: { } size })
            {
                // The option's place and size are stated; its values are counted from a number the text does not give.
                tcp.Options.Add((PartlyStatedOption.OfSize(TcpOption.KindField, TcpOption.LengthField, kind, size), line));
            }
            else
            {
                packet.Comments.Add($"TCP option '{option.Text}' is not rebuilt: the options from it on are unknown");
                listed = false;
                break;
            }
        }
        tcp.OptionsListed = listed;
        if (segment.Truncated) packet.Comments.Add("tcpdump cut the header short ([|tcp]): the options and the header length are unknown");
        if (segment.Length is { } length) packet.PayloadLength = length;
        if (segment.Application is { Length: > 0 } application) packet.Comments.Add($"tcpdump's words for the data: {application}");
        return true;
    }

    /// <summary>tcpdump's flag letters (print-tcp.c): S F R P . W E U; an empty list is [none]. The four bits before them it does not print.</summary>
    private static ulong? FlagByte(string letters)
    {
        var value = 0UL;
        foreach (var letter in letters)
        {
            value |= letter switch
            {
                'F' => 0x01, 'S' => 0x02, 'R' => 0x04, 'P' => 0x08, '.' => 0x10, 'U' => 0x20, 'E' => 0x40, 'W' => 0x80,
                _ => 0,
            };
        }
        return letters.Contains('e') ? null : value;
    }

    private bool Udp(FieldValues ip, string from, string to, string after, AddressFamily family)
    {
        var (source, destination) = Addresses(ip, from, to, family, ports: true);
        var udp = packet.Add(Decoding.Protocols.Udp.Layer);
        Port(udp, "udp.srcport", source);
        Port(udp, "udp.dstport", destination);
        var text = after;
        var verdict = TcpdumpSummaryGrammar.UdpChecksumVerdict.ParseLine(text);
        if (verdict.Success)
        {
            if (verdict.Value.Value is { } printed) udp.Set("udp.checksum", printed, line);
            text = text[(text.IndexOf(']') + 1)..].TrimStart();
        }
        if (text.StartsWith("VXLAN, ", StringComparison.Ordinal) && Vxlan(text)) return true;
        if (text.StartsWith("Geneve, ", StringComparison.Ordinal) && Geneve(text)) return true;
        var plain = TcpdumpSummaryGrammar.PlainUdp.ParseLine(text);
        var ports = (ServicePorts.Port(source.Port ?? ""), ServicePorts.Port(destination.Port ?? ""));
        if (plain.Success) packet.PayloadLength = plain.Value;
        else if (ports.Item1 is 53 or 5353 || ports.Item2 is 53 or 5353) packet.PayloadLength = TcpdumpSummaryGrammar.BracketedLength(text);
        else if (EndsWithPayloadLength(text)) packet.PayloadLength = TcpdumpSummaryGrammar.TrailingLength(text);
        if (!plain.Success && text.Length > 0) packet.Comments.Add($"tcpdump's words for the data: {text}");
        return true;
    }

    /// <summary>Application printers that end with ", length N" for the payload they were given (NTP, syslog, BOOTP/DHCP, RIP).</summary>
    private static bool EndsWithPayloadLength(string text) =>
        (text.StartsWith("NTPv", StringComparison.Ordinal) || text.StartsWith("SYSLOG", StringComparison.Ordinal) ||
         text.StartsWith("BOOTP/DHCP", StringComparison.Ordinal) || text.StartsWith("RIPv", StringComparison.Ordinal))
        && TcpdumpSummaryGrammar.TrailingLength(text) is not null;

    private bool Icmp(IcmpMessage layer, Parser<char, TcpdumpVocabulary.Message> words, string text, AddressFamily family)
    {
        var values = packet.Add(layer);
        var prefix = layer.Protocol;
        // Some tcpdump versions print ICMPv6's code words with a space of their own ("unreachable,  unreachable prohibited").
        text = text.Replace(",  ", ", ", StringComparison.Ordinal);
        if (TcpdumpVocabulary.Read(words, text) is not { } message)
        {
            packet.Comments.Add($"the {prefix.ToUpperInvariant()} message '{text}' is not rebuilt");
            return true;
        }
        values.Set($"{prefix}.type", message.Type, line);
        values.Set($"{prefix}.code", message.Code, line);
        var ipv4 = layer is Decoding.Protocols.Icmp;
        if (message.Identifier is { } id) values.Set(ipv4 ? "icmp.ident" : "icmpv6.echo.identifier", id, line);
        if (message.Sequence is { } seq) values.Set(ipv4 ? "icmp.seq" : "icmpv6.echo.sequence_number", seq, line);
        if (message.Mtu is { } mtu) values.Set(ipv4 ? "icmp.mtu" : "icmpv6.mtu", mtu, line);
        if (message.Pointer is { } pointer && ipv4) values.Set("icmp.pointer", pointer, line);
        if (message.Gateway is { } gateway && ipv4 && TcpdumpSummaryGrammar.Address(gateway, AddressFamily.InterNetwork) is { } gw)
        {
            values.Set("icmp.redir_gw", gw.GetAddressBytes(), line);
        }
        if (message.Quote is { } quote) Quote(values, quote, family);
        if (TcpdumpVocabulary.MessageLength(text) is { } length && length >= 8) packet.PayloadLength = length - 8;
        return true;
    }

    /// <summary>The datagram an error quotes, as far as the words say: its destination, protocol and port.</summary>
    private void Quote(FieldValues icmp, QuotedDatagram quote, AddressFamily family)
    {
        var stack = new LayerStack();
        var ipv4 = family == AddressFamily.InterNetwork;
        var ip = stack.Add(ipv4 ? Decoding.Protocols.Ipv4.Layer : Decoding.Protocols.Ipv6.Layer);
        if (quote.Destination is { } destination && TcpdumpSummaryGrammar.Address(destination, family) is { } address)
        {
            ip.Set(ipv4 ? "ip.dst" : "ipv6.dst", address.GetAddressBytes(), line);
        }
        if (quote.Protocol is { } protocol && quote.DestinationPort is { } port)
        {
            if (ipv4)
            {
                ip.Set("ip.hdr_len", 20, line);
                packet.Assumptions.Add("the quoted datagram's ip.hdr_len = 20 (no IP options)");
            }
            var transport = stack.Add(protocol == 6 ? Decoding.Protocols.Tcp.Layer : Decoding.Protocols.Udp.Layer);
            transport.Set(protocol == 6 ? "tcp.dstport" : "udp.dstport", port, line);
        }
        else if (quote.Protocol is { } only) ip.Set(ipv4 ? "ip.proto" : "ipv6.nxt", only, line);
        icmp.Quote = stack;
    }

    public bool Arp(string rest, bool linkStated)
    {
        var arp = TcpdumpSummaryGrammar.Arp.ParseLine(rest);
        if (!arp.Success) return Fail($"ARP words not read: {arp.Describe()}");
        var message = arp.Value;
        if (!linkStated) AssumeEthernet("ARP");
        var values = packet.Add(Decoding.Protocols.Arp.Layer);
        values.Set("arp.opcode", message.Opcode, line);
        // print-arp.c prints the hardware and protocol words unless they are Ethernet and IPv4 (or with -v).
        values.Set("arp.proto.type", 0x0800, line);
        values.Set("arp.proto.size", 4, line);
        values.Set("arp.hw.size", 6, line);
        if (message.Verbose) values.Set("arp.hw.type", 1, line);
        else
        {
            // tcpdump leaves out "Ethernet (len 6)" for any hardware type with six-byte addresses; over an
            // Ethernet link that is Ethernet's own (RFC 826), which Wireshark needs to show the addresses as MACs.
            values.Set("arp.hw.type", 1, line);
            packet.Assumptions.Add("arp.hw.type = 1 (Ethernet): tcpdump names the hardware type only with -v or when it is not six bytes long");
        }
        ArpAddress(values, "arp.src.proto_ipv4", message.SenderIp);
        ArpAddress(values, "arp.dst.proto_ipv4", message.TargetIp);
        if (message.SenderMac is { } senderMac) values.Set("arp.src.hw_mac", senderMac, line);
        if (message.TargetMac is { } targetMac) values.Set("arp.dst.hw_mac", targetMac, line);
        if (message.Length == 28 && packet.Layers.Layers.Any(l => l.Layer is Decoding.Protocols.Vxlan or Decoding.Protocols.Geneve))
        {
            // Inside a tunnel the UDP length counts the frame carried: it ends with the message unless padded.
            packet.PayloadLength = 0;
            packet.Assumptions.Add("the carried frame ends with its ARP message (no padding): tcpdump prints the message's length, not the frame's");
        }
        return true;
    }

    private void ArpAddress(FieldValues values, string field, string? text)
    {
        if (text is null) return;
        if (TcpdumpSummaryGrammar.Address(text, AddressFamily.InterNetwork) is { } address) values.Set(field, address.GetAddressBytes(), line);
        else packet.Comments.Add($"{field}: the name '{text}' without its address: the address is unknown");
    }

    /// <summary>A protocol this grammar does not rebuild (STP, LLDP, CDP, MPLS…): the link layer, what it carries unknown.</summary>
    public bool Other(string rest, bool linkStated)
    {
        if (!linkStated) AssumeEthernet(rest.Split([' ', ','], 2)[0]);
        packet.Comments.Add("what the link layer carries is not rebuilt");
        return true;
    }

    /// <summary>A link-layer protocol printed without -e: its frame's header is there, unprinted; Ethernet's is the usual one.</summary>
    private void AssumeEthernet(string protocol)
    {
        packet.Add(Decoding.Protocols.Ethernet.Layer);
        packet.Assumptions.Add($"an Ethernet header, its fields unknown: {protocol} runs over a link layer tcpdump prints only with -e");
    }

    /// <summary>Writes the addresses (a name leaves its address unknown, and is kept in the comment); returns the endpoints with their ports.</summary>
    private (HostPort Source, HostPort Destination) Addresses(FieldValues ip, string from, string to, AddressFamily family, bool ports)
    {
        var source = ports ? TcpdumpSummaryGrammar.WithPort(from) : new HostPort(from, null);
        var destination = ports ? TcpdumpSummaryGrammar.WithPort(to) : new HostPort(to, null);
        var ipv4 = family == AddressFamily.InterNetwork;
        AddressOf(ip, ipv4 ? "ip.src" : "ipv6.src", source.Host, family);
        AddressOf(ip, ipv4 ? "ip.dst" : "ipv6.dst", destination.Host, family);
        return (source, destination);
    }

    private void AddressOf(FieldValues ip, string field, string host, AddressFamily family)
    {
        if (TcpdumpSummaryGrammar.Address(host, family) is { } address) ip.Set(field, address.GetAddressBytes(), line);
        else packet.Comments.Add($"{field}: tcpdump printed the name '{host}', not the address: the address is unknown");
    }

    private void Port(FieldValues values, string field, HostPort endpoint)
    {
        if (endpoint.Port is not { } text) return;
        if ((ServicePorts.Port(text) ?? TcpdumpVocabulary.OldServicePort(text)) is { } port) values.Set(field, port, line);
        else packet.Comments.Add($"{field}: the service name '{text}' is not one this tool knows: the port is unknown");
    }

    private void Put(ProtocolLayer layer, FieldValues values, string field, ulong value)
    {
        if (values.Put(layer, [field], value, line) is { } problem) packet.Comments.Add($"line {line}: {problem}: left unknown");
    }

    private bool Fail(string why)
    {
        Problem = why;
        return false;
    }
}
