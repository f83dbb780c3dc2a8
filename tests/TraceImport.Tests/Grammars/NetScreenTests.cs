using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class NetScreenTests
{
    private const string Rows =
        "              ff ff ff ff ff ff 00 10 db 11 22 33 08 06 00 01     ..............\n" +
        "              08 00 06 04 00 01 00 10 db 11 22 33 0a 00 00 01     ..........\"3....\n" +
        "              00 00 00 00 00 00 0a 00 00 02                       ..........\n";

    private static string Header(string name, string dst = "ffffffffffff") => $"123.4: {name}(i) len=42:0010db112233->{dst}/0806\n";

    [Fact]
    public void Times_are_seconds_since_boot_and_say_so()
    {
        var packet = Importing.Text(Header("ethernet1") + Rows).Packets.ShouldHaveSingleItem();
        packet.Time!.Value.UnixNanoseconds.ShouldBe(123_400_000_000);
        packet.Comments.ShouldContain(c => c.StartsWith("time: 123.4 s since the firewall booted"));
        packet.Interface.ShouldBe("ethernet1");
        packet.Direction.ShouldBe(Direction.Inbound);
        packet.LinkType.ShouldBe(LinkType.Ethernet);
    }

    [Theory]
    [InlineData("serial1", "ffffffffffff", 9)]
    [InlineData("adsl1", "ffffffffffff", 1)]
    [InlineData("adsl1", "0010db445566", 9)]
    public void The_interface_name_decides_the_link_type_as_Wireshark_does(string name, string destination, int linkType) =>
        Importing.Text(Header(name, destination) + Rows).Packets.ShouldHaveSingleItem().LinkType.Code.ShouldBe((ushort)linkType);

    [Fact]
    public void A_header_whose_addresses_are_not_the_frame_is_reported()
    {
        var result = Importing.Text("123.4: ethernet1(o) len=42:0010db112233->0010db445566/0800\n" + Rows);
        result.Packets.ShouldHaveSingleItem().Comments.ShouldContain("the header's destination MAC, EtherType 0800 disagree with the bytes");
    }

    [Fact]
    public void More_bytes_than_len_are_reported()
    {
        var result = Importing.Text(Header("ethernet1").Replace("len=42", "len=40") + Rows);
        result.Packets.ShouldHaveSingleItem().Comments.ShouldContain("the source says 40 bytes but shows 42");
    }

    [Fact]
    public void A_web_page_copy_with_entities_reads_as_the_original()
    {
        var escaped = Importing.File(Repository.Fixture("netscreen/ask-wireshark-21209-snoop-vlan-in-out.html-escaped.txt")).Packets;
        var plain = Importing.File(Repository.Fixture("netscreen/ask-wireshark-21209-snoop-vlan-in-out.txt")).Packets;
        escaped.Select(p => (p.Hex(), p.Heading, p.Interface, p.Direction)).ShouldBe(plain.Select(p => (p.Hex(), p.Heading, p.Interface, p.Direction)));
    }
}
