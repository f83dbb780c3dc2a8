using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// snoop's summary lines (no -v): a packet per line, or per packet number under -V, rebuilt from the host
/// columns and the layer's words. The expected values are the lines' own words, as snoop_tcp.c, snoop_udp.c
/// and snoop_arp.c print them.
/// </summary>
public class SnoopSummaryTests
{
    private static Importing.Result Read(string fixture) => Importing.File(Repository.Fixture("snoop-summary/" + fixture));

    private static string? Value(Packet packet, string name) =>
        PacketDecoder.Decode(packet).AllFields().FirstOrDefault(f => f.Field.Name == name).Field?.Value;

    [Fact]
    public void A_live_capture_with_vlan_names_gives_each_line_its_packet_and_the_tcp_words_their_fields()
    {
        var result = Read("erigones-esdc-docs-network-diagnostic-vlan-tcp-arp.rst.txt");
        result.Packets.Count.ShouldBe(10, "five lines in each code block");
        result.Packets.ShouldAllBe(p => p.Format == "snoop-summary");

        // "TCP D=50718 S=3389 Push Ack=3566272237 Seq=3060367199 Len=53 Win=255"
        var push = result.Packets[1];
        (Value(push, "tcp.dstport"), Value(push, "tcp.srcport"), Value(push, "tcp.seq_raw"), Value(push, "tcp.ack_raw"))
            .ShouldBe(("50718", "3389", "3060367199", "3566272237"));
        (Value(push, "tcp.flags.push"), Value(push, "tcp.flags.ack"), Value(push, "tcp.flags.syn"), Value(push, "tcp.window_size_value")).ShouldBe(("1", "1", "0", "255"));
        Value(push, "ip.len").ShouldBe("93", "20 + 20 + Len=53: no options printed is none");

        // "… Len=1448 Win=256 Options=<nop,nop,tstamp 146343107 422995562>": the options in their places.
        var data = result.Packets[2];
        (Value(data, "tcp.options.timestamp.tsval"), Value(data, "tcp.hdr_len"), Value(data, "ip.len")).ShouldBe(("146343107", "32", "1500"));

        // "1.1.1.1 -> (broadcast)  ARP C Who is 2.2.2.2, 2.2.2.2 ?": the sender is the source column.
        var arp = result.Packets[5];
        (Value(arp, "arp.opcode"), Value(arp, "arp.src.proto_ipv4"), Value(arp, "arp.dst.proto_ipv4")).ShouldBe(("1", "1.1.1.1", "2.2.2.2"));

        // "UDP D=1985 S=1985 LEN=80": LEN is the UDP length field.
        var udp = result.Packets[6];
        (Value(udp, "udp.length"), Value(udp, "ip.len"), Value(udp, "ip.dst")).ShouldBe(("80", "100", "224.0.0.102"));

        // "SMTP C port=38081": an application's words rebuild the addresses only.
        result.Packets[7].Comments.ShouldContain(c => c.Contains("SMTP C port=38081", StringComparison.Ordinal));
        result.Report.SkippedLines.ShouldBe(0);
    }

    [Fact]
    public void The_lines_of_one_numbered_packet_under_dash_V_make_one_packet_with_its_ethernet_header()
    {
        var result = Read("geant-pert-kb-snoop-ipv6-udp-and-V.txt");
        result.Packets.Count.ShouldBe(2, "the plain line, then -V's three lines of packet 1");
        var plain = result.Packets[0];
        (plain.LinkType, plain.OriginalLength).ShouldBe((LinkType.RawIp, 60), "40 + UDP's LEN=20: snoop prints no link layer without -V");
        var verbose = result.Packets[1];
        (verbose.LinkType, verbose.OriginalLength).ShouldBe((LinkType.Ethernet, 74), "ETHER … size = 74 bytes");
        (Value(verbose, "eth.type"), Value(verbose, "ipv6.hlim"), Value(verbose, "ipv6.plen"), Value(verbose, "udp.srcport")).ShouldBe(("0x86dd", "116", "20", "32820"));
        result.Report.ProseLines.ShouldBe(4, "two sentences and two command lines; the -V rule of underscores is snoop's");
    }

    [Fact]
    public void Seconds_are_snoops_default_deltas_and_an_encapsulated_packet_keeps_only_its_outer_header()
    {
        var result = Read("illumos-snoop-manpage-examples-p99-108.1m.txt");
        result.Packets.Count.ShouldBe(10, "packets 99 to 108");
        result.Packets[1].Time.ToString().ShouldBe("1970-01-01 00:00:00.0073 UTC", "0.0027 then 0.0046 after it");
        result.Packets[0].Comments.ShouldContain(c => c.Contains("'boutique', not the address", StringComparison.Ordinal));

        var encapsulated = Read("illumos-snoop-manpage-examples-nfs-ip-in-ip-V.1m.txt").Packets;
        encapsulated.Count.ShouldBe(5);
        Value(encapsulated[3], "icmp.type").ShouldBeNull("'(1 encap)': the echo request is inside a header the line does not print");
        var tunnel = encapsulated[4];
        (Value(tunnel, "ip.proto"), Value(tunnel, "ip.len"), Value(tunnel, "ip.dst")).ShouldBe(("4", "104", "172.16.40.222"), "-V's outer IP line, carrying IP");
        Value(tunnel, "icmp.type").ShouldBe("8", "the inner IP line's ICMP Echo request");
    }

    [Fact]
    public void A_segment_without_Seq_has_sequence_number_zero_as_snoop_prints_it()
    {
        // snoop_tcp.c prints " Seq=%u Len=%d" only when the sequence number is not 0.
        const string text = "  1   0.00000   10.0.0.1 -> 10.0.0.2     TCP D=80 S=40000 Syn Win=8192\n" +
                            "  2   0.00010   10.0.0.2 -> 10.0.0.1     TCP D=40000 S=80 Syn Ack=1 Seq=5000 Len=0 Win=5840\n";
        var packets = Importing.Text(text).Packets;
        packets.Count.ShouldBe(2);
        (Value(packets[0], "tcp.seq_raw"), Value(packets[0], "tcp.flags.syn")).ShouldBe(("0", "1"));
        (Value(packets[1], "tcp.seq_raw"), Value(packets[1], "tcp.ack_raw"), Value(packets[1], "ip.len")).ShouldBe(("5000", "1", "40"));
    }

    [Fact]
    public void A_tshark_line_with_an_arrow_is_not_snoops()
    {
        const string text = "    1 0.000000000     10.0.0.1 -> 10.0.0.2     TCP 74 40000 -> 80 [SYN] Seq=0 Win=64240 Len=0\n" +
                            "    2 0.000100000     10.0.0.2 -> 10.0.0.1     TCP 74 80 -> 40000 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0\n";
        Importing.Text(text).Packets.ShouldAllBe(p => p.Format != "snoop-summary");
    }
}
