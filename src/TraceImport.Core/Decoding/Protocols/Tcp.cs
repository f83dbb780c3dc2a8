using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

public sealed class Tcp() : ProtocolLayer(new HeaderSpec("tcp", "Transmission Control Protocol", 20,
[
    .. FieldSpec.SourceAndDestination("tcp.srcport", "tcp.dstport", "port", 0, 16, FieldFormat.Decimal),
    FieldSpec.Number("tcp.seq_raw", "Sequence number", 32, 32),
    FieldSpec.Number("tcp.ack_raw", "Acknowledgment number", 64, 32),
    FieldSpec.Number("tcp.hdr_len", "Header length", 96, 4) with { Scale = 4, Meaning = v => $"{v} × 4 = {v * 4} bytes" },
    FieldSpec.Hex("tcp.flags", "Flags", 100, 12) with
    {
        Meaning = FlagNames,
        Bits =
        [
            FieldSpec.Number("tcp.flags.res", "Reserved", 100, 3),
            .. FieldSpec.Flags(103, ("tcp.flags.ae", "Accurate ECN (was nonce)"), ("tcp.flags.cwr", "Congestion window reduced"), ("tcp.flags.ece", "ECN-Echo"),
                ("tcp.flags.urg", "Urgent"), ("tcp.flags.ack", "Acknowledgment"), ("tcp.flags.push", "Push"), ("tcp.flags.reset", "Reset"),
                ("tcp.flags.syn", "Syn"), ("tcp.flags.fin", "Fin")),
            FieldSpec.Hex("tcp.flags.str", "TCP flags", 100, 12) with { Render = FlagLetters },
        ],
    },
    FieldSpec.Number("tcp.window_size_value", "Window", 112, 16),
    FieldSpec.Hex("tcp.checksum", "Checksum", 128, 16),
    FieldSpec.Number("tcp.urgent_pointer", "Urgent pointer", 144, 16),
]))
{
    public static readonly Tcp Layer = new();

    /// <summary>The eight flag bits most tools print as one byte ("Flags = 0x12"), in order from the most significant.</summary>
    public static readonly IReadOnlyList<string> FlagByte = Layer.Header["tcp.flags"].Bits.Where(b => b.BitOffset >= 104).Select(b => b.Name).ToList();

    public override string ChecksumField => "tcp.checksum";

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var tcp = d.Header(into, Header, offset);
        var headerLength = (int?)Dissection.NumberOf(tcp, "tcp.hdr_len");
        if (headerLength is < 20)
        {
            Ipv4.MarkBad(tcp.Field("tcp.hdr_len")!, "a TCP header is at least 20 bytes (5 × 4)");
            return null;
        }
        var checksum = tcp.Field("tcp.checksum")!;
        if (!slot.Quoted)
        {
            var (sum, unknown) = slot.Ip!.PseudoHeader(6);
            d.JudgeChecksum(checksum, offset, slot.End - offset, sum, unknown, slot.FirstFragment);
        }
        else if (checksum.Status is not FieldStatus.Truncated)
        {
            Dissection.Apply(checksum, new ChecksumVerdict(ChecksumCause.Quoted));
        }
        if (headerLength is null) return null;
        tcp.Length = headerLength.Value;
        if (headerLength > 20 && offset + 20 < d.Bytes.Length)
        {
            d.Add(tcp, new FieldSpec("tcp.options", "Options", 160, (headerLength.Value - 20) * 8, FieldFormat.Bytes), offset);
        }
        TcpOption.Dissect(d, tcp, offset + 20, offset + headerLength.Value);

        var payloadStart = offset + headerLength.Value;
        var payloadEnd = Math.Min(slot.End, d.Bytes.Length);
        if (payloadStart >= payloadEnd) return null;
        if (!slot.Quoted) d.Add(tcp, new FieldSpec("tcp.payload", "TCP payload", 0, (payloadEnd - payloadStart) * 8, FieldFormat.Bytes), payloadStart).Meaning = $"{payloadEnd - payloadStart} byte(s)";
        var payload = slot with { Offset = payloadStart, End = payloadEnd };
        // A server protocol is found by the source port, then the destination port (the TcpPort bindings).
        if (slot.Quoted || !Ports.Next(d, into, BindingTable.TcpPort, tcp, "tcp", payload)) Payload.Data(d, into, payloadStart, payloadEnd);
        return null;
    }

    public override int Emit(PacketImage image, int offset, FieldValues values) => EmitWithOptions(image, offset, values, "tcp.hdr_len");

    /// <summary>The options and the payload are written by the options and by the layer after: tcp.options and tcp.payload only show them.</summary>
    public override bool IsView(string name) => name is "tcp.options" or "tcp.payload";

    /// <summary>The twelve flag bits as Wireshark's tcp.flags.str shows them: a letter for each bit set, a middle dot for each clear.</summary>
    private static string FlagLetters(ulong flags)
    {
        const string letters = "RRRACEUAPRSF";
        return string.Create(12, flags, (chars, bits) =>
        {
            for (var i = 0; i < 12; i++) chars[i] = (bits >> (11 - i) & 1) == 1 ? letters[i] : '\u00b7';
        });
    }

    public override int HeaderLength(FieldValues values) => LengthWithOptions(values, "tcp.hdr_len");

    private static string? FlagNames(ulong flags)
    {
        var names = new[] { (0x100UL, "AE"), (0x80UL, "CWR"), (0x40UL, "ECE"), (0x20UL, "URG"), (0x10UL, "ACK"), (0x08UL, "PSH"), (0x04UL, "RST"), (0x02UL, "SYN"), (0x01UL, "FIN") };
        var set = names.Where(n => (flags & n.Item1) != 0).Select(n => n.Item2).ToList();
        return set.Count == 0 ? "none" : string.Join(", ", set);
    }
}

/// <summary>The port bindings TCP and UDP share: the source port is looked up first, then the destination port.</summary>
internal static class Ports
{
    /// <summary>Decodes the payload as the protocol a port is bound to; false when neither port is bound.</summary>
    public static bool Next(Dissection d, List<DecodedLayer> into, BindingTable table, DecodedLayer transport, string prefix, Slot payload)
    {
        foreach (var (name, fromServer) in new[] { ($"{prefix}.srcport", true), ($"{prefix}.dstport", false) })
        {
            if (Dissection.NumberOf(transport, name) is not { } port || Bindings.Find(table, port) is not { } layer || !layer.ParsesOver(payload)) continue;
            layer.Parse(d, into, payload with { FromServer = fromServer });
            return true;
        }
        return false;
    }
}
