using Shouldly;
using TraceImport.Import;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class K12TextTests
{
    private const string Rule = "+---------+---------------+----------+\n";

    private static string Frame(string encapsulation, string bytes) => Rule + $"08:14:42,534,679   {encapsulation}\n" + bytes + "\n\n";

    [Fact]
    public void Offset_markers_among_the_bytes_are_skipped()
    {
        var packet = Importing.Text(Frame("ETHER", "|0   |ac|67|5d|10  |71|cb|")).Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe("ac675d71cb");
        packet.Time!.Value.ToString().ShouldBe("1970-01-01 08:14:42.534679 UTC (date assumed)");
    }

    [Theory]
    [InlineData("ETHER", 1)]
    [InlineData("HDLC", 104)]
    [InlineData("SSCF", 141)]
    [InlineData("MTP-L2", 140)]
    [InlineData("SSCOP", 147)]
    public void The_encapsulation_names_the_link_type(string encapsulation, int linkType) =>
        Importing.Text(Frame(encapsulation, "|0   |0f|00|08|00|")).Packets.ShouldHaveSingleItem().LinkType.Code.ShouldBe((ushort)linkType);

    [Fact]
    public void An_encapsulation_with_no_pcap_link_type_says_so_and_yields_to_link_type()
    {
        var text = Frame("SSCOP", "|0   |0f|00|08|00|");
        Importing.Text(text).Packets.ShouldHaveSingleItem().Comments.ShouldContain("K12's SSCOP encapsulation has no pcap link type; written as USER0 (give --link-type)");
        Importing.Text(text, new ImportOptions { LinkType = LinkType.Mtp3 }).Packets.ShouldHaveSingleItem().LinkType.ShouldBe(LinkType.Mtp3);
    }

    [Fact]
    public void A_byte_line_broken_inside_a_byte_is_joined_back()
    {
        var packet = Importing.Text(Frame("ETHER", "|0   |ac|6\n7|5d|71|")).Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe("ac675d71");
    }

    [Fact]
    public void A_field_that_is_neither_byte_nor_offset_stops_the_bytes_and_is_said()
    {
        var result = Importing.Text(Frame("ETHER", "|0   |ac|67|zz|5d|"));
        result.Packets.ShouldHaveSingleItem().Hex().ShouldBe("ac67");
        result.Report.Warnings.ShouldContain("input.txt:2-3: the frame's bytes stop at field 4 (\"zz\"), which is neither a byte nor an offset; 2 byte(s) read");
    }

    [Fact]
    public void Bytes_without_their_time_line_have_no_time_and_say_so()
    {
        var packet = Importing.Text("|0   |ac|67|5d|71|\n").Packets.ShouldHaveSingleItem();
        packet.Time.ShouldBeNull();
        packet.Comments.ShouldContain("no time and encapsulation line before these bytes");
    }
}
