using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class TcpdumpTests
{
    private const string SynRows =
        "\t0x0000:  4500 003c 1b68 4000 4006 2152 7f00 0001\n" +
        "\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000\n" +
        "\t0x0020:  a002 7fff 1421 0000 0204 400c 0402 080a\n" +
        "\t0x0030:  4ddc 9216 0000 0000 0103 0302\n";

    [Fact]
    public void A_verbose_summary_continues_on_indented_lines()
    {
        var text = "03:57:35.938066 IP (tos 0x0, ttl 64, id 7016, offset 0, flags [DF], proto TCP (6), length 60)\n" +
                   "    127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, length 0\n" + SynRows;
        var result = Importing.Text(text);
        result.Packets.ShouldHaveSingleItem().Heading.ShouldEndWith("127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, length 0");
        result.Report.UsedLines.ShouldBe(6);
    }

    [Fact]
    public void Without_timestamps_a_summary_is_known_by_the_hex_after_it()
    {
        var result = Importing.Text("IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, length 0\n" + SynRows);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Time.ShouldBeNull();
        packet.Heading.ShouldStartWith("IP 127.0.0.1.55920");
        packet.LinkType.ShouldBe(LinkType.RawIp);
    }

    [Fact]
    public void Direction_and_interface_come_from_an_any_interface_summary()
    {
        var result = Importing.Text("03:57:35.938066 lo    In  IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], length 0\n" + SynRows);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Direction.ShouldBe(Direction.Inbound);
        packet.Interface.ShouldBe("lo");
    }

    [Fact]
    public void An_offset_jump_is_filled_with_unknown_bytes_and_the_row_after_it_named()
    {
        var rows = SynRows.Replace("\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000\n", "");
        var result = Importing.Text("03:57:35.938066 IP x > y\n" + rows);
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(60);
        packet.Unknown!.UnshownByteRanges().ShouldBe([(16, 31)]);
        packet.Comments.ShouldContain("bytes 16-31 not shown in the source (the offsets jump at line 3)");
        var damaged = result.Report.Damaged.ShouldHaveSingleItem();
        (damaged.Line, damaged.Column).ShouldBe((3, 2));
        damaged.Reason.ShouldBe("offset 0x0020 jumps over bytes 16-31, which the text does not show");
        result.Report.StrictProblems.ShouldBe(1);
    }

    [Fact]
    public void Time_of_day_takes_the_supplied_date()
    {
        var packet = Importing.Text("16:06:23.706 IP x > y\n" + SynRows, new() { Date = new DateOnly(2003, 4, 6) }).Packets.Single();
        packet.Time.ToString().ShouldBe("2003-04-06 16:06:23.706 UTC (date supplied)");
    }
}
