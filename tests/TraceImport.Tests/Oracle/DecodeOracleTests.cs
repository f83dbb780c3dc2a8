using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Every fixture packet is decoded and compared with tshark, field by field, for every field both
/// produce whose bytes the text shows (the pcapng holds an unknown byte as 0, which tshark reads as
/// it reads any other): values, and every checksum verdict the decoder gives.
/// </summary>
public class DecodeOracleTests
{
    /// <summary>Fields whose value the decoder shows as tshark's -T fields shows it.</summary>
    private static readonly string[] Compared =
    [
        "eth.dst", "eth.src", "eth.type", "vlan.priority", "vlan.dei", "vlan.id", "vlan.etype",
        "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4",
        "ip.version", "ip.hdr_len", "ip.dsfield", "ip.dsfield.dscp", "ip.dsfield.ecn", "ip.len", "ip.id", "ip.flags", "ip.flags.rb", "ip.flags.df", "ip.flags.mf",
        "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst", "ip.opt.type", "ip.opt.len",
        "ipv6.version", "ipv6.tclass", "ipv6.flow", "ipv6.plen", "ipv6.nxt", "ipv6.hlim", "ipv6.src", "ipv6.dst", "ipv6.hopopts.nxt", "ipv6.hopopts.len",
        "ipv6.fraghdr.nxt", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.flags.res", "tcp.flags.ae", "tcp.flags.cwr", "tcp.flags.ece",
        "tcp.flags.urg", "tcp.flags.ack", "tcp.flags.push", "tcp.flags.reset", "tcp.flags.syn", "tcp.flags.fin", "tcp.window_size_value", "tcp.checksum", "tcp.urgent_pointer",
        "tcp.option_kind", "tcp.option_len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
        "udp.srcport", "udp.dstport", "udp.length", "udp.checksum",
        "icmp.type", "icmp.code", "icmp.checksum", "icmp.ident", "icmp.seq", "icmp.pointer", "icmp.redir_gw", "icmp.mtu",
        "icmpv6.type", "icmpv6.code", "icmpv6.checksum", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number",
        "ftp.response.code", "ftp.response.arg", "smtp.req.command", "smtp.req.parameter", "http.request.method", "http.request.uri", "http.request.version",
        "http.response.version", "http.response.code", "http.response.phrase",
        "sll.pkttype", "sll.hatype", "sll.halen", "sll.src.eth", "sll.unused", "sll.etype", "sll.ifindex", "null.family",
        "vxlan.flags", "vxlan.flag_g", "vxlan.flag_i", "vxlan.flag_d", "vxlan.flag_a", "vxlan.gbp", "vxlan.vni", "vxlan.reserved8",
        "geneve.version", "geneve.flags", "geneve.flags.oam", "geneve.flags.critical", "geneve.proto_type", "geneve.vni", "geneve.reserved",
        "geneve.option.class", "geneve.option.type", "geneve.option.unknown.data",
        "gre.flags_and_version", "gre.flags.checksum", "gre.flags.routing", "gre.flags.key", "gre.flags.sequence_number", "gre.flags.strict_source_route",
        "gre.flags.recursion_control", "gre.flags.reserved", "gre.flags.version", "gre.proto", "gre.checksum", "gre.offset", "gre.key", "gre.sequence_number",
    ];

    /// <summary>Checksum fields and tshark's verdict on them (0 bad, 1 good, 2 not verified, 3 not present).</summary>
    private static readonly (string Field, string Status)[] Verdicts =
    [
        ("ip.checksum", "ip.checksum.status"), ("tcp.checksum", "tcp.checksum.status"), ("udp.checksum", "udp.checksum.status"),
        ("icmp.checksum", "icmp.checksum.status"), ("icmpv6.checksum", "icmpv6.checksum.status"), ("gre.checksum", "gre.checksum.status"),
    ];

    public static TheoryData<string> DecodableFixtures() =>
        FixturesWhere(packets => packets.Count > 0 && packets.All(p => Bindings.Find(BindingTable.LinkType, p.LinkType.Code) is not null));

    /// <summary>The fixtures whose packets pass <paramref name="test"/>, by their path under fixtures/.</summary>
    internal static TheoryData<string> FixturesWhere(Func<List<Packet>, bool> test) =>
        new(FixtureSnapshotTests.FixtureCases().Where(path => test(Importing.File(path).Packets)).Select(path => Path.GetRelativePath(Repository.Fixtures, path)));

    [Theory]
    [MemberData(nameof(DecodableFixtures))]
    public void Field_values_and_checksum_verdicts_agree_with_tshark(string fixture)
    {
        var packets = Importing.File(Repository.Fixture(fixture)).Packets;
        var (capture, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));
        Compare(packets, capture).ShouldBeGreaterThan(0);
    }

    /// <summary>Every capture in fixtures/captures whose link type the bindings table knows.</summary>
    public static TheoryData<string> DecodableCaptures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            if (Bindings.Find(BindingTable.LinkType, PcapLinkType(path)) is not null) data.Add(Path.GetFileName(path));
        }
        return data;
    }

    /// <summary>A real or constructed capture's frames, decoded at its link type, against tshark's reading of the same file.</summary>
    [Theory]
    [MemberData(nameof(DecodableCaptures))]
    public void Captured_frames_decode_as_tshark_reads_them(string capture)
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var linkType = LinkType.Known.Single(k => k.Code == PcapLinkType(path));
        var packets = TsharkReader.Frames(path).Select((frame, i) => new Packet
        {
            Data = Convert.FromHexString(frame.RawHex), LinkType = linkType, OriginalLength = frame.RawHex.Length / 2,
            Interface = "capture", Format = "capture", Source = new SourceSpan(capture, i + 1, i + 1),
        }).ToList();
        Compare(packets, path).ShouldBeGreaterThan(0);
    }

    /// <summary>The link type in a pcap file's header (its last field, in the file's byte order).</summary>
    private static uint PcapLinkType(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        var swapped = header[0] == 0xd4 || header[0] == 0x4d;
        var network = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
        return swapped ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(network) : network;
    }

    /// <summary>Compares every packet's decode with tshark's reading of the capture; returns how many values and verdicts were compared.</summary>
    internal static int Compare(IReadOnlyList<Packet> packets, string capture)
    {
        var fields = Compared.Concat(Verdicts.Select(v => v.Status)).ToArray();
        var tshark = TsharkFields(capture, fields);
        tshark.Count.ShouldBe(packets.Count);

        var compared = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            var decode = PacketDecoder.Decode(packets[i]);
            var ours = decode.AllFields().Select(f => f.Field).Where(f => f.Status != FieldStatus.Truncated).ToLookup(f => f.Name);
            foreach (var name in Compared)
            {
                var mine = ours[name].ToList();
                var theirs = tshark[i][name];
                // Occurrences in document order; tshark leaves some out (the sequence number of a quoted segment it reads as cut short).
                for (var n = 0; n < Math.Min(mine.Count, theirs.Count); n++)
                {
                    // A field with a masked or unshown nibble holds 0 there in the capture: tshark's value is not the text's.
                    // (An unknown checksum is judged unverifiable, its raw nibbles still unshown.)
                    if (mine[n].Status is FieldStatus.Masked or FieldStatus.Unknown || mine[n].Raw.Contains('X')) continue;
                    (mine[n].Value ?? "").ShouldBe(theirs[n], $"packet {i + 1} {name} #{n + 1}");
                    compared++;
                }
            }
            foreach (var (field, status) in Verdicts)
            {
                var mine = ours[field].ToList();
                var theirs = tshark[i][status];
                for (var n = 0; n < mine.Count; n++)
                {
                    if (TsharkStatus(mine[n].Checksum, packets[i].Unknown is null) is not { } expected) continue;
                    theirs.Count.ShouldBeGreaterThan(n, $"packet {i + 1} {status}: tshark judges {theirs.Count} of it");
                    theirs[n].ShouldBe(expected, $"packet {i + 1} {field} #{n + 1}: ours is {mine[n].Checksum!.Cause} ({mine[n].Note})");
                    compared++;
                }
            }
        }
        return compared;
    }

    /// <summary>
    /// The status tshark gives a checksum the decoder judged so: good, bad, not present (a UDP zero),
    /// or not verified (the bytes it covers were not captured). Where the text masked or never showed
    /// bytes the checksum covers, tshark judges the zeros the capture holds instead: not comparable.
    /// </summary>
    private static string? TsharkStatus(ChecksumVerdict? verdict, bool allBytesKnown) => verdict?.Cause switch
    {
        ChecksumCause.Holds => "1",
        ChecksumCause.Wrong or ChecksumCause.Offload => "0",
        ChecksumCause.NotComputed => "3",
        ChecksumCause.CoverageUnknown or ChecksumCause.NotCovered when allBytesKnown => "2",
        _ => null,
    };

    /// <summary>tshark's values per packet and field, every occurrence in order (the quoted datagram's fields follow the outer ones).</summary>
    private static List<Dictionary<string, List<string>>> TsharkFields(string capture, string[] fields)
    {
        var arguments = new List<string> { "-r", capture, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t" };
        foreach (var field in fields) arguments.AddRange(["-e", field]);
        var result = ExternalTool.Run("tshark", [.. arguments]);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var values = line.Split('\t');
            return fields.Select((f, i) => (f, values[i])).ToDictionary(
                p => p.f, p => p.Item2.Length == 0 ? new List<string>() : p.Item2.Split('|').ToList());
        }).ToList();
    }
}
