using Shouldly;
using TraceImport.Import;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class ToshibaTests
{
    private static string Record(int number, string channel, string direction, string rows, int length) =>
        $"[No.{number}] 00:00:09.{number:D2} {channel} {direction} summary\n" +
        $"OFFSET 0001-0203-0405-0607-0809-0A0B-0C0D-0E0F 0123456789ABCDEF LEN={length}\n" +
        rows + "\n";

    [Fact]
    public void The_d_channel_is_lapd_and_tx_is_from_the_router()
    {
        var packet = Importing.Text(Record(1, "D", "Tx", "0000 : 0001 01A9                                ....\n", 4)).Packets.ShouldHaveSingleItem();
        packet.LinkType.ShouldBe(LinkType.Lapd);
        packet.Direction.ShouldBe(Direction.Outbound);
        packet.Interface.ShouldBe("D");
        packet.Hex().ShouldBe("000101a9");
    }

    [Fact]
    public void A_b_channel_carrying_ppp_is_ppp_in_hdlc_framing_and_another_port_is_ethernet()
    {
        var text = Record(1, "B1:1", "Rx", "0000 : FF03 C021 0901 000C                     ...!....\n", 8)
                   + Record(2, "LAN", "Rx", "0000 : FFFF FFFF FFFF 0000 0C07 AC01 0806 0001 ................\n", 16);
        var packets = Importing.Text(text).Packets;
        packets.Select(p => p.LinkType).ShouldBe([LinkType.PppHdlc, LinkType.Ethernet]);
        packets[0].Direction.ShouldBe(Direction.Inbound);
    }

    [Fact]
    public void A_b_channel_is_what_its_first_frame_shows_for_every_frame_on_it()
    {
        var text = Record(1, "B2", "Tx", "0000 : 0801 7F00                                ....\n", 4)
                   + Record(2, "B2", "Rx", "0000 : FF03 C021                                ...!\n", 4);
        var packets = Importing.Text(text).Packets;
        packets.Select(p => p.LinkType).ShouldBe([LinkType.User0, LinkType.User0]);
        packets[1].Comments.ShouldContain("ISDN B2 carries V.120 (its first frame is a V.120 SABME), which has no pcap link type; written as USER0 (give --link-type)");

        var given = Importing.Text(text, new ImportOptions { LinkType = LinkType.PppHdlc }).Packets;
        given.Select(p => p.LinkType).ShouldBe([LinkType.PppHdlc, LinkType.PppHdlc]);
    }

    [Fact]
    public void A_header_a_console_wrapped_at_80_columns_is_joined_back()
    {
        var text = "[No.1] 00:00:09.14 B1:1 Tx 207.193.26.136->151.164.1.8 DNS  SPORT=1028 LEN=38 CHKS\n" +
                   "UM=4FD4 ID=2390 Query RD QCNT=1 pow.zing.org?\n" +
                   "OFFSET 0001-0203-0405-0607-0809-0A0B-0C0D-0E0F 0123456789ABCDEF LEN=4\n" +
                   "0000 : FF03 C021                                ...!\n";
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Heading.ShouldEndWith("CHKSUM=4FD4 ID=2390 Query RD QCNT=1 pow.zing.org?");
        result.Report.UsedLines.ShouldBe(4);
    }

    [Fact]
    public void A_dump_without_its_header_has_no_time_channel_or_direction_and_says_so()
    {
        var text = "OFFSET 0001-0203-0405-0607-0809-0A0B-0C0D-0E0F 0123456789ABCDEF LEN=4\n0000 : FF03 C021                                ...!\n";
        var packet = Importing.Text(text).Packets.ShouldHaveSingleItem();
        packet.Time.ShouldBeNull();
        packet.Direction.ShouldBe(Direction.Unknown);
        packet.Comments.ShouldContain("no [No.N] header before this dump: its time, channel and direction are not known");
    }

    [Fact]
    public void A_missing_row_is_said_and_the_length_kept()
    {
        var rows = "0000 : FF03 003D C000 0008 2145 0000 3A12 6500 ...=....!E..:.e.\n0020 : 3500 264F                                5.&O\n";
        var result = Importing.Text(Record(1, "B1", "Tx", rows, 36));
        result.Report.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("a row at offset 0020 where 0010 was expected (a row is missing or repeated)");
        result.Packets.ShouldHaveSingleItem().OriginalLength.ShouldBe(36);
    }
}
