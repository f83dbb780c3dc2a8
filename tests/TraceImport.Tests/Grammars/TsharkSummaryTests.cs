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
    // ICMP errors: type and code from the words ("Destination unreachable (Fragmentation needed)"); IPv4 fragments' protocol, offset and id.
    [InlineData("corpus/ipv4-icmp-arp.pcap", "frame.len ip.src ip.dst icmp.type icmp.code", "icmp.type == 3 || icmp.type == 11")]
    [InlineData("corpus/ipv4-icmp-arp.pcap", "ip.proto ip.frag_offset ip.id", "frame.number in {15,16,18,19}")]
    // TCP options in the order tshark names them, the no-operations where Linux puts them: the option bytes and the
    // header length are the capture's (but a SACK block's raw edges, which tshark prints relative); Win= is the scaled window.
    [InlineData("corpus/tcp-fast-retransmission.pcap", "tcp.hdr_len tcp.options tcp.options.mss_val tcp.options.wscale.multiplier tcp.options.sack_perm tcp.options.timestamp.tsval tcp.window_size tcp.len", "tcp && !tcp.options.sack")]
    [InlineData("corpus/tcp-fast-retransmission.pcap", "tcp.hdr_len tcp.options.sack_le tcp.options.sack_re tcp.options.timestamp.tsecr", "tcp.options.sack")]
    // The link layer the frame's length leaves room for: Linux cooked v2 (the ARP lines' empty Destination column too), raw IP, BSD loopback.
    [InlineData("corpus/sll-any.pcap", "frame.len sll.src.eth arp.opcode arp.src.proto_ipv4", "arp")]
    [InlineData("corpus/sll-any.pcap", "frame.len ip.src ip.dst ipv6.src ipv6.dst", "")]
    [InlineData("corpus/raw-ip-tun.pcap", "frame.len ip.src ipv6.src tcp.srcport tcp.seq tcp.ack tcp.options", "")]
    [InlineData("corpus/raw-ip-tun.pcap", "ipv6.hlim icmpv6.echo.sequence_number", "icmpv6")]
    [InlineData("corpus/converted-bsd-null.pcap", "frame.len ip.src ipv6.dst tcp.dstport tcp.options", "")]
    [InlineData("corpus/converted-bsd-null.pcap", "udp.srcport udp.length", "udp && !icmp")]
    // Link types tshark reads but no summary describes: a packet per line all the same, its bytes unknown.
    [InlineData("unsupported-link-type-dbus.pcap", "frame.len", "")]
    [InlineData("unsupported-link-type-160.pcap", "frame.len", "")]
    public void Every_line_is_a_packet_and_the_named_fields_are_the_captures(string capture, string fields, string frames)
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var printed = ExternalTool.Run("tshark", "-r", path);
        printed.ExitCode.ShouldBe(0, printed.StandardError);
        Compare(path, printed.StandardOutput, "tshark-summary", fields, frames);
    }

    /// <summary>Wireshark's CSV export of the same columns, every value quoted under Wireshark's titles.</summary>
    [Theory]
    [InlineData("corpus/tcp-fast-retransmission.pcap", "frame.len ip.src tcp.srcport tcp.seq tcp.ack tcp.len tcp.options tcp.window_size", "tcp && !tcp.options.sack")]
    [InlineData("corpus/sll-any.pcap", "frame.len sll.src.eth arp.opcode", "arp")]
    [InlineData("corpus/sll-any.pcap", "frame.len ip.src ip.dst icmp.type icmp.code", "")]
    // Every frame's time; the flags and window of those whose Info column is TCP's (not HTTP's, not "[TCP segment of a reassembled PDU]").
    [InlineData("corpus/tcp-rst-after-data.pcap", "frame.time_relative", "")]
    [InlineData("corpus/tcp-rst-after-data.pcap", "tcp.flags tcp.window_size_value", "!(frame.number in {4,6})")]
    public void A_csv_export_becomes_the_same_packets(string capture, string fields, string frames)
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var printed = ExternalTool.Run("tshark", "-r", path, "-T", "fields", "-E", "separator=,", "-E", "quote=d",
            "-e", "_ws.col.No.", "-e", "_ws.col.Time", "-e", "_ws.col.Source", "-e", "_ws.col.Destination", "-e", "_ws.col.Protocol", "-e", "_ws.col.Length", "-e", "_ws.col.Info");
        printed.ExitCode.ShouldBe(0, printed.StandardError);
        Compare(path, "\"No.\",\"Time\",\"Source\",\"Destination\",\"Protocol\",\"Length\",\"Info\"\r\n" + printed.StandardOutput.Replace("\n", "\r\n"), "wireshark-csv", fields, frames);
    }

    private static void Compare(string path, string text, string format, string fields, string frames)
    {
        var (rebuilt, report) = Conversion.ToPcapng(text, Path.GetFileNameWithoutExtension(path));
        report.PacketsByFormat.ShouldBe(new SortedDictionary<string, int> { [format] = ExternalTool.TsharkFields(path, ["frame.number"], "").Count });
        (report.Regions.Count, report.ProseLines, report.SkippedLines).ShouldBe((1, 0, 0));
        ExternalTool.TsharkFieldsShouldMatch(path, rebuilt, fields.Split(' '), frames);
    }

    [Theory]
    // The frame's length leaves 20 bytes before the datagram the line counts: a cooked v2 header, the ARP lines' empty Destination column too.
    [InlineData("tshark-summary/corpus-sll2-any-r.txt", "linux-sll2")]
    // Nothing before the datagrams: raw IP.
    [InlineData("tshark-summary/corpus-raw-ip-tun-r.txt", "raw-ip")]
    // 14 bytes before them (or a frame padded to 60): Ethernet.
    [InlineData("tshark-summary/tcp-rst-after-data-r.txt", "ethernet")]
    [InlineData("wireshark-csv/tcp-rst-after-data-export.txt", "ethernet")]
    public void The_link_layer_is_the_one_the_lengths_leave_room_for(string fixture, string linkType)
    {
        var result = Importing.File(Repository.Fixture(fixture));
        result.Packets.ShouldNotBeEmpty();
        result.Packets.Select(p => p.LinkType.Name).Distinct().ShouldBe([linkType]);
    }

    [Theory]
    // Linux: MSS, SACK-permitted, timestamps, then the window scale after a no-operation.
    [InlineData("Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=1024", "MSS SACK_PERM TS NOP WS")]
    // Windows and the BSDs: the window scale after a no-operation, SACK-permitted before the timestamps.
    [InlineData("Seq=0 Ack=1 Win=8192 Len=0 MSS=1440 WS=256 SACK_PERM TSval=2 TSecr=1", "MSS NOP WS SACK_PERM TS")]
    // Without timestamps SACK-permitted takes two no-operations.
    [InlineData("Seq=0 Win=8192 Len=0 MSS=1460 WS=4 SACK_PERM", "MSS NOP WS NOP NOP SACK_PERM")]
    [InlineData("Seq=1 Ack=1 Win=502 Len=0 TSval=5 TSecr=6", "NOP NOP TS")]
    [InlineData("Seq=1 Ack=5793 Win=600 Len=0 TSval=5 TSecr=6 SLE=7241 SRE=8689 SLE=9000 SRE=9100", "NOP NOP TS NOP NOP SACK")]
    [InlineData("Seq=1 Ack=1 Win=502 Len=0", "")]
    public void Tcp_options_are_laid_out_as_common_stacks_do(string items, string layout)
    {
        var options = TraceImport.Grammars.TsharkSummary.TsharkTcpOptions.Layout(items.Split(' '));
        string.Join(" ", options.Select(o => o switch
        {
            TraceImport.Decoding.Protocols.TcpOption.NoOperation => "NOP",
            TraceImport.Decoding.Protocols.TcpOption.MaximumSegmentSize => "MSS",
            TraceImport.Decoding.Protocols.TcpOption.WindowScale => "WS",
            TraceImport.Decoding.Protocols.TcpOption.SackPermitted => "SACK_PERM",
            TraceImport.Decoding.Protocols.TcpOption.Timestamps => "TS",
            TraceImport.Decoding.Protocols.TcpOption.Sack => "SACK",
            _ => o.Kind.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ShouldBe(layout);
    }

    [Fact]
    public void A_tshark_x_print_with_summaries_stays_the_hex_grammars()
    {
        var result = Importing.File(Repository.Fixture("tshark/loopback-http-P-x-t-ad.txt"));
        result.Report.PacketsByFormat.Keys.ShouldBe(["tshark"]);
    }
}
