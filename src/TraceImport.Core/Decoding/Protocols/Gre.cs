using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// GRE (RFC 2784, RFC 2890; version 1 as PPTP uses it, RFC 2637): flags that say which optional
/// fields follow — checksum and offset, key, sequence number, acknowledgement — then what the
/// protocol type names, looked up as an EtherType. Its checksum covers the GRE header and payload.
/// </summary>
public sealed class Gre() : ProtocolLayer(new HeaderSpec("gre", "Generic Routing Encapsulation", 4,
[
    FlagsAndVersion(version1: false),
    FieldSpec.Named("gre.proto", "Protocol type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
]))
{
    public static readonly Gre Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "gre.proto");

    public override string ChecksumField => "gre.checksum";

    private static FieldSpec FlagsAndVersion(bool version1) => FieldSpec.Hex("gre.flags_and_version", "Flags and version", 0, 16) with
    {
        Bits =
        [
            .. FieldSpec.Flags(0, ("gre.flags.checksum", "Checksum present"), ("gre.flags.routing", "Routing present"), ("gre.flags.key", "Key present"),
                ("gre.flags.sequence_number", "Sequence number present"), ("gre.flags.strict_source_route", "Strict source route")),
            FieldSpec.Number("gre.flags.recursion_control", "Recursion control", 5, 3),
            .. version1
                ? (FieldSpec[])[FieldSpec.Flag("gre.flags.ack", "Acknowledgment present", 8), FieldSpec.Number("gre.flags.reserved", "Reserved", 9, 4)]
                : [FieldSpec.Number("gre.flags.reserved", "Reserved", 8, 5)],
            FieldSpec.Number("gre.flags.version", "Version", 13, 3),
        ],
    };

    private static readonly FieldSpec Version1Flags = FlagsAndVersion(version1: true);
    private static readonly FieldSpec VersionField = FieldSpec.Number("gre.flags.version", "Version", 13, 3);

    /// <summary>The optional fields the flags call for, in order after the first four bytes.</summary>
    private static List<FieldSpec> Optional(bool checksum, bool routing, bool key, bool sequence, bool ack, ulong? version)
    {
        var fields = new List<FieldSpec>();
        var at = 32;
        if (checksum || routing)
        {
            fields.Add(FieldSpec.Hex("gre.checksum", "Checksum", at, 16));
            fields.Add(FieldSpec.Number("gre.offset", "Offset", at + 16, 16));
            at += 32;
        }
        if (key)
        {
            fields.AddRange(version == 1
                ? [FieldSpec.Number("gre.key.payload_length", "Payload length", at, 16), FieldSpec.Number("gre.key.call_id", "Call ID", at + 16, 16)]
                : [FieldSpec.Hex("gre.key", "Key", at, 32)]);
            at += 32;
        }
        if (sequence)
        {
            fields.Add(FieldSpec.Number("gre.sequence_number", "Sequence number", at, 32));
            at += 32;
        }
        if (ack && version == 1) fields.Add(FieldSpec.Number("gre.ack_number", "Acknowledgment number", at, 32));
        return fields;
    }

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var version = FieldCodec.Read(VersionField, d.Bytes, offset).Number;
        var gre = d.Layer(into, Header.Protocol, Header.Title, offset);
        var flags = d.Add(gre, version == 1 ? Version1Flags : Header.Fields[0], offset);
        d.Add(gre, Header.Fields[1], offset);
        bool Set(string name) => flags.Bits.FirstOrDefault(b => b.Name == name)?.Number == 1;
        var optional = Optional(Set("gre.flags.checksum"), Set("gre.flags.routing"), Set("gre.flags.key"), Set("gre.flags.sequence_number"), Set("gre.flags.ack"), version);
        foreach (var spec in optional) d.Add(gre, spec, offset);
        var length = 4 + optional.Sum(f => f.BitLength) / 8;
        gre.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - offset));
        if (gre.Field("gre.checksum") is { } checksum && Set("gre.flags.checksum") && !slot.Quoted) d.JudgeChecksum(checksum, offset, slot.End - offset);

        var end = Math.Min(slot.End, d.Bytes.Length);
        var payload = offset + length;
        if (payload >= end) return null;
        // Source routing entries follow a routing flag: what comes after them is not decoded.
        if (Set("gre.flags.routing") || Dissection.NumberOf(gre, "gre.proto") is not { } protocol) Payload.Data(d, into, payload, end);
        else d.Next(into, BindingTable.EtherType, protocol, slot with { Offset = payload });
        return null;
    }

    /// <summary>The fixed fields and the optional ones the flags the text gives call for.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values)
    {
        bool Set(string name) => ValueOf(name, values) == 1;
        return Header.Fields.Concat(Optional(Set("gre.flags.checksum"), Set("gre.flags.routing"), Set("gre.flags.key"), Set("gre.flags.sequence_number"), false,
            ValueOf("gre.flags.version", values)));
    }

    public override int HeaderLength(FieldValues values) => 4 + Fields(values).Skip(2).Sum(f => f.BitLength) / 8;
}
