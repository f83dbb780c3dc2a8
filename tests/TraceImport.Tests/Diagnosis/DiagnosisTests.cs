using Shouldly;
using TraceImport.Diagnosis;
using Xunit;

namespace TraceImport.Tests.Diagnosis;

public class DiagnosisTests
{
    private static List<Finding> Diagnose(string fixture) =>
        DiagnosisEngine.Diagnose(Importing.File(Repository.Fixture(fixture)).Packets);

    [Fact]
    public void Seed_000_top_findings_are_the_missing_greeting_and_the_icmp_error_that_explains_it()
    {
        var findings = Diagnose("documents/seed-000-no-ftp-banner.txt");
        var greeting = findings[0];
        greeting.Code.ShouldBe("server-greeting-missing");
        greeting.Title.ShouldBe("FTP server 172.16.30.3:21 never sent its 220 greeting to 192.168.130.29:1068");
        greeting.Packets.Select(p => p.Number).ShouldBe([1, 2, 3, 4, 6]);
        greeting.Evidence.ShouldContain(e => e.Field == "wait after handshake" && e.Value.StartsWith("60.0"));

        var icmp = findings[1];
        icmp.Code.ShouldBe("icmp-error-matched");
        icmp.Severity.ShouldBe(Severity.Error);
        icmp.Packets.Select(p => (p.Number, p.Role)).ShouldBe([(11, "ICMP error"), (9, "the packet it quotes")]);
        icmp.Title.ShouldContain("(off the path)");
        icmp.Title.ShouldContain("the SYN-ACK 172.16.20.3:21 → 192.168.130.29:1049");
        icmp.Explanation.ShouldContain("it had gone 3 hops from there");
        icmp.Explanation.ShouldContain("a capture filtered on the protocol you suspect hides it");
    }

    [Fact]
    public void Seed_002_top_findings_are_the_ffff_checksum_and_the_rfc_1122_violation()
    {
        var findings = Diagnose("documents/seed-002-checksum-ffff.txt");
        findings[0].Code.ShouldBe("ip-checksum-ffff");
        findings[0].Title.ShouldContain("should be 0x3227");
        findings[0].Rfc.ShouldBe("RFC 1624 §3; RFC 1141; RFC 791 §3.1");
        findings[1].Code.ShouldBe("rfc1122-answered-bad-checksum");
        findings[1].Title.ShouldBe("172.16.51.252 answered a datagram with a bad header checksum with ICMP Parameter problem, pointer 10 = ip.checksum (Header checksum)");
        findings[1].Rfc.ShouldBe("RFC 1122 §3.2.1.2");
        findings[1].Packets.Select(p => p.Number).ShouldBe([1, 2]);
    }

    [Fact]
    public void A_real_port_unreachable_is_matched_to_the_datagram_it_quotes_and_is_not_off_path()
    {
        // Two port unreachables from the same host for datagrams to the same port are one finding naming both pairs.
        var matched = Diagnose("tshark/loopback-http-P-x-t-ad.txt").Single(f => f.Code == "icmp-error-matched");
        matched.Packets.Select(p => (p.Number, p.Role)).ShouldBe([(28, "ICMP error"), (27, "the packet it quotes"), (30, "ICMP error"), (29, "the packet it quotes")]);
        matched.Title.ShouldBe("ICMP Destination unreachable (Port unreachable) from 127.0.0.1 answers 2 datagrams to 127.0.0.1:18081");
        matched.PacketCount.ShouldBe(4);
        matched.Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Offload_checksums_are_named_as_such_and_an_http_server_is_not_expected_to_greet()
    {
        var findings = Diagnose("tshark/loopback-http-P-x-t-ad.txt");
        findings.ShouldNotContain(f => f.Code == "server-greeting-missing" || f.Code == "checksums-all-wrong");
        findings.ShouldContain(f => f.Code == "checksum-offload");
    }

    [Fact]
    public void A_greeting_sent_before_the_client_speaks_is_not_a_finding()
    {
        // The zoo's FTP reply is a lone packet: no handshake in the trace, so nothing is claimed about a greeting.
        Diagnose("hex-stream/constructed-protocol-zoo.txt").ShouldNotContain(f => f.Code == "server-greeting-missing");
    }

    [Fact]
    public void Arp_conflicts_group_senders_and_unanswered_requests_are_found()
    {
        const string requester = "000000000001";
        const string hostA = "020000000001";
        const string hostB = "020000000002";
        var text = string.Join("\n",
            // request from 10.0.0.9 for 10.0.0.1
            "ffffffffffff" + requester + "0806" + "0001080006040001" + requester + "0a000009" + "000000000000" + "0a000001",
            // two replies for 10.0.0.1 from different hardware addresses
            requester + hostA + "0806" + "0001080006040002" + hostA + "0a000001" + requester + "0a000009",
            requester + hostB + "0806" + "0001080006040002" + hostB + "0a000001" + requester + "0a000009",
            // a reply whose sender hardware address is broadcast
            requester + hostB + "0806" + "0001080006040002" + "ffffffffffff" + "0a000002" + requester + "0a000009",
            // a request nobody answers
            "ffffffffffff" + requester + "0806" + "0001080006040001" + requester + "0a000009" + "000000000000" + "0a000063");
        var findings = DiagnosisEngine.Diagnose(Importing.Text(text).Packets);

        findings.Single(f => f.Code == "arp-duplicate-address").Title.ShouldBe("10.0.0.1 is claimed by 2 hardware addresses");
        findings.Single(f => f.Code == "arp-reply-group-sender").Packets.Single().Number.ShouldBe(4);
        findings.Single(f => f.Code == "arp-unanswered").Title.ShouldBe("Nobody answered the ARP request for 10.0.0.99 (packet 5)");
    }

    [Fact]
    public void Findings_are_ordered_errors_first_then_by_weight()
    {
        var findings = Diagnose("documents/seed-000-no-ftp-banner.txt");
        findings.Select(f => f.Severity).ShouldBeInOrder(SortDirection.Descending);
    }
}

public class HandDecodeDiagnosisTests
{
    [Fact]
    public void Seed_000_hand_decodes_are_checked_against_their_bytes()
    {
        var findings = DiagnosisEngine.Diagnose(Importing.File(Repository.Fixture("documents/seed-000-no-ftp-banner.txt")).Packets)
            .Where(f => f.Code == "hand-decode-contradicts-bytes").ToList();

        findings.Select(f => f.Packets.Single().Number).ShouldBe([9, 11]);
        findings[0].Evidence.Single().Value.ShouldStartWith("MSS Option 02040564, but the TCP header is 20 bytes (tcp.hdr_len 5 × 4): it has no options; the bytes 020405640103");
        findings[1].Evidence.Select(e => e.Value).ShouldBe(
        [
            "Destination IP AC101403 read as 172.16.1.20.3, but it is 172.16.20.3",
            "TTL 40, but ip.ttl holds 3d",
            "Checksum 1577, but ip.checksum holds 1877",
        ], "the author copied the SYN-ACK's TTL and checksum into the quoted header; the router had changed both");
    }
}
