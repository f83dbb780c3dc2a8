using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;

namespace TraceImport.Grammars.Snoop;

/// <summary>
/// Turns snoop's verbose decode back into bytes, field by field, through the protocol schemas the
/// decoder reads with. Checksums are written as printed, never recomputed: a wrong one is evidence.
/// </summary>
public sealed class SnoopRebuild
{
    private readonly PacketImage image = new();
    private readonly List<string> comments = [];
    private readonly List<(byte[] Address, string Name)> names = [];
    private readonly RegionContext context;
    private int? ipTotalLength;
    private int? packetSize;

    private SnoopRebuild(RegionContext context) => this.context = context;

    /// <summary>Rebuilds the packet and emits it through the record builder; null when nothing could be rebuilt.</summary>
    public static Packet? Build(SnoopPacket packet, RegionContext context, string format) =>
        new SnoopRebuild(context).Run(packet, format);

    private Packet? Run(SnoopPacket packet, string format)
    {
        var offset = 0;
        var hasEther = false;
        int? icmpOffset = null;
        var transportOffset = -1;
        foreach (var section in packet.Sections)
        {
            switch (section.Protocol)
            {
                case "ETHER":
                    Ether(section);
                    hasEther = true;
                    offset = 14;
                    break;
                case "IP":
                    // An IP header after an ICMP header is the datagram the error quotes.
                    var at = icmpOffset is { } icmp ? icmp + 8 : offset;
                    transportOffset = at + Ipv4(section, at, quoted: icmpOffset is not null);
                    break;
                case "IPv6":
                    Ipv6Section(section, offset);
                    transportOffset = offset + 40;
                    break;
                case "TCP" when transportOffset >= 0:
                    TcpSection(section, transportOffset);
                    break;
                case "UDP" when transportOffset >= 0:
                    UdpSection(section, transportOffset);
                    break;
                case "ICMP" or "ICMPv6" when transportOffset >= 0 && icmpOffset is null:
                    IcmpSection(section, transportOffset);
                    icmpOffset = transportOffset;
                    break;
                case "ARP" or "RARP":
                    ArpSection(section, offset);
                    break;
                default:
                    comments.Add($"snoop {section.Protocol}: " + string.Join("; ", section.Fields.Select(f => $"{f.Field.Name} = {f.Field.Value}")
                        .Concat(section.Texts.Select(t => t.Text)).Where(t => t.Length > 0)));
                    break;
            }
        }

        byte[] data;
        KnownMask? unknown;
        if (packet.Hex is { Length: > 0 } hex)
        {
            (data, unknown) = hex.Build();
            foreach (var (write, says, holds) in image.Disagreements(data))
            {
                var message = $"line {write.Line}: snoop's decode says {write.Spec.Name} = {says}, its hex holds {holds}";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{message}");
            }
        }
        else
        {
            if (image.Length == 0) return null;
            (data, unknown) = image.Build();
        }

        var original = packetSize ?? (ipTotalLength is { } total ? total + (hasEther ? 14 : 0) : data.Length);
        if (packetSize is { } size && ipTotalLength is { } ipLength && Disagree(size, ipLength + (hasEther ? 14 : 0), hasEther))
        {
            var warning = $"snoop's packet size ({size} bytes) disagrees with the IP total length ({ipLength} bytes{(hasEther ? " + 14 of Ethernet header" : "")})";
            comments.Add(warning);
            context.Warn($"{context.Span(packet.FirstLine, packet.LastLine)}: {warning}");
        }

        var draft = new PacketDraft();
        draft.Start(packet.FirstLine);
        draft.LastLine = packet.LastLine;
        draft.Bytes.Append(data, unknown);
        // The decode starts with the Ethernet header or, without one, with the IP header: the text says the link type.
        draft.LinkType = hasEther ? LinkType.Ethernet : LinkType.RawIp;
        draft.StatedLength = Math.Max(original, data.Length);
        draft.RebuiltFromFields = packet.Hex is null;
        draft.Time = packet.Arrival is { } arrival ? context.Times.FromTimeOfDay(arrival.Time.Nanoseconds, arrival.Time.FractionDigits) : null;
        draft.Interface = "snoop";
        draft.Heading = packet.Summary ?? (packet.Arrival is { } a ? $"Packet {a.Number} arrived at {FormatTime(a)}" : null);
        draft.Comments.AddRange(comments);
        draft.Names.AddRange(names);
        return draft.Finish(context, format);
    }

    /// <summary>A frame longer than its datagram is only padded when it is the Ethernet minimum of 60 bytes.</summary>
    private static bool Disagree(int packetSize, int datagramFrame, bool ethernet) =>
        packetSize != datagramFrame && !(ethernet && packetSize == Ethernet.MinimumFrame && datagramFrame < Ethernet.MinimumFrame);

    private static string FormatTime(Arrival arrival)
    {
        var seconds = arrival.Time.Nanoseconds / 1_000_000_000;
        var fraction = (arrival.Time.Nanoseconds % 1_000_000_000).ToString("D9")[..arrival.Time.FractionDigits];
        return $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}" + (fraction.Length > 0 ? "." + fraction : "");
    }

    private void Ether(SnoopSection section)
    {
        if (section.Get("Packet size") is { } size) packetSize = (int?)SnoopValues.Decimal(size.Value);
        WriteMac(Ethernet.Layer.Header["eth.dst"], 0, section.Get("Destination"));
        WriteMac(Ethernet.Layer.Header["eth.src"], 0, section.Get("Source"));
        WriteHex(Ethernet.Layer.Header["eth.type"], 0, section.Get("Ethertype", "Ethertype (IP)"));
    }

    /// <summary>Writes the IPv4 header snoop printed; returns its length.</summary>
    private int Ipv4(SnoopSection section, int at, bool quoted)
    {
        var spec = Ipv4Header;
        var version = section.Get("Version");
        Write(spec["ip.version"], at, version, SnoopValues.Decimal);
        var headerLength = section.Get("Header length")
            ?? (version is { } v && v.Value.Contains("header length", StringComparison.OrdinalIgnoreCase) ? (v.Value[(v.Value.IndexOf('=') + 1)..], v.Line) : null);
        var length = headerLength is { } hl ? (int?)SnoopValues.Decimal(hl.Value) : null;
        if (length is { } bytes) image.Write(spec["ip.hdr_len"], at, (ulong)bytes, headerLength!.Value.Line);
        Write(spec["ip.dsfield"], at, section.Get("Type of service"), SnoopValues.Hex);
        var total = section.Get("Total length");
        Write(spec["ip.len"], at, total, SnoopValues.Decimal);
        if (!quoted && total is { } t) ipTotalLength = (int?)SnoopValues.Decimal(t.Value);
        Flags(section, at);
        Write(spec["ip.frag_offset"], at, section.Get("Fragment offset"), SnoopValues.Decimal);
        Write(spec["ip.ttl"], at, section.Get("Time to live"), SnoopValues.Decimal);
        Write(spec["ip.proto"], at, section.Get("Protocol"), SnoopValues.Decimal);
        Write(spec["ip.checksum"], at, section.Get("Header checksum"), SnoopValues.Hex);
        WriteAddress(spec["ip.src"], at, section.Get("Source address"));
        WriteAddress(spec["ip.dst"], at, section.Get("Destination address"));
        Identification(section, at);
        var header = length ?? 20;
        if (header > 20) image.Reserve(at + 20, header - 20); // options snoop summarised: bytes not known
        return header;
    }

    private static readonly HeaderSpec Ipv4Header = TraceImport.Decoding.Protocols.Ipv4.Layer.Header;

    /// <summary>snoop prints the ID in decimal, some versions in hex: where the digits read both ways, the printed checksum decides.</summary>
    private void Identification(SnoopSection section, int at)
    {
        if (section.Get("Identification") is not { } id) return;
        var candidates = SnoopValues.DecimalOrHex(id.Value).Where(c => c <= 0xFFFF).ToList();
        if (candidates.Count == 0) return;
        var chosen = candidates[0];
        if (candidates.Count > 1)
        {
            foreach (var candidate in candidates)
            {
                var trial = image.Build().Data.ToArray();
                if (trial.Length < at + 20) break;
                FieldCodec.Write(Ipv4Header["ip.id"], candidate, trial, at);
                if (InternetChecksum.Compute(trial.AsSpan(at, 20)) == 0)
                {
                    chosen = candidate;
                    break;
                }
            }
        }
        image.Write(Ipv4Header["ip.id"], at, chosen, id.Line);
    }

    /// <summary>"Flags = 0x4" is the flags nibble (0x4: don't fragment); where it is unreadable ("0X"), the bit lines say.</summary>
    private void Flags(SnoopSection section, int at)
    {
        if (section.Get("Flags") is not { } flags) return;
        if (SnoopValues.Hex(flags.Value) is { } nibble && nibble <= 0xF)
        {
            image.Write(Ipv4Header["ip.flags"], at, nibble >> 1, flags.Line);
            return;
        }
        foreach (var bit in section.BitsOf("Flags"))
        {
            if (bit.SingleBit() is not { } single) continue;
            var name = single.Position switch { 0 => "ip.flags.rb", 1 => "ip.flags.df", 2 => "ip.flags.mf", _ => null };
            if (name is not null) image.Write(Ipv4Header[name], at, (ulong)single.Value, flags.Line);
        }
    }

    private void Ipv6Section(SnoopSection section, int at)
    {
        var spec = TraceImport.Decoding.Protocols.Ipv6.Layer.Header;
        Write(spec["ipv6.version"], at, section.Get("Version"), SnoopValues.Decimal);
        Write(spec["ipv6.tclass"], at, section.Get("Traffic class"), SnoopValues.Hex);
        Write(spec["ipv6.flow"], at, section.Get("Flow label"), SnoopValues.Hex);
        var payload = section.Get("Payload length");
        Write(spec["ipv6.plen"], at, payload, SnoopValues.Decimal);
        if (payload is { } p) ipTotalLength = (int?)SnoopValues.Decimal(p.Value) + 40;
        Write(spec["ipv6.nxt"], at, section.Get("Next Header"), SnoopValues.Decimal);
        Write(spec["ipv6.hlim"], at, section.Get("Hop Limit"), SnoopValues.Decimal);
        WriteAddress(spec["ipv6.src"], at, section.Get("Source address"));
        WriteAddress(spec["ipv6.dst"], at, section.Get("Destination address"));
    }

    private void TcpSection(SnoopSection section, int at)
    {
        var spec = Tcp.Layer.Header;
        Write(spec["tcp.srcport"], at, section.Get("Source port"), SnoopValues.Decimal);
        Write(spec["tcp.dstport"], at, section.Get("Destination port"), SnoopValues.Decimal);
        Write(spec["tcp.seq_raw"], at, section.Get("Sequence number"), SnoopValues.Decimal);
        Write(spec["tcp.ack_raw"], at, section.Get("Acknowledgement number", "Acknowledgment number"), SnoopValues.Decimal);
        var offset = section.Get("Data offset");
        Write(spec["tcp.hdr_len"], at, offset, SnoopValues.Decimal);
        // snoop prints the eight flag bits; the four bits before them (reserved, AE) it does not.
        Write(spec["tcp.flags"] with { BitOffset = 104, BitLength = 8 }, at, section.Get("Flags"), SnoopValues.Hex);
        Write(spec["tcp.window_size_value"], at, section.Get("Window"), SnoopValues.Decimal);
        Write(spec["tcp.checksum"], at, section.Get("Checksum"), SnoopValues.Hex);
        Write(spec["tcp.urgent_pointer"], at, section.Get("Urgent pointer"), SnoopValues.Decimal);
        var headerLength = offset is { } o ? (int)(SnoopValues.Decimal(o.Value) ?? 20) : 20;
        if (headerLength > 20 && !TcpOptions(section, at + 20, headerLength - 20)) image.Reserve(at + 20, headerLength - 20);
    }

    /// <summary>
    /// Writes the options snoop listed, in its words (snoop_tcp.c: "- Maximum segment size = 1460 bytes",
    /// "- No operation", "- Window scale = 2", "- TS Val = 1, TS Echo = 0", "- SACK permitted option",
    /// "- End of option list"), when they fill the option space exactly.
    /// </summary>
    private bool TcpOptions(SnoopSection section, int at, int space)
    {
        var options = new List<(byte[] Bytes, int Line)>();
        foreach (var (field, line, _) in section.Fields.Where(f => f.Field.Name.StartsWith('-')))
        {
            var name = field.Name.TrimStart('-', ' ');
            if (name.StartsWith("Maximum segment size", StringComparison.OrdinalIgnoreCase) && SnoopValues.Decimal(field.Value) is { } mss)
                options.Add(([2, 4, (byte)(mss >> 8), (byte)mss], line));
            else if (name.StartsWith("Window scale", StringComparison.OrdinalIgnoreCase) && SnoopValues.Decimal(field.Value) is { } shift)
                options.Add(([3, 3, (byte)shift], line));
            else if (name.StartsWith("TS Val", StringComparison.OrdinalIgnoreCase) && SnoopValues.Decimal(field.Value) is { } value
                     && SnoopValues.Labelled(field.Value, "TS Echo") is { } echo)
                options.Add(([8, 10, .. BigEndian((uint)value), .. BigEndian((uint)echo)], line));
            else return false;
        }
        foreach (var (text, line) in section.Texts.Where(t => t.Text.StartsWith('-')))
        {
            var name = text.TrimStart('-', ' ');
            if (name.StartsWith("No operation", StringComparison.OrdinalIgnoreCase)) options.Add(([1], line));
            else if (name.Contains("SACK permitted", StringComparison.OrdinalIgnoreCase) || name.Contains("Sack Permitted", StringComparison.OrdinalIgnoreCase)) options.Add(([4, 2], line));
            else if (name.StartsWith("End of option", StringComparison.OrdinalIgnoreCase)) options.Add(([0], line));
            else return false;
        }
        // The order of the lines is the order on the wire.
        options.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (options.Sum(o => o.Bytes.Length) != space) return false;
        var position = at;
        foreach (var (bytes, line) in options)
        {
            image.Write(new FieldSpec("tcp.option", "TCP option", 0, bytes.Length * 8, FieldFormat.Bytes), position, bytes, line);
            position += bytes.Length;
        }
        return true;
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private void UdpSection(SnoopSection section, int at)
    {
        var spec = Udp.Layer.Header;
        Write(spec["udp.srcport"], at, section.Get("Source port"), SnoopValues.Decimal);
        Write(spec["udp.dstport"], at, section.Get("Destination port"), SnoopValues.Decimal);
        Write(spec["udp.length"], at, section.Get("Length"), SnoopValues.Decimal);
        Write(spec["udp.checksum"], at, section.Get("Checksum"), SnoopValues.Hex);
    }

    private void IcmpSection(SnoopSection section, int at)
    {
        var v6 = section.Protocol == "ICMPv6";
        var spec = v6 ? Icmpv6.Layer.Header : Icmp.Layer.Header;
        var prefix = v6 ? "icmpv6" : "icmp";
        Write(spec[$"{prefix}.type"], at, section.Get("Type"), SnoopValues.Decimal);
        var code = section.Get("Code");
        Write(spec[$"{prefix}.code"], at, code, SnoopValues.Decimal);
        Write(spec[$"{prefix}.checksum"], at, section.Get("Checksum"), SnoopValues.Hex);
        if (code is { } c && SnoopValues.Labelled(c.Value, "ID") is { } id)
        {
            image.Write(FieldSpec.Number(v6 ? "icmpv6.echo.identifier" : "icmp.ident", "Identifier", 32, 16), at, id, c.Line);
            if (SnoopValues.Labelled(c.Value, "Sequence number") is { } sequence)
                image.Write(FieldSpec.Number(v6 ? "icmpv6.echo.sequence_number" : "icmp.seq", "Sequence number", 48, 16), at, sequence, c.Line);
        }
        Write(v6 ? FieldSpec.Number("icmpv6.pointer", "Pointer", 32, 32) : FieldSpec.Number("icmp.pointer", "Pointer", 32, 8), at, section.Get("Pointer"), SnoopValues.Decimal);
        if (section.Get("Gateway", "Gateway address") is { } gateway && SnoopValues.Address(gateway.Value) is { } address)
        {
            image.Write(new FieldSpec("icmp.redir_gw", "Gateway address", 32, 32, FieldFormat.Ipv4), at, address.Address, gateway.Line);
        }
        image.Reserve(at, 8); // the rest of the ICMP header is there on the wire, whether snoop printed it or not
    }

    private void ArpSection(SnoopSection section, int at)
    {
        var spec = Arp.Layer.Header;
        Write(spec["arp.hw.type"], at, section.Get("Hardware type"), SnoopValues.Decimal);
        Write(spec["arp.proto.type"], at, section.Get("Protocol type"), SnoopValues.Hex);
        Write(spec["arp.hw.size"], at, section.Get("Length of hardware address"), SnoopValues.Decimal);
        Write(spec["arp.proto.size"], at, section.Get("Length of protocol address"), SnoopValues.Decimal);
        var opcode = section.Get("Opcode") ?? section.Texts.Where(t => t.Text.StartsWith("Opcode ", StringComparison.Ordinal)).Select(t => ((string Value, int Line)?)(t.Text[7..], t.Line)).FirstOrDefault();
        Write(spec["arp.opcode"], at, opcode, SnoopValues.Decimal);
        WriteMac(spec["arp.src.hw_mac"], at, section.Get("Sender's hardware address"));
        WriteAddress(spec["arp.src.proto_ipv4"], at, section.Get("Sender's protocol address"));
        WriteMac(spec["arp.dst.hw_mac"], at, section.Get("Target hardware address"));
        WriteAddress(spec["arp.dst.proto_ipv4"], at, section.Get("Target protocol address"));
    }

    private void Write(FieldSpec spec, int at, (string Value, int Line)? printed, Func<string, ulong?> read)
    {
        if (printed is not { } p) return;
        if (read(p.Value) is not { } value)
        {
            comments.Add($"line {p.Line}: {spec.Name} printed as '{p.Value}', which is not a number: left unknown");
            return;
        }
        try
        {
            // snoop prints values as Wireshark shows them (header length in bytes): the schema scales them.
            image.Write(spec, at, value, p.Line);
        }
        catch (ArgumentOutOfRangeException)
        {
            comments.Add($"line {p.Line}: {spec.Name} = {p.Value} does not fit the field: left unknown");
        }
    }

    private void WriteHex(FieldSpec spec, int at, (string Value, int Line)? printed) => Write(spec, at, printed, SnoopValues.Hex);

    private void WriteMac(FieldSpec spec, int at, (string Value, int Line)? printed)
    {
        if (printed is { } p && SnoopValues.Mac(p.Value) is { } mac) image.Write(spec, at, mac, p.Line);
    }

    private void WriteAddress(FieldSpec spec, int at, (string Value, int Line)? printed)
    {
        if (printed is not { } p || SnoopValues.Address(p.Value) is not { } address) return;
        if (address.Address.Length * 8 != spec.BitLength) return;
        image.Write(spec, at, address.Address, p.Line);
        if (address.Name is { } name) names.Add((address.Address, name));
    }
}
