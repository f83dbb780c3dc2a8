using Shouldly;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class HexBlockAndStreamTests
{
    [Fact]
    public void A_block_ends_at_a_blank_line_and_takes_the_prose_line_before_it_as_heading()
    {
        var text = "ACK from 192.168.130.29 port 1049\n\n00287773 00003E06 0284C0A8 821DAC10\n14030419 0015DBC1\n\n00287773 00003E06 0284C0A8 821DAC10\n";
        var result = Importing.Text(text);
        result.Packets.Count.ShouldBe(2);
        result.Packets[0].Heading.ShouldBe("ACK from 192.168.130.29 port 1049");
        result.Packets[0].Data.Length.ShouldBe(24);
        result.Packets[1].Heading.ShouldBeNull();
    }

    [Fact]
    public void Fewer_bytes_than_an_ethernet_header_are_prose_not_a_packet()
    {
        var result = Importing.Text("Flags 0x02\n1049 0015 21\n");
        result.Packets.ShouldBeEmpty();
        result.Report.ProseLines.ShouldBe(2);
    }

    [Fact]
    public void A_hand_decode_beside_the_block_is_kept_with_its_packet_and_prose_after_it_is_prose()
    {
        var text = "XXXXXXXX 820EXXXX XXXX8E60 08004500\n003C7772 00003E06\n\nDestination\t\tXXXXXXXX820E\t\ttarget host\n" +
                   "Flags/Frag Offset 0000\nTriggering Packet\nCheckSum\t\t0271\nThis packet is from a completely different system.\n";
        var result = Importing.Text(text);
        var packet = result.Packets.Single();
        packet.Data.Length.ShouldBe(24);
        packet.HandDecode.Select(h => (h.Label, h.Hex, h.Reading, h.Line)).ShouldBe(
        [
            ("Destination", "XXXXXXXX820E", "target host", 4), ("Flags/Frag Offset", "0000", null, 5),
            ("Triggering Packet", null, null, 6), ("CheckSum", "0271", null, 7),
        ]);
        result.Report.ProseLines.ShouldBe(1);
    }

    [Fact]
    public void Hex_streams_read_0x_and_backslash_x_forms()
    {
        const string frame = "000000000000000000000000080045000034";
        var text = frame + "\n0x" + frame + "\n" + string.Concat(Enumerable.Range(0, frame.Length / 2).Select(i => "\\x" + frame.Substring(i * 2, 2))) + "\n";
        var result = Importing.Text(text);
        result.Packets.Select(p => p.Hex()).ShouldBe([frame, frame, frame]);
        result.Report.Regions.ShouldHaveSingleItem().Format.ShouldBe("hex-stream");
    }
}

public class LookaheadTests
{
    [Fact]
    public void Rows_too_small_to_decide_within_the_lookahead_are_prose_not_a_crash()
    {
        var text = string.Concat(Enumerable.Repeat("01\n", 12));
        var result = Importing.Text(text);
        result.Packets.ShouldBeEmpty();
        result.Report.ProseLines.ShouldBe(12);
    }

    [Fact]
    public void A_verbose_tcpdump_summary_longer_than_the_lookahead_is_not_a_crash()
    {
        var text = "03:57:35.938066 IP (tos 0x0)\n" + string.Concat(Enumerable.Repeat("    more\n", 10)) + "\t0x0000:  4500 0014 0000 0000 4006 0000 7f00 0001\n";
        Should.NotThrow(() => Importing.Text(text));
    }
}
