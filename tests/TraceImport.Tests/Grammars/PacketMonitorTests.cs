using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class PacketMonitorTests
{
    private static List<Packet> PacketMonitorPackets(string fixture, TraceImport.Import.ImportOptions? options = null) =>
        Importing.File(Repository.Fixture(fixture), options).Packets.Where(p => p.Format == "packet-monitor").ToList();

    [Fact]
    public void Seed_000_rebuilds_seven_packets_whose_checksums_tshark_calls_good()
    {
        var seed = File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        var (path, _) = Conversion.ToPcapng(seed, "seed-000", new() { Date = new DateOnly(2003, 4, 6) });
        var result = ExternalTool.Run("tshark", "-r", path, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-Y", "frame.interface_name == \"packet_monitor\"", "-T", "fields", "-e", "ip.checksum.status", "-e", "tcp.checksum.status", "-e", "frame.packet_flags_direction");
        var rows = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('\t')).ToList();

        rows.Count.ShouldBe(7);
        rows.ShouldAllBe(r => r[0] == "1" && r[1] == "1", "all 7 IP and all 7 TCP checksums good");
        rows.Select(r => r[2] == "0x00000001" ? "in" : "out").ShouldBe(["in", "out", "in", "in", "out", "out", "in"]);
    }

    [Fact]
    public void Seed_000_sixth_packet_carries_the_goodbye_and_the_date_is_the_one_given()
    {
        var packets = PacketMonitorPackets("documents/seed-000-no-ftp-banner.txt", new() { Date = new DateOnly(2003, 4, 6) });
        packets[0].Time.ToString().ShouldBe("2003-04-06 16:06:23.706 UTC (date supplied)");
        System.Text.Encoding.ASCII.GetString(packets[5].Data[40..]).ShouldBe("221 You could at least say goodbye.\r\n");
        packets.ShouldAllBe(p => p.Unknown == null && p.LinkType == LinkType.RawIp);
    }

    [Fact]
    public void An_unprinted_acknowledgement_is_settled_by_the_checksum()
    {
        var rst = PacketMonitorPackets("documents/seed-000-no-ftp-banner.txt")[6];
        Convert.ToHexStringLower(rst.Data[28..32]).ShouldBe("3b015a9e");
        rst.Comments.ShouldContain(c => c.StartsWith("the acknowledgement number is printed n.a. (no ACK flag) but holds 0x3b015a9e"));
    }

    [Theory]
    [InlineData("packet-monitor/constructed-openvos-ether-decimal.txt", 3)]
    [InlineData("packet-monitor/constructed-udp.txt", 2)]
    [InlineData("packet-monitor/constructed-author-edited.txt", 2)]
    public void Every_variant_rebuilds_to_bytes_whose_checksums_hold(string fixture, int count)
    {
        var result = Importing.File(Repository.Fixture(fixture));
        result.Packets.Count.ShouldBe(count);
        result.Report.SkippedLines.ShouldBe(0);
        foreach (var packet in result.Packets)
        {
            packet.Unknown.ShouldBeNull();
            var checksums = PacketDecoder.Decode(packet).AllFields().Select(f => f.Field).Where(f => f.Name.EndsWith(".checksum")).ToList();
            checksums.ShouldNotBeEmpty();
            checksums.ShouldAllBe(f => f.Status == FieldStatus.Ok);
        }
    }

    [Fact]
    public void OpenVOS_ether_records_are_ethernet_frames_with_decimal_sequence_numbers()
    {
        var syn = Importing.File(Repository.Fixture("packet-monitor/constructed-openvos-ether-decimal.txt")).Packets[0];
        syn.LinkType.ShouldBe(LinkType.Ethernet);
        syn.Data.Length.ShouldBe(74);
        var decode = PacketDecoder.Decode(syn);
        decode.AllFields().Single(f => f.Field.Name == "tcp.seq_raw").Field.Value.ShouldBe("928549246");
        decode.AllFields().Single(f => f.Field.Name == "tcp.options.mss_val").Field.Value.ShouldBe("16396");
    }

    [Fact]
    public void Blank_arp_addresses_are_unknown_bytes()
    {
        var packets = Importing.File(Repository.Fixture("packet-monitor/constructed-arp-blank-addresses.txt")).Packets;
        packets.Select(p => string.Join(",", p.Unknown?.UnknownByteRanges().Select(r => $"{r.First}-{r.Last}") ?? [])).ShouldBe(["28-37", "", "32-41"]);
        PacketDecoder.Decode(packets[1]).AllFields().Single(f => f.Field.Name == "arp.opcode").Field.Value.ShouldBe("2");
    }

    [Fact]
    public void A_record_whose_checksum_no_reading_reproduces_is_reported_with_its_line()
    {
        const string text =
            "12:00:00.000 Rcvd IP   Ver/HL 45, ToS  0, Len   28, ID 26b3, Flg/Frg    0, TTL 3e,  Prtl  6\n" +
            "          Cksum  4944, Src c0a8821d, Dst ac101e03\n" +
            "TCP from 192.168.130.29.1068 to 172.16.30.3.ftp\n" +
            "    seq  7bd1bec3, ack 3b015a9e, window 8000, 0. data bytes, flags Ack.\n" +
            "    X/Off 05, Flags 10, Cksum 1234,  Urg-> 0000\n" +
            "No tcp data.\n";
        var result = Importing.Text(text, name: "edited.txt");
        result.Report.Warnings.ShouldContain("edited.txt:1: the rebuilt bytes do not reproduce the printed TCP checksum (under any reading of its numbers): the bits the printout does not show are left unknown");
        result.Packets.Single().Unknown!.UnknownByteRanges().ShouldBe([(32, 32)]);
    }

    [Fact]
    public void A_printed_value_that_holds_several_fields_fills_each_of_them()
    {
        // "Ver/HL 46": version 4 and a 24-byte header, whose 4 option bytes the printout does not show; "Flg/Frg 2010": MF and offset 16 words.
        const string text =
            "12:00:00.000 Rcvd IP   Ver/HL 46, ToS  0, Len   20, ID 26b3, Flg/Frg 2010, TTL 3e,  Prtl  6\n" +
            "          Cksum  0000, Src c0a8821d, Dst ac101e03\n";
        var packet = Importing.Text(text).Packets.Single();
        var decode = PacketDecoder.Decode(packet);
        string? Value(string name) => decode.AllFields().First(f => f.Field.Name == name).Field.Value;
        // The offset shows as Wireshark shows it, in 8-byte units; its number is the 128 bytes.
        (Value("ip.version"), Value("ip.hdr_len"), Value("ip.flags.mf"), Value("ip.frag_offset")).ShouldBe(("4", "24", "1", "16"));
        decode.AllFields().First(f => f.Field.Name == "ip.frag_offset").Field.Number.ShouldBe(128UL);
        packet.Unknown!.UnknownByteRanges().ShouldBe([(20, 23)]);
    }

    [Fact]
    public void Continuations_join_inside_a_word()
    {
        var result = Importing.Text(File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt")));
        result.Report.Regions.First().Format.ShouldBe("packet-monitor");
        result.Report.Regions.First().FirstLine.ShouldBe(5, "the column header split as 'd' / '+st port' starts the region");
    }
}
