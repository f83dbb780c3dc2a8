using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// tcpdump 3's summaries with no hex ("S 984816:984816(0) win 8192 &lt;mss 1460,…&gt; (DF)", ". ack 1 win 8760"),
/// as two linux-kernel posts quote them: one with host and service names, one quoting RFC 2525's trace of
/// symbolic hosts A and B, indented and wrapped, its windows left out "for clarity". The expected values are
/// the summaries' own words.
/// </summary>
public class OldTcpdumpSummaryTests
{
    private static List<Packet> Read(string fixture) => Importing.File(Repository.Fixture("tcpdump-summary/" + fixture)).Packets;

    private static string? Value(Packet packet, string name) =>
        PacketDecoder.Decode(packet).AllFields().FirstOrDefault(f => f.Field.Name == name).Field?.Value;

    [Fact]
    public void The_2000_post_gives_one_packet_per_summary_with_the_handshakes_numbers_made_raw()
    {
        var packets = Read("lkml-2000-mansell-old-syntax-names-writev.eml.txt");
        packets.Count.ShouldBe(29, "13 summaries with write(), 16 with writev()");
        packets.ShouldAllBe(p => p.LinkType == LinkType.RawIp);

        // "electra.1057 > artemis.www: S 984816:984816(0) win 8192 <mss 1460,nop,nop,sackOK> (DF)"
        var syn = packets[0];
        (Value(syn, "tcp.srcport"), Value(syn, "tcp.dstport")).ShouldBe(("1057", "80"), "www is port 80 in the services file of the day");
        (Value(syn, "tcp.seq_raw"), Value(syn, "tcp.window_size_value"), Value(syn, "tcp.options.mss_val")).ShouldBe(("984816", "8192", "1460"));
        Value(syn, "ip.flags.df").ShouldBe("1", "(DF)");
        syn.Comments.ShouldContain(c => c.Contains("'electra', not the address", StringComparison.Ordinal), "a name alone leaves the address unknown");

        // "artemis.www > electra.1057: P 1:85(84) ack 288 win 6432 (DF)": relative to the SYN-ACK's 319022729.
        var data = packets[5];
        (Value(data, "tcp.seq_raw"), Value(data, "tcp.ack_raw"), Value(data, "ip.len")).ShouldBe(("319022730", "985104", "124"), "ack 288 of 984817; 84 bytes of data");
        (Value(data, "tcp.flags.push"), Value(data, "tcp.flags.ack")).ShouldBe(("1", "1"), "tcpdump 3 prints ack N only when ACK is set");

        // "electra.1057 > artemis.www: R 985614:985614(0) win 0 (DF)": a number above any relative one is raw.
        var reset = packets[12];
        (Value(reset, "tcp.flags.reset"), Value(reset, "tcp.seq_raw"), Value(reset, "tcp.window_size_value")).ShouldBe(("1", "985614", "0"));
    }

    [Fact]
    public void The_rfc_2525_trace_quoted_indented_gives_twenty_one_tcp_segments()
    {
        var result = Importing.File(Repository.Fixture("tcpdump-summary/lkml-2006-miller-rfc2525-stretch-ack-symbolic-hosts.eml.txt"));
        result.Packets.Count.ShouldBe(21, "12 summaries in the first trace, 9 in the second; the prose indented after them is prose");
        result.Packets.ShouldAllBe(p => Value(p, "ip.proto") == "6", "a segment whose window was left out is still TCP");

        // "A.1174 > B.3999: . 2049:3497(1448) ack 1" wrapped onto "win 33580 <nop,nop,timestamp 2249877 2249914> [tos 0x8]".
        var first = result.Packets[0];
        first.Heading.ShouldEndWith("win 33580 <nop,nop,timestamp 2249877 2249914> [tos 0x8]", Case.Sensitive, "the wrapped line is the summary's");
        (Value(first, "tcp.window_size_value"), Value(first, "tcp.options.timestamp.tsval"), Value(first, "ip.len")).ShouldBe(("33580", "2249877", "1500"), "20 + 32 + 1448");
        Value(first, "ip.dsfield").ShouldBe("0x08", "[tos 0x8]");
        first.Comments.ShouldContain(c => c.Contains("'A', not the address", StringComparison.Ordinal));

        // "B.3999 > A.1174: . ack 6393": no window printed, none invented.
        var ack = result.Packets[3];
        (Value(ack, "tcp.srcport"), Value(ack, "tcp.flags.ack")).ShouldBe(("3999", "1"));
        Value(ack, "tcp.window_size_value").ShouldNotBe("0");
    }
}
