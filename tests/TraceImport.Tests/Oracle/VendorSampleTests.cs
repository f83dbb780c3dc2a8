using System.Globalization;
using System.Text.RegularExpressions;
using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// The vendor CLI samples, copied unchanged into fixtures/: each converts to the packet count and first
/// time its collection lists (counted by hand, or read by Wireshark where it has a reader), tshark reads
/// what was written, and every IPv4 header checksum in them verifies.
/// </summary>
public partial class VendorSampleTests
{
    /// <summary>
    /// The samples' expected counts and first times (seconds since the epoch, as written to pcapng; null
    /// where the text prints no time). Relative and since-boot times are written as seconds after
    /// 1970-01-01, as Wireshark's readers write them.
    /// </summary>
    public static TheoryData<string, int, string?> Samples() => new()
    {
        { "fortigate/sniftran-test9-v3-any-no-ifname.txt", 61, "0.779592000" },
        { "fortigate/sniftran-test4-v6-absolute-any.txt", 45, "1435078812.184010000" }, // 2015-06-23 17:00:12.184010, UTC by the 'a' format
        { "fortigate/sniftran-test7-v6-wan1-dashdash-ipv6.txt", 18, "0.613676000" },
        { "fortigate/sniftran-test10-v5-no-link.txt", 22, "0.758788000" },
        // 218 printed, three of them damaged by the sample's author: every intact one is read.
        { "fortigate/sniftran-damaged-v6-script-capture.txt", 217, "0.806164000" },
        // The trailer says 110 received by filter; the capture was stopped after 109 were printed.
        { "fortigate/sniftran-fe-fortiweb-v6-byte-columns.txt", 109, "0.553288000" },
        // The file is named "count4" but its command asks for 2 packets ("… 3 2 a") and it prints 2.
        { "fortigate/fgsniffer-example-v3-absolute-count4.log.txt", 2, "1505220013.675529000" },
        { "netscreen/ask-wireshark-21209-snoop-vlan-in-out.txt", 16, "8954069.000000000" },
        { "netscreen/ask-wireshark-21209-snoop-vlan-in-out.html-escaped.txt", 16, "8954069.000000000" },
        { "cisco-ios/ciscodump-c-parse_line_ios-ios15-epc-2pkts.ciscodump-comment-excerpt.txt", 2, "1638053144.700000000" },
        { "cisco-ios/ciscodump-c-parse_line_ios_xe_16-2pkts.ciscodump-comment-excerpt.txt", 2, null },
        // A time of day only: on the assumed date 1970-01-01.
        { "cisco-asa/ciscodump-c-parse_line_asa-show-capture-dump-1pkt.ciscodump-comment-excerpt.txt", 1, "74401.108469000" },
        // Jul  1, 2025 12:46:49.321747000 with no zone: taken as UTC.
        { "cisco-nxos/aci-n3k-ethanalyzer-inband-detail-2frames-local-ep.txt", 2, "1751374009.321747000" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_converts_to_its_count_and_first_time(string fixture, int count, string? firstTime)
    {
        var imported = Importing.File(Repository.Fixture(fixture));
        imported.Packets.Count.ShouldBe(count);
        imported.Packets.ShouldAllBe(p => p.Format == fixture.Split('/')[0]);

        var (path, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));
        var frames = TsharkReader.Frames(path);
        frames.Count.ShouldBe(count);
        if (firstTime is null) imported.Packets[0].Time.ShouldBeNull();
        else frames[0].EpochTime.ShouldBe(firstTime);
    }

    /// <summary>Every sample's packets are read by its dialect's grammar (above); the command says so, one sample a dialect.</summary>
    [Theory]
    [InlineData("fortigate/sniftran-damaged-v6-script-capture.txt", 217)]
    [InlineData("netscreen/ask-wireshark-21209-snoop-vlan-in-out.html-escaped.txt", 16)]
    [InlineData("cisco-asa/ciscodump-c-parse_line_asa-show-capture-dump-1pkt.ciscodump-comment-excerpt.txt", 1)]
    [InlineData("cisco-ios/ciscodump-c-parse_line_ios-ios15-epc-2pkts.ciscodump-comment-excerpt.txt", 2)]
    [InlineData("junos/constructed-no-l2-web-paste.txt", 1)]
    [InlineData("cisco-nxos/aci-n3k-ethanalyzer-inband-detail-2frames-local-ep.txt", 2)]
    public void Detect_names_the_dialect(string fixture, int count)
    {
        var (exitCode, output, error) = TraceImport.Tests.Cli.TraceimportProcess.Run(null, "detect", Repository.Fixture(fixture));
        exitCode.ShouldBe(0, error);
        output.ShouldStartWith($"{Repository.Fixture(fixture)}: {fixture.Split('/')[0]} (sure 1.00), {count} packet(s)");
    }

    public static TheoryData<string> VendorFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "fortigate", "netscreen", "cisco-asa", "cisco-ios", "junos", "cisco-nxos" })
        {
            foreach (var path in Directory.EnumerateFiles(Repository.Fixture(folder), "*.txt").Where(p => !p.Contains(".approved.") && !p.Contains(".received.")).Order())
            {
                data.Add(Path.GetRelativePath(Repository.Fixtures, path));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VendorFixtures))]
    public void Every_IPv4_header_checksum_verifies_after_conversion(string fixture)
    {
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));
        // Per frame, its IPv4 headers' source addresses and the status of each header checksum (an ICMP error quotes a second header).
        var frames = Fields(path, "ip.src", "-o", "ip.check_checksum:TRUE", "-e", "ip.checksum.status", "-E", "occurrence=a")
            .Select(line => line.Split('\t')).Where(fields => fields[0].Length > 0).ToList();
        foreach (var fields in frames)
        {
            fields[1].Split(',').Length.ShouldBe(fields[0].Split(',').Length, "every IPv4 header has a checksum verdict");
            fields[1].Split(',').ShouldAllBe(status => status == "1", "tshark's ip.checksum.status: 1 is good, 0 bad");
        }
    }

    [Theory]
    [InlineData("fortigate/constructed-any-two-interfaces-local-time.txt", 4)]
    [InlineData("fortigate/sniftran-damaged-v6-script-capture.txt", 217)]
    public void FortiGate_interfaces_and_directions_reach_tshark(string fixture, int count)
    {
        var text = Repository.Fixture(fixture);
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(text), Path.GetFileName(fixture));
        var interfaces = Fields(path, "frame.interface_name");
        var directions = Fields(path, "frame.packet_flags_direction");
        interfaces.Count.ShouldBe(count);

        // Every packet's interface and direction as its summary line prints them ("… wan1 in …"); the
        // damaged sample's three damaged packets are not written.
        var packetLines = Importing.File(text).Packets.Select(p => p.Source.FirstLine).ToHashSet();
        var printed = File.ReadLines(text)
            .Select((line, index) => (Match: SummaryInterface().Match(line), Number: index + 1))
            .Where(l => l.Match.Success && packetLines.Contains(l.Number))
            .Select(l => (l.Match.Groups[1].Value, l.Match.Groups[2].Value == "in" ? "0x00000001" : "0x00000002")).ToList();
        printed.Count.ShouldBe(count);
        interfaces.Zip(directions).ShouldBe(printed);
        directions.ShouldContain("0x00000001");
        directions.ShouldContain("0x00000002");
    }

    [Fact]
    public void FortiGate_dash_dash_leaves_the_direction_unknown()
    {
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture("fortigate/sniftran-test7-v6-wan1-dashdash-ipv6.txt")), "test7");
        Fields(path, "frame.interface_name").Distinct().ShouldBe(["wan1"]);
        Fields(path, "frame.packet_flags_direction", "-Y", "frame.packet_flags_direction != 0").ShouldBeEmpty();
    }

    [GeneratedRegex(@"^(?:\d{4}-\d\d-\d\d )?[\d:.]+ (\S+) (in|out) ")]
    private static partial Regex SummaryInterface();

    private static List<string> Fields(string capture, string field, params string[] options)
    {
        var result = ExternalTool.Run("tshark", ["-r", capture, "-T", "fields", "-e", field, .. options]);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
