using Shouldly;
using TraceImport.Model;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>Network General Sniffer printouts: the frame from the hex block, its time and size from the DLC line.</summary>
public class SnifferTests
{
    private const string Fixture = "sniffer/constructed-print-flags-dlc-decode.txt";

    [Fact]
    public void A_sniffer_printout_gives_its_frames_as_the_capture_has_them()
    {
        var result = Importing.File(Repository.Fixture(Fixture));
        var capture = TsharkReader.Frames(Repository.Fixture("captures/print-flags.pcap"));
        result.Packets.Select(p => p.Hex()).ShouldBe(capture.Take(3).Select(f => f.RawHex));
        result.Packets.ShouldAllBe(p => p.Format == "sniffer" && p.LinkType == LinkType.Ethernet);
        result.Packets.Select(p => p.OriginalLength).ShouldBe([74, 74, 66], "frame size is … bytes");
        result.Packets[0].Time.ToString().ShouldBe("2005-07-06 03:57:35.9380 UTC", "the printout's date and the DLC line's time, as precise as printed");
        result.Report.Regions.ShouldHaveSingleItem().Format.ShouldBe("sniffer");
        (result.Report.ProseLines, result.Report.SkippedLines, result.Report.DamagedLines).ShouldBe((0, 0, 0));
    }

    [Fact]
    public void A_dlc_decode_is_sniffers_not_snoops_even_without_the_printout_header()
    {
        var lines = File.ReadAllLines(Repository.Fixture(Fixture)).Skip(4).Take(37);
        var result = Importing.Text(string.Join("\n", lines) + "\n");
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Format.ShouldBe("sniffer");
        packet.Data.Length.ShouldBe(74);
        packet.Time.ToString().ShouldBe("1970-01-01 03:57:35.9380 UTC (date assumed)");
    }

    [Fact]
    public void A_frame_whose_hex_stops_short_of_its_size_says_so()
    {
        var lines = File.ReadAllLines(Repository.Fixture(Fixture)).Skip(4).Take(37).Where(l => !l.StartsWith("0040", StringComparison.Ordinal));
        var result = Importing.Text(string.Join("\n", lines) + "\n");
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(64);
        packet.OriginalLength.ShouldBe(74);
        packet.Comments.ShouldContain("the source says 74 bytes but shows 64");
    }
}
