using Shouldly;
using TraceImport.Decoding;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Every fixture packet whose bytes are all known is decoded and compared with tshark, field by field,
/// for every field both produce: values, and checksum verdicts.
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
    ];

    /// <summary>Present when one of tshark's dissectors stopped at an exception (a header cut short).</summary>
    private const string Malformed = "_ws.malformed";

    /// <summary>Checksum fields and tshark's verdict on them (1 good, 0 bad), compared where the decoder judged.</summary>
    private static readonly (string Field, string Status)[] Verdicts =
    [
        ("ip.checksum", "ip.checksum.status"), ("tcp.checksum", "tcp.checksum.status"), ("udp.checksum", "udp.checksum.status"),
        ("icmp.checksum", "icmp.checksum.status"), ("icmpv6.checksum", "icmpv6.checksum.status"),
    ];

    public static TheoryData<string> FullyKnownFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in FixtureSnapshotTests.FixtureCases())
        {
            var packets = Importing.File(path).Packets;
            var decodable = packets.All(p => p.Unknown is null && (p.LinkType == Model.LinkType.Ethernet || p.LinkType == Model.LinkType.RawIp));
            if (packets.Count > 0 && decodable) data.Add(Path.GetRelativePath(Repository.Fixtures, path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FullyKnownFixtures))]
    public void Field_values_and_checksum_verdicts_agree_with_tshark(string fixture)
    {
        var packets = Importing.File(Repository.Fixture(fixture)).Packets;
        var (capture, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));
        var fields = Compared.Concat(Verdicts.Select(v => v.Status)).Append(Malformed).ToArray();
        var tshark = TsharkFields(capture, fields);
        tshark.Count.ShouldBe(packets.Count);

        var compared = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            var decode = PacketDecoder.Decode(packets[i]);
            var ours = decode.AllFields().Select(f => f.Field).Where(f => f.Status != FieldStatus.Truncated).ToLookup(f => f.Name);
            foreach (var name in Compared)
            {
                var mine = ours[name].Select(f => f.Value ?? "").ToList();
                if (mine.Count == 0) continue;
                var theirs = tshark[i][name];
                // A dissector that hits the end of a truncated header throws and shows nothing after it.
                if (theirs.Count == 0 && tshark[i][Malformed].Count > 0) continue;
                mine.ShouldBe(theirs.Take(mine.Count).ToList(), $"packet {i + 1} {name}");
                compared += mine.Count;
            }
            foreach (var (field, status) in Verdicts)
            {
                var mine = ours[field].Where(f => f.Status is FieldStatus.Ok or FieldStatus.Bad && f.Note is "verified" or not null && f.Note!.StartsWith("should be"))
                    .Select(f => f.Status == FieldStatus.Ok ? "1" : "0").ToList();
                if (mine.Count == 0) continue;
                tshark[i][status].Take(mine.Count).ToList().ShouldBe(mine, $"packet {i + 1} {status}");
                compared += mine.Count;
            }
        }
        compared.ShouldBeGreaterThan(0);
    }

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
