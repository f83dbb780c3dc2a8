using Shouldly;
using TraceImport.Import;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>
/// A page that lost the newlines of a dump puts several rows on one line. The offsets inside the line
/// give the rows back; the line is accounted for once, every report names it and its columns as they
/// are, and a warning says the line looked joined.
/// </summary>
public class JoinedLinesTests
{
    [Fact]
    public void A_snoop_page_collapsed_into_two_lines_gives_its_whole_frame_and_its_time()
    {
        var result = Importing.File(Repository.Fixture("documents/constructed-snoop-page-joined-lines.txt"));
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(54, "Packet size = 54 bytes, and 54 bytes of hex in the line");
        packet.Hex().ShouldStartWith("00e0f7263fe9080020863");
        packet.Time.ToString().ShouldBe("1970-01-01 17:37:23.94 UTC (date assumed)");
        result.Report.TotalLines.ShouldBe(2);
        result.Report.UsedLines.ShouldBe(2);
        result.Report.Warnings.ShouldContain(w => w.StartsWith("constructed-snoop-page-joined-lines.txt:1: this line looks joined (newlines lost): '16:' at column 62, '32:' at column 123", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ios_debug_dump_with_each_packet_on_one_line_gives_its_packets_as_the_capture_has_them()
    {
        var result = Importing.File(Repository.Fixture("cisco-ios/constructed-ios-debug-dump-joined.txt"));
        var capture = TsharkReader.Frames(Repository.Fixture("captures/loopback-http.pcap"));
        result.Packets.Select(p => p.Hex()).ShouldBe([capture[26].RawHex, capture[27].RawHex], "frames 27 and 28");
        result.Packets.Select(p => p.Source.FirstLine).ShouldBe([3, 5]);
        result.Report.TotalLines.ShouldBe(7);
        (result.Report.UsedLines, result.Report.BlankLines, result.Report.ProseLines).ShouldBe((2, 3, 2));
        result.Report.Warnings.Count(w => w.Contains("looks joined", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public void A_damaged_row_inside_a_joined_line_is_named_by_the_inputs_line_and_column()
    {
        const string text = "03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], length 0\n" +
                            "0x0000: 4500 003c 1b68 4000 4006 2152 7f00 0001 0x0010: 7f00 0001 da70 0050 3758 897e 0000 0000 0x0020: a002 7fff 1421 0000 0204 400c 0402 080a 0x0030: 4ddc 92z6 0000 0000 0103 0302\n";
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Data.Length.ShouldBe(60);
        var damaged = result.Report.Damaged.ShouldHaveSingleItem();
        damaged.Line.ShouldBe(2);
        damaged.Column.ShouldBe(text.Split('\n')[1].IndexOf("z6", StringComparison.Ordinal) + 1);
        result.Report.TotalLines.ShouldBe(2);
        result.Report.DamagedLines.ShouldBe(1);
    }

    [Theory]
    [InlineData("\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000  .....p.P7X.~....")]
    [InlineData("03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 1:2, ack 3")]
    [InlineData("0010  7f 00 00 01 da 70 00 50 37 58 89 7e 00 00 00 00   ...:.p.P7X:~....")]
    [InlineData("ETHER:  Destination = 0:e0:f7:26:3f:e9, CISCO Router")]
    [InlineData("Note: the router at 10.0.0.1: it answers; at 10.0.0.2: it does not.")]
    [InlineData("0x0000: 4500 003c 0x0030: a002 7fff")]
    public void A_line_that_holds_one_line_is_left_whole(string line) => JoinedLines.Starts(line).ShouldBeNull();

    [Theory]
    [InlineData("0: 00e0 f726 3fe9 ..÷&?... 16: 0028 08b9 4000 .(..@..", new[] { 0, 27 })]
    [InlineData("0x0000: 4500 003c 0x0010: 7f00 0001", new[] { 0, 18 })]
    [InlineData("ICMP type=3, code=30F402000: 0000 00000000 ......0F402010: 00000000", new[] { 0, 19, 49 })]
    [InlineData("ETHER: ----- Ether Header ----- ETHER: ETHER: Packet 5 arrived", new[] { 0, 32, 39 })]
    public void A_line_that_holds_several_is_split_where_each_began(string line, int[] starts) => JoinedLines.Starts(line).ShouldBe(starts);
}
