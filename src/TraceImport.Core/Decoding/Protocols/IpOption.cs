using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// An IPv4 option (RFC 791 §3.1) as a typed value: end of list and no-operation are one byte, every
/// other type has a length and data, laid out as <see cref="Layout"/> declares (record route, time
/// stamp, router alert…). It parses itself from bytes and emits itself through the same field
/// declarations the decoder reads it with.
/// </summary>
public sealed record IpOption(byte Type, byte[] Data) : ProtocolOption
{
    /// <summary>The type byte, with the copied flag, class and number Wireshark shows in it.</summary>
    public static readonly FieldSpec TypeField = FieldSpec.Named("ip.opt.type", "Type", 0, 8, FieldFormat.Decimal, Names.IpOptionTypes) with
    {
        Bits =
        [
            FieldSpec.Flag("ip.opt.type.copy", "Copy on fragmentation", 0),
            FieldSpec.Named("ip.opt.type.class", "Class", 1, 2, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Control", [2] = "Debugging and measurement" }),
            FieldSpec.Number("ip.opt.type.number", "Number", 3, 5),
        ],
    };

    public static readonly FieldSpec LengthField = FieldSpec.Number("ip.opt.len", "Length", 8, 8);

    public static IpOption EndOfList { get; } = new(0, []);
    public static IpOption NoOperation { get; } = new(1, []);

    private bool IsSingleByte => Type is 0 or 1;

    public override int Length => IsSingleByte ? 1 : 2 + Data.Length;

    public bool Equals(IpOption? other) => other is not null && other.Type == Type && other.Data.AsSpan().SequenceEqual(Data);

    public override int GetHashCode() => HashCode.Combine(Type, Data.Length);

    /// <summary>An option's subtree as Wireshark names it, and its fields after type and length.</summary>
    private sealed record OptionLayout(string Protocol, string Title, IReadOnlyList<FieldSpec> Fields);

    /// <summary>A type's layout for an option of <paramref name="size"/> bytes; the pointer (where it has one) decides which addresses are recorded.</summary>
    private static OptionLayout Layout(int? type, int size, ulong? pointer) => type switch
    {
        0 => new("ip.options.eol", "End of options list", []),
        1 => new("ip.options.nop", "No-operation", []),
        7 => new("ip.options.record_route", "Record route", Route(size, pointer, "ip.empty_rt", "Empty route")),
        131 => new("ip.options.route", "Loose source route", Route(size, pointer, "ip.src_rt", "Source route")),
        137 => new("ip.options.source_route", "Strict source route", Route(size, pointer, "ip.src_rt", "Source route")),
        68 when size >= 4 => new("ip.options.timestamp", "Time stamp", TimeStamp(size, pointer)),
        148 when size == 4 => new("ip.options.routeralert", "Router alert", [FieldSpec.Named("ip.opt.ra", "Router alert", 16, 16, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Router shall examine packet" })]),
        136 when size == 4 => new("ip.options.sid", "Stream ID", [FieldSpec.Number("ip.opt.sid", "Stream identifier", 16, 16)]),
        11 when size == 4 => new("ip.options.mtu_probe", "MTU probe", [FieldSpec.Number("ip.opt.mtu", "MTU", 16, 16)]),
        12 when size == 4 => new("ip.options.mtu_reply", "MTU reply", [FieldSpec.Number("ip.opt.mtu", "MTU", 16, 16)]),
        82 when size == 12 => new("ip.options.traceroute", "Traceroute",
        [
            FieldSpec.Number("ip.opt.id_number", "ID number", 16, 16), FieldSpec.Number("ip.opt.ohc", "Outbound hop count", 32, 16),
            FieldSpec.Number("ip.opt.rhc", "Return hop count", 48, 16), new FieldSpec("ip.opt.originator", "Originator IP address", 64, 32, FieldFormat.Ipv4),
        ]),
        _ => new("ip.options.unknown", $"Option type {type?.ToString() ?? "unknown"}", size > 2 ? [new FieldSpec("ip.opt.data", "Data", 16, (size - 2) * 8, FieldFormat.Bytes)] : []),
    };

    private static readonly FieldSpec Pointer = FieldSpec.Number("ip.opt.ptr", "Pointer", 16, 8);

    /// <summary>Record route and the source routes: a pointer, then addresses; those before the pointer have been recorded.</summary>
    private static List<FieldSpec> Route(int size, ulong? pointer, string ahead, string aheadLabel)
    {
        var fields = new List<FieldSpec> { Pointer };
        for (var at = 3; at + 4 <= size; at += 4)
        {
            var recorded = pointer is { } p && (ulong)at + 1 < p;
            fields.Add(new FieldSpec(recorded ? "ip.rec_rt" : ahead, recorded ? "Recorded route" : aheadLabel, at * 8, 32, FieldFormat.Ipv4));
        }
        return fields;
    }

    /// <summary>Time stamp: pointer, overflow and flag, then time stamps alone (flag 0) or each after an address.</summary>
    private static List<FieldSpec> TimeStamp(int size, ulong? flagByte)
    {
        var fields = new List<FieldSpec>
        {
            Pointer, FieldSpec.Number("ip.opt.overflow", "Overflow", 24, 4),
            FieldSpec.Named("ip.opt.flag", "Flag", 28, 4, FieldFormat.Hex, new Dictionary<ulong, string> { [0] = "Time stamps only", [1] = "Time stamp and address", [3] = "Time stamps for prespecified addresses" }),
        };
        var withAddresses = (flagByte & 0xF) is 1 or 3;
        for (var at = 4; at + (withAddresses ? 8 : 4) <= size; at += withAddresses ? 8 : 4)
        {
            if (withAddresses) fields.Add(new FieldSpec("ip.opt.time_stamp_addr", "Address", at * 8, 32, FieldFormat.Ipv4));
            fields.Add(FieldSpec.Number("ip.opt.time_stamp", "Time stamp", (at + (withAddresses ? 4 : 0)) * 8, 32));
        }
        return fields;
    }

    /// <summary>What decides the layout besides type and size: the pointer of a route, the flag byte of a time stamp.</summary>
    private static ulong? Selector(int? type, byte[] data) => type switch
    {
        7 or 131 or 137 when data.Length > 0 => data[0],
        68 when data.Length > 1 => data[1],
        _ => null,
    };

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(TypeField, offset, Type, line);
        if (IsSingleByte) return;
        image.Write(LengthField, offset, (ulong)Length, line);
        var fields = Layout(Type, Length, Selector(Type, Data)).Fields;
        EmitFields(image, offset, fields, Data, line);
        var covered = fields.Select(f => f.EndBit).DefaultIfEmpty(16).Max();
        // Bytes no field declares (a route's space short of a whole address) are written as the option's data.
        if (covered < Length * 8) image.Write(new FieldSpec("ip.opt.data", "Data", covered, Length * 8 - covered, FieldFormat.Bytes), offset, Data[(covered / 8 - 2)..], line);
    }

    /// <summary>The options in an option space whose bytes are all known, up to the end of the list or a length that cannot be.</summary>
    public static List<IpOption> Parse(ReadOnlySpan<byte> space) =>
        Walk(space, type => type == 0 ? EndOfList : NoOperation, (type, body) => new IpOption(type, body.ToArray()));

    /// <summary>Decodes the options between <paramref name="start"/> and <paramref name="end"/> into the IP layer, field by field.</summary>
    internal static void Dissect(Dissection d, DecodedLayer ip, int start, int end)
    {
        var position = start;
        while (position < end && position < d.Bytes.Length)
        {
            var type = (int?)FieldCodec.Read(TypeField, d.Bytes, position).Number;
            if (type is null or 0 or 1)
            {
                var single = Layout(type ?? 0, 1, null);
                var one = d.Layer(ip.Layers, single.Protocol, single.Title, position);
                d.Add(one, TypeField, position);
                one.Length = 1;
                position++;
                if (type is null or 0) break;
                continue;
            }
            var size = (int?)FieldCodec.Read(LengthField, d.Bytes, position).Number;
            var selectorAt = position + (type == 68 ? 3 : 2);
            var selector = selectorAt < d.Bytes.Length && d.Bytes.IsKnown(selectorAt, 1) ? d.Bytes.Data[selectorAt] : (ulong?)null;
            var layout = Layout(type, size ?? 0, selector);
            var option = d.Layer(ip.Layers, layout.Protocol, layout.Title, position);
            d.Add(option, TypeField, position);
            d.Add(option, LengthField, position);
            if (size is null or < 2)
            {
                if (size is not null) Ipv4.MarkBad(option.Fields[^1], "an option with a length is at least 2 bytes");
                break;
            }
            if (position + size.Value > end)
            {
                // Its length runs past the header: the bytes it would take are the next protocol's, not the option's.
                Ipv4.MarkBad(option.Fields[^1], $"runs past the end of the options at byte {end} ({end - position} bytes left)");
                option.Length = 2;
                break;
            }
            foreach (var spec in layout.Fields.Where(f => f.EndBit <= size * 8)) d.Add(option, spec, position);
            option.Length = size.Value;
            position += size.Value;
        }
    }
}
