using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// ERSPAN (Cisco's encapsulated remote SPAN, draft-foschiano-erspan) inside GRE: type II (protocol type
/// 0x88BE, an 8-byte header of version 1) and type III (0x22EB, 12 bytes of version 2 and an optional
/// platform subheader), then the mirrored Ethernet frame. Under 0x88BE a payload that is not a version 1
/// header is type I: the frame itself.
/// </summary>
public sealed class Erspan : ProtocolLayer
{
    public static readonly Erspan TypeTwo = new(2, "Encapsulated Remote Switch Packet ANalysis Type II", 8,
    [
        FieldSpec.Number("erspan.version", "Version", 0, 4),
        FieldSpec.Number("erspan.vlan", "Vlan", 4, 12),
        FieldSpec.Number("erspan.cos", "COS", 16, 3),
        FieldSpec.Named("erspan.encap", "Encap", 19, 2, FieldFormat.Decimal, Encapsulations),
        FieldSpec.Number("erspan.truncated", "Truncated", 21, 1),
        FieldSpec.Number("erspan.spanid", "SpanID", 22, 10),
        FieldSpec.Number("erspan.reserved", "Reserved", 32, 12),
        FieldSpec.Number("erspan.index", "Index", 44, 20),
    ]);

    public static readonly Erspan TypeThree = new(3, "Encapsulated Remote Switch Packet ANalysis Type III", 12,
    [
        FieldSpec.Number("erspan.version", "Version", 0, 4),
        FieldSpec.Number("erspan.vlan", "Vlan", 4, 12),
        FieldSpec.Number("erspan.cos", "COS", 16, 3),
        FieldSpec.Number("erspan.bso", "Bad/Short/Oversized", 19, 2),
        FieldSpec.Number("erspan.truncated", "Truncated", 21, 1),
        FieldSpec.Number("erspan.spanid", "SpanID", 22, 10),
        FieldSpec.Number("erspan.timestamp", "Timestamp", 32, 32),
        FieldSpec.Number("erspan.sgt", "Security Group Tag", 64, 16),
        FieldSpec.Number("erspan.p", "Protocol (P)", 80, 1),
        FieldSpec.Number("erspan.ft", "Frame Type", 81, 5),
        FieldSpec.Number("erspan.hw", "Hardware ID", 86, 6),
        FieldSpec.Flag("erspan.direction", "Direction", 92),
        FieldSpec.Number("erspan.gra", "Timestamp granularity", 93, 2),
        FieldSpec.Number("erspan.o", "Optional sub-header", 95, 1),
    ]);

    private static IReadOnlyDictionary<ulong, string> Encapsulations => new Dictionary<ulong, string>
    {
        [0] = "Originally without VLAN tag", [1] = "Originally ISL encapsulated", [2] = "Originally 802.1Q encapsulated", [3] = "VLAN tag preserved in frame",
    };

    private Erspan(int type, string title, int length, IReadOnlyList<FieldSpec> fields) : base(new HeaderSpec("erspan", title, length, fields)) => Type = type;

    /// <summary>The ERSPAN type, II or III.</summary>
    public int Type { get; }

    /// <summary>The platform-specific subheader a type III header's O bit announces: platform ID, then 58 bits it defines.</summary>
    private static readonly IReadOnlyList<FieldSpec> Platform =
        [FieldSpec.Number("erspan.platid", "Platform ID", 96, 6), FieldSpec.Number("erspan.pid.rsvd", "Platform-specific", 102, 58)];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var version = FieldCodec.Read(FieldSpec.Number("version", "", 0, 4), d.Bytes, offset).Number;
        if (Type == 2 && version != 1) return Ethernet.Layer.Parse(d, into, slot);
        var erspan = d.Header(into, Header, offset);
        var length = Header.Length;
        if (Type == 3 && Dissection.NumberOf(erspan, "erspan.o") == 1)
        {
            foreach (var spec in Platform) d.Add(erspan, spec, offset);
            length += 8;
            erspan.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - offset));
        }
        var frame = offset + length;
        if (frame >= Math.Min(slot.End, d.Bytes.Length)) return null;
        if (Type == 3 && Dissection.NumberOf(erspan, "erspan.ft") is not 0) Payload.Data(d, into, frame, slot.End);
        else Ethernet.Layer.Parse(d, into, slot with { Offset = frame });
        return null;
    }

    public override IEnumerable<FieldSpec> Fields(FieldValues values) => Type == 3 ? [.. Header.Fields, .. Platform] : Header.Fields;

    public override int HeaderLength(FieldValues values) => Header.Length + (Type == 3 && ValueOf("erspan.o", values) == 1 ? 8 : 0);
}
