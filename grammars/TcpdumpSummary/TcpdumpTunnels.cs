using System.Globalization;
using System.Text.RegularExpressions;
using Pidgin;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// What tcpdump prints of headers that carry another packet (print-gre.c, print-vxlan.c, print-geneve.c,
/// print-mpls.c, print-ah.c, print-esp.c, print-ip6opts.c), and the packet inside read like any other.
/// Headers the layer model has no protocol for are written as the bytes the words fix.
/// </summary>
internal sealed partial class TcpdumpLayerReader
{
    /// <summary>"VXLAN, flags [I] (0x08), vni 42": the end of a line whose carried frame tcpdump prints on the next.</summary>
    public static readonly Regex VxlanLineEnd = new(@"VXLAN, flags \[[^\]]*\] \(0x[0-9a-f]+\), vni \d+$", RegexOptions.CultureInvariant);

    private static readonly Regex VxlanWords = new(@"^VXLAN, flags \[[^\]]*\] \(0x(?<flags>[0-9a-f]+)\), vni (?<vni>\d+)\s*(?<inner>.*)$", RegexOptions.CultureInvariant);

    private static readonly Regex GeneveWords = new(
        @"^Geneve, Flags \[(?<flags>[^\]]*)\], vni 0x(?<vni>[0-9a-f]+)(, proto \S+ \(0x(?<proto>[0-9a-f]+)\))?(, options \[(?<options>[^\]]*(\][^\]:\[]*)*)\])?:?\s*(?<inner>.*)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex GreWords = new(@"^GREv(?<version>\d), (?<items>.*?), length (?<length>\d+):?\s*(?<inner>.*)$", RegexOptions.CultureInvariant);

    private static readonly Regex AhWords = new(
        @"^AH\((length=\d+\(\d+-bytes\),)?spi=0x(?<spi>[0-9a-f]+),seq=0x(?<seq>[0-9a-f]+)(,icv=0x(?<icv>[0-9a-f]+))?\):?\s*(?<inner>.*)$", RegexOptions.CultureInvariant);

    private static readonly Regex EspWords = new(@"^ESP\(spi=0x(?<spi>[0-9a-f]+),seq=0x(?<seq>[0-9a-f]+)\), length (?<length>\d+)", RegexOptions.CultureInvariant);

    private static readonly Regex MplsEntry = new(@"^\(label (?<label>\d+), (exp|tc) (?<tc>\d+), (?<bottom>\[S\], )?ttl (?<ttl>\d+)\)\s*", RegexOptions.CultureInvariant);

    /// <summary>"VXLAN, flags [I] (0x08), vni 42" and the frame it carries.</summary>
    private bool Vxlan(string text)
    {
        var words = VxlanWords.Match(text);
        if (!words.Success) return false;
        var vxlan = packet.Add(Decoding.Protocols.Vxlan.Layer);
        // The flags byte is printed; the 24 reserved bits after it and the 8 after the VNI are not.
        var flags = ulong.Parse(words.Groups["flags"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        vxlan.Set("vxlan.flag_i", (flags >> 3) & 1, line);
        vxlan.Set("vxlan.vni", ulong.Parse(words.Groups["vni"].Value, CultureInfo.InvariantCulture), line);
        return InnerFrame(words.Groups["inner"].Value.Trim());
    }

    /// <summary>"Geneve, Flags [none], vni 0x1389, [proto TEB (0x6558), ]options [8 bytes]: " and the frame or packet it carries.</summary>
    private bool Geneve(string text)
    {
        var words = GeneveWords.Match(text);
        if (!words.Success) return false;
        var geneve = packet.Add(Decoding.Protocols.Geneve.Layer);
        var flags = words.Groups["flags"].Value;
        geneve.Set("geneve.flags.oam", flags.Contains('O') ? 1UL : 0, line);
        geneve.Set("geneve.flags.critical", flags.Contains('C') ? 1UL : 0, line);
        geneve.Set("geneve.vni", ulong.Parse(words.Groups["vni"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), line);
        ulong? protocol = words.Groups["proto"].Success ? ulong.Parse(words.Groups["proto"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;
        if (protocol is { } p) geneve.Set("geneve.proto_type", p, line);
        if (OptionBytes(words.Groups["options"].Value) is { } optionBytes) geneve.SetRaw("geneve.option.length", (ulong)optionBytes / 4, line);
        else if (words.Groups["options"].Success) packet.Comments.Add("the GENEVE options' length is not read: what follows them is not rebuilt");
        else geneve.SetRaw("geneve.option.length", 0, line);
        if (!geneve.Has("geneve.option.length")) return true;
        var inner = words.Groups["inner"].Value.Trim();
        // tcpdump prints GENEVE's protocol only with -e; an Ethernet frame inside is the usual case (TEB).
        return protocol is null or 0x6558 ? InnerFrame(inner) : Network(inner, NetworkOf((ushort)protocol.Value), linkStated: true);
    }

    /// <summary>"options [8 bytes]", or -v's options each with its "len N".</summary>
    private static int? OptionBytes(string options)
    {
        if (options.Length == 0) return null;
        var bytes = Regex.Match(options, @"^(\d+) bytes$", RegexOptions.CultureInvariant);
        if (bytes.Success) return int.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture);
        var lengths = Regex.Matches(options, @"\blen (\d+)\b", RegexOptions.CultureInvariant);
        return lengths.Count == 0 ? null : lengths.Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>A frame a tunnel carries: with -e its addresses and EtherType, without them an Ethernet header of unknown addresses.</summary>
    private bool InnerFrame(string text)
    {
        if (TcpdumpSummaryGrammar.EthernetHeader.ParseLine(text) is { Success: true } ethernet)
        {
            var header = (LinkHeader.Ethernet)ethernet.Value;
            Ethernet(header);
            var consumed = TcpdumpSummaryGrammar.EthernetHeader.Then(Parser<char>.CurrentOffset, (_, offset) => offset).Parse(text);
            return Network(text[consumed.Value..], NetworkOf(header.EtherType), linkStated: true);
        }
        packet.Add(Decoding.Protocols.Ethernet.Layer);
        return Network(text, null, linkStated: true);
    }

    /// <summary>"GREv0, key=0x2a, seq 2, length 96: IP …": the flags its items show, the key and sequence number, and the packet inside.</summary>
    private bool Gre(string text)
    {
        var words = GreWords.Match(text);
        if (!words.Success) return false;
        var gre = packet.Add(Decoding.Protocols.Gre.Layer);
        var items = TcpdumpSummaryGrammar.SplitTopLevel(words.Groups["items"].Value, ',').Select(i => i.Trim()).ToList();
        string? Item(string prefix) => items.FirstOrDefault(i => i.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        // print-gre.c prints the checksum, key and sequence number whenever their flags are set.
        var key = Item("key=");
        var seq = Item("seq ");
        var checksum = Item("sum ");
        gre.Set("gre.flags.checksum", checksum is null ? 0UL : 1, line);
        gre.Set("gre.flags.key", key is null ? 0UL : 1, line);
        gre.Set("gre.flags.sequence_number", seq is null ? 0UL : 1, line);
        gre.Set("gre.flags.version", ulong.Parse(words.Groups["version"].Value, CultureInfo.InvariantCulture), line);
        if (key is not null && TcpdumpVocabulary.Number(key) is { } k) gre.Set("gre.key", k, line);
        if (seq is not null && TcpdumpVocabulary.Number(seq) is { } s) gre.Set("gre.sequence_number", s, line);
        if (checksum is not null && TcpdumpVocabulary.Number(checksum) is { } c) gre.Set("gre.checksum", c, line);
        if (Item("proto ") is { } proto && TcpdumpVocabulary.BracketedNumber(proto) is { } protocol) gre.Set("gre.proto", protocol, line);
        return Network(words.Groups["inner"].Value.Trim(), null, linkStated: true);
    }

    /// <summary>"AH(spi=0x00001001,seq=0x2,icv=0x…): IP …": the header's bytes (its reserved field unprinted), and the packet it protects.</summary>
    private bool Ah(string text, FieldValues ip)
    {
        var words = AhWords.Match(text);
        if (!words.Success) return false;
        var icv = words.Groups["icv"].Success ? Convert.FromHexString(words.Groups["icv"].Value) : null;
        var inner = words.Groups["inner"].Value.Trim();
        byte? next = inner.StartsWith("IP6 ", StringComparison.Ordinal) ? 41 : inner.StartsWith("IP ", StringComparison.Ordinal) ? 4
            // With -e tcpdump leaves out the inner packet's word too: its addresses tell IPv4 from IPv6.
            : TcpdumpSummaryGrammar.Flow.ParseLine(inner) is { Success: true } flow ? (flow.Value.From.Count(c => c == ':') >= 2 ? (byte)41 : (byte)4)
            : null;
        var bytes = new List<byte?> { next, icv is null ? null : (byte)((12 + icv.Length) / 4 - 2), null, null };
        bytes.AddRange(Big(words.Groups["spi"].Value, 4));
        bytes.AddRange(Big(words.Groups["seq"].Value, 4));
        if (icv is not null) bytes.AddRange(icv.Select(b => (byte?)b));
        SetCarried(ip, 51);
        packet.Add(new StatedHeader("ah", "Authentication Header", bytes));
        if (icv is null || next is null) return true;
        return Network(inner, null, linkStated: true);
    }

    /// <summary>"ESP(spi=0x00001001,seq=0x2), length 136": the SPI and sequence number; the rest is encrypted.</summary>
    private bool Esp(string text, FieldValues ip)
    {
        var words = EspWords.Match(text);
        if (!words.Success) return false;
        SetCarried(ip, 50);
        packet.Add(new StatedHeader("esp", "Encapsulating Security Payload", [.. Big(words.Groups["spi"].Value, 4), .. Big(words.Groups["seq"].Value, 4)]));
        packet.PayloadLength = int.Parse(words.Groups["length"].Value, CultureInfo.InvariantCulture) - 8;
        return true;
    }

    /// <summary>"MPLS (label 1000, tc 0, ttl 64) (label 2001, tc 0, [S], ttl 64) IP …": each label stack entry's four bytes, then the packet.</summary>
    private bool Mpls(string rest, bool linkStated)
    {
        var text = rest.StartsWith("MPLS ", StringComparison.Ordinal) ? rest[5..] : rest;
        var bytes = new List<byte?>();
        var bottom = false;
        while (!bottom && MplsEntry.Match(text) is { Success: true } entry)
        {
            var label = uint.Parse(entry.Groups["label"].Value, CultureInfo.InvariantCulture);
            var tc = uint.Parse(entry.Groups["tc"].Value, CultureInfo.InvariantCulture);
            var ttl = uint.Parse(entry.Groups["ttl"].Value, CultureInfo.InvariantCulture);
            bottom = entry.Groups["bottom"].Success;
            var word = label << 12 | (tc & 7) << 9 | (bottom ? 1u : 0) << 8 | (ttl & 0xFF);
            bytes.AddRange(Big(word.ToString("x8", CultureInfo.InvariantCulture), 4));
            text = text[entry.Length..];
        }
        if (bytes.Count == 0) return Other(rest, linkStated);
        if (!linkStated)
        {
            AssumeEthernet("MPLS");
        }
        if (packet.Layers.Layers.Count > 0 && packet.Layers.Layers[^1] is { Layer: Decoding.Protocols.Ethernet, Values: var ethernet } && !ethernet.Has("eth.type"))
        {
            ethernet.Set("eth.type", 0x8847, line);
        }
        packet.Add(new StatedHeader("mpls", "MPLS label stack", bytes));
        if (!bottom) return true;
        // tcpdump guesses the payload of the bottom label by its first nibble, as Wireshark does.
        return Network(text.Trim(), null, linkStated: true);
    }

    /// <summary>-v's "HBH (rtalert: 0x0000) (padn)": a hop-by-hop header of a router alert padded to eight bytes, the only one tcpdump's words fix.</summary>
    private bool HopByHop(string after, out string rest)
    {
        rest = after;
        var words = Regex.Match(after, @"^HBH \(rtalert: 0x(?<value>[0-9a-f]{4})\) \(padn\) (?<rest>.*)$", RegexOptions.CultureInvariant);
        if (!words.Success) return MulticastListenerHopByHop(after, out rest);
        rest = words.Groups["rest"].Value;
        var carried = rest.StartsWith("[icmp6 sum ok] ", StringComparison.Ordinal) || rest.StartsWith("ICMP6", StringComparison.Ordinal) ? (byte?)58 : null;
        var value = Convert.FromHexString(words.Groups["value"].Value);
        // Next header, length 0 (eight bytes), router alert (type 5, length 2, value), PadN of no data (type 1, length 0).
        packet.Add(new StatedHeader("ipv6.hopopts", "IPv6 hop-by-hop options", [carried, 0, 5, 2, value[0], value[1], 1, 0]));
        return carried is not null;
    }

    /// <summary>
    /// "HBH ICMP6, multicast listener …" without -v: tcpdump names the hop-by-hop header but not its options.
    /// RFC 2710 and RFC 3810 send every MLD message with a router alert of value 0 (MLD) in it; the PadN
    /// that fills it to eight bytes is how the stacks write it. Written so, and said to be assumed.
    /// </summary>
    private bool MulticastListenerHopByHop(string after, out string rest)
    {
        rest = after;
        if (!after.StartsWith("HBH ICMP6, multicast listener ", StringComparison.Ordinal)) return false;
        rest = after[4..];
        packet.Add(new StatedHeader("ipv6.hopopts", "IPv6 hop-by-hop options", [58, 0, 5, 2, 0, 0, 1, 0]));
        packet.Assumptions.Add("the hop-by-hop header is MLD's router alert (value 0) padded to eight bytes, as RFC 3810 has it: tcpdump prints its options only with -v");
        return true;
    }

    private static IEnumerable<byte?> Big(string hex, int count)
    {
        var value = ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        for (var i = count - 1; i >= 0; i--) yield return (byte)(value >> (8 * i));
    }

    /// <summary>The IP header's protocol field, for a header after it that no binding names.</summary>
    private void SetCarried(FieldValues ip, ulong protocol)
    {
        var field = packet.Layers.Layers.Last(l => l.Values == ip).Layer is Decoding.Protocols.Ipv6 ? "ipv6.nxt" : "ip.proto";
        if (!ip.Has(field)) ip.Set(field, protocol, line);
    }
}
