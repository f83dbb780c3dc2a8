using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// GENEVE (RFC 8926), on UDP port 6081: an 8-byte header, options as long as the header says, then
/// what its protocol type names (an Ethernet frame for 0x6558).
/// </summary>
public sealed class Geneve() : ProtocolLayer(new HeaderSpec("geneve", "Generic Network Virtualization Encapsulation", 8,
[
    FieldSpec.Number("geneve.version", "Version", 0, 2),
    FieldSpec.Number("geneve.option.length", "Options length", 2, 6) with { Scale = 4, Meaning = v => $"{v} × 4 = {v * 4} bytes of options" },
    FieldSpec.Hex("geneve.flags", "Flags", 8, 8) with
    {
        Bits =
        [
            FieldSpec.Flag("geneve.flags.oam", "Operations, administration and management frame", 8),
            FieldSpec.Flag("geneve.flags.critical", "Critical options present", 9),
            FieldSpec.Number("geneve.flags.reserved", "Reserved", 10, 6),
        ],
    },
    FieldSpec.Named("geneve.proto_type", "Protocol type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
    FieldSpec.Hex("geneve.vni", "Virtual network identifier (VNI)", 32, 24),
    FieldSpec.Hex("geneve.reserved", "Reserved", 56, 8),
]))
{
    public static readonly Geneve Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "geneve.proto_type");

    private static readonly HeaderSpec Option = new("geneve.option", "Option", 4,
    [
        FieldSpec.Hex("geneve.option.class", "Class", 0, 16),
        FieldSpec.Hex("geneve.option.type", "Type", 16, 8),
        FieldSpec.Number("geneve.option.flags.reserved", "Reserved", 24, 3),
        // Wireshark shows the option's whole length, its 4-byte header included; the number is the data's length.
        FieldSpec.Number("geneve.option.length", "Length", 27, 5) with
        {
            Scale = 4, Render = v => ((v + 1) * 4).ToString(System.Globalization.CultureInfo.InvariantCulture), Meaning = v => $"{v} × 4 = {v * 4} bytes of data",
        },
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var geneve = d.Header(into, Header, slot.Offset);
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (Dissection.NumberOf(geneve, "geneve.option.length") is not { } optionsLength) return null;
        var payload = slot.Offset + Header.Length + (int)optionsLength;
        geneve.Length = Math.Min(payload, end) - slot.Offset;
        if (optionsLength > 0 && slot.Offset + Header.Length < d.Bytes.Length)
        {
            d.Add(geneve, new FieldSpec("geneve.options", "Options", Header.Length * 8, (int)optionsLength * 8, FieldFormat.Bytes), slot.Offset);
        }
        Options(d, geneve, slot.Offset + Header.Length, Math.Min(payload, end));
        if (payload >= end || Dissection.NumberOf(geneve, "geneve.proto_type") is not { } protocol) return null;
        return d.Next(into, BindingTable.EtherType, protocol, slot with { Offset = payload });
    }

    /// <summary>Each option: class, type, and its data in 4-byte words.</summary>
    private static void Options(Dissection d, DecodedLayer geneve, int start, int end)
    {
        var position = start;
        while (position + Option.Length <= end)
        {
            var option = d.Header(geneve.Layers, Option, position);
            if (Dissection.NumberOf(option, "geneve.option.length") is not { } bytes) break;
            var words = bytes / 4;
            var length = Option.Length + (int)bytes;
            option.Length = Math.Min(length, end - position);
            if (words > 0) d.Add(option, new FieldSpec("geneve.option.unknown.data", "Data", 32, (int)words * 32, FieldFormat.Bytes), position);
            position += length;
        }
    }

    /// <summary>The options are written as they are given (each option's bytes): geneve.options only shows them.</summary>
    public override bool IsView(string name) => name == "geneve.options";

    public override int HeaderLength(FieldValues values) => Header.Length + (int)(ValueOf("geneve.option.length", values) ?? 0);
}
