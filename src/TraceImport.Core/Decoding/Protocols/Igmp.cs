using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// IGMP (IP protocol 2): version 1 (RFC 1112), version 2 (RFC 2236) and version 3 (RFC 9776) queries,
/// reports and leaves, told apart as Wireshark tells them, by type, length and maximum response time;
/// version 3 reports' group records. The checksum covers the message.
/// </summary>
public sealed class Igmp() : ProtocolLayer(new HeaderSpec("igmp", "Internet Group Management Protocol", 8, [TypeField, MaxResp, Checksum, Group]))
{
    private static readonly FieldSpec TypeField = FieldSpec.Named("igmp.type", "Type", 0, 8, FieldFormat.Hex, Names.IgmpTypes);
    private static readonly FieldSpec MaxResp = FieldSpec.Number("igmp.max_resp", "Max resp time", 8, 8) with { Meaning = v => $"{v / 10.0:0.0} s" };
    private static readonly FieldSpec Checksum = FieldSpec.Hex("igmp.checksum", "Checksum", 16, 16);
    private static readonly FieldSpec Group = new("igmp.maddr", "Multicast address", 32, 32, FieldFormat.Ipv4);

    // After the fields the header declares: static fields are initialised in the order they are written.
    public static readonly Igmp Layer = new();

    private static readonly IReadOnlyList<FieldSpec> Version1 = [TypeField, new("igmp.reserved", "Unused", 8, 8, FieldFormat.Bytes), Checksum, Group];
    private static readonly IReadOnlyList<FieldSpec> Version2 = [TypeField, MaxResp, Checksum, Group];
    private static readonly IReadOnlyList<FieldSpec> Version3Query =
    [
        TypeField, MaxResp, Checksum, Group,
        FieldSpec.Number("igmp.reserved", "Reserved", 64, 4), FieldSpec.Flag("igmp.s", "S", 68), FieldSpec.Number("igmp.qrv", "QRV", 69, 3),
        FieldSpec.Number("igmp.qqic", "QQIC", 72, 8), FieldSpec.Number("igmp.num_src", "Number of sources", 80, 16),
    ];
    private static readonly IReadOnlyList<FieldSpec> Version3Report =
    [
        TypeField, new("igmp.reserved", "Reserved", 8, 8, FieldFormat.Bytes), Checksum,
        new("igmp.reserved", "Reserved", 32, 16, FieldFormat.Bytes), FieldSpec.Number("igmp.num_grp_recs", "Number of group records", 48, 16),
    ];

    public override string ChecksumField => "igmp.checksum";

    /// <summary>The version a message is, as Wireshark decides it: a query's length and maximum response time tell v1, v2 and v3 apart.</summary>
    private static int? VersionOf(ulong? type, int length, ulong? maxResp) => type switch
    {
        0x11 when length >= 12 => 3,
        0x11 => maxResp == 0 ? 1 : 2,
        0x12 => 1,
        0x16 or 0x17 => 2,
        0x22 => 3,
        _ => null,
    };

    private static IReadOnlyList<FieldSpec> Variant(ulong? type, int? version) => (type, version) switch
    {
        (0x11, 3) => Version3Query,
        (0x22, _) => Version3Report,
        (_, 1) => Version1,
        _ => Version2,
    };

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        var type = FieldCodec.Read(TypeField, d.Bytes, offset).Number;
        var version = VersionOf(type, slot.End - offset, FieldCodec.Read(MaxResp, d.Bytes, offset).Number);
        var igmp = d.Layer(into, Header.Protocol, version is { } v ? $"Internet Group Management Protocol version {v}" : Header.Title, offset);
        foreach (var spec in Variant(type, version)) d.Add(igmp, spec, offset);
        if (!slot.Quoted) d.JudgeChecksum(igmp.Field("igmp.checksum")!, offset, slot.End - offset, firstFragment: slot.FirstFragment);
        var position = offset + (type == 0x22 || version == 3 ? 12 : 8);
        if (type == 0x11 && version == 3)
        {
            var sources = Dissection.NumberOf(igmp, "igmp.num_src") ?? 0;
            for (ulong i = 0; i < sources && position + 4 <= end; i++, position += 4) d.Add(igmp, new FieldSpec("igmp.saddr", "Source address", 0, 32, FieldFormat.Ipv4), position);
        }
        else if (type == 0x22)
        {
            position = offset + 8;
            var records = Dissection.NumberOf(igmp, "igmp.num_grp_recs") ?? 0;
            for (ulong i = 0; i < records && position + 8 <= end; i++) position = GroupRecord(d, igmp, position, end);
        }
        igmp.Length = Math.Max(0, Math.Min(position, end) - offset);
        if (position < end) Payload.Data(d, igmp.Layers, position, end);
        return null;
    }

    /// <summary>A version 3 group record: type, auxiliary data length (in words), number of sources, the group, the sources, the auxiliary data.</summary>
    private static int GroupRecord(Dissection d, DecodedLayer igmp, int position, int end)
    {
        var record = d.Layer(igmp.Layers, "igmp.record", "Group record", position);
        d.Add(record, FieldSpec.Named("igmp.record_type", "Record type", 0, 8, FieldFormat.Decimal, Names.MulticastRecordTypes), position);
        var auxiliary = (int)(d.Add(record, FieldSpec.Number("igmp.aux_data_len", "Aux data len", 8, 8), position).Number ?? 0) * 4;
        var sources = (int)(d.Add(record, FieldSpec.Number("igmp.num_src", "Number of sources", 16, 16), position).Number ?? 0);
        d.Add(record, new FieldSpec("igmp.maddr", "Multicast address", 32, 32, FieldFormat.Ipv4), position);
        for (var s = 0; s < sources; s++) d.Add(record, new FieldSpec("igmp.saddr", "Source address", 64 + 32 * s, 32, FieldFormat.Ipv4), position);
        if (auxiliary > 0) d.Add(record, new FieldSpec("igmp.aux_data", "Aux data", (8 + 4 * sources) * 8, auxiliary * 8, FieldFormat.Bytes), position);
        var length = 8 + 4 * sources + auxiliary;
        record.Length = Math.Min(length, end - position);
        return position + length;
    }

    /// <summary>The fields of the variant the values a text gives select.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values)
    {
        var type = ValueOf("igmp.type", values);
        var version = values.Has("igmp.num_grp_recs") || values.Has("igmp.qqic") ? 3 : values.Has("igmp.max_resp") ? 2 : 1;
        return Variant(type, version);
    }

    public override int HeaderLength(FieldValues values) => Fields(values).Max(f => f.EndBit) / 8;
}
