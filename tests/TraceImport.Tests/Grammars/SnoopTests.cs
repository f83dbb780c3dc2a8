using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Grammars;

public class SnoopTests
{
    private const string Seed = "documents/seed-002-checksum-ffff.txt";

    [Fact]
    public void Seed_002_rebuilds_both_packets_with_their_printed_fields()
    {
        var result = Importing.File(Repository.Fixture(Seed), new() { Date = new DateOnly(1990, 6, 1) });
        result.Packets.Count.ShouldBe(2);
        var (router, host) = (PacketDecoder.Decode(result.Packets[0]), PacketDecoder.Decode(result.Packets[1]));

        result.Packets[0].Time.ToString().ShouldBe("1990-06-01 16:56:36.39 UTC (date supplied)");
        result.Packets[1].Time.ToString().ShouldBe("1990-06-01 16:56:57.90 UTC (date supplied)");
        Value(router, "eth.src").ShouldBe("00:00:93:e0:a0:bf");
        Value(router, "eth.dst").ShouldBe("08:00:25:30:06:51");
        (Value(router, "ip.src"), Value(router, "ip.dst"), Value(router, "ip.ttl"), Value(router, "ip.id")).ShouldBe(("172.16.55.106", "172.16.51.252", "57", "0x8a22"));
        Value(router, "ip.checksum").ShouldBe("0xffff");
        (Value(host, "icmp.type"), Value(host, "icmp.code"), Value(host, "icmp.pointer")).ShouldBe(("12", "0", "10"));
        (Value(host, "ip.src"), Value(host, "ip.checksum")).ShouldBe(("172.16.51.252", "0x8a0b"));
    }

    [Fact]
    public void Seed_002_lengths_come_from_packet_size_and_the_disagreement_is_said()
    {
        var result = Importing.File(Repository.Fixture(Seed));
        result.Packets.Select(p => (p.Data.Length, p.OriginalLength)).ShouldBe([(34, 60), (42, 98)]);
        result.Report.Warnings.ShouldContain(w => w.EndsWith("snoop's packet size (60 bytes) disagrees with the IP total length (552 bytes + 14 of Ethernet header)"));
    }

    [Fact]
    public void Seed_002_decode_calls_ffff_bad_and_names_what_pointer_10_points_at()
    {
        var packets = Importing.File(Repository.Fixture(Seed)).Packets.Select(PacketDecoder.Decode).ToList();
        var checksum = Field(packets[0], "ip.checksum");
        (checksum.Status, checksum.Note).ShouldBe((FieldStatus.Bad, "should be 0x3227"));
        checksum.Meaning!.ShouldContain("RFC 1624 §3");
        Field(packets[1], "icmp.pointer").Meaning.ShouldBe("byte 10 of the quoted IP header: ip.checksum (Header checksum)");
    }

    [Fact]
    public void Tshark_reads_seed_002_with_the_host_names_snoop_printed()
    {
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(Seed)), "seed-002");
        TsharkReader.Frames(path).Count.ShouldBe(2);
        var result = ExternalTool.Run("tshark", "-r", path, "-N", "n", "-T", "fields", "-e", "ip.src_host", "-e", "ip.dst_host");
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["fs.nuts.com\tbnos.nuts.com", "bnos.nuts.com\tfs.nuts.com"]);
    }

    [Fact]
    public void With_snoop_x_the_hex_is_the_packet_and_every_printed_field_agrees_with_it()
    {
        var result = Importing.File(Repository.Fixture("snoop/erg-abdn-packet-decode5-tcp-ack.txt"));
        var packet = result.Packets.ShouldHaveSingleItem();
        packet.Hex().ShouldBe("00e0f7263fe90800208635 4b08004500002808b94000ff06999a8b85d96e8b85e90290050017 7214f11594311028501022381c800000".Replace(" ", ""));
        packet.Unknown.ShouldBeNull();
        result.Report.Warnings.ShouldNotContain(w => w.Contains("snoop's decode says"));
    }

    [Fact]
    public void A_printed_field_that_contradicts_the_hex_is_reported_with_its_line()
    {
        var text = File.ReadAllText(Repository.Fixture("snoop/erg-abdn-packet-decode5-tcp-ack.txt")).Replace("Time to live = 255", "Time to live = 254");
        var result = Importing.Text(text, name: "edited.txt");
        result.Packets.Single().Comments.ShouldContain("line 25: snoop's decode says ip.ttl = fe, its hex holds ff");
        result.Report.Warnings.ShouldContain("edited.txt:line 25: snoop's decode says ip.ttl = fe, its hex holds ff");
    }

    [Fact]
    public void Older_field_forms_are_read()
    {
        var packet = PacketDecoder.Decode(Importing.File(Repository.Fixture("snoop/illumos-snoop-manpage-nfs-rename-v.txt")).Packets.Single());
        (Value(packet, "ip.version"), Value(packet, "ip.hdr_len"), Value(packet, "ip.id"), Value(packet, "ip.checksum")).ShouldBe(("4", "20", "0x4d86", "0x18dc"));
        (Value(packet, "udp.srcport"), Value(packet, "udp.dstport"), Value(packet, "udp.length")).ShouldBe(("1023", "2049", "176"));
        // "Flags = 0X" with bit lines for DF and MF only: the reserved bit was never printed, so its nibble is unknown,
        // and the printed checksum holds for neither value of it.
        Field(packet, "ip.flags").Status.ShouldBe(FieldStatus.Unknown);
        Field(packet, "ip.checksum").Status.ShouldBe(FieldStatus.Unverifiable);
    }

    [Fact]
    public void Collapsed_whitespace_arp_icmp_echo_and_udp_are_rebuilt_and_their_checksums_hold()
    {
        var packets = Importing.File(Repository.Fixture("snoop/constructed-arp-icmp-udp-collapsed.txt")).Packets.Select(PacketDecoder.Decode).ToList();
        packets.Count.ShouldBe(3);
        (Value(packets[0], "arp.opcode"), Value(packets[0], "arp.dst.proto_ipv4")).ShouldBe(("1", "192.168.1.1"));
        Field(packets[0], "arp.dst.hw_mac").Status.ShouldBe(FieldStatus.Unknown);
        (Value(packets[1], "icmp.ident"), Value(packets[1], "icmp.seq")).ShouldBe(("4370", "1"));
        Field(packets[1], "ip.checksum").Status.ShouldBe(FieldStatus.Ok);
        Field(packets[2], "ip.checksum").Status.ShouldBe(FieldStatus.Ok);
    }

    [Fact]
    public void An_icmp_error_rebuilds_the_datagram_it_quotes()
    {
        var packet = PacketDecoder.Decode(Importing.File(Repository.Fixture("snoop/constructed-icmp-unreachable-quoted.txt")).Packets.Single());
        var quoted = packet.Layers.Single(l => l.Protocol == "icmp").Layers;
        quoted.Select(l => l.Protocol).ShouldBe(["ip", "udp"]);
        quoted[0].Field("ip.checksum")!.Status.ShouldBe(FieldStatus.Ok);
        quoted[1].Field("udp.dstport")!.Value.ShouldBe("53");
    }

    [Fact]
    public void Every_label_in_snoops_vocabulary_names_a_field_of_its_layer()
    {
        foreach (var label in TraceImport.Grammars.Snoop.SnoopVocabulary.Labels.Where(l => l.Fields.Length > 0))
        {
            var layer = TraceImport.Grammars.Snoop.SnoopVocabulary.Layers[label.Tag];
            // ICMP's fields after the checksum depend on the type: an echo, a parameter problem or a redirect has each.
            var types = label.Tag switch { "ICMP" => new ulong[] { 8, 12, 5 }, "ICMPv6" => [128, 4], _ => [0] };
            foreach (var name in label.Fields)
            {
                types.Any(type =>
                {
                    var values = new TraceImport.Rebuild.FieldValues();
                    values.Set(label.Tag == "ICMPv6" ? "icmpv6.type" : "icmp.type", type, 1);
                    return layer.FieldNamed(name, values) is not null;
                }).ShouldBeTrue($"{label.Tag} '{label.Words}' → {name}");
            }
        }
    }

    [Fact]
    public void Snoop_lines_are_read_by_its_vocabulary_and_other_words_are_text()
    {
        var ttl = TraceImport.Grammars.Snoop.SnoopGrammar.TryLine("IP:   Time to live = 57 seconds/hops")!.Content.ShouldBeOfType<TraceImport.Grammars.Snoop.FieldLine>();
        (ttl.Values.Single().Label.Fields.Single(), ttl.Values.Single().Value).ShouldBe(("ip.ttl", new TraceImport.Grammars.Snoop.SnoopValue.Number(57)));
        TraceImport.Grammars.Snoop.SnoopGrammar.TryLine("IP:   Stream identifier = 7")!.Content.ShouldBeOfType<TraceImport.Grammars.Snoop.TextLine>();
        var code = TraceImport.Grammars.Snoop.SnoopGrammar.TryLine("ICMPv6:  Code = 0 (ID: 4660 Sequence number: 9)")!.Content.ShouldBeOfType<TraceImport.Grammars.Snoop.FieldLine>();
        code.Values.Select(v => v.Label.Fields.Single()).ShouldBe(["icmpv6.code", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number"]);
        TraceImport.Grammars.Snoop.SnoopGrammar.TryLine("TCP:    - Window scale = 7")!.Content.ShouldBe(new TraceImport.Grammars.Snoop.OptionLine(new TraceImport.Decoding.Protocols.TcpOption.WindowScale(7), "- Window scale = 7"));
        TraceImport.Grammars.Snoop.SnoopGrammar.TryLine("Note: this is prose").ShouldBeNull();
    }

    [Fact]
    public void An_icmpv6_echo_identifier_is_written_through_the_icmpv6_schema()
    {
        const string text =
            "IPv6:   ----- IPv6 Header -----\n" +
            "IPv6:   Version = 6\nIPv6:   Payload length = 8\nIPv6:   Next Header = 58 (ICMPv6)\nIPv6:   Hop Limit = 64\n" +
            "IPv6:   Source address = 2001:db8::1\nIPv6:   Destination address = 2001:db8::2\n" +
            "ICMPv6:  ----- ICMPv6 Header -----\n" +
            "ICMPv6:  Type = 128 (Echo request)\nICMPv6:  Code = 0 (ID: 4660 Sequence number: 9)\nICMPv6:  Checksum = 9d8a\n";
        var decode = PacketDecoder.Decode(Importing.Text(text).Packets.Single());
        (Value(decode, "icmpv6.echo.identifier"), Value(decode, "icmpv6.echo.sequence_number")).ShouldBe(("0x1234", "9"));
    }

    private static DecodedField Field(PacketDecode decode, string name) => decode.AllFields().First(f => f.Field.Name == name).Field;

    private static string? Value(PacketDecode decode, string name) => Field(decode, name).Value;
}

public class SnoopRebuildAgainstHexTests
{
    [Fact]
    public void The_verbose_decode_alone_rebuilds_every_byte_but_the_bits_snoop_does_not_print()
    {
        var lines = File.ReadAllLines(Repository.Fixture("snoop/constructed-ipv6-tcp-syn-x.txt"));
        var hexRows = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*\d+: ")).ToList();
        var withHex = Importing.Text(string.Join("\n", lines)).Packets.Single();
        var verboseOnly = Importing.Text(string.Join("\n", lines.Except(hexRows))).Packets.Single();

        hexRows.Count.ShouldBe(6);
        withHex.Unknown.ShouldBeNull();
        verboseOnly.Data.Length.ShouldBe(withHex.Data.Length);
        verboseOnly.Unknown!.UnknownByteRanges().ShouldBe([(66, 66)], "the TCP reserved and AE bits share byte 66 with the data offset");
        verboseOnly.Unknown.IsNibbleKnown(66 * 2).ShouldBeTrue("the data offset nibble is printed");
        for (var i = 0; i < withHex.Data.Length; i++)
        {
            if (i != 66) verboseOnly.Data[i].ShouldBe(withHex.Data[i], $"byte {i}");
        }
    }
}
