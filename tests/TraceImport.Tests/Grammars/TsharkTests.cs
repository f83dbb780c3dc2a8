using Shouldly;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class TsharkTests
{
    private const string Frame =
        "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00   ..............E.\n" +
        "0010  00 3c 1b 68 40 00 40 06 21 52 7f 00 00 01 7f 00   .<.h@.@.!R......\n";

    [Fact]
    public void Only_the_frame_data_source_is_a_packet()
    {
        var text = "Frame (32 bytes):\n" + Frame + "\nReassembled TCP (32 bytes):\n" + Frame + "\n" + Frame;
        var result = Importing.Text(text);
        result.Packets.Count.ShouldBe(2);
        result.Report.Warnings.ShouldContain(w => w.Contains("\"Reassembled TCP\" ×1"));
    }

    [Fact]
    public void A_relative_time_is_written_as_seconds_after_1970_and_said_so()
    {
        var packet = Importing.Text("    1 0.250000    127.0.0.1 → 127.0.0.1    TCP 74 55920 → 80 [SYN]\n\n" + Frame).Packets.Single();
        packet.Time!.Value.UnixNanoseconds.ShouldBe(250_000_000);
        packet.Comments.ShouldContain(c => c.StartsWith("tshark printed a relative time (0.250000 s); no absolute time: written as seconds after 1970-01-01"));
    }

    [Fact]
    public void Epoch_times_are_taken()
    {
        var packet = Importing.Text("    1 1120622255.938066000 127.0.0.1 → 127.0.0.1 TCP 74\n\n" + Frame).Packets.Single();
        packet.Time!.Value.UnixNanoseconds.ShouldBe(1_120_622_255_938_066_000);
    }

    [Fact]
    public void A_stated_frame_length_that_disagrees_with_the_rows_is_reported()
    {
        var result = Importing.Text("Frame (40 bytes):\n" + Frame);
        result.Packets.Single().Comments.ShouldContain("the source says 40 bytes but shows 32");
        result.Packets.Single().OriginalLength.ShouldBe(40);
    }
}
