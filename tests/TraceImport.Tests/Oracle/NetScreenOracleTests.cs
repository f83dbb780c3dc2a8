using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Wireshark reads ScreenOS snoop text itself (wiretap/netscreen.c): every frame converted here must
/// be the frame tshark reads from the same text — bytes, lengths and times — and carry the interface
/// and direction its header line prints, which tshark's reader does not pass on.
/// </summary>
public partial class NetScreenOracleTests
{
    public static TheoryData<string> Samples() => new()
    {
        "netscreen/ask-wireshark-21209-snoop-vlan-in-out.txt",
        "netscreen/ask-wireshark-21209-snoop-vlan-in-out.html-escaped.txt",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_frame_matches_what_tshark_reads_from_the_text(string fixture)
    {
        var text = Repository.Fixture(fixture);
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(text), Path.GetFileName(fixture));

        Frames(path).ShouldBe(Frames(text));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Interfaces_and_directions_are_the_header_lines(string fixture)
    {
        var imported = Importing.File(Repository.Fixture(fixture));
        var headers = File.ReadLines(Repository.Fixture(fixture)).Select(l => Header().Match(l)).Where(m => m.Success).ToList();

        imported.Packets.Select(p => p.Interface).ShouldBe(headers.Select(h => h.Groups[1].Value));
        imported.Packets.Select(p => p.Direction.ToString()).ShouldBe(headers.Select(h => h.Groups[2].Value == "i" ? "Inbound" : "Outbound"));
    }

    [Fact]
    public void A_forum_copy_that_tshark_cannot_read_gives_the_same_frames()
    {
        var damaged = Repository.Fixture("netscreen/constructed-forum-collapsed-no-blank-lines.txt");
        ExternalTool.Run("tshark", "-r", damaged).ExitCode.ShouldNotBe(0, "collapsed spaces and lost blank lines defeat the netscreen reader");

        var (copy, _) = Conversion.ToPcapng(File.ReadAllText(damaged), "copy");
        var (original, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture("netscreen/ask-wireshark-21209-snoop-vlan-in-out.txt")), "original");
        Frames(copy).ShouldBe(Frames(original).Take(4));
    }

    /// <summary>Each frame as "time len cap_len encapsulation bytes", as tshark reads it.</summary>
    private static List<string> Frames(string capture)
    {
        var result = ExternalTool.Run("tshark", "-r", capture, "-T", "ek", "-x");
        result.ExitCode.ShouldBe(0, result.StandardError);
        var frames = new List<string>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("layers", out var layers)) continue;
            var frame = layers.GetProperty("frame");
            string Field(string name) => frame.GetProperty(name).GetString()!;
            frames.Add($"{Field("frame_frame_time_epoch")} {Field("frame_frame_len")} {Field("frame_frame_cap_len")} {Field("frame_frame_encap_type")} {layers.GetProperty("frame_raw").GetString()}");
        }
        return frames;
    }

    [GeneratedRegex(@"^\d+\.\d+: ([^(]+)\(([io])\) len=")]
    private static partial Regex Header();
}
