using Shouldly;
using TraceImport.Grammars.Vms;
using TraceImport.Model;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class VmsTests
{
    /// <summary>The UCX$TRACE example of Wireshark's reader: its Total Length is 583, but the text shows four rows.</summary>
    private const string UcxTrace = """

            UCX INTERnet trace RCV packet seq # = 1 at 14-MAY-2003 11:32:10.93

           IP Version = 4,  IHL = 5,  TOS = 00,   Total Length = 583 = ^x0247
           IP Identifier  = ^x702E,  Flags (0=0,DF=0,MF=0),
                 Fragment Offset = 0 = ^x0000,   Calculated Offset = 0 = ^x0000
           IP TTL = 128 = ^x80,  Protocol = 17 = ^x11,  Header Checksum = ^x70EC
           IP Source Address      = 10.20.4.159
           IP Destination Address = 10.20.4.255

           UDP Source Port = 138,   UDP Destination Port = 138
           UDP Header and Datagram Length = 563 = ^x0233,   Checksum = ^xB913

           9F04140A   70EC1180   0000702E   47020045    0000    E..G.p.....p....
           B1B80E11 | B9133302   8A008A00 | FF04140A    0010    .........3......
           46484648   45200000   1D028A00   9F04140A    0020    ...........EHFHF
           43414341   4341434D   454D4546   45454550    0030    PEEEFEMEMCACACAC

        """;

    [Fact]
    public void A_row_of_longwords_is_read_right_to_left()
    {
        var row = VmsGrammar.Row.ParseLine("   27E54C3C | C0B64000   6F00DB02 | 32010C0A    0010    ...2...o.@..<L.'").Value;
        row.Offset.ShouldBe(0x10);
        Convert.ToHexStringLower(row.Bytes).ShouldBe("0a0c013202db006f0040b6c03c4ce527");
    }

    [Fact]
    public void The_last_row_is_right_aligned_and_its_first_longword_may_be_short()
    {
        var row = VmsGrammar.Row.ParseLine("       0000 | B4050402   00003496   00020260    0020    `....4........").Value;
        row.Offset.ShouldBe(0x20);
        Convert.ToHexStringLower(row.Bytes).ShouldBe("6002020096340000020405b40000");
    }

    [Fact]
    public void The_header_numbering_with_seq_is_read_and_a_truncated_dump_keeps_its_stated_length()
    {
        var result = Importing.Text(UcxTrace);
        var packet = result.Packets.ShouldHaveSingleItem();
        // UCX$TRACE's decode prints the identifier and checksum byte-swapped (^x702E, ^x70EC); the bytes, whose
        // header checksum holds, are 2E 70 and EC 70.
        packet.Hex().ShouldStartWith("450002472e7000008011ec700a14049f0a1404ff");
        packet.Data.Length.ShouldBe(64);
        packet.OriginalLength.ShouldBe(583);
        packet.Time!.Value.ToString().ShouldBe("2003-05-14 11:32:10.93 UTC");
        packet.Direction.ShouldBe(Direction.Inbound);
        result.Report.Warnings.ShouldContain("input.txt:2-17: the source says 583 bytes but shows 64");
    }

    [Fact]
    public void A_transmitted_packet_is_outbound()
    {
        var header = VmsGrammar.Header("   TCPIPtrace full display XMT packet 9 at 10-JUL-2001 14:54:19.57").Value;
        header.Direction.ShouldBe(Direction.Outbound);
        header.Number.ShouldBe(9);
    }

    [Fact]
    public void Bytes_of_the_last_row_past_the_total_length_are_left_out_and_said()
    {
        var packet = Importing.Text(UcxTrace.Replace("Total Length = 583", "Total Length = 62")).Packets.ShouldHaveSingleItem();
        packet.Data.Length.ShouldBe(62);
        packet.Comments.ShouldContain("2 byte(s) of the last row are past the Total Length and left out");
    }

    [Fact]
    public void A_row_out_of_order_is_skipped_and_the_utility_s_loss_report_warned()
    {
        var text = UcxTrace.Replace("    0020    ", "    0040    ") + "   %TCPIPTRACE-W-BUFFERSFUL, TCPIPtrace could not save 3 packets.\n";
        var result = Importing.Text(text);
        result.Report.Skipped.Select(s => (s.Line, s.Reason)).ShouldBe(
        [
            (16, "a row at offset 0x0040 where 0x0020 was expected (a row is missing or repeated)"),
            (17, "a row at offset 0x0030 where 0x0020 was expected (a row is missing or repeated)"),
        ]);
        result.Report.Warnings.ShouldContain(w => w.Contains("could not save: \"%TCPIPTRACE-W-BUFFERSFUL, TCPIPtrace could not save 3 packets.\"", StringComparison.Ordinal));
    }
}
