using System.Text;
using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Real captures are dumped by tshark, tcpdump, od and hexdump, converted back, and read by tshark:
/// every frame must come back byte for byte, and the frame count must be exact.
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> Captures() => new() { "loopback-http.pcap", "print-flags.pcap" };

    private static string Capture(string name) => Repository.Fixture(Path.Combine("captures", name));

    private const int EthernetHeader = 14;

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
    public void Tcpdump_x_round_trips_the_network_layer_as_raw_ip(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-x"), stripLinkHeader: true);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tcpdump_X_round_trips_the_network_layer_as_raw_ip(string capture) =>
        AssertRoundTrip(capture, Dump("tcpdump", "-n", "-r", Capture(capture), "-X"), stripLinkHeader: true);

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

    private static void AssertRoundTrip(string capture, string dump, bool stripLinkHeader = false, bool compareTimes = false)
    {
        var original = TsharkReader.Frames(Capture(capture));
        var (path, report) = Conversion.ToPcapng(dump, capture, new ImportOptions());
        report.SkippedLines.ShouldBe(0, string.Join("\n", report.Skipped));
        report.ProseLines.ShouldBe(0);
        var converted = TsharkReader.Frames(path);

        converted.Count.ShouldBe(original.Count, "frame count");
        var expected = original.Select(f => stripLinkHeader ? f.RawHex[(EthernetHeader * 2)..] : f.RawHex).ToList();
        converted.Select(f => f.RawHex).ShouldBe(expected);
        if (compareTimes) converted.Select(f => f.EpochTime).ShouldBe(original.Select(f => f.EpochTime));
        File.Delete(path);
    }
}
