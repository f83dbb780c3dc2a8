using Shouldly;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class OffsetHexTests
{
    [Fact]
    public void A_repeat_marker_is_expanded_to_the_next_offset()
    {
        var text = "000000 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10\n*\n000030 ff\n000031\n";
        var packet = Importing.Text(text).Packets.Single();
        packet.Hex().ShouldBe(string.Concat(Enumerable.Repeat("0102030405060708090a0b0c0d0e0f10", 3)) + "ff");
    }

    [Fact]
    public void The_next_offset_cuts_an_ascii_column_read_as_hex()
    {
        // A text2pcap-style dump whose ASCII column is only one space away and looks like hex.
        var text = "0000 00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 ab cd\n0010 00 3c\n";
        var result = Importing.Text(text);
        result.Packets.Single().Data.Length.ShouldBe(18);
        result.Report.SkippedLines.ShouldBe(0);
    }

    [Fact]
    public void A_row_whose_offset_goes_backwards_is_skipped()
    {
        var text = "000000 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10\n000010 11 12\n000008 ee\n";
        var result = Importing.Text(text);
        result.Packets.Single().Data.Length.ShouldBe(18);
        result.Report.Skipped.Single().Reason.ShouldBe("offset 0x8 repeats bytes already read (expected 0x12)");
    }

    [Fact]
    public void Each_offset_zero_starts_a_new_packet()
    {
        var frame = "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 06 00 01\n";
        Importing.Text(frame + frame + frame, new() { Format = "offset-hex" }).Packets.Count.ShouldBe(3);
    }
}
