using System.Globalization;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;

namespace TraceImport.Grammars.PacketMonitor;

/// <summary>
/// Rebuilds a packet_monitor record into bytes: its printed labels go, through the label table, into
/// the fields of the layers the record describes, and the layers are emitted. The printout gives the IP
/// and TCP (or UDP) checksums, so it proves the rebuild: where a value reads two ways (old VOS prints
/// sequence numbers and windows in hex, OpenVOS 17.1 in decimal), the reading whose bytes the decoder
/// finds reproduce the printed checksums is taken.
/// </summary>
public static class PacketMonitorRebuild
{
    private enum Radix { Hex, Decimal }

    /// <param name="UnprintedAck">The value tried for an acknowledgement printed as "n.a.".</param>
    private sealed record Reading(Radix Seq, Radix Ack, Radix Window, bool AssumeReservedZero, ulong UnprintedAck = 0);

    /// <summary>A printed label and the fields its (hex) value fills; raw when the value is the bits as they lie.</summary>
    private sealed record Label(string[] Fields, bool Raw = false);

    /// <summary>The IP line's labels ("Ver/HL 45, ToS  0, Len   3c, ID 26b2, Flg/Frg    0, TTL 3e") and the address line's.</summary>
    private static readonly IReadOnlyDictionary<string, Label> IpLabels = new Dictionary<string, Label>(StringComparer.OrdinalIgnoreCase)
    {
        ["Ver/HL"] = new(["ip.version", "ip.hdr_len"], Raw: true),
        ["ToS"] = new(["ip.dsfield"]),
        ["Len"] = new(["ip.len"]),
        ["ID"] = new(["ip.id"]),
        ["Flg/Frg"] = new(["ip.flags", "ip.frag_offset"], Raw: true),
        ["TTL"] = new(["ip.ttl"]),
        ["Cksum"] = new(["ip.checksum"]),
        ["Src"] = new(["ip.src"]),
        ["Dst"] = new(["ip.dst"]),
    };

    /// <summary>The TCP offsets line's labels ("X/Off 0a, Flags 02, Cksum 51e0,  Urg-> 0000"): the data offset in words, the eight flag bits.</summary>
    private static readonly IReadOnlyDictionary<string, Label> TcpLabels = new Dictionary<string, Label>(StringComparer.OrdinalIgnoreCase)
    {
        ["X/Off"] = new(["tcp.hdr_len"], Raw: true),
        ["Flags"] = new([.. Tcp.FlagByte], Raw: true),
        ["Cksum"] = new(["tcp.checksum"]),
        ["Urg->"] = new(["tcp.urgent_pointer"]),
    };

    /// <param name="previousAck">The last acknowledgement the same host sent on the same connection, if any.</param>
    /// <returns>The packet, emitted through the record builder; null when nothing could be rebuilt.</returns>
    public static Packet? Build(PacketMonitorRecord record, RegionContext context, string format, ulong? previousAck)
    {
        var comments = new List<string>();
        var readings = Readings(record, previousAck).ToList();
        PacketImage? chosen = null;
        foreach (var reading in readings)
        {
            var image = Layers(record, reading, []).Emit();
            if (!Proven(image, record)) continue;
            chosen = image;
            if (reading.Seq != readings[0].Seq || reading.Window != readings[0].Window || reading.Ack != readings[0].Ack)
                comments.Add($"sequence, acknowledgement and window read as {Describe(reading)}: that reading reproduces the printed checksums");
            if (reading.UnprintedAck != 0)
                comments.Add($"the acknowledgement number is printed n.a. (no ACK flag) but holds 0x{reading.UnprintedAck:x8}, the last one this host sent on the connection: that value reproduces the printed checksum");
            break;
        }
        if (chosen is null)
        {
            // No reading proves the record: say which checksum the likeliest one misses, then keep it with the
            // bits the printout never shows left unknown.
            if (Mismatch(Layers(record, readings[0], []).Emit(), record) is { } mismatch)
            {
                var message = $"{mismatch} (under any reading of its numbers): the bits the printout does not show are left unknown";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{record.FirstLine}: {message}");
            }
            chosen = Layers(record, readings[0] with { AssumeReservedZero = false }, comments).Emit();
        }
        if (chosen.Length == 0) return null;

        var (data, unknown) = chosen.Build();
        var hasEther = record.Ether is not null;
        var ipLength = record.Ip is { } ip && Hex(ip.Value.Values.GetValueOrDefault("Len")) is { } len ? (int)len : (int?)null;
        var draft = new PacketDraft();
        draft.Start(record.FirstLine);
        draft.LastLine = record.LastLine;
        draft.Bytes.Append(data, unknown);
        // The record starts with its Ether line or, without one, with the IP header: the text says the link type.
        draft.LinkType = LinkTypeOf(record);
        draft.StatedLength = ipLength is { } l ? Math.Max(l + (hasEther ? 14 : 0), data.Length) : null;
        draft.RebuiltFromFields = true;
        draft.Time = context.Times.FromTimeOfDay(record.Start.Time.Nanoseconds, record.Start.Time.FractionDigits);
        draft.Direction = record.Start.Direction;
        draft.Interface = "packet_monitor";
        draft.Heading = $"{(record.Start.Direction == Direction.Inbound ? "Rcvd" : "Xmit")} {Summary(record)}".Trim();
        draft.Comments.AddRange(comments);
        return draft.Finish(context, format);
    }

    private static LinkType? LinkTypeOf(PacketMonitorRecord record) =>
        record.Ether is not null ? LinkType.Ethernet : record.Ip is not null ? LinkType.RawIp : null;

    private static string Summary(PacketMonitorRecord record) => record.Transport is { } t
        ? $"{t.Value.Protocol} from {new System.Net.IPAddress(t.Value.From.Address)}.{t.Value.From.Port} to {new System.Net.IPAddress(t.Value.To.Address)}.{t.Value.To.Port}" +
          (record.Sequence is { } s && s.Value.Flags.Count > 0 ? $" {string.Join(' ', s.Value.Flags)}" : "")
        : record.Arp is { } a ? (a.Value.IsReply ? "ARP reply" : "ARP request") : "";

    private static string Describe(Reading reading) =>
        $"{reading.Seq.ToString().ToLowerInvariant()}, {reading.Ack.ToString().ToLowerInvariant()} and {reading.Window.ToString().ToLowerInvariant()}";

    /// <summary>The readings to try, likeliest first: a count printed with a trailing dot is old VOS, whose numbers are hex.</summary>
    private static IEnumerable<Reading> Readings(PacketMonitorRecord record, ulong? previousAck)
    {
        // An unprinted acknowledgement is zero on the wire as a rule; some stacks leave the last one there.
        var unprinted = previousAck is { } p && p != 0 ? new[] { 0UL, p } : [0UL];
        var oldVos = record.Sequence?.Value.CountHasDot ?? record.Transport?.Value.CountHasDot ?? true;
        var first = oldVos ? Radix.Hex : Radix.Decimal;
        var second = oldVos ? Radix.Decimal : Radix.Hex;
        foreach (var seq in new[] { first, second })
        foreach (var window in new[] { first, second })
        foreach (var ack in new[] { Radix.Hex, Radix.Decimal })
        foreach (var fill in unprinted)
            yield return new Reading(seq, ack, window, AssumeReservedZero: true, fill);
    }

    /// <summary>The layers the record describes, read one way.</summary>
    private static LayerStack Layers(PacketMonitorRecord record, Reading reading, List<string> comments)
    {
        var stack = new LayerStack();
        if (record.Ether is { } ether)
        {
            var eth = stack.Add(Ethernet.Layer);
            eth.Set("eth.dst", ether.Value.Destination, ether.Line);
            eth.Set("eth.src", ether.Value.Source, ether.Line);
            eth.Set("eth.type", ether.Value.Type, ether.Line);
        }
        if (record.Arp is { } arp) WriteArp(stack.Add(Arp.Layer), arp.Value, arp.Line);
        if (record.Ip is not { } ip) return stack;

        var ipValues = stack.Add(Ipv4.Layer);
        Labelled(ipValues, Ipv4.Layer, IpLabels, ip.Value.Values, ip.Line, comments);
        if (record.IpAddresses is { } addresses) Labelled(ipValues, Ipv4.Layer, IpLabels, addresses.Value.Values, addresses.Line, comments);
        WriteProtocol(ipValues, record, ip.Value.Values, ip.Line);
        if (record.Transport?.Value.Protocol == "TCP") WriteTcp(stack.Add(Tcp.Layer), record, reading, comments);
        else if (record.Transport?.Value.Protocol == "UDP") WriteUdp(stack.Add(Udp.Layer), record, comments);
        return stack;
    }

    /// <summary>Each printed label of a line into the fields the table gives it; every value is hex.</summary>
    private static void Labelled(FieldValues values, ProtocolLayer layer, IReadOnlyDictionary<string, Label> labels, IReadOnlyDictionary<string, string> printed, int line, List<string> comments)
    {
        foreach (var (name, text) in printed)
        {
            if (!labels.TryGetValue(name, out var label)) continue;
            if (Hex(text) is not { } value) comments.Add($"line {line}: {name} '{text}' is not hex: left unknown");
            else if (values.Put(layer, label.Fields, value, line, label.Raw) is { } problem) comments.Add($"line {line}: {name} '{text}': {problem}: left unknown");
        }
    }

    private static void WriteArp(FieldValues arp, ArpLine line, int at)
    {
        // The printout says "ARP" on an Ethernet record: Ethernet hardware, IPv4 protocol, sizes 6 and 4.
        arp.Set("arp.hw.type", 1, at);
        arp.Set("arp.proto.type", 0x0800, at);
        arp.Set("arp.hw.size", 6, at);
        arp.Set("arp.proto.size", 4, at);
        arp.Set("arp.opcode", line.IsReply ? 2UL : 1UL, at);
        if (line.SourceMac is { } sourceMac) arp.Set("arp.src.hw_mac", sourceMac, at);
        if (line.Source is { } source) arp.Set("arp.src.proto_ipv4", source, at);
        if (line.TargetMac is { } targetMac) arp.Set("arp.dst.hw_mac", targetMac, at);
        if (line.Target is { } target) arp.Set("arp.dst.proto_ipv4", target, at);
    }

    /// <summary>"Prtl  6": the TCP or UDP line below says which protocol it is, which settles hex against decimal.</summary>
    private static void WriteProtocol(FieldValues ip, PacketMonitorRecord record, IReadOnlyDictionary<string, string> printed, int line)
    {
        if (printed.GetValueOrDefault("Prtl") is not { } text) return;
        var expected = record.Transport?.Value.Protocol switch { "TCP" => 6UL, "UDP" => 17UL, _ => (ulong?)null };
        var candidates = new[] { Hex(text), Decimal(text) }.Where(c => c is <= 255).Select(c => c!.Value).ToList();
        if (candidates.Count == 0) return;
        ip.Set("ip.proto", expected is { } e && candidates.Contains(e) ? e : candidates[0], line);
    }

    private static void WriteTcp(FieldValues tcp, PacketMonitorRecord record, Reading reading, List<string> comments)
    {
        var transport = record.Transport!.Value;
        Ports(tcp, "tcp", transport.Value, transport.Line, comments);
        if (record.Sequence is { } sequence)
        {
            var s = sequence.Value;
            Number(tcp, "tcp.seq_raw", 32, s.Seq, reading.Seq, sequence.Line);
            Number(tcp, "tcp.ack_raw", 32, s.Ack, reading.Ack, sequence.Line, reading.UnprintedAck);
            Number(tcp, "tcp.window_size_value", 16, s.Window, reading.Window, sequence.Line);
        }
        var count = record.Sequence is { } c && int.TryParse(c.Value.Count, out var n) ? n : (int?)null;
        if (record.Offsets is { } offsets)
        {
            // The four bits before the flags (reserved, AE) are not printed: zero as a rule, which the checksum then proves.
            if (reading.AssumeReservedZero)
            {
                tcp.Set("tcp.flags.res", 0, offsets.Line);
                tcp.Set("tcp.flags.ae", 0, offsets.Line);
            }
            Labelled(tcp, Tcp.Layer, TcpLabels, offsets.Value.Values, offsets.Line, comments);
        }
        // The rows start after the fixed header: packet_monitor prints options as data.
        Rows(tcp, record, 20, count, comments);
    }

    private static void WriteUdp(FieldValues udp, PacketMonitorRecord record, List<string> comments)
    {
        var transport = record.Transport!.Value;
        Ports(udp, "udp", transport.Value, transport.Line, comments);
        var length = int.TryParse(transport.Value.Count, out var n) ? n : (int?)null;
        if (length is { } l) udp.Put(Udp.Layer, ["udp.length"], (ulong)l, transport.Line);
        if (Hex(transport.Value.Checksum) is { } checksum) udp.Set("udp.checksum", checksum, transport.Line);
        // For UDP the count is the UDP length, header included; the rows hold the payload.
        Rows(udp, record, 8, length - 8, comments);
    }

    /// <summary>The rows' bytes, printed without leading zeros; a row holds sixteen at most and then an ASCII column.</summary>
    private static void Rows(FieldValues transport, PacketMonitorRecord record, int at, int? count, List<string> comments)
    {
        var expected = count ?? record.Rows.Sum(r => Math.Min(16, r.Row.Tokens.Count));
        if (expected > PacketDraft.MaxPacketLength)
        {
            comments.Add($"the record counts {expected} data bytes, more than a packet can hold: only the rows shown are kept");
            expected = record.Rows.Sum(r => Math.Min(16, r.Row.Tokens.Count));
        }
        var written = 0;
        foreach (var (row, line) in record.Rows)
        {
            if (row.Offset != written)
            {
                comments.Add($"line {line}: row offset {row.Offset:x} does not follow on from {written} bytes: the rows from here are left unknown");
                break;
            }
            foreach (var token in row.Tokens.Take(Math.Min(16, expected - written)))
            {
                if (token.Length <= 2 && Hex(token) is { } value) transport.Data.Add((at + written, [(byte)value], line));
                else comments.Add($"line {line}: '{token}' is not a byte: left unknown");
                written++;
            }
        }
        if (expected > 0) transport.Extent = at + expected;
        if (written < expected && record.Rows.Count > 0) comments.Add($"the rows show {written} of the {expected} data bytes the record counts");
    }

    private static void Ports(FieldValues values, string prefix, TransportLine transport, int line, List<string> comments)
    {
        foreach (var (name, endpoint) in new[] { ($"{prefix}.srcport", transport.From), ($"{prefix}.dstport", transport.To) })
        {
            if (ServiceNames.Port(endpoint.Port) is { } port) values.Set(name, port, line);
            else comments.Add($"line {line}: the service name '{endpoint.Port}' is not one this grammar knows: {name} left unknown");
        }
    }

    private static void Number(FieldValues values, string name, int bits, string text, Radix radix, int line, ulong unprinted = 0)
    {
        // "n.a.": the printout leaves the field out because its flag is not set; on the wire it is zero, as a rule.
        if (text.StartsWith("n.a", StringComparison.OrdinalIgnoreCase))
        {
            values.Set(name, unprinted, line);
            return;
        }
        var value = radix == Radix.Hex ? Hex(text) : Decimal(text);
        if (value is { } v && v >> bits == 0) values.Set(name, v, line);
    }

    /// <summary>Every checksum the record prints is reproduced by the rebuilt bytes.</summary>
    private static bool Proven(PacketImage image, PacketMonitorRecord record)
    {
        var checks = Checks(image, record).ToList();
        return checks.Count > 0 && checks.All(c => c.Holds == true);
    }

    private static string? Mismatch(PacketImage image, PacketMonitorRecord record)
    {
        var failed = Checks(image, record).Where(c => c.Holds == false).Select(c => c.Name).ToList();
        return failed.Count == 0 ? null : $"the rebuilt bytes do not reproduce the printed {string.Join(" and ", failed)} checksum{(failed.Count > 1 ? "s" : "")}";
    }

    /// <summary>
    /// Each checksum the record prints, and whether the decoder finds the rebuilt bytes reproduce it
    /// (null: not every byte it covers is known).
    /// </summary>
    private static IEnumerable<(string Name, bool? Holds)> Checks(PacketImage image, PacketMonitorRecord record)
    {
        if (record.Ip is null || LinkTypeOf(record) is not { } linkType) yield break;
        var layers = image.Decode(linkType).Layers;
        yield return ("IP", Holds(layers.FirstOrDefault(l => l.Protocol == "ip")?.Field("ip.checksum")));
        if (record.Transport?.Value.Protocol is not { } protocol) yield break;
        var name = protocol.ToLowerInvariant();
        var checksum = layers.FirstOrDefault(l => l.Protocol == name)?.Field($"{name}.checksum");
        if (checksum?.Checksum?.Cause == ChecksumCause.NotComputed) yield break; // no UDP checksum
        yield return (protocol, Holds(checksum));
    }

    private static bool? Holds(DecodedField? checksum) => checksum?.Checksum?.Cause switch
    {
        ChecksumCause.Holds => true,
        ChecksumCause.Wrong or ChecksumCause.Offload => false,
        _ => null,
    };

    private static ulong? Hex(string? text) =>
        text is not null && ulong.TryParse(text.TrimEnd('.', ','), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static ulong? Decimal(string? text) =>
        text is not null && ulong.TryParse(text.TrimEnd('.', ','), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
