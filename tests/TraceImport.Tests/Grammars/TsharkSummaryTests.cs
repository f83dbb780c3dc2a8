using Shouldly;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// Real captures printed by tshark's default one-line summaries, read back, and compared with the capture:
/// tshark reads both, and every field the test names (one the printed columns state) must be the capture's.
/// </summary>
public class TsharkSummaryTests
{
    [Theory]
    // TCP's relative numbers and flags, the unscaled window under Win= (both SYNs announced a scale), and Len=.
    // (The frames tshark printed ports for: HTTP's lines name no ports, so the rebuilt frames without TCP drop out of both.)
    [InlineData("loopback-http.pcap", "frame.len ip.src ip.dst tcp.srcport tcp.dstport tcp.seq tcp.ack tcp.len tcp.window_size_value tcp.flags", "tcp.len == 0")]
    // UDP to a closed port: the ports and Len=.
    [InlineData("loopback-http.pcap", "frame.len ip.src ip.dst udp.srcport udp.dstport udp.length", "udp && !icmp && !icmpv6")]
    // ICMP echoes (id, seq, ttl; not the errors quoting them) and ARP (the addresses, the replier's MAC, the Ethernet addresses in the columns).
    [InlineData("corpus/ipv4-icmp-arp.pcap", "frame.len eth.src eth.dst arp.opcode arp.src.proto_ipv4", "arp")]
    [InlineData("corpus/ipv4-icmp-arp.pcap", "arp.dst.proto_ipv4", "arp.opcode == 1")]
    [InlineData("corpus/ipv4-icmp-arp.pcap", "arp.src.hw_mac", "arp.opcode == 2")]
    [InlineData("corpus/ipv4-icmp-arp.pcap", "frame.len ip.src ip.dst ip.ttl icmp.type icmp.code icmp.ident icmp.seq", "(icmp.type == 8 || icmp.type == 0) && !(icmp.type == 3 || icmp.type == 11)")]
    public void Every_line_is_a_packet_and_the_named_fields_are_the_captures(string capture, string fields, string frames)
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var printed = ExternalTool.Run("tshark", "-r", path);
        printed.ExitCode.ShouldBe(0, printed.StandardError);

        var (rebuilt, report) = Conversion.ToPcapng(printed.StandardOutput, Path.GetFileNameWithoutExtension(capture));
        report.PacketsByFormat.ShouldBe(new SortedDictionary<string, int> { ["tshark-summary"] = ExternalTool.TsharkFields(path, ["frame.number"], "").Count });
        (report.Regions.Count, report.ProseLines, report.SkippedLines).ShouldBe((1, 0, 0));
        var names = fields.Split(' ');
        var expected = ExternalTool.TsharkFields(path, names, frames);
        var actual = ExternalTool.TsharkFields(rebuilt, names, frames);
        expected.ShouldNotBeEmpty();
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++) actual[i].ShouldBe(expected[i], $"frame {i + 1} of those picked");
    }

    [Fact]
    public void A_tshark_x_print_with_summaries_stays_the_hex_grammars()
    {
        var result = Importing.File(Repository.Fixture("tshark/loopback-http-P-x-t-ad.txt"));
        result.Report.PacketsByFormat.Keys.ShouldBe(["tshark"]);
    }
}
