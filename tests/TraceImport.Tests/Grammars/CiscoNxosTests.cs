using Shouldly;
using TraceImport.Decoding;
using TraceImport.Grammars.CiscoNxos;
using TraceImport.Model;
using TraceImport.Tests.Oracle;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class CiscoNxosTests
{
    private const string Sample = "cisco-nxos/aci-n3k-ethanalyzer-inband-detail-2frames-local-ep.txt";
    private const string Tshark4 = "cisco-nxos/constructed-tshark4-detail-ps-inb";

    private static string Text(string fixture) => File.ReadAllText(Repository.Fixture(fixture));

    [Fact]
    public void The_sample_rebuilds_both_frames_whole_from_the_fields_and_the_data_rows()
    {
        var packets = Importing.File(Repository.Fixture(Sample)).Packets;
        packets.Select(p => (p.Data.Length, p.OriginalLength, p.Unknown?.AnyUnknown() ?? false)).ShouldBe([(102, 102, false), (102, 102, false)]);
        packets.ShouldAllBe(p => p.LinkType == LinkType.Ethernet && p.Interface == "inband" && p.Format == "cisco-nxos");
        packets[0].Heading.ShouldBe("Frame 2303 (102 bytes on wire, 102 bytes captured)");

        // The 56 bytes of the hex rows lie after the 46 bytes of headers; the headers are the fields as printed.
        var data = Convert.FromHexString("0d146468a5890800daabacab0a02a043fe65caacacab02010102000000 02cdab0000cdab0000cdab0000cdab0000cdab0000cdab0000cdab".Replace(" ", ""));
        packets.ShouldAllBe(p => p.Data.Skip(46).SequenceEqual(data));
        var request = PacketDecoder.Decode(packets[0]);
        (Value(request, "eth.src"), Value(request, "eth.dst"), Value(request, "vlan.priority"), Value(request, "vlan.id")).ShouldBe(("00:22:bd:f8:19:ff", "40:ce:24:91:57:41", "5", "1262"));
        (Value(request, "ip.id"), Value(request, "ip.ttl"), Value(request, "ip.checksum"), Value(request, "icmp.checksum"), Value(request, "icmp.ident")).ShouldBe(("0x7cb0", "64", "0x6cca", "0xcce4", "49665"));
    }

    [Theory]
    [InlineData("cisco-nxos/aci-n3k-ethanalyzer-inband-detail-2frames-local-ep.txt", 2)]
    [InlineData("cisco-nxos/constructed-from-real-vxlan-detail-code-blocks.txt", 2)]
    [InlineData("cisco-nxos/constructed-from-real-brief-then-detail-wrapped-80.txt", 2)]
    [InlineData("cisco-nxos/constructed-tshark4-detail-ps-inb.txt", 5)]
    public void Tshark_calls_every_printed_ICMP_TCP_and_UDP_checksum_good_in_the_rebuilt_frames(string fixture, int judged)
    {
        var (path, _) = Conversion.ToPcapng(Text(fixture), Path.GetFileName(fixture));
        var result = ExternalTool.Run("tshark", "-r", path, "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
            "-e", "icmp.checksum.status", "-e", "tcp.checksum.status", "-e", "udp.checksum.status", "-E", "occurrence=a");
        result.ExitCode.ShouldBe(0, result.StandardError);
        var verdicts = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.Split('\t', ',')).Where(v => v.Length > 0).ToList();
        // 1 is good, 0 bad; 3 is a UDP datagram over IPv4 sent without a checksum.
        verdicts.Where(v => v != "3").ShouldAllBe(v => v == "1");
        verdicts.Count(v => v == "1").ShouldBe(judged);
    }

    [Fact]
    public void Times_without_a_zone_follow_utc_offset_and_say_so()
    {
        var packet = Importing.File(Repository.Fixture(Sample), new() { UtcOffset = TimeSpan.FromHours(2) }).Packets[0];
        packet.Time.ToString().ShouldBe("2025-07-01 10:46:49.321747000 UTC");
        packet.Comments.ShouldContain("the time is printed without a zone: taken as UTC+02:00, as --utc-offset says");
    }

    [Fact]
    public void The_epoch_time_later_versions_print_is_exact_whatever_zone_the_arrival_time_is_in()
    {
        var text = Text(Tshark4 + ".txt").Replace("Arrival Time: Feb 10, 2024 17:02:21.999873423 UTC", "Arrival Time: Feb 10, 2024 18:02:21.999873423 CET");
        var packet = Importing.Text(text).Packets[0];
        packet.Time!.Value.UnixNanoseconds.ShouldBe(1707584541_999873423L);
        packet.Comments.ShouldNotContain(c => c.Contains("zone"));
    }

    [Fact]
    public void A_wrong_printed_checksum_is_written_as_printed()
    {
        var result = Importing.Text(Text(Sample).Replace("Header checksum: 0x6cca [correct]", "Header checksum: 0x6ccb [correct]"));
        var checksum = Field(PacketDecoder.Decode(result.Packets[0]), "ip.checksum");
        (checksum.Value, checksum.Status, checksum.Note).ShouldBe(("0x6ccb", FieldStatus.Bad, "should be 0x6cca"));
    }

    [Fact]
    public void A_field_left_out_stays_unknown_and_one_the_others_determine_is_computed()
    {
        var text = Text(Sample);
        var withoutTtl = Importing.Text(text.Replace("    Time to live: 64\n", "")).Packets[0];
        Field(PacketDecoder.Decode(withoutTtl), "ip.ttl").Status.ShouldBe(FieldStatus.Unknown);
        Field(PacketDecoder.Decode(withoutTtl), "ip.checksum").Status.ShouldBe(FieldStatus.Unverifiable);

        var withoutChecksum = Importing.Text(text.Replace("    Header checksum: 0x6cca [correct]\n", "")).Packets[0];
        Value(PacketDecoder.Decode(withoutChecksum), "ip.checksum").ShouldBe("0x6cca");
        withoutChecksum.Comments.ShouldContain("computed from the other layers: ip.checksum");
    }

    [Fact]
    public void Without_the_hex_rows_the_data_line_gives_the_first_bytes_and_the_rest_stays_unknown()
    {
        var lines = Text(Sample).Split('\n').Where(line => !System.Text.RegularExpressions.Regex.IsMatch(line, "^00[0-3]0  ")).ToArray();
        var packet = Importing.Text(string.Join('\n', lines)).Packets[0];
        packet.Data.Length.ShouldBe(102);
        packet.Data.AsSpan(46, 24).ToArray().ShouldBe(Convert.FromHexString("0D146468A5890800DAABACAB0A02A043FE65CAACACAB0201"));
        Enumerable.Range(70, 32).ShouldAllBe(i => !packet.Unknown!.IsByteFullyKnown(i));
        packet.Comments.ShouldContain("line 58: the Data line shows 24 of the 56 data bytes (cut short): the other 32 left unknown");
    }

    [Fact]
    public void Data_rows_that_contradict_the_data_line_are_reported()
    {
        var result = Importing.Text(Text(Sample).Replace("Data: 0D146468A5890800", "Data: 0D146468A5890801"), name: "edited.txt");
        result.Report.Warnings.ShouldContain("edited.txt:line 62: the Data line's bytes are not the hex rows' first 24");
    }

    [Fact]
    public void The_trailer_count_is_checked()
    {
        var result = Importing.Text(Text(Sample).Replace("2 packets captured", "3 packets captured"), name: "edited.txt");
        result.Report.Warnings.ShouldContain("edited.txt:1-128: ethanalyzer says 3 packet(s) captured; 2 were read");
        Importing.File(Repository.Fixture(Sample)).Report.Warnings.ShouldNotContain(w => w.Contains("packet(s) captured"));
    }

    [Fact]
    public void Lines_the_terminal_wrapped_at_80_columns_read_as_the_whole_lines()
    {
        var wrapped = Text("cisco-nxos/constructed-from-real-brief-then-detail-wrapped-80.txt");
        var whole = wrapped.Replace(" \n(", " (").Replace("(factory\n default)", "(factory default)");
        whole.ShouldNotBe(wrapped);
        Importing.Text(whole).Packets.Select(p => p.Hex()).ShouldBe(Importing.Text(wrapped).Packets.Select(p => p.Hex()));
        Importing.Text(wrapped).Packets.ShouldAllBe(p => p.Unknown == null && p.Data.Length == 102);
    }

    [Fact]
    public void The_brief_view_is_named_and_skipped_line_by_line()
    {
        var result = Importing.File(Repository.Fixture("cisco-nxos/constructed-from-real-brief-then-detail-wrapped-80.txt"));
        result.Report.Skipped.Select(s => s.Line).ShouldBe([7, 8, 9, 10]);
        result.Report.Skipped.ShouldAllBe(s => s.Reason.StartsWith("a line of ethanalyzer's brief view"));
        result.Packets.Count.ShouldBe(2);
    }

    [Fact]
    public void A_tree_whose_spaces_a_page_collapsed_reads_as_the_sample()
    {
        Importing.File(Repository.Fixture("cisco-nxos/constructed-from-sample-collapsed-spaces.txt")).Packets.Select(p => p.Hex())
            .ShouldBe(Importing.File(Repository.Fixture(Sample)).Packets.Select(p => p.Hex()));
    }

    [Fact]
    public void Relative_sequence_numbers_and_protocols_not_rebuilt_stay_unknown()
    {
        var packet = Importing.File(Repository.Fixture("cisco-nxos/constructed-tshark1-arp-bgp-udp.txt")).Packets[1];
        (packet.Data.Length, packet.OriginalLength).ShouldBe((54, 73));
        var decoded = PacketDecoder.Decode(packet);
        Field(decoded, "tcp.seq_raw").Status.ShouldBe(FieldStatus.Unknown);
        Field(decoded, "tcp.urgent_pointer").Status.ShouldBe(FieldStatus.Unknown);
        Field(decoded, "ip.checksum").Status.ShouldBe(FieldStatus.Ok);
        packet.Comments.ShouldContain("line 81: tcp.seq_raw is printed relative to the connection's first: left unknown");
        packet.Comments.ShouldContain("line 100: 'Border Gateway Protocol' is not rebuilt");
    }

    [Fact]
    public void An_ICMP_error_s_quoted_datagram_is_rebuilt_from_the_layers_printed_under_it()
    {
        // tshark 1.x does not print the error's unused word: only those 4 bytes stay unknown.
        var old = Importing.File(Repository.Fixture("cisco-nxos/constructed-tshark1-arp-bgp-udp.txt")).Packets[3];
        (old.Data.Length, old.OriginalLength).ShouldBe((110, 110));
        Enumerable.Range(0, 110).Where(i => !old.Unknown!.IsByteFullyKnown(i)).ShouldBe([38, 39, 40, 41]);
        var quote = PacketDecoder.Decode(old).AllFields().Select(f => f.Field).Where(f => f.Name is "ip.id" or "udp.dstport" or "data.data").Select(f => f.Value).ToList();
        quote.ShouldBe(["0x4a4b", "0x0b0c", "40001", "4e582d4f53207465737420646174616772616d2c203430206279746573206c6f6e672e2e2e2e2e2e"]);

        // Later versions print it, and the frame is whole: the same bytes as the other frame's datagram.
        var later = Importing.File(Repository.Fixture(Tshark4 + ".txt")).Packets[4];
        later.Unknown.ShouldBeNull();
        later.Data.AsSpan(42).SequenceEqual(old.Data.AsSpan(42)).ShouldBeTrue();
    }

    [Fact]
    public void The_ARP_trailer_lies_at_the_frame_s_end()
    {
        var packet = Importing.File(Repository.Fixture("cisco-nxos/constructed-tshark1-arp-bgp-udp.txt")).Packets[0];
        packet.Unknown.ShouldBeNull();
        packet.Data.Length.ShouldBe(60);
        packet.Data.AsSpan(42).ToArray().ShouldAllBe(b => b == 0);
        Value(PacketDecoder.Decode(packet), "arp.dst.proto_ipv4").ShouldBe("192.0.2.2");
    }

    /// <summary>
    /// The NX-OS 9.3 layout is tshark 4's: the fixture is tshark 4.0's print of the capture beside it, and the
    /// capture is the answer — every frame rebuilt byte for byte, the echo's timestamp settled by its checksum.
    /// </summary>
    [Fact]
    public void The_tshark_4_layout_rebuilds_the_capture_it_was_printed_from()
    {
        var capture = TsharkReader.Frames(Repository.Fixture(Tshark4 + ".pcapng"));
        var packets = Importing.File(Repository.Fixture(Tshark4 + ".txt")).Packets;
        packets.Select(p => p.Hex()).ShouldBe(capture.Select(f => f.RawHex));
        packets.Select(p => p.Time!.Value.UnixNanoseconds).ShouldBe(capture.Select(f => long.Parse(f.EpochTime.Replace(".", ""))));
        packets.ShouldAllBe(p => p.Interface == "ps-inb" && p.Unknown == null);
    }

    [Fact]
    public void Tshark_4_printing_the_capture_now_gives_the_same_frames()
    {
        var printed = ExternalTool.Run("env", "TZ=UTC", "tshark", "-r", Repository.Fixture(Tshark4 + ".pcapng"), "-V");
        printed.ExitCode.ShouldBe(0, printed.StandardError);
        var packets = Importing.Text("switch# ethanalyzer local interface inband detail\nCapturing on 'ps-inb'\n" + printed.StandardOutput).Packets;
        packets.Select(p => p.Hex()).ShouldBe(TsharkReader.Frames(Repository.Fixture(Tshark4 + ".pcapng")).Select(f => f.RawHex));
    }

    [Fact]
    public void An_echo_timestamp_in_another_zone_leaves_its_8_bytes_unknown()
    {
        var text = Text(Tshark4 + ".txt").Replace("Timestamp from icmp data: Feb 10, 2024 17:02:18.559525000 UTC", "Timestamp from icmp data: Feb 10, 2024 18:02:18.559525000 CET");
        var packet = Importing.Text(text).Packets[0];
        Enumerable.Range(46, 8).ShouldAllBe(i => !packet.Unknown!.IsByteFullyKnown(i));
        Enumerable.Range(54, 48).ShouldAllBe(i => packet.Unknown!.IsByteFullyKnown(i));
        packet.Comments.ShouldContain(c => c.Contains("the echo's timestamp is printed in a zone whose offset is not known"));
    }

    [Fact]
    public void A_frame_that_starts_with_a_header_not_rebuilt_is_named_and_not_written()
    {
        var text = "switch# ethanalyzer local interface inband decode-internal detail\nCapturing on 'ps-inb'\n" +
                   "Frame 2093: 142 bytes on wire (1136 bits), 142 bytes captured (1136 bits) on interface ps-inb, id 0\n" +
                   "    Epoch Time: 1707584541.999873423 seconds\n" +
                   "Cisco Protocol\n    Direction: IN\n" +
                   "Ethernet II, Src: 00:00:11:11:01:06, Dst: 20:20:00:00:00:aa\n    Destination: 20:20:00:00:00:aa\n";
        var result = Importing.Text(text, name: "internal.txt");
        result.Packets.ShouldBeEmpty();
        result.Report.Warnings.ShouldContain("internal.txt:3-8: frame 2093 starts with 'Cisco Protocol', not a layer this grammar rebuilds: its bytes cannot be placed");
    }

    [Fact]
    public void A_frame_captured_short_is_cut_to_its_captured_bytes()
    {
        var text = Text(Sample).Replace("Frame 2303 (102 bytes on wire, 102 bytes captured)", "Frame 2303 (102 bytes on wire, 64 bytes captured)");
        var packet = Importing.Text(text).Packets[0];
        (packet.Data.Length, packet.OriginalLength).ShouldBe((64, 102));
        packet.Comments.ShouldContain("64 of the frame's 102 bytes were captured");
    }

    [Theory]
    [InlineData("Frame 2303 (102 bytes on wire, 64 bytes captured)", 2303, 102, 64, null)]
    [InlineData("Frame 2093: 142 bytes on wire (1136 bits), 142 bytes captured (1136 bits) on interface ps-inb, id 0", 2093, 142, 142, "ps-inb")]
    [InlineData("Frame 1: 76 bytes on wire (608 bits), 76 bytes captured (608 bits)", 1, 76, 76, null)]
    public void Frame_headers_of_both_layouts(string line, int number, int onWire, int captured, string? name)
    {
        var header = EthanalyzerGrammar.Read(line).ShouldBeOfType<FrameHeader>();
        (header.Number, header.OnWire, header.Captured, header.Interface, header.Text).ShouldBe((number, onWire, captured, name, line));
    }

    [Theory]
    [InlineData("ACI-N3K-5# ethanalyzer local interface inband display-filter ip.addr==10.12.62.254 limit-captured-frames 0 detail ", "inband", true)]
    [InlineData("coresw501(config)# ethanalyzer local interface mgmt limit-captured-frames 100", "mgmt", false)]
    public void Commands_name_their_interface(string line, string name, bool detail) =>
        EthanalyzerGrammar.Read(line).ShouldBe(new CommandLine(name, detail));

    [Theory]
    [InlineData("    1 2022-08-07 21:57:00.494428263 90:77:ee:36:4f:ab → ff:ff:ff:ff:ff:ff ARP 64 Who has 10.0.26.87? Tell 10.0.0.2")]
    [InlineData("2021-11-21 20:45:27.872833  192.168.1.1 -> 192.168.1.100 ICMP Redirect (Redirect for host)")]
    [InlineData("1     3 2023-09-20 21:45:26.901327766    10.55.4.9 ‚Üí 10.55.2.9    ICMP 148 Echo (ping) request  id=0x0029, seq=1/256, ttl=64")]
    public void Brief_lines_of_every_release(string line) => EthanalyzerGrammar.Read(line).ShouldBeOfType<BriefSummary>();

    [Theory]
    [InlineData("IP (0x0800)", 0x0800UL)]
    [InlineData("0x6cca [correct]", 0x6ccaUL)]
    [InlineData("8 (Echo (ping) request)", 8UL)]
    [InlineData("Echo (ping) request (8)", 8UL)]
    [InlineData("bgp (179)", 179UL)]
    [InlineData("20 bytes", 20UL)]
    public void Numbers_as_tshark_prints_them(string printed, ulong value) =>
        EthanalyzerGrammar.Values.Number.ParseLine(printed).Value.ShouldBe(value);

    [Fact]
    public void Addresses_and_names_as_tshark_prints_them()
    {
        EthanalyzerGrammar.Values.Address.ParseLine("fs.nuts.com (172.16.55.106)").Value.ShouldBe(new PrintedAddress([172, 16, 55, 106], "fs.nuts.com"), new AddressComparer());
        EthanalyzerGrammar.Values.Mac.ParseLine("Broadcast (ff:ff:ff:ff:ff:ff)").Value.ShouldBe(Enumerable.Repeat((byte)0xff, 6).ToArray());
        EthanalyzerGrammar.Values.Bytes.ParseLine("0D146468A5...").Value.Cut.ShouldBeTrue();
        new BitField("...0 0000 1011 1001", "Fragment Offset", "1480").Bits().ShouldBe((185UL, 13));
    }

    private sealed class AddressComparer : IEqualityComparer<PrintedAddress>
    {
        public bool Equals(PrintedAddress? x, PrintedAddress? y) => x!.Name == y!.Name && x.Bytes.SequenceEqual(y.Bytes);
        public int GetHashCode(PrintedAddress obj) => 0;
    }

    private static DecodedField Field(PacketDecode packet, string name) => packet.AllFields().Select(f => f.Field).First(f => f.Name == name);

    private static string? Value(PacketDecode packet, string name) => Field(packet, name).Value;
}
