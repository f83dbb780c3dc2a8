using Shouldly;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>
/// Emit is parse's inverse: every fixture packet whose bytes are all known, decoded and emitted again
/// from its decoded fields, gives its bytes back; and with its lengths and checksums left out, emit
/// computes them back wherever the packet's own hold.
/// </summary>
public class EmitTests
{
    public static TheoryData<string> KnownFixtures() => Oracle.DecodeOracleTests.FixturesWhere(packets => packets.Any(Emittable));

    /// <summary>The fixtures with a packet emit can write that has a field emit can compute (LAPD frames have none).</summary>
    public static TheoryData<string> ComputableFixtures() =>
        Oracle.DecodeOracleTests.FixturesWhere(packets => packets.Where(Emittable).Any(p => Computable(PacketDecoder.Decode(p)).Any()));

    /// <summary>
    /// A packet every byte of which the text shows, whose link type emit can write, and which does not end
    /// inside a header (a header cut short has no whole value to emit).
    /// </summary>
    private static bool Emittable(Packet packet) =>
        packet.Unknown is null && Bindings.Find(BindingTable.LinkType, packet.LinkType.Code) is not null
        && !PacketDecoder.Decode(packet).AllFields().Any(f => f.Field.Status == FieldStatus.Truncated
            // An IP or TCP option whose length runs past its header cannot be written back from its fields: its length is not its extent.
            || f.Field is { Name: "ip.opt.len" or "tcp.option_len", Status: FieldStatus.Bad });

    [Theory]
    [MemberData(nameof(KnownFixtures))]
    public void Every_decoded_field_emitted_again_gives_the_packet_back(string fixture)
    {
        foreach (var packet in Importing.File(Repository.Fixture(fixture)).Packets.Where(Emittable))
        {
            var image = StackOf(PacketDecoder.Decode(packet), _ => true).Emit();
            Prefix(image, packet.Data.Length).ShouldBe(packet.Hex(), $"packet {packet.Number}");
        }
    }

    [Theory]
    [MemberData(nameof(ComputableFixtures))]
    public void Lengths_next_protocols_and_checksums_left_out_are_computed_back(string fixture)
    {
        var computed = 0;
        foreach (var packet in Importing.File(Repository.Fixture(fixture)).Packets.Where(Emittable))
        {
            var decode = PacketDecoder.Decode(packet);
            var leftOut = Computable(decode).ToHashSet();
            var complete = !decode.AllFields().Any(f => f.Field.Status is FieldStatus.Truncated or FieldStatus.Padding);
            var image = StackOf(decode, field => !leftOut.Contains(field)).Emit(complete);
            Prefix(image, packet.Data.Length).ShouldBe(packet.Hex(), $"packet {packet.Number}, with {string.Join(", ", leftOut.Select(f => f.Name))} left out");
            image.Computed.Count().ShouldBe(leftOut.Count, $"packet {packet.Number}");
            computed += leftOut.Count;
        }
        computed.ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// The fields emit can compute back: checksums that hold, the total lengths of a packet the text
    /// holds whole when they count it, and next-protocol fields that hold the key the bindings table gives
    /// the layer after. A wrong checksum or a length that disagrees is what the text said: it is given.
    /// </summary>
    private static IEnumerable<DecodedField> Computable(PacketDecode decode)
    {
        var packet = decode.Packet;
        var whole = !decode.AllFields().Any(f => f.Field.Status is FieldStatus.Truncated or FieldStatus.Padding);
        // A checksum inside an application layer is given with that layer's bytes.
        var given = decode.Layers.Where((l, i) => LayerOf(l, packet) is null && ApplicationLayerOf(decode.Layers, i, packet) is not null)
            .SelectMany(l => new PacketDecode(packet, [l]).AllFields()).Select(f => f.Field).ToHashSet();
        foreach (var (field, _) in decode.AllFields().Where(f => f.Field.Checksum?.Cause == ChecksumCause.Holds && !given.Contains(f.Field))) yield return field;
        var top = decode.Layers;
        for (var i = 0; i < top.Count; i++)
        {
            if (LayerOf(top[i], packet) is not { } layer) continue;
            if (whole && layer.Length is { } rule && top[i].Field(rule.Field) is { Number: { } length } lengthField
                && length == (ulong)(packet.Data.Length - top[i].Offset - rule.Excluding))
                yield return lengthField;
            if (i + 1 < top.Count && layer.Next is { } next && (LayerOf(top[i + 1], packet) ?? ApplicationLayerOf(top, i + 1, packet)) is { } following
                && top[i].Field(next.Field) is { Number: { } key } nextField && Bindings.KeyOf(next.Table, following) == key)
                yield return nextField;
        }
    }

    [Fact]
    public void A_checksum_the_text_printed_is_kept_even_when_wrong_and_decodes_as_bad()
    {
        var stack = new LayerStack();
        var ip = stack.Add(Ipv4.Layer);
        foreach (var (name, value) in new (string, ulong)[] { ("ip.dsfield", 0), ("ip.len", 20), ("ip.id", 0x1234), ("ip.flags", 0), ("ip.frag_offset", 0), ("ip.ttl", 64), ("ip.proto", 6), ("ip.checksum", 0xffff) })
            ip.Set(name, value, 7);
        ip.Set("ip.src", [192, 0, 2, 1], 7);
        ip.Set("ip.dst", [192, 0, 2, 2], 7);
        ip.OptionsListed = true;

        var image = stack.Emit(complete: true);
        image.Computed.ShouldBe(["ip.version", "ip.hdr_len"], ignoreOrder: true);
        var checksum = image.Decode(LinkType.RawIp).AllFields().Single(f => f.Field.Name == "ip.checksum").Field;
        (checksum.Value, checksum.Checksum!.Cause, checksum.Checksum.NegativeZero).ShouldBe(("0xffff", ChecksumCause.Wrong, true));
    }

    [Fact]
    public void A_field_the_text_left_out_stays_unknown_where_nothing_determines_it()
    {
        var stack = new LayerStack();
        var ip = stack.Add(Ipv4.Layer);
        ip.Set("ip.ttl", 64, 3);
        var tcp = stack.Add(Tcp.Layer);
        tcp.Set("tcp.srcport", 80, 4);

        var (data, unknown) = stack.Emit().Build();
        data.Length.ShouldBe(40, "an IPv4 and a TCP header, their lengths not printed, are taken as 20 bytes each");
        unknown.ShouldNotBeNull();
        unknown.IsNibbleKnown(16).ShouldBeTrue("ip.ttl was printed");
        unknown.IsNibbleKnown(18).ShouldBeTrue("ip.proto follows from the TCP header after it");
        unknown.IsByteFullyKnown(10).ShouldBeFalse("the header checksum covers bytes nobody printed");
        unknown.IsNibbleKnown(1).ShouldBeFalse("the header length is not counted when the text does not list the options");
    }

    [Fact]
    public void Tcp_options_parse_and_emit_themselves()
    {
        // The options of the SYN in fixtures/captures/tcp-handshake-nano.pcap.
        var space = Convert.FromHexString("020405500402080a436a03620000000001030307");
        var options = TcpOption.Parse(space);
        options.ShouldBe([new TcpOption.MaximumSegmentSize(1360), new TcpOption.SackPermitted(), new TcpOption.Timestamps(0x436a0362, 0), new TcpOption.NoOperation(), new TcpOption.WindowScale(7)]);
        var image = new PacketImage();
        var at = 0;
        foreach (var option in options)
        {
            option.Emit(image, at, 1);
            at += option.Length;
        }
        Convert.ToHexStringLower(image.Build().Data).ShouldBe(Convert.ToHexStringLower(space));
    }

    /// <summary>The image's first bytes as hex, X where not written: the packet's bytes, or where the image holds less, what it lacks.</summary>
    private static string Prefix(PacketImage image, int length)
    {
        var (data, unknown) = image.Build();
        var bytes = new PacketBytes(data, unknown);
        return bytes.RawHex(0, Math.Min(length, data.Length) * 8).ToLowerInvariant() + new string('-', Math.Max(0, length - data.Length) * 2);
    }

    /// <summary>The layers of a decode as a stack of values, each decoded field given when <paramref name="give"/> says so.</summary>
    private static LayerStack StackOf(PacketDecode decode, Func<DecodedField, bool> give)
    {
        var stack = new LayerStack();
        Fill(stack, decode.Layers, decode.Packet, give, start: 0);
        return stack;
    }

    private static void Fill(LayerStack stack, IReadOnlyList<DecodedLayer> layers, Packet packet, Func<DecodedField, bool> give, int start)
    {
        FieldValues? previous = null;
        var previousOffset = start;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (LayerOf(layer, packet) is null && ApplicationLayerOf(layers, i, packet) is { } application)
            {
                // An application protocol's message: its layer, so that the key naming it is computed, and its bytes as they are.
                previous = stack.Add(application);
                previous.Data.Add((0, packet.Data.AsSpan(layer.Offset, Math.Min(layer.Length, packet.Data.Length - layer.Offset)).ToArray(), 0));
                previousOffset = layer.Offset;
                continue;
            }
            if (LayerOf(layer, packet) is not { } protocol)
            {
                // Data, a text protocol's line, padding: bytes no header field names, after the layer before.
                var bytes = packet.Data.AsSpan(layer.Offset, Math.Min(layer.Length, packet.Data.Length - layer.Offset)).ToArray();
                previous?.Data.Add((layer.Offset - previousOffset, bytes, 0));
                continue;
            }
            var values = stack.Add(protocol);
            var named = new HashSet<string>();
            foreach (var field in layer.Fields.Where(f => f.Status != FieldStatus.Truncated && give(f)))
            {
                if (field.Name is "protocol") continue;
                // A name a header shows twice (igmp.reserved, icmp.unused) is given once; its other occurrence's bytes are data.
                if (!named.Add(field.Name) && field.IsByteAligned)
                {
                    values.Data.Add((field.ByteOffset - layer.Offset, packet.Data.AsSpan(field.ByteOffset, field.BitLength / 8).ToArray(), 0));
                    continue;
                }
                if (field.Number is { } number) values.Set(field.Name, number, 0);
                else values.Set(field.Name, packet.Data.AsSpan(field.ByteOffset, field.BitLength / 8).ToArray(), 0);
            }
            values.OptionsListed = true;
            var optionStart = layer.Offset + protocol.Header.Length;
            if (protocol is Tcp) values.Options.AddRange(TcpOption.Parse(packet.Data.AsSpan(optionStart, layer.Length - 20)).Select(o => ((ProtocolOption)o, 0)));
            if (protocol is Ipv4) values.Options.AddRange(IpOption.Parse(packet.Data.AsSpan(optionStart, layer.Length - 20)).Select(o => ((ProtocolOption)o, 0)));
            if (protocol is Ipv6 && layer.Field("ipv6.nxt")?.Number is { } first)
                values.Options.AddRange(Ipv6Extension.Parse(packet.Data.AsSpan(optionStart, layer.Length - 40), first).Select(o => ((ProtocolOption)o, 0)));
            if (protocol is Icmp or Icmpv6 && layer.Layers.Any(l => l.Protocol is "ip" or "ipv6"))
            {
                values.Quote = new LayerStack();
                Fill(values.Quote, layer.Layers, packet, give, layer.Offset + 8);
            }
            else if (protocol is Geneve)
            {
                foreach (var option in layer.Layers) values.Data.Add((option.Offset - layer.Offset, packet.Data.AsSpan(option.Offset, option.Length).ToArray(), 0));
            }
            else
            {
                // TCP's, IPv4's and IPv6's nested layers are their options, emitted above; any other layer's (data, ICMPv6 and
                // PPP options, group records, PPPoE tags) are bytes after its fields.
                var nestedBytes = protocol is Tcp or Ipv4 or Ipv6 ? layer.Layers.Where(l => l.Protocol == "data") : layer.Layers;
                foreach (var nested in nestedBytes) values.Data.Add((nested.Offset - layer.Offset, packet.Data.AsSpan(nested.Offset, nested.Length).ToArray(), 0));
            }
            previous = values;
            previousOffset = layer.Offset;
        }
    }

    /// <summary>
    /// The application protocol layer a decoded layer came from (DNS, DHCP, TLS, LLDP, OSPF…), found in the bindings table
    /// the layer before it names its next protocol in; null for data, padding and layers the bindings table does not hold.
    /// </summary>
    private static ProtocolLayer? ApplicationLayerOf(IReadOnlyList<DecodedLayer> layers, int index, Packet packet)
    {
        if (index == 0 || LayerOf(layers[index - 1], packet) is not { Next: { } next }) return null;
        return Bindings.All.FirstOrDefault(b => b.Table == next.Table && b.Layer.Protocol == layers[index].Protocol)?.Layer;
    }

    /// <summary>The layer a decoded header came from; null for data, text lines and padding.</summary>
    private static ProtocolLayer? LayerOf(DecodedLayer layer, Packet packet) => layer.Protocol switch
    {
        "eth" when layer.Title is "Ethernet II" or "IEEE 802.3 Ethernet" => Ethernet.Layer,
        "sll" when layer.Title == Sll.V1.Header.Title => Sll.V1,
        "sll" when layer.Title == Sll.V2.Header.Title => Sll.V2,
        "null" => packet.LinkType == LinkType.Null ? NullLoopback.Null : NullLoopback.Loop,
        "vlan" => Vlan.Layer, "arp" => Arp.Layer, "ip" => Ipv4.Layer, "ipv6" => Ipv6.Layer, "tcp" => Tcp.Layer, "udp" => Udp.Layer,
        "icmp" => Icmp.Layer, "icmpv6" => Icmpv6.Layer, "vxlan" => Vxlan.Layer, "geneve" => Geneve.Layer, "gre" => Gre.Layer,
        "llc" => Llc.Layer, "ieee8021ad" => Vlan.ServiceTag, "mpls" => Mpls.Layer, "igmp" => Igmp.Layer, "ah" => Ah.Layer, "esp" => Esp.Layer,
        "ppp" => layer.Field("ppp.address") is null && packet.LinkType != LinkType.PppHdlc && packet.LinkType != LinkType.Ppp ? Ppp.Unframed : Ppp.Hdlc,
        "lcp" => PppControl.Lcp, "ipcp" => PppControl.Ipcp, "mp" => PppMultilink.Layer, "pppoed" => Pppoe.Discovery, "pppoes" => Pppoe.Session,
        "chdlc" => CiscoHdlc.Layer, "fr" => FrameRelay.Layer, "lapd" => Lapd.Layer,
        "erspan" => layer.Title == Erspan.TypeTwo.Header.Title ? Erspan.TypeTwo : Erspan.TypeThree,
        _ => null,
    };
}
