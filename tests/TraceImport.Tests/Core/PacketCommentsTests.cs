using Shouldly;
using TraceImport.Pcapng;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>Bytes the author masked with X and bytes the text never showed are told apart in every comment.</summary>
public class PacketCommentsTests
{
    [Fact]
    public void Masked_bytes_are_called_masked_and_bytes_never_shown_unknown()
    {
        // A tcpdump row masks the MAC addresses; the offsets then jump over bytes 32-47, which the text never shows.
        const string text = """
            12:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request
            	0x0000:  XXXX XXXX XXXX 0000 0000 0000 0800 4500
            	0x0010:  0054 0000 4000 4001 2677 0a00 0001 0a00
            	0x0030:  0002 0800 0000 0000 0000 0000 0000 0000
            """;
        var packet = Importing.Text(text).Packets.ShouldHaveSingleItem();
        var comments = PacketComments.For(packet).ToList();

        comments.ShouldContain("masked in the source (X), written as 0: bytes 0-5");
        comments.ShouldContain("not shown in the source (unknown), written as 0: bytes 32-47");
        comments.ShouldNotContain(c => c.StartsWith("unknown in the source", StringComparison.Ordinal));
    }

    [Fact]
    public void A_packet_with_every_byte_known_has_neither_comment()
    {
        var packet = Importing.Text("0000000000000000000000000800450000140000400040010000\n").Packets.ShouldHaveSingleItem();
        PacketComments.For(packet).ShouldNotContain(c => c.Contains("written as 0", StringComparison.Ordinal));
    }
}
