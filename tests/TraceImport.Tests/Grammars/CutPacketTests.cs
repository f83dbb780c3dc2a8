using Shouldly;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// A page that cut rows out of a packet ("&lt;truncated&gt;") or an operator's typing in front of a row
/// does not end the packet: the rows after the cut sit at their printed offsets, the gap is unknown,
/// and the IP header's length says how long the packet was.
/// </summary>
public class CutPacketTests
{
    private static readonly Importing.Result Page = Importing.File(Repository.Fixture("tcpdump/constructed-vendor-page-truncated-undebug.txt"));

    [Fact]
    public void A_packet_cut_at_its_end_keeps_the_length_its_ip_header_gives()
    {
        var packet = Page.Packets[0];
        packet.Data.Length.ShouldBe(80);
        packet.OriginalLength.ShouldBe(237, "IP total length 0x00ed");
        packet.Comments.ShouldContain("237 bytes on the wire by the IP header's length; the text shows 80");
        packet.Comments.ShouldContain("the source marks a cut at line 11 (<truncated>)");
    }

    [Fact]
    public void Rows_after_a_cut_and_after_typed_text_belong_to_the_packet_at_their_offsets()
    {
        Page.Packets.Count.ShouldBe(2);
        var packet = Page.Packets[1];
        packet.Source.FirstLine.ShouldBe(13);
        packet.Source.LastLine.ShouldBe(26);
        packet.Data.Length.ShouldBe(387);
        packet.Unknown!.UnshownByteRanges().ShouldBe([(160, 367)]);
        packet.Hex()[(0x70 * 2)..(0x80 * 2)].ShouldBe("6172736574" + "3d22757466" + "2d38223e0a20", "the row behind 'undebug'");
        packet.Hex()[(0x170 * 2)..].ShouldBe("2020203c2f626f64793e0a3c2f68746d" + "6c3e0a");
        var damaged = Page.Report.Damaged.ShouldHaveSingleItem();
        (damaged.Line, damaged.Column).ShouldBe((21, 1));
        damaged.Reason.ShouldBe("'undebug' before the row's offset is not part of the dump; read past");
        Page.Report.ProseLines.ShouldBe(3, "the page's own sentences only");
        Page.Report.SkippedLines.ShouldBe(0);
    }
}
