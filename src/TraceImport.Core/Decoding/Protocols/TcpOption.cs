using System.Buffers.Binary;
using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// A TCP option as a typed value (RFC 9293 §3.1, RFC 7323, RFC 2018, RFC 2385 MD5, RFC 7413 Fast Open,
/// RFC 8684 Multipath TCP, AccECN, RFC 6994 experimental). Each kind's layout — the subtree Wireshark
/// names, its title and its fields after kind and length — is declared once in <see cref="Layout"/>:
/// the decoder reads options through it, and an option emits itself through it.
/// </summary>
public abstract record TcpOption(byte Kind) : ProtocolOption
{
    public static readonly FieldSpec KindField = FieldSpec.Named("tcp.option_kind", "Kind", 0, 8, FieldFormat.Decimal, Names.TcpOptionKinds);
    public static readonly FieldSpec LengthField = FieldSpec.Number("tcp.option_len", "Length", 8, 8);

    public sealed record EndOfList() : TcpOption(0);

    public sealed record NoOperation() : TcpOption(1);

    public sealed record MaximumSegmentSize(ushort Size) : TcpOption(2);

    public sealed record WindowScale(byte Shift) : TcpOption(3);

    public sealed record SackPermitted() : TcpOption(4);

    public sealed record Sack(IReadOnlyList<(uint Left, uint Right)> Blocks) : TcpOption(5);

    public sealed record Timestamps(uint Value, uint EchoReply) : TcpOption(8);

    /// <summary>Any other kind (MD5, Fast Open, Multipath TCP, AccECN, unknown): its data, emitted through the fields its layout declares for it.</summary>
    public sealed record Other(byte OtherKind, byte[] Data) : TcpOption(OtherKind)
    {
        public bool Equals(Other? other) => other is not null && other.OtherKind == OtherKind && other.Data.AsSpan().SequenceEqual(Data);

        public override int GetHashCode() => HashCode.Combine(OtherKind, Data.Length);
    }

    /// <summary>End of list and no-operation are a single byte.</summary>
    private bool IsSingleByte => Kind is 0 or 1;

    public override int Length => this switch
    {
        EndOfList or NoOperation => 1,
        MaximumSegmentSize => 4,
        WindowScale => 3,
        SackPermitted => 2,
        Sack sack => 2 + 8 * sack.Blocks.Count,
        Timestamps => 10,
        Other other => 2 + other.Data.Length,
        _ => throw new InvalidOperationException($"no length for {GetType().Name}"),
    };

    /// <summary>The values of the fields <see cref="Layout"/> declares for this option, in order.</summary>
    private IEnumerable<ulong> Values() => this switch
    {
        MaximumSegmentSize mss => [mss.Size],
        WindowScale scale => [scale.Shift, scale.Shift],
        Sack sack => sack.Blocks.SelectMany(b => new ulong[] { b.Left, b.Right }),
        Timestamps timestamps => [timestamps.Value, timestamps.EchoReply],
        _ => [],
    };

    /// <summary>An option's subtree as Wireshark names it, its title, and its fields after kind and length.</summary>
    internal sealed record OptionLayout(string Protocol, string Title, IReadOnlyList<FieldSpec> Fields);

    /// <summary>
    /// A kind's layout for an option of <paramref name="size"/> bytes whose data (after kind and length)
    /// is <paramref name="body"/>, or null where it is not all known: kinds whose layout the data
    /// decides (Multipath TCP's subtype and flags) are then read as data.
    /// </summary>
    internal static OptionLayout Layout(int? kind, int size, byte[]? body) => kind switch
    {
        0 => EndOfListLayout,
        1 => NoOperationLayout,
        2 => MssLayout,
        3 => WindowScaleLayout,
        4 => SackPermittedLayout,
        5 => new("tcp.options.sack", "SACK", SackEdges(size)),
        8 => TimestampsLayout,
        19 when size == 18 => Md5Layout,
        34 => new("tcp.options.tfo", "TCP Fast Open", size == 2
            ? [new FieldSpec("tcp.options.tfo.request", "Fast Open cookie request", 0, 16, FieldFormat.Bytes)]
            : [DataField("tcp.options.tfo.cookie", "Fast Open cookie", size)]),
        30 when body is { Length: > 0 } => Mptcp.Layout(size, body),
        172 or 174 when (size - 2) % 3 == 0 => new("tcp.options.acc_ecn", "Accurate ECN", AccurateEcnCounters(kind == 172, size)),
        253 or 254 when size >= 4 => new("tcp.options.experimental", "Experimental",
            [FieldSpec.Hex("tcp.options.experimental.exid", "Experiment identifier", 16, 16), .. size > 4 ? [DataField("tcp.options.experimental.data", "Data", size, 4)] : (FieldSpec[])[]]),
        _ => new(kind == 30 ? "mptcp" : "tcp.options.unknown", kind == 30 ? "Multipath TCP" : $"Option kind {kind?.ToString() ?? "unknown"}",
            size > 2 ? [DataField("tcp.options.unknown.payload", "Payload", size)] : []),
    };

    /// <summary>Bytes from <paramref name="from"/> to the end of an option of <paramref name="size"/> bytes.</summary>
    internal static FieldSpec DataField(string name, string label, int size, int from = 2) => new(name, label, from * 8, (size - from) * 8, FieldFormat.Bytes);

    private static readonly OptionLayout EndOfListLayout = new("tcp.options.eol", "End of option list", []);
    private static readonly OptionLayout NoOperationLayout = new("tcp.options.nop", "No-operation", []);
    private static readonly OptionLayout MssLayout =
        new("tcp.options.mss", "Maximum segment size", [FieldSpec.Number("tcp.options.mss_val", "MSS", 16, 16)]);
    private static readonly OptionLayout WindowScaleLayout = new("tcp.options.wscale", "Window scale",
    [
        FieldSpec.Number("tcp.options.wscale.shift", "Shift count", 16, 8),
        FieldSpec.Number("tcp.options.wscale.multiplier", "Multiplier", 16, 8) with { Render = v => (1UL << (int)Math.Min(v, 30)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
    ]);
    private static readonly OptionLayout SackPermittedLayout = new("tcp.options.sack_perm", "SACK permitted", []);
    private static readonly OptionLayout TimestampsLayout = new("tcp.options.timestamp", "Timestamps",
    [
        FieldSpec.Number("tcp.options.timestamp.tsval", "Timestamp value", 16, 32),
        FieldSpec.Number("tcp.options.timestamp.tsecr", "Timestamp echo reply", 48, 32),
    ]);
    private static readonly OptionLayout Md5Layout = new("tcp.options.md5", "MD5 signature", [DataField("tcp.options.md5.digest", "MD5 digest", 18)]);

    private static List<FieldSpec> SackEdges(int size)
    {
        var edges = new List<FieldSpec>();
        for (var edge = 2; edge + 8 <= size; edge += 8)
        {
            edges.Add(FieldSpec.Number("tcp.options.sack_le", "Left edge", edge * 8, 32));
            edges.Add(FieldSpec.Number("tcp.options.sack_re", "Right edge", edge * 8 + 32, 32));
        }
        return edges;
    }

    /// <summary>AccECN's byte counters, 24 bits each: order 0 (kind 172) starts with ECT(0) bytes, order 1 (kind 174) with ECT(1).</summary>
    private static List<FieldSpec> AccurateEcnCounters(bool orderZero, int size)
    {
        string[] names = orderZero ? ["ee0b", "eceb", "ee1b"] : ["ee1b", "eceb", "ee0b"];
        var labels = new Dictionary<string, string> { ["ee0b"] = "ECT(0) bytes", ["eceb"] = "ECN-CE bytes", ["ee1b"] = "ECT(1) bytes" };
        return names.Take((size - 2) / 3).Select((name, i) => FieldSpec.Number($"tcp.options.acc_ecn.{name}", labels[name], 16 + 24 * i, 24)).ToList();
    }

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(KindField, offset, Kind, line);
        if (IsSingleByte) return;
        image.Write(LengthField, offset, (ulong)Length, line);
        if (this is Other other)
        {
            EmitFields(image, offset, Layout(Kind, Length, other.Data).Fields, other.Data, line);
            return;
        }
        foreach (var (spec, value) in Layout(Kind, Length, null).Fields.Zip(Values())) image.Write(spec, offset, value, line);
    }

    /// <summary>The options in an option space whose bytes are all known, up to a length that cannot be.</summary>
    public static List<TcpOption> Parse(ReadOnlySpan<byte> space) =>
        Walk<TcpOption>(space, kind => kind == 0 ? new EndOfList() : new NoOperation(), (kind, body) => (kind, body.Length) switch
        {
            (2, 2) => new MaximumSegmentSize(BinaryPrimitives.ReadUInt16BigEndian(body)),
            (3, 1) => new WindowScale(body[0]),
            (4, 0) => new SackPermitted(),
            (5, _) when body.Length % 8 == 0 => new Sack(BlocksOf(body)),
            (8, 8) => new Timestamps(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..])),
            _ => new Other(kind, body.ToArray()),
        }, endOfListEnds: false);

    private static List<(uint, uint)> BlocksOf(ReadOnlySpan<byte> body)
    {
        var blocks = new List<(uint, uint)>();
        for (var i = 0; i + 8 <= body.Length; i += 8)
        {
            blocks.Add((BinaryPrimitives.ReadUInt32BigEndian(body[i..]), BinaryPrimitives.ReadUInt32BigEndian(body[(i + 4)..])));
        }
        return blocks;
    }

    /// <summary>
    /// Decodes the options between <paramref name="start"/> and <paramref name="end"/> into the TCP layer,
    /// field by field. As Wireshark does, each zero byte after an end of list is another end of list.
    /// </summary>
    internal static void Dissect(Dissection d, DecodedLayer tcp, int start, int end)
    {
        var position = start;
        while (position < end && position < d.Bytes.Length)
        {
            var kind = (int?)d.Peek(position, 1);
            if (kind is 0 or 1)
            {
                var single = d.Layer(tcp.Layers, Layout(kind, 1, null).Protocol, Layout(kind, 1, null).Title, position);
                d.Add(single, KindField, position);
                single.Length = 1;
                position++;
                continue;
            }
            var size = (int?)d.Peek(position + 1, 1);
            // Only a Multipath TCP option's layout depends on its bytes (its subtype): no copy of the others.
            var body = kind == 30 && size is >= 2 && position + size <= Math.Min(end, d.Bytes.Length) && d.Bytes.IsKnown(position + 2, size.Value - 2)
                ? d.Bytes.Data[(position + 2)..(position + size.Value)] : null;
            var layout = Layout(kind, size ?? 0, body);
            var option = d.Layer(tcp.Layers, layout.Protocol, layout.Title, position);
            d.Add(option, KindField, position);
            d.Add(option, LengthField, position);
            if (kind is null || size is null) break;
            if (size < 2 || position + size > end)
            {
                Ipv4.MarkBad(option.Fields[^1], size < 2 ? "an option with a length is at least 2 bytes" : $"runs past the {end - start}-byte option space");
                break;
            }
            foreach (var field in layout.Fields) d.Add(option, field, position);
            option.Length = size.Value;
            position += size.Value;
        }
    }
}
