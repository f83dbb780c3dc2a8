using Shouldly;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// Real captures printed by tcpdump without hex, read back, and compared with the capture: tshark reads both,
/// and every field the test names (one the printed words state) must be the capture's.
/// </summary>
public class TcpdumpSummaryTests
{
    [Theory]
    // A record-route option with its addresses (the pointer unprinted) keeps the header's length and the route.
    // (The frames are those with the option: the filter picks the same ones from the rebuilt file only if it has them.)
    [InlineData("corpus/ipv4-icmp-arp.pcap", "-v", "ip.hdr_len ip.opt.len ip.len ip.ttl icmp.seq", "ip.opt.type == 7")]
    // An MD5 signature whose digest tcpdump prints although it cannot check it: the options after it in their places.
    [InlineData("corpus/tcp-md5.pcap", "-v", "tcp.options.md5.digest tcp.options.mss_val tcp.options.wscale.shift tcp.checksum ip.checksum")]
    // The IPv4 header behind an MPLS label stack: its checksum computed, as every other byte of it is stated.
    [InlineData("corpus/mpls.pcap", "-v", "mpls.label ip.ttl ip.id ip.checksum icmp.seq", "icmp.type == 8")]
    [InlineData("corpus/ipsec-esp.pcap", "-e", "eth.src esp.spi esp.sequence frame.len")]
    // -v prints SIP's lines under the summary, blank lines among them: still one packet per summary.
    [InlineData("corpus/sip.pcap", "-v", "ip.id ip.ttl udp.srcport udp.length")]
    // Relative numbers made raw again from the handshake's: an acknowledgement of a SYN the text holds is raw, however small.
    [InlineData("loopback-http.pcap", "-n", "tcp.srcport tcp.seq_raw tcp.ack_raw tcp.len", "tcp.flags.syn == 1 || tcp.len > 0")]
    // (tcp-listen-backlog holds a SYN whose initial sequence number, 16492814, is as small as relative ones.)
    [InlineData("corpus/tcp-listen-backlog.pcap", "-n", "tcp.srcport tcp.seq_raw tcp.ack_raw tcp.len", "tcp.flags.syn == 1 || tcp.len > 0")]
    // Geneve's -v options end at their own bracket, not at the inner header's "flags [DF]": the inner segment is read.
    [InlineData("corpus/geneve.pcap", "-v", "udp.length tcp.seq_raw tcp.checksum", "tcp.flags.syn == 1 || tcp.len > 0")]
    // A tunnelled ARP message: the UDP length counts the frame it carries, so Wireshark reaches the message.
    [InlineData("corpus/vxlan.pcap", "-n", "udp.length arp.opcode arp.src.proto_ipv4", "arp")]
    // MLD behind "HBH" without -v: the router alert RFC 3810 requires, so the message sits where it does.
    [InlineData("corpus/ipv6-ext-icmpv6.pcap", "-n", "icmpv6.type icmpv6.code", "icmpv6.type == 143")]
    // With -e tcpdump prints AH's inner packet without its "IP" word: its addresses say it is IPv4.
    [InlineData("corpus/ipsec-ah.pcap", "-e", "tcp.srcport tcp.seq_raw icmp.seq", "tcp.flags.syn == 1 || tcp.len > 0 || icmp")]
    // A BIG TCP datagram, its total length 0: tcpdump prints "bad-len 0" and nothing more; still a packet, its frame whole.
    [InlineData("tcpdump/bigtcp-ipv4.pcap", "-e", "eth.src eth.dst frame.len")]
    // Malformed datagrams: "truncated-ip - 160 bytes missing!" keeps its addresses (the total length it implies is left
    // unknown, not computed from the lengths printed after it) and "bad-hlen 16" its header length; both are packets.
    [InlineData("corpus/ip-malformed.pcap", "-e", "frame.len ip.src ip.dst", "frame.number <= 2")]
    [InlineData("corpus/ip-malformed.pcap", "-e", "ip.hdr_len", "frame.number == 2")]
    public void Every_packet_is_rebuilt_and_the_named_fields_are_the_captures(string capture, string flags, string fields, string frames = "")
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var printed = ExternalTool.Run("tcpdump", "-n", flags, "-r", path);
        printed.ExitCode.ShouldBe(0, printed.StandardError);
        printed.StandardOutput.ShouldNotContain("0x0000:");

        var (rebuilt, report) = Conversion.ToPcapng(printed.StandardOutput, Path.GetFileNameWithoutExtension(capture));
        // Every line is the summary's (-v's application lines and the blank lines among them included): no prose, none skipped.
        (report.Regions.Count, report.ProseLines, report.SkippedLines).ShouldBe((1, 0, 0));
        ExternalTool.TsharkFieldsShouldMatch(path, rebuilt, fields.Split(' '), frames);
    }

    /// <summary>
    /// Without -n tcpdump names the all-ones hardware address "Broadcast" in an ARP request (tcpdump 4.99.3's print of
    /// corpus/ipv4-icmp-arp.pcap, its ARP lines, as printed): every line is a packet and the request's target is the capture's.
    /// </summary>
    [Fact]
    public void An_ARP_request_to_the_broadcast_address_printed_with_names_is_a_packet()
    {
        const string printed = """
            22:59:48.705806 ARP, Request who-has 10.0.0.1 (Broadcast) tell 0.0.0.0, length 28
            22:59:49.719908 ARP, Request who-has 10.0.0.1 (Broadcast) tell 10.0.0.1, length 28
            22:59:50.763236 ARP, Request who-has 10.0.0.99 (Broadcast) tell 10.0.0.1, length 28
            22:59:51.763299 ARP, Request who-has 10.0.0.99 (Broadcast) tell 10.0.0.1, length 28
            22:59:52.783825 ARP, Request who-has 10.0.0.254 tell 10.0.0.1, length 28

            """;
        var (rebuilt, report) = Conversion.ToPcapng(printed, "arp-names");
        (report.Regions.Count, report.ProseLines, report.SkippedLines).ShouldBe((1, 0, 0));
        string[] names = ["arp.opcode", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4"];
        var expected = ExternalTool.TsharkFields(Repository.Fixture(Path.Combine("captures", "corpus/ipv4-icmp-arp.pcap")), names, "arp.opcode == 1");
        ExternalTool.TsharkFields(rebuilt, names, "").ShouldBe(expected);
    }
}
