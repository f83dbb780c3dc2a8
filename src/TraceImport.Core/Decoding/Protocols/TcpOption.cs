using System.Buffers.Binary;
using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// A TCP option as a typed value (RFC 9293 §3.1, RFC 7323, RFC 2018). Each kind's layout — the
/// subtree Wireshark names, its title and its fields after kind and length — is declared once in
/// <see cref="Layout"/>: the decoder reads options through it, and an option emits itself through it.
/// </summary>
public abstract record TcpOption(byte Kind) : ProtocolOption
{
    public static readonly FieldSpec KindField = FieldSpec.Number("tcp.option_kind", "Kind", 0, 8);
    public static readonly FieldSpec LengthField = FieldSpec.Number("tcp.option_len", "Length", 8, 8);

    public sealed record EndOfList() : TcpOption(0);

    public sealed record NoOperation() : TcpOption(1);

    public sealed record MaximumSegmentSize(ushort Size) : TcpOption(2);

    public sealed record WindowScale(byte Shift) : TcpOption(3);

    public sealed record SackPermitted() : TcpOption(4);

    public sealed record Sack(IReadOnlyList<(uint Left, uint Right)> Blocks) : TcpOption(5);

    public sealed record Timestamps(uint Value, uint EchoReply) : TcpOption(8);

    /// <summary>A kind without a layout here: its data as it is.</summary>
    public sealed record Other(byte OtherKind, byte[] Data) : TcpOption(OtherKind);

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
        WindowScale scale => [scale.Shift],
        Sack sack => sack.Blocks.SelectMany(b => new ulong[] { b.Left, b.Right }),
        Timestamps timestamps => [timestamps.Value, timestamps.EchoReply],
        _ => [],
    };

    /// <summary>A kind's subtree name, title and fields after kind and length, for an option of <paramref name="size"/> bytes.</summary>
    internal static (string Protocol, string Title, IReadOnlyList<FieldSpec> Fields) Layout(int? kind, int size) => kind switch
    {
        0 => EndOfListLayout,
        1 => NoOperationLayout,
        2 => MssLayout,
        3 => WindowScaleLayout,
        4 => SackPermittedLayout,
        5 => ("tcp.options.sack", "SACK", SackEdges(size)),
        8 => TimestampsLayout,
        _ => ("tcp.options.unknown", $"Option kind {kind?.ToString() ?? "unknown"}",
            size > 2 ? [new FieldSpec("tcp.option.data", "Option data", 16, (size - 2) * 8, FieldFormat.Bytes)] : []),
    };

    private static readonly (string, string, IReadOnlyList<FieldSpec>) EndOfListLayout = ("tcp.options.eol", "End of option list", []);
    private static readonly (string, string, IReadOnlyList<FieldSpec>) NoOperationLayout = ("tcp.options.nop", "No-operation", []);
    private static readonly (string, string, IReadOnlyList<FieldSpec>) MssLayout =
        ("tcp.options.mss", "Maximum segment size", [FieldSpec.Number("tcp.options.mss_val", "MSS", 16, 16)]);
    private static readonly (string, string, IReadOnlyList<FieldSpec>) WindowScaleLayout = ("tcp.options.wscale", "Window scale",
        [FieldSpec.Number("tcp.options.wscale.shift", "Shift count", 16, 8) with { Meaning = v => $"multiply by {1UL << (int)Math.Min(v, 30)}" }]);
    private static readonly (string, string, IReadOnlyList<FieldSpec>) SackPermittedLayout = ("tcp.options.sack_perm", "SACK permitted", []);
    private static readonly (string, string, IReadOnlyList<FieldSpec>) TimestampsLayout = ("tcp.options.timestamp", "Timestamps",
    [
        FieldSpec.Number("tcp.options.timestamp.tsval", "Timestamp value", 16, 32),
        FieldSpec.Number("tcp.options.timestamp.tsecr", "Timestamp echo reply", 48, 32),
    ]);

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

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(KindField, offset, Kind, line);
        if (IsSingleByte) return;
        image.Write(LengthField, offset, (ulong)Length, line);
        var fields = Layout(Kind, Length).Fields;
        if (this is Other { Data.Length: > 0 } other)
        {
            image.Write(fields[0], offset, other.Data, line);
            return;
        }
        foreach (var (spec, value) in fields.Zip(Values())) image.Write(spec, offset, value, line);
    }

    /// <summary>The options in an option space whose bytes are all known, up to the end of the list or a length that cannot be.</summary>
    public static List<TcpOption> Parse(ReadOnlySpan<byte> space) =>
        Walk<TcpOption>(space, kind => kind == 0 ? new EndOfList() : new NoOperation(), (kind, body) => (kind, body.Length) switch
        {
            (2, 2) => new MaximumSegmentSize(BinaryPrimitives.ReadUInt16BigEndian(body)),
            (3, 1) => new WindowScale(body[0]),
            (4, 0) => new SackPermitted(),
            (5, _) when body.Length % 8 == 0 => new Sack(BlocksOf(body)),
            (8, 8) => new Timestamps(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..])),
            _ => new Other(kind, body.ToArray()),
        });

    private static List<(uint, uint)> BlocksOf(ReadOnlySpan<byte> body)
    {
        var blocks = new List<(uint, uint)>();
        for (var i = 0; i + 8 <= body.Length; i += 8)
        {
            blocks.Add((BinaryPrimitives.ReadUInt32BigEndian(body[i..]), BinaryPrimitives.ReadUInt32BigEndian(body[(i + 4)..])));
        }
        return blocks;
    }

    /// <summary>Decodes the options between <paramref name="start"/> and <paramref name="end"/> into the TCP layer, field by field.</summary>
    internal static void Dissect(Dissection d, DecodedLayer tcp, int start, int end)
    {
        var position = start;
        while (position < end && position < d.Bytes.Length)
        {
            var kind = (int?)FieldCodec.Read(KindField, d.Bytes, position).Number;
            if (kind is 0 or 1)
            {
                var (name, title, _) = Layout(kind, 1);
                var single = d.Layer(tcp.Layers, name, title, position);
                d.Add(single, KindField, position);
                single.Length = 1;
                position++;
                if (kind == 0) break;
                continue;
            }
            var size = (int?)FieldCodec.Read(LengthField, d.Bytes, position).Number;
            var (protocol, optionTitle, fields) = Layout(kind, size ?? 0);
            var option = d.Layer(tcp.Layers, protocol, optionTitle, position);
            d.Add(option, KindField, position);
            d.Add(option, LengthField, position);
            if (kind is null || size is null) break;
            if (size < 2 || position + size > end)
            {
                Ipv4.MarkBad(option.Fields[^1], size < 2 ? "an option with a length is at least 2 bytes" : $"runs past the {end - start}-byte option space");
                break;
            }
            foreach (var field in fields) d.Add(option, field, position);
            option.Length = size.Value;
            position += size.Value;
        }
    }
}
