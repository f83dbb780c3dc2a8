using Shouldly;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>
/// decode --output tshark-json and tshark-ek against tshark's own -T json and -T ek on the same captures: each
/// capture is dumped with tshark -x, the dump decoded as a paste is, and the same fields are picked out of both
/// outputs by the same jq program, frame by frame. The programs walk tshark's shape (the envelope, the layers
/// object, the _tree subtrees, EK's protocol_field names), so a change of shape fails as a change of value does.
/// </summary>
public sealed class TsharkShapeTests
{
    public static TheoryData<string, int> Captures => new()
    {
        { "captures/loopback-http.pcap", 1 },
        { "captures/corpus/dns.pcap", 1 },
        { "captures/corpus/tcp-fast-retransmission.pcap", 1 },
        { "captures/corpus/raw-ip-tun.pcap", 101 },
        { "captures/constructed-vxlan.pcap", 1 },
    };

    /// <summary>Each frame's fields, as a line of JSON; a missing field is null.</summary>
    private const string JsonFields = """
        .[] | {envelope: [(._index | test("^packets-")), ._type, ._score], layers: ._source.layers}
        | [.envelope, .layers.frame."frame.len", .layers.frame."frame.cap_len", .layers.eth."eth.src", .layers.eth."eth.type",
           .layers.ip."ip.src", .layers.ip."ip.dst", .layers.ip."ip.ttl", .layers.ip."ip.flags_tree"."ip.flags.df",
           .layers.tcp."tcp.srcport", .layers.tcp."tcp.dstport", .layers.tcp."tcp.seq_raw", .layers.tcp."tcp.ack_raw",
           .layers.tcp."tcp.flags_tree"."tcp.flags.syn", .layers.tcp."tcp.options_tree"."tcp.options.mss_tree"."tcp.options.mss_val",
           .layers.udp."udp.srcport", .layers.udp."udp.length", .layers.udp."udp.checksum"]
        | tojson
        """;

    /// <summary>The same for EK: index lines and documents alternate.</summary>
    private const string EkFields = """
        def layer(name): .layers[name] | if type == "array" then .[-1] else . end;
        if has("index") then [(.index._index | test("^packets-")), .index._type] | tojson
        else [(.layers.eth | type), layer("frame").frame_frame_len, layer("eth").eth_eth_src, layer("ip").ip_ip_src, layer("ip").ip_ip_ttl,
              layer("ip").ip_ip_flags_df, layer("tcp").tcp_tcp_srcport, layer("tcp").tcp_tcp_seq_raw, layer("tcp").tcp_tcp_flags_syn,
              layer("tcp").tcp_tcp_options_mss_val, layer("udp").udp_udp_srcport, layer("udp").udp_udp_length] | tojson
        end
        """;

    [Theory]
    [MemberData(nameof(Captures))]
    public void TsharkJsonCarriesTsharksValuesInTsharksShape(string capture, int linkType)
    {
        var path = Repository.Fixture(capture);
        var ours = Jq(JsonFields, Decode(path, linkType, "tshark-json"));
        var theirs = Jq(JsonFields, Tshark(path, "json"));

        ours.Count.ShouldBe(theirs.Count, "frames");
        for (var i = 0; i < ours.Count; i++) ours[i].ShouldBe(theirs[i], $"{capture} frame {i + 1}");
        Compared(theirs).ShouldBeGreaterThan(4 * theirs.Count, "fields tshark shows among those picked: too few, and nothing is compared");
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void TsharkEkCarriesTsharksValuesInTsharksShape(string capture, int linkType)
    {
        var path = Repository.Fixture(capture);
        var ours = Jq(EkFields, Decode(path, linkType, "tshark-ek"));
        var theirs = Jq(EkFields, Tshark(path, "ek"));

        ours.Count.ShouldBe(theirs.Count, "lines");
        for (var i = 0; i < ours.Count; i++) ours[i].ShouldBe(theirs[i], $"{capture} line {i + 1}");
        Compared(theirs).ShouldBeGreaterThan(4 * theirs.Count / 2, "fields tshark shows among those picked: too few, and nothing is compared");
    }

    [Fact]
    public void TsharkJsonKeepsThePacketsTimeAndSaysNothingOfATimeTheTextDidNotPrint()
    {
        const string paste = """
            2026-11-22 11:46:22.539952 IP 127.0.0.1.42476 > 127.0.0.1.18080: Flags [S], seq 898660934, win 64240, length 0
            	0x0000:  4500 003c 85d9 4000 4006 b6e0 7f00 0001
            	0x0010:  7f00 0001 a5ec 46a0 3590 7a46 0000 0000
            	0x0020:  a002 faf0 fe30 0000 0204 05b4 0402 080a
            	0x0030:  9b6f ecec 0000 0000 0103 030a
            """;
        var (exit, json, error) = TraceimportProcess.Run(paste, "decode", "-", "--output", "tshark-json");
        exit.ShouldBe(0, error);
        Jq(".[] | [._index, ._source.layers.frame.\"frame.time\", ._source.layers.frame.\"frame.time_epoch\"] | tojson", json)
            .ShouldBe(["""["packets-2026-11-22","Nov 22, 2026 11:46:22.539952000 UTC","1795347982.539952000"]"""]);

        var (_, ek, _) = TraceimportProcess.Run(paste, "decode", "-", "--output", "tshark-ek");
        Jq("select(has(\"layers\")) | [.timestamp, .layers.frame.frame_frame_time] | tojson", ek)
            .ShouldBe(["""["1795347982539","2026-11-22T11:46:22.539952000Z"]"""]);

        var (_, untimed, _) = TraceimportProcess.Run(string.Join('\n', paste.Split('\n').Skip(1)), "decode", "-", "--output", "tshark-json");
        Jq(".[] | [._index, (._source.layers.frame | has(\"frame.time\"))] | tojson", untimed).ShouldBe(["""["packets-XXXX-XX-XX",false]"""]);
    }

    private static int Compared(List<string> lines) =>
        lines.Sum(line => line.Split(',').Count(value => value.Trim('[', ']') is not ("null" or "")));

    private static string Decode(string capture, int linkType, string output)
    {
        var dump = ExternalTool.Run("tshark", "-r", capture, "-x");
        dump.ExitCode.ShouldBe(0, dump.StandardError);
        // From a file, not standard input: the decode is written while the dump is read, and a dump larger than a
        // pipe's buffer would wait on an output nobody reads yet.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, dump.StandardOutput);
            var (exit, text, error) = TraceimportProcess.Run(null, "decode", file, "--format", "tshark", "--link-type", linkType.ToString(), "--output", output);
            exit.ShouldBe(0, error);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Tshark(string capture, string shape)
    {
        var result = ExternalTool.Run("tshark", "-r", capture, "-T", shape);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>jq's output, a line each; jq must read the whole text as JSON (one document, or EK's lines).</summary>
    private static List<string> Jq(string program, string json)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, json);
            var result = ExternalTool.Run("jq", "-r", program, file);
            result.ExitCode.ShouldBe(0, $"jq: {result.StandardError}");
            return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        finally
        {
            File.Delete(file);
        }
    }
}
