using System.Globalization;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;

namespace TraceImport.Grammars.PacketMonitor;

/// <summary>
/// Rebuilds a packet_monitor record into bytes through the decoder's schemas. The printout gives the
/// IP and TCP (or UDP) checksums, so it proves the rebuild: where a value reads two ways (old VOS
/// prints sequence numbers and windows in hex, OpenVOS 17.1 in decimal), the reading whose bytes
/// reproduce the printed checksums is taken.
/// </summary>
public static class PacketMonitorRebuild
{
    private enum Radix { Hex, Decimal }

    /// <param name="UnprintedAck">The value tried for an acknowledgement printed as "n.a.".</param>
    private sealed record Reading(Radix Seq, Radix Ack, Radix Window, bool AssumeReservedZero, ulong UnprintedAck = 0);

    /// <param name="previousAck">The last acknowledgement the same host sent on the same connection, if any.</param>
    /// <returns>The packet, emitted through the record builder; null when nothing could be rebuilt.</returns>
    public static Packet? Build(PacketMonitorRecord record, RegionContext context, string format, ulong? previousAck)
    {
        var comments = new List<string>();
        var readings = Readings(record, previousAck).ToList();
        PacketImage? chosen = null;
        foreach (var reading in readings)
        {
            var image = Image(record, reading, []);
            if (Proven(image, record))
            {
                chosen = image;
                if (reading.Seq != readings[0].Seq || reading.Window != readings[0].Window || reading.Ack != readings[0].Ack)
                    comments.Add($"sequence, acknowledgement and window read as {Describe(reading)}: that reading reproduces the printed checksums");
                if (reading.UnprintedAck != 0)
                    comments.Add($"the acknowledgement number is printed n.a. (no ACK flag) but holds 0x{reading.UnprintedAck:x8}, the last one this host sent on the connection: that value reproduces the printed checksum");
                break;
            }
        }
        if (chosen is null)
        {
            // No reading proves the record: say which checksum the likeliest one misses, then keep it with the
            // bits the printout never shows left unknown.
            if (Mismatch(Image(record, readings[0], []), record) is { } mismatch)
            {
                var message = $"{mismatch} (under any reading of its numbers): the bits the printout does not show are left unknown";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{record.FirstLine}: {message}");
            }
            chosen = Image(record, readings[0] with { AssumeReservedZero = false }, comments);
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
        draft.LinkType = hasEther ? LinkType.Ethernet : LinkType.RawIp;
        draft.StatedLength = ipLength is { } l ? Math.Max(l + (hasEther ? 14 : 0), data.Length) : null;
        draft.RebuiltFromFields = true;
        draft.Time = context.Times.FromTimeOfDay(record.Start.Time.Nanoseconds, record.Start.Time.FractionDigits);
        draft.Direction = record.Start.Direction;
        draft.Interface = "packet_monitor";
        draft.Heading = $"{(record.Start.Direction == Direction.Inbound ? "Rcvd" : "Xmit")} {Summary(record)}".Trim();
        draft.Comments.AddRange(comments);
        return draft.Finish(context, format);
    }

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

    private static PacketImage Image(PacketMonitorRecord record, Reading reading, List<string> comments)
    {
        var image = new PacketImage();
        var offset = 0;
        if (record.Ether is { } ether)
        {
            image.Write(Ethernet.Header["eth.dst"], 0, ether.Value.Destination, ether.Line);
            image.Write(Ethernet.Header["eth.src"], 0, ether.Value.Source, ether.Line);
            Put(image, Ethernet.Header["eth.type"], 0, ether.Value.Type, ether.Line, comments);
            offset = 14;
        }
        if (record.Arp is { } arp) WriteArp(image, arp.Value, arp.Line, offset, record.Ether?.Value);
        if (record.Ip is { } ip) WriteIp(image, record, reading, ip.Value.Values, ip.Line, offset, comments);
        return image;
    }

    /// <summary>A value the printout gives, written when it fits its field; otherwise the field stays unknown, and the packet says why.</summary>
    private static void Put(PacketImage image, FieldSpec spec, int at, ulong value, int line, List<string> comments)
    {
        if (spec.BitLength >= 64 || value >> spec.BitLength == 0) image.Write(spec, at, value, line);
        else comments.Add($"line {line}: {spec.Name} {value:x} does not fit its {spec.BitLength} bits: left unknown");
    }

    private static void WriteArp(PacketImage image, ArpLine arp, int line, int at, EtherLine? ether)
    {
        // The printout says "ARP" on an Ethernet record: Ethernet hardware, IPv4 protocol, sizes 6 and 4.
        image.Write(Arp.Header["arp.hw.type"], at, 1, line);
        image.Write(Arp.Header["arp.proto.type"], at, 0x0800, line);
        image.Write(Arp.Header["arp.hw.size"], at, 6, line);
        image.Write(Arp.Header["arp.proto.size"], at, 4, line);
        image.Write(Arp.Header["arp.opcode"], at, arp.IsReply ? 2UL : 1UL, line);
        if (arp.SourceMac is { } sourceMac) image.Write(Arp.Header["arp.src.hw_mac"], at, sourceMac, line);
        if (arp.Source is { } source) image.Write(Arp.Header["arp.src.proto_ipv4"], at, source, line);
        if (arp.TargetMac is { } targetMac) image.Write(Arp.Header["arp.dst.hw_mac"], at, targetMac, line);
        if (arp.Target is { } target) image.Write(Arp.Header["arp.dst.proto_ipv4"], at, target, line);
        image.Reserve(at, Arp.Header.Length);
    }

    private static readonly FieldSpec FlagsAndFragment = FieldSpec.Hex("ip.flags_frag", "Flags and fragment offset", 48, 16);
    private static readonly FieldSpec VersionAndLength = FieldSpec.Hex("ip.ver_hl", "Version and header length", 0, 8);

    private static void WriteIp(PacketImage image, PacketMonitorRecord record, Reading reading, IReadOnlyDictionary<string, string> ip, int line, int at, List<string> comments)
    {
        var header = Ipv4.Header;
        var addressLine = record.IpAddresses?.Line ?? line;
        var values = record.IpAddresses?.Value.Values;
        void Put(FieldSpec spec, string key, IReadOnlyDictionary<string, string>? from, int fromLine)
        {
            if (from?.GetValueOrDefault(key) is not { } text) return;
            if (Hex(text) is { } value && (spec.BitLength >= 64 || value >> spec.BitLength == 0)) image.Write(spec, at, value, fromLine);
            else comments.Add($"line {fromLine}: {key} '{text}' is not a hex value of {spec.BitLength} bits: left unknown");
        }
        Put(VersionAndLength, "Ver/HL", ip, line);
        Put(header["ip.dsfield"], "ToS", ip, line);
        Put(header["ip.len"], "Len", ip, line);
        Put(header["ip.id"], "ID", ip, line);
        Put(FlagsAndFragment, "Flg/Frg", ip, line);
        Put(header["ip.ttl"], "TTL", ip, line);
        Protocol(image, record, ip, line, at, comments);
        Put(header["ip.checksum"], "Cksum", values, addressLine);
        Put(header["ip.src"] with { Format = FieldFormat.Hex }, "Src", values, addressLine);
        Put(header["ip.dst"] with { Format = FieldFormat.Hex }, "Dst", values, addressLine);

        var headerLength = ip.GetValueOrDefault("Ver/HL") is { } vhl && Hex(vhl) is { } v ? (int)(v & 0xF) * 4 : 20;
        if (headerLength > 20) image.Reserve(at + 20, headerLength - 20); // options the printout does not show
        var transport = at + headerLength;
        if (record.Transport?.Value.Protocol == "TCP") WriteTcp(image, record, reading, transport, comments);
        else if (record.Transport?.Value.Protocol == "UDP") WriteUdp(image, record, transport, comments);
    }

    /// <summary>"Prtl  6": the TCP or UDP line below says which protocol it is, which settles hex against decimal.</summary>
    private static void Protocol(PacketImage image, PacketMonitorRecord record, IReadOnlyDictionary<string, string> ip, int line, int at, List<string> comments)
    {
        if (ip.GetValueOrDefault("Prtl") is not { } text) return;
        var expected = record.Transport?.Value.Protocol switch { "TCP" => 6UL, "UDP" => 17UL, _ => (ulong?)null };
        var candidates = new[] { Hex(text), Decimal(text) }.Where(c => c is <= 255).Select(c => c!.Value).ToList();
        if (candidates.Count == 0) return;
        var value = expected is { } e && candidates.Contains(e) ? e : candidates[0];
        Put(image, Ipv4.Header["ip.proto"], at, value, line, comments);
    }

    private static void WriteTcp(PacketImage image, PacketMonitorRecord record, Reading reading, int at, List<string> comments)
    {
        var tcp = Tcp.Header;
        var transport = record.Transport!.Value;
        WritePorts(image, tcp["tcp.srcport"], tcp["tcp.dstport"], transport.Value, transport.Line, at, comments);
        if (record.Sequence is { } sequence)
        {
            var s = sequence.Value;
            WriteNumber(image, tcp["tcp.seq_raw"], at, s.Seq, reading.Seq, sequence.Line, comments);
            WriteNumber(image, tcp["tcp.ack_raw"], at, s.Ack, reading.Ack, sequence.Line, comments, reading.UnprintedAck);
            WriteNumber(image, tcp["tcp.window_size_value"], at, s.Window, reading.Window, sequence.Line, comments);
        }
        var count = record.Sequence is { } c && int.TryParse(c.Value.Count, out var n) ? n : (int?)null;
        if (record.Offsets is { } offsets)
        {
            var o = offsets.Value;
            if (Hex(o.DataOffset) is { } words and <= 15) image.Write(tcp["tcp.hdr_len"], at, words * 4, offsets.Line);
            else if (o.DataOffset is { } text) comments.Add($"line {offsets.Line}: data offset '{text}' is more than 15 words: left unknown");
            if (reading.AssumeReservedZero) image.Write(tcp["tcp.flags"] with { BitLength = 4 }, at, 0, offsets.Line);
            if (Hex(o.Flags) is { } flags) Put(image, tcp["tcp.flags"] with { BitOffset = 104, BitLength = 8 }, at, flags, offsets.Line, comments);
            if (Hex(o.Checksum) is { } checksum) Put(image, tcp["tcp.checksum"], at, checksum, offsets.Line, comments);
            if (Hex(o.Urgent) is { } urgent) Put(image, tcp["tcp.urgent_pointer"], at, urgent, offsets.Line, comments);
        }
        WriteBytes(image, record, at + 20, count, comments);
    }

    private static void WriteUdp(PacketImage image, PacketMonitorRecord record, int at, List<string> comments)
    {
        var udp = Udp.Header;
        var transport = record.Transport!.Value;
        WritePorts(image, udp["udp.srcport"], udp["udp.dstport"], transport.Value, transport.Line, at, comments);
        var length = int.TryParse(transport.Value.Count, out var n) ? n : (int?)null;
        if (length is { } l) Put(image, udp["udp.length"], at, (ulong)l, transport.Line, comments);
        if (Hex(transport.Value.Checksum) is { } checksum) Put(image, udp["udp.checksum"], at, checksum, transport.Line, comments);
        // For UDP the count is the UDP length, header included; the rows hold the payload.
        WriteBytes(image, record, at + 8, length - 8, comments);
    }

    /// <summary>The rows' bytes, printed without leading zeros; a row holds sixteen at most and then an ASCII column.</summary>
    private static void WriteBytes(PacketImage image, PacketMonitorRecord record, int at, int? count, List<string> comments)
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
                if (token.Length > 2 || Hex(token) is not { } value)
                {
                    comments.Add($"line {line}: '{token}' is not a byte: left unknown");
                    written++;
                    continue;
                }
                Put(image, new FieldSpec("data", "Byte", 0, 8, FieldFormat.Hex), at + written, value, line, comments);
                written++;
            }
        }
        if (expected > 0) image.Reserve(at, expected);
        if (written < expected && record.Rows.Count > 0) comments.Add($"the rows show {written} of the {expected} data bytes the record counts");
    }

    private static void WritePorts(PacketImage image, FieldSpec source, FieldSpec destination, TransportLine transport, int line, int at, List<string> comments)
    {
        foreach (var (spec, endpoint) in new[] { (source, transport.From), (destination, transport.To) })
        {
            if (ServiceNames.Port(endpoint.Port) is { } port) Put(image, spec, at, port, line, comments);
            else comments.Add($"line {line}: the service name '{endpoint.Port}' is not one this grammar knows: {spec.Name} left unknown");
        }
    }

    private static void WriteNumber(PacketImage image, FieldSpec spec, int at, string text, Radix radix, int line, List<string> comments, ulong unprinted = 0)
    {
        // "n.a.": the printout leaves the field out because its flag is not set; on the wire it is zero, as a rule.
        if (text.StartsWith("n.a", StringComparison.OrdinalIgnoreCase))
        {
            image.Write(spec, at, unprinted, line);
            return;
        }
        var value = radix == Radix.Hex ? Hex(text) : Decimal(text);
        if (value is { } v && (spec.BitLength == 64 || v >> spec.BitLength == 0)) image.Write(spec, at, v, line);
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

    /// <summary>Each checksum the record prints, and whether the rebuilt bytes reproduce it (null: not every covered byte is known).</summary>
    private static IEnumerable<(string Name, bool? Holds)> Checks(PacketImage image, PacketMonitorRecord record)
    {
        if (record.Ip is null) yield break;
        var (data, unknown) = image.Build();
        var bytes = new PacketBytes(data, unknown);
        var ipAt = record.Ether is null ? 0 : 14;
        if (data.Length < ipAt + 20) yield break;
        var headerLength = (data[ipAt] & 0xF) * 4;
        yield return ("IP", bytes.IsKnown(ipAt, headerLength) && data.Length >= ipAt + headerLength ? InternetChecksum.Compute(data.AsSpan(ipAt, headerLength)) == 0 : null);
        if (record.Transport is null) yield break;
        var total = (data[ipAt + 2] << 8) | data[ipAt + 3];
        var segment = total - headerLength;
        var at = ipAt + headerLength;
        if (segment < 8 || at + segment > data.Length || !bytes.IsKnown(at, segment) || !bytes.IsKnown(ipAt + 12, 8))
        {
            yield return (record.Transport.Value.Value.Protocol, null);
            yield break;
        }
        var protocol = record.Transport.Value.Value.Protocol == "TCP" ? 6u : 17u;
        var pseudo = Dissection.Sum(data.AsSpan(ipAt + 12, 8)) + protocol + (uint)segment;
        if (protocol == 17 && data[at + 6] == 0 && data[at + 7] == 0) yield break; // no UDP checksum
        yield return (record.Transport.Value.Value.Protocol, InternetChecksum.Compute(data.AsSpan(at, segment), pseudo) == 0);
    }

    private static ulong? Hex(string? text) =>
        text is not null && ulong.TryParse(text.TrimEnd('.', ','), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static ulong? Decimal(string? text) =>
        text is not null && ulong.TryParse(text.TrimEnd('.', ','), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
