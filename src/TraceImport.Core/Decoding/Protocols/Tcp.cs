namespace TraceImport.Decoding.Protocols;

public static class Tcp
{
    public static readonly HeaderSpec Header = new("tcp", "Transmission Control Protocol", 20,
    [
        FieldSpec.Number("tcp.srcport", "Source port", 0, 16),
        FieldSpec.Number("tcp.dstport", "Destination port", 16, 16),
        FieldSpec.Number("tcp.seq_raw", "Sequence number", 32, 32),
        FieldSpec.Number("tcp.ack_raw", "Acknowledgment number", 64, 32),
        FieldSpec.Number("tcp.hdr_len", "Header length", 96, 4) with { Scale = 4, Meaning = v => $"{v} × 4 = {v * 4} bytes" },
        FieldSpec.Hex("tcp.flags", "Flags", 100, 12) with
        {
            Meaning = FlagNames,
            Bits =
            [
                FieldSpec.Number("tcp.flags.res", "Reserved", 100, 3),
                FieldSpec.Flag("tcp.flags.ae", "Accurate ECN (was nonce)", 103),
                FieldSpec.Flag("tcp.flags.cwr", "Congestion window reduced", 104),
                FieldSpec.Flag("tcp.flags.ece", "ECN-Echo", 105),
                FieldSpec.Flag("tcp.flags.urg", "Urgent", 106),
                FieldSpec.Flag("tcp.flags.ack", "Acknowledgment", 107),
                FieldSpec.Flag("tcp.flags.push", "Push", 108),
                FieldSpec.Flag("tcp.flags.reset", "Reset", 109),
                FieldSpec.Flag("tcp.flags.syn", "Syn", 110),
                FieldSpec.Flag("tcp.flags.fin", "Fin", 111),
            ],
        },
        FieldSpec.Number("tcp.window_size_value", "Window", 112, 16),
        FieldSpec.Hex("tcp.checksum", "Checksum", 128, 16),
        FieldSpec.Number("tcp.urgent_pointer", "Urgent pointer", 144, 16),
    ]);

    private static readonly FieldSpec Kind = FieldSpec.Number("tcp.option_kind", "Kind", 0, 8);
    private static readonly FieldSpec Length = FieldSpec.Number("tcp.option_len", "Length", 8, 8);

    /// <summary>The options whose layout is known: kind, subtree name, title, and the fields after kind and length.</summary>
    private static readonly Dictionary<int, (string Protocol, string Title, FieldSpec[] Fields)> Options = new()
    {
        [2] = ("tcp.options.mss", "Maximum segment size", [FieldSpec.Number("tcp.options.mss_val", "MSS", 16, 16)]),
        [3] = ("tcp.options.wscale", "Window scale", [FieldSpec.Number("tcp.options.wscale.shift", "Shift count", 16, 8) with { Meaning = v => $"multiply by {1UL << (int)Math.Min(v, 30)}" }]),
        [4] = ("tcp.options.sack_perm", "SACK permitted", []),
        [5] = ("tcp.options.sack", "SACK", []),
        [8] = ("tcp.options.timestamp", "Timestamps",
        [
            FieldSpec.Number("tcp.options.timestamp.tsval", "Timestamp value", 16, 32),
            FieldSpec.Number("tcp.options.timestamp.tsecr", "Timestamp echo reply", 48, 32),
        ]),
    };

    public static readonly IReadOnlyDictionary<int, string> TextProtocolPorts = new Dictionary<int, string>
    {
        [21] = "ftp", [25] = "smtp", [587] = "smtp", [110] = "pop", [143] = "imap", [80] = "http", [8080] = "http",
    };

    public static void Dissect(IpContext ip, List<DecodedLayer> layers)
    {
        var d = ip.Dissection;
        var offset = ip.PayloadStart;
        var tcp = d.Header(layers, Header, offset);
        var headerLength = (int?)Dissection.NumberOf(tcp, "tcp.hdr_len");
        if (headerLength is < 20)
        {
            Ipv4.MarkBad(tcp.Field("tcp.hdr_len")!, "a TCP header is at least 20 bytes (5 × 4)");
            return;
        }
        if (!ip.Quoted)
        {
            var (sum, problem) = ip.PseudoHeader(6);
            d.JudgeChecksum(tcp.Field("tcp.checksum")!, offset, ip.PayloadEnd - offset, sum, problem);
        }
        else if (tcp.Field("tcp.checksum") is { Status: not FieldStatus.Truncated } quotedChecksum)
        {
            quotedChecksum.Note = "quoted: not judged, the segment is not all here";
        }
        if (headerLength is null) return;
        tcp.Length = headerLength.Value;
        DissectOptions(d, tcp, offset + 20, offset + headerLength.Value);

        var payloadStart = offset + headerLength.Value;
        var payloadEnd = Math.Min(ip.PayloadEnd, d.Bytes.Length);
        if (payloadStart >= payloadEnd) return;
        var ports = new[] { Dissection.NumberOf(tcp, "tcp.srcport"), Dissection.NumberOf(tcp, "tcp.dstport") };
        var serverPort = ports.Select(p => (int?)p).FirstOrDefault(p => p is { } port && TextProtocolPorts.ContainsKey(port));
        if (serverPort is { } server && !ip.Quoted)
        {
            var fromServer = ports[0] == (ulong)server;
            TextLine.Dissect(d, layers, TextProtocolPorts[server], fromServer, payloadStart, payloadEnd);
        }
        else
        {
            Payload.Data(d, layers, payloadStart, payloadEnd);
        }
    }

    private static void DissectOptions(Dissection d, DecodedLayer tcp, int start, int end)
    {
        var position = start;
        while (position < end && position < d.Bytes.Length)
        {
            var kindValue = (int?)FieldCodec.Read(Kind, d.Bytes, position).Number;
            if (kindValue is 0 or 1)
            {
                var single = d.Layer(tcp.Layers, kindValue == 0 ? "tcp.options.eol" : "tcp.options.nop", kindValue == 0 ? "End of option list" : "No-operation", position);
                d.Add(single, Kind, position);
                single.Length = 1;
                position++;
                if (kindValue == 0) break;
                continue;
            }
            var known = kindValue is { } k && Options.ContainsKey(k);
            var (protocol, title, fields) = known ? Options[kindValue!.Value] : ("tcp.options.unknown", $"Option kind {kindValue?.ToString() ?? "unknown"}", []);
            var option = d.Layer(tcp.Layers, protocol, title, position);
            d.Add(option, Kind, position);
            var size = (int?)d.Add(option, Length, position).Number;
            if (kindValue is null || size is null) break;
            if (size < 2 || position + size > end)
            {
                Ipv4.MarkBad(option.Fields[^1], size < 2 ? "an option with a length is at least 2 bytes" : $"runs past the {end - start}-byte option space");
                break;
            }
            foreach (var field in fields) d.Add(option, field, position);
            if (kindValue == 5)
            {
                for (var edge = 2; edge + 8 <= size; edge += 8)
                {
                    d.Add(option, FieldSpec.Number("tcp.options.sack_le", "Left edge", edge * 8, 32), position);
                    d.Add(option, FieldSpec.Number("tcp.options.sack_re", "Right edge", edge * 8 + 32, 32), position);
                }
            }
            else if (!known && size > 2)
            {
                d.Add(option, new FieldSpec("tcp.option.data", "Option data", 16, (size.Value - 2) * 8, FieldFormat.Bytes), position);
            }
            option.Length = size.Value;
            position += size.Value;
        }
    }

    private static string? FlagNames(ulong flags)
    {
        var names = new[] { (0x100UL, "AE"), (0x80UL, "CWR"), (0x40UL, "ECE"), (0x20UL, "URG"), (0x10UL, "ACK"), (0x08UL, "PSH"), (0x04UL, "RST"), (0x02UL, "SYN"), (0x01UL, "FIN") };
        var set = names.Where(n => (flags & n.Item1) != 0).Select(n => n.Item2).ToList();
        return set.Count == 0 ? "none" : string.Join(", ", set);
    }
}
