using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// An IPv4 option (RFC 791 §3.1) as a typed value: end of list and no-operation are one byte, every
/// other type has a length and data. It parses itself from bytes and emits itself through the same
/// field declarations the decoder reads it with.
/// </summary>
public sealed record IpOption(byte Type, byte[] Data) : ProtocolOption
{
    public static readonly FieldSpec TypeField = FieldSpec.Number("ip.opt.type", "Option type", 0, 8);
    public static readonly FieldSpec LengthField = FieldSpec.Number("ip.opt.len", "Option length", 8, 8);

    public static IpOption EndOfList { get; } = new(0, []);
    public static IpOption NoOperation { get; } = new(1, []);

    private bool IsSingleByte => Type is 0 or 1;

    public override int Length => IsSingleByte ? 1 : 2 + Data.Length;

    private static FieldSpec DataField(int count) => new("ip.opt.data", "Option data", 16, count * 8, FieldFormat.Bytes);

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(TypeField, offset, Type, line);
        if (IsSingleByte) return;
        image.Write(LengthField, offset, (ulong)Length, line);
        if (Data.Length > 0) image.Write(DataField(Data.Length), offset, Data, line);
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
            var option = d.Layer(ip.Layers, "ip.opt", "IPv4 option", position);
            var type = d.Add(option, TypeField, position).Number;
            if (type is null or 0 or 1)
            {
                option.Length = 1;
                position++;
                if (type is null or 0) break;
                continue;
            }
            var size = (int?)d.Add(option, LengthField, position).Number;
            if (size is null or < 2)
            {
                Ipv4.MarkBad(option.Fields[^1], "an option with a length is at least 2 bytes");
                break;
            }
            if (size > 2) d.Add(option, DataField(size.Value - 2), position);
            option.Length = size.Value;
            position += size.Value;
        }
    }
}
