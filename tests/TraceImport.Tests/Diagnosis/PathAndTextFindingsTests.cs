using Shouldly;
using TraceImport.Diagnosis;
using Xunit;

namespace TraceImport.Tests.Diagnosis;

/// <summary>
/// Findings about what stood between the hosts and what happened to the text, each on a real trace (or a real trace and its
/// edited copy): resets a firewall sent in a host's name, prints whose summary lines disagree with their hex, malformed datagrams.
/// </summary>
public class PathAndTextFindingsTests
{
    private static List<Finding> Diagnose(string fixture) =>
        DiagnosisEngine.Diagnose(Importing.File(Repository.Fixture(fixture)).Packets);

    [Fact]
    public void Resets_a_firewall_sent_in_the_servers_name_are_told_by_their_ttl_and_by_the_server_sending_on()
    {
        // A router's firewall refused a request (packet 9) and, in another connection, reset the client mid-download (packet 27).
        var findings = Diagnose("tshark/corpus-tcp-middlebox-reset-P-x.txt");
        var forged = findings.Where(f => f.Code == "tcp-reset-by-middlebox").ToList();
        forged.Select(f => f.Packets[0].Number).ShouldBe([9, 27], ignoreOrder: true);
        forged.ShouldAllBe(f => f.Severity == Severity.Error);

        var refused = forged.Single(f => f.Packets[0].Number == 9);
        refused.Evidence.ShouldContain(new Evidence(9, "ip.ttl", "64"));
        refused.Evidence.ShouldContain(new Evidence(9, "ip.ttl of 10.1.0.2's other packets", "63"));
        refused.Explanation.ShouldContain("on the capture's own network");
        refused.Explanation.ShouldContain("Very likely");

        // The server's data kept coming after the reset, its IP identifications running on past it: certain.
        var midStream = forged.Single(f => f.Packets[0].Number == 27);
        midStream.Packets.Select(p => p.Number).ShouldBe([27, 28, 29]);
        midStream.Evidence.ShouldContain(new Evidence(25, "ip.id", "0xd2fa"));
        midStream.Evidence.ShouldContain(new Evidence(28, "ip.id", "0xd2fb"));
        midStream.Explanation.ShouldContain("Certain");

        // The client's own resets answer a connection it no longer had: no fault of its application.
        findings.ShouldNotContain(f => f.Code == "tcp-reset-after-data");
        findings.Where(f => f.Code == "tcp-conversation").ShouldAllBe(f => f.Explanation.Contains("a device on the path reset it in the server's name"));
    }

    [Fact]
    public void A_print_edited_after_tshark_printed_it_names_each_summary_that_disagrees_with_its_hex_and_which_part_was_edited()
    {
        // The real print is untouched: its summaries and hex agree, and nothing is said.
        Diagnose("tshark/corpus-tcp-app-never-answers-P-x.txt").ShouldNotContain(f => f.Code == "summary-contradicts-bytes");

        // The edited copy (bench/corpus/edit-print.py): summaries edited in packets 1, 5 and 8, hex in packets 3 (an address) and 6 (the TCP header length).
        var findings = Diagnose("tshark/constructed-edited-tcp-app-never-answers-P-x.txt").Where(f => f.Code == "summary-contradicts-bytes").ToList();
        findings.Count.ShouldBe(2);
        var summaryEdited = findings.Single(f => f.Title.Contains("the summary was edited"));
        summaryEdited.Packets.Select(p => (p.Number, p.Role)).ShouldBe([(1, "summary edited: ip.src"), (5, "summary edited: tcp.dstport"), (8, "summary edited: frame.len")]);
        summaryEdited.Evidence.ShouldContain(new Evidence(1, "ip.src", "10.0.0.1 (summary, line 1:22: 192.168.1.10)"));
        summaryEdited.Evidence.ShouldContain(new Evidence(5, "tcp.dstport", "52826 (summary, line 35:60: 40000)"));
        summaryEdited.Evidence.ShouldContain(new Evidence(8, "frame.len", "66 (summary, line 59:50: 74)"));

        var hexEdited = findings.Single(f => f.Title.Contains("was edited after tshark printed it"));
        hexEdited.Packets.Select(p => (p.Number, p.Role)).ShouldBe([(3, "hex edited: ip.src"), (6, "hex edited: tcp.len")]);
        hexEdited.Explanation.ShouldContain("packet 3: ip.checksum, tcp.checksum; packet 6: tcp.checksum");
        hexEdited.Explanation.ShouldContain("In the other 3 packet(s) the summary and the hex agree and every checksum holds.");
    }

    [Fact]
    public void Each_malformed_datagram_of_a_real_capture_is_named_with_what_is_wrong_as_tshark_names_it()
    {
        // bench/corpus/malformed.py sent one of each; tshark's expert information names the same fault in the same frame.
        var malformed = Diagnose("tshark/corpus-ip-malformed-P-x.txt").Where(f => f.Code.EndsWith("-malformed", StringComparison.Ordinal))
            .ToDictionary(f => f.Packets.Single().Number, f => (f.Code, f.Severity, Field: f.Evidence.Single().Field, Value: f.Evidence.Single().Value));
        malformed.ShouldBe(new Dictionary<int, (string, Severity, string, string)>
        {
            [1] = ("ip-malformed", Severity.Error, "ip.len", "200"),           // tshark: IPv4 total length exceeds packet length (40 bytes)
            [2] = ("ip-malformed", Severity.Error, "ip.hdr_len", "16"),        // Bogus IP header length (16, must be at least 20)
            [3] = ("ip-malformed", Severity.Error, "ip.opt.len", "39"),        // Record Route (option length = 39 bytes says option goes past end of options)
            [5] = ("tcp-malformed", Severity.Error, "tcp.hdr_len", "16"),      // Bogus TCP header length (16, must be at least 20)
            [6] = ("tcp-malformed", Severity.Error, "tcp.option_len", "8"),    // Maximum segment size (option length = 8 bytes says option goes past end of options)
            [8] = ("udp-malformed", Severity.Error, "udp.length", "100"),      // Bad length value 100 > IP payload length
        });
    }

    [Fact]
    public void The_frames_tshark_finds_malformed_are_the_ones_the_diagnosis_names()
    {
        // tshark's expert information on the capture the print was made from: every frame it flags for a length or an
        // option past its end, but the ICMP error, whose message is about the datagram it quotes (matched to it instead).
        var expert = Oracle.ExternalTool.Run("tshark", "-r", Repository.Fixture("captures/corpus/ip-malformed.pcap"), "-T", "fields",
            "-e", "frame.number", "-e", "icmp.type", "-e", "_ws.expert.message");
        expert.ExitCode.ShouldBe(0, expert.StandardError);
        var tsharkFlags = expert.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))
            .Where(c => c[1].Length == 0 && (c[2].Contains("length", StringComparison.OrdinalIgnoreCase) || c[2].Contains("past end of options")))
            .Select(c => int.Parse(c[0])).ToList();
        tsharkFlags.ShouldBe([1, 2, 3, 5, 6, 8]);

        var named = Diagnose("tshark/corpus-ip-malformed-P-x.txt").Where(f => f.Code.EndsWith("-malformed", StringComparison.Ordinal))
            .SelectMany(f => f.Packets).Select(p => p.Number).Order().ToList();
        named.ShouldBe(tsharkFlags);
    }
}
