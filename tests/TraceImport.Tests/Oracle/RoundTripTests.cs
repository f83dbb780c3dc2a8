using System.Text;
using System.Text.Json;
using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Real captures are dumped by tshark, tcpdump, od and hexdump, converted back, and read by tshark:
/// every frame must come back byte for byte, and the frame count must be exact. Every capture in
/// fixtures/captures is dumped (bench/tcpdump-round-trip.sh does the same over any set of captures).
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    private static string Capture(string name) => Repository.Fixture(Path.Combine("captures", name));

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tshark_x_round_trips_every_frame_and_skips_reassembled_views(string capture) =>
        AssertRoundTrip(capture, Dump("tshark", "-r", Capture(capture), "-x"));

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tshark_P_x_t_ad_round_trips_frames_and_times(string capture) =>
        AssertRoundTrip(capture, Dump("tshark", "-r", Capture(capture), "-P", "-x", "-t", "ad"), compareTimes: true);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_xx_round_trips(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-xx"));

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_XX_round_trips(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-XX"));

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_tttt_xx_round_trips_frames_and_times(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-tttt", "-r", Capture(capture), "-xx"), compareTimes: true);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_numbered_tt_xx_round_trips_frames_and_times(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-#", "-tt", "-r", Capture(capture), "-xx"), compareTimes: true);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_x_round_trips_the_network_layer(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-x"), fromNetworkLayer: true);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_X_round_trips_the_network_layer(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-X"), fromNetworkLayer: true);

    /// <summary>tcpdump -v decodes hold dumps of their own (CDP and LLDP TLV bodies): they are decode, not packets.</summary>
    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_v_x_and_vv_X_round_trip_past_the_dumps_inside_their_decodes(string capture)
    {
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-v", "-r", Capture(capture), "-x"), fromNetworkLayer: true);
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-vv", "-r", Capture(capture), "-X"), fromNetworkLayer: true);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_v_xx_and_vv_XX_round_trip_past_the_dumps_inside_their_decodes(string capture)
    {
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-v", "-tttt", "-r", Capture(capture), "-xx"), compareTimes: true);
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-vv", "-r", Capture(capture), "-XX"));
    }

    /// <summary>
    /// With tcpdump's "reading from file …, link-type …" line (standard error, pasted with the rest), the
    /// -xx dump keeps the capture's link type; -i any's interface names and directions reach the pcapng.
    /// </summary>
    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_xx_with_its_header_line_keeps_the_link_type_interface_and_direction(string capture)
    {
        var result = ExternalTool.Run("tcpdump", "-n", "-tttt", "-xx", "-r", Capture(capture));
        result.ExitCode.ShouldBe(0, result.StandardError);
        var (path, report) = Conversion.ToPcapng(result.StandardError + result.StandardOutput, capture, new ImportOptions());
        report.SkippedLines.ShouldBe(0, string.Join("\n", report.Skipped));
        report.ProseLines.ShouldBe(0);

        var original = FrameFields(Capture(capture));
        var converted = FrameFields(path);
        converted.Select(f => f.Encapsulation).ShouldBe(original.Select(f => f.Encapsulation), "link types");
        converted.Select(f => f.Raw).ShouldBe(original.Select(f => f.Raw));
        if (original.Any(f => f.Encapsulation == "210")) // tshark's number for LINUX_SLL2
        {
            // tcpdump prints the interface of each packet as the machine it runs on names its index (after the
            // date and time of -tttt), and SLL2's packet type as In or Out.
            var printed = result.StandardOutput.Split('\n')
                .Where(line => line.Length > 0 && !char.IsWhiteSpace(line[0]))
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
            converted.Select(f => f.Interface).ShouldBe(printed);
            converted.Select(f => f.Direction).ShouldBe(original.Select(f => f.PacketType == "4" ? "0x00000002" : "0x00000001"));
        }
        File.Delete(path);
    }

    private sealed record FrameField(string Encapsulation, string Raw, string Interface, string Direction, string PacketType);

    /// <summary>Each frame's encapsulation, bytes, interface, pcapng direction and Linux cooked packet type, as tshark reads them.</summary>
    private static List<FrameField> FrameFields(string capture)
    {
        var result = ExternalTool.Run("tshark", "-r", capture, "-T", "ek", "-x");
        result.ExitCode.ShouldBe(0, result.StandardError);
        ExternalTool.TsharkWarnings(result.StandardError).ShouldBeEmpty($"tshark warned while reading {capture}");
        var frames = new List<FrameField>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("layers", out var layers)) continue;
            var frame = layers.GetProperty("frame");
            string Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
            frames.Add(new FrameField(
                Text(frame, "frame_frame_encap_type"),
                layers.GetProperty("frame_raw").GetString()!,
                Text(frame, "frame_frame_interface_name"),
                Text(frame, "frame_frame_packet_flags_direction"),
                layers.TryGetProperty("sll", out var sll) ? Text(sll, "sll_sll_pkttype") : ""));
        }
        return frames;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Od_and_hexdump_of_each_frame_round_trip(string capture)
    {
        var frames = TsharkReader.Frames(Capture(capture));
        var od = new StringBuilder();
        var hexdump = new StringBuilder();
        var stream = new StringBuilder();
        foreach (var frame in frames)
        {
            var bytes = Path.GetTempFileName();
            File.WriteAllBytes(bytes, Convert.FromHexString(frame.RawHex));
            od.Append(Dump("od", "-Ax", "-tx1", bytes));
            hexdump.Append(Dump("hexdump", "-C", bytes));
            stream.AppendLine(frame.RawHex);
            File.Delete(bytes);
        }
        AssertRoundTrip(capture, od.ToString());
        AssertRoundTrip(capture, hexdump.ToString());
        AssertRoundTrip(capture, stream.ToString());
    }

    [Fact]
    public void Tcpdump_unsupported_link_type_keeps_every_byte()
    {
        var capture = Capture("unsupported-link-type-dbus.pcap");
        var text = Dump("tcpdump", "-n", "-r", capture);
        var (path, report) = Conversion.ToPcapng(text, "dbus");
        report.SkippedLines.ShouldBe(0);
        var original = TsharkReader.Frames(capture);
        var converted = TsharkReader.Frames(path);
        converted.Select(f => f.RawHex).ShouldBe(original.Select(f => f.RawHex));
        converted.ShouldAllBe(f => f.LinkType == 45, "tshark's encapsulation number for USER0");
    }

    private static string Dump(string tool, params string[] arguments)
    {
        var result = ExternalTool.Run(tool, arguments);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>
    /// Converts the dump and compares it with the capture frame by frame. tcpdump -x and -X print from the
    /// network layer: each frame must then be the end of the capture's frame, all of it past the link header.
    /// </summary>
    private static void AssertRoundTrip(string capture, string dump, bool fromNetworkLayer = false, bool compareTimes = false)
    {
        var original = TsharkReader.Frames(Capture(capture));
        var (path, report) = Conversion.ToPcapng(dump, capture, new ImportOptions());
        report.SkippedLines.ShouldBe(0, string.Join("\n", report.Skipped));
        report.DamagedLines.ShouldBe(0, string.Join("\n", report.Damaged));
        report.ProseLines.ShouldBe(0);
        report.InternalErrors.ShouldBeEmpty();
        var converted = TsharkReader.Frames(path);

        converted.Count.ShouldBe(original.Count, "frame count");
        if (fromNetworkLayer)
        {
            for (var i = 0; i < original.Count; i++)
            {
                converted[i].RawHex.ShouldNotBeEmpty();
                original[i].RawHex.ShouldEndWith(converted[i].RawHex, Case.Sensitive, $"frame {i + 1}");
            }
        }
        else
        {
            converted.Select(f => f.RawHex).ShouldBe(original.Select(f => f.RawHex));
        }
        if (compareTimes)
        {
            // A dump may print fewer digits than the capture holds: the time must be the capture's, cut to them.
            var expected = original.Select((f, i) => converted[i].EpochTime == Microseconds(f.EpochTime) ? Microseconds(f.EpochTime) : f.EpochTime);
            converted.Select(f => f.EpochTime).ShouldBe(expected);
        }
        File.Delete(path);
    }

    /// <summary>tcpdump prints microseconds: a nanosecond capture's times come back cut to them ("….924505488" as "….924505000").</summary>
    private static string Microseconds(string epoch) =>
        epoch.Length > 3 && epoch[^10] == '.' ? epoch[..^3] + "000" : epoch;
}
