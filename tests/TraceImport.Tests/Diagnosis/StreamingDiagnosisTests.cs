using System.Runtime.CompilerServices;
using Shouldly;
using TraceImport.Diagnosis;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Diagnosis;

/// <summary>The diagnosis reads packets one at a time and keeps per-conversation state, not the trace.</summary>
public class StreamingDiagnosisTests
{
    private const string Client = "0a000001";
    private const string Server = "0a000002";
    private const ulong ClientPort = 40000;
    private const ulong ServerPort = 8080;

    /// <summary>An Ethernet/IPv4/TCP frame as hex; checksums are left zero (no rule here looks at them).</summary>
    private static string Tcp(bool fromClient, uint seq, uint ack, string flags, int payload, ushort id)
    {
        var flagBits = flags.Sum(f => f switch { 'S' => 0x02, 'A' => 0x10, 'F' => 0x01, 'R' => 0x04, 'P' => 0x08, _ => 0 });
        var (src, dst, sport, dport) = fromClient ? (Client, Server, ClientPort, ServerPort) : (Server, Client, ServerPort, ClientPort);
        var tcp = $"{sport:x4}{dport:x4}{seq:x8}{ack:x8}50{flagBits:x2}ffff00000000" + string.Concat(Enumerable.Repeat("61", payload));
        var ip = $"4500{20 + tcp.Length / 2:x4}{id:x4}00004006" + "0000" + src + dst;
        return "020000000002" + "020000000001" + "0800" + ip + tcp;
    }

    private static List<Finding> Diagnose(params string[] frames) => DiagnosisEngine.Diagnose(Importing.Text(string.Join("\n", frames)).Packets);

    [Fact]
    public void Data_sent_again_is_a_retransmission_and_a_keep_alive_is_not()
    {
        var findings = Diagnose(
            Tcp(true, 1000, 0, "S", 0, 1),
            Tcp(false, 5000, 1001, "SA", 0, 1),
            Tcp(true, 1001, 5001, "A", 0, 2),
            Tcp(true, 1001, 5001, "PA", 10, 3),
            Tcp(true, 1011, 5001, "PA", 10, 4),
            Tcp(true, 1001, 5001, "PA", 10, 5), // packet 6: the first segment again
            Tcp(true, 1020, 5001, "A", 1, 6), // packet 7: a keep-alive, one byte below what was sent
            Tcp(true, 1021, 5001, "PA", 5, 7));

        var conversation = findings.Single(f => f.Code == "tcp-conversation");
        conversation.Severity.ShouldBe(Severity.Warning);
        conversation.Explanation.ShouldContain("1 segment(s) sent again");
        conversation.Explanation.ShouldContain("the client sent 25 byte(s)", Case.Sensitive, "new data only: neither the copy in packet 6 nor the keep-alive's byte");
        findings.Single(f => f.Code == "tcp-retransmission").Packets.Single().ShouldBe(new PacketRef(6, conversation.Packets[5].Source, "retransmission of packet 4"));
        findings.Single(f => f.Code == "tcp-keep-alive").Packets.Single().Number.ShouldBe(7);
    }

    [Fact]
    public void A_long_conversation_lists_its_first_packets_and_counts_the_rest()
    {
        var frames = new List<string> { Tcp(true, 1000, 0, "S", 0, 0), Tcp(false, 5000, 1001, "SA", 0, 0) };
        for (var i = 0; i < 250; i++) frames.Add(Tcp(true, 1001 + (uint)i * 10, 5001, "PA", 10, (ushort)(i + 1)));

        var conversation = Diagnose([.. frames]).Single(f => f.Code == "tcp-conversation");

        conversation.Title.ShouldEndWith("252 packet(s)");
        conversation.Packets.Count.ShouldBe(TcpConversation.ListedLimit);
        conversation.Packets.Select(p => p.Number).ShouldBe(Enumerable.Range(1, TcpConversation.ListedLimit));
        conversation.Explanation.ShouldEndWith("(the first 100 of 252 packets are listed)");
    }

    [Fact]
    public void An_icmp_error_read_before_the_datagram_it_quotes_is_matched_to_it()
    {
        const string router = "0a000063";
        var udp = "9c40" + "0035" + "000c" + "0000" + "61626364";
        var datagram = "4500" + $"{20 + udp.Length / 2:x4}" + "beef" + "0000" + "4011" + "0000" + Client + Server + udp;
        var quote = datagram[..56];
        var icmp = "0303" + "0000" + "00000000" + quote;
        var error = "020000000001" + "020000000009" + "0800" + "4500" + $"{20 + icmp.Length / 2:x4}" + "0001" + "0000" + "4001" + "0000" + router + Client + icmp;
        var frame = "020000000002" + "020000000001" + "0800" + datagram;

        var matched = Diagnose(error, frame).Single(f => f.Code == "icmp-error-matched");

        matched.Packets.Select(p => (p.Number, p.Role)).ShouldBe([(1, "ICMP error"), (2, "the packet it quotes")]);
        matched.Explanation.ShouldContain("IP identification 0xbeef");
    }

    [Fact]
    public void No_packet_is_kept_once_it_has_been_observed()
    {
        var session = new DiagnosisSession();
        var observed = ObserveAndForget(session, 500);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        observed.Count(w => w.IsAlive).ShouldBe(0, "the session holds facts and counts, never a packet's bytes or decode");
        session.Packets.ShouldBe(500);
        session.Findings().Single(f => f.Code == "tcp-conversation").Title.ShouldEndWith("500 packet(s)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> ObserveAndForget(DiagnosisSession session, int count)
    {
        var frames = Enumerable.Range(0, count).Select(i => Tcp(i % 2 == 0, 1000 + (uint)i, 1, "PA", 4, (ushort)i));
        var packets = Importing.Text(string.Join("\n", frames)).Packets;
        foreach (var packet in packets) session.Observe(packet);
        return packets.Select(p => new WeakReference(p)).ToList();
    }
}
