using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

public sealed class Icmp() : ProtocolLayer(new HeaderSpec("icmp", "Internet Control Message Protocol", 8,
[
    FieldSpec.Named("icmp.type", "Type", 0, 8, FieldFormat.Decimal, Names.IcmpTypes),
    FieldSpec.Number("icmp.code", "Code", 8, 8),
    FieldSpec.Hex("icmp.checksum", "Checksum", 16, 16),
]))
{
    public static readonly Icmp Layer = new();

    public override string ChecksumField => "icmp.checksum";

    private static readonly FieldSpec Identifier = FieldSpec.Number("icmp.ident", "Identifier", 32, 16);
    private static readonly FieldSpec Sequence = FieldSpec.Number("icmp.seq", "Sequence number", 48, 16);
    private static readonly FieldSpec Unused = FieldSpec.Hex("icmp.unused", "Unused", 32, 32);
    private static readonly FieldSpec UnusedBeforeMtu = FieldSpec.Hex("icmp.unused", "Unused", 32, 16);
    private static readonly FieldSpec Mtu = FieldSpec.Number("icmp.mtu", "MTU of next hop", 48, 16);
    private static readonly FieldSpec Pointer = FieldSpec.Number("icmp.pointer", "Pointer", 32, 8);
    private static readonly FieldSpec UnusedAfterPointer = FieldSpec.Hex("icmp.unused", "Unused", 40, 24);
    private static readonly FieldSpec Gateway = new("icmp.redir_gw", "Gateway address", 32, 32, FieldFormat.Ipv4);

    private static readonly Dictionary<ulong, IReadOnlyDictionary<ulong, string>> CodeNames = new()
    {
        [3] = Names.UnreachableCodes, [5] = Names.RedirectCodes, [11] = Names.TimeExceededCodes, [12] = Names.ParameterProblemCodes,
    };

    /// <summary>What each type holds after the checksum: the message's variant, read by parse and written by emit.</summary>
    private static IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code) => type switch
    {
        0 or 8 or 13 or 14 or 15 or 16 or 17 or 18 => [Identifier, Sequence],
        3 when code == 4 => [UnusedBeforeMtu, Mtu],
        3 or 4 or 11 => [Unused],
        5 => [Gateway],
        12 => [Pointer, UnusedAfterPointer],
        _ => [],
    };

    /// <summary>Destination unreachable, source quench, redirect, time exceeded, parameter problem: the types that quote a datagram.</summary>
    public static bool QuotesDatagram(ulong? type) => type is 3 or 4 or 5 or 11 or 12;

    public override bool ParsesOver(Slot slot) => slot.Ip?.Version == 4;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var icmp = d.Header(into, Header, offset);
        var type = Dissection.NumberOf(icmp, "icmp.type");
        var code = Dissection.NumberOf(icmp, "icmp.code");
        if (type is { } t && code is { } c && NamesOf(t, c).Code is { } codeName) icmp.Field("icmp.code")!.Meaning = codeName;
        if (!slot.Quoted) d.JudgeChecksum(icmp.Field("icmp.checksum")!, offset, slot.End - offset);

        var rest = Rest(type, code).Select(spec => d.Add(icmp, spec, offset)).ToList();
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (QuotesDatagram(type))
        {
            var quoted = Quoted(d, icmp, offset + 8);
            if (type == 12) ExplainPointer(rest[0], quoted);
        }
        else
        {
            // An echo's data follows its identifier and sequence number; a type this decoder does not know is data after the checksum.
            var dataStart = offset + (rest.Count > 0 ? 8 : 4);
            if (dataStart < end) Payload.Data(d, icmp.Layers, dataStart, end);
        }
        icmp.Length = end - offset;
        return null;
    }

    /// <summary>The datagram an ICMP error quotes: its IP header and the start of its payload, decoded as deep as it goes.</summary>
    private static DecodedLayer? Quoted(Dissection d, DecodedLayer icmp, int offset)
    {
        if (offset >= d.Bytes.Length) return null;
        Ipv4.Layer.Parse(d, icmp.Layers, new Slot(offset, d.Bytes.Length, Quoted: true));
        var quoted = icmp.Layers.FirstOrDefault(l => l.Protocol == "ip");
        if (quoted is not null) quoted.Length = Math.Min(quoted.Length, d.Bytes.Length - offset);
        return quoted;
    }

    /// <summary>A Parameter Problem's pointer names a byte of the quoted header: say which field it is.</summary>
    private static void ExplainPointer(DecodedField pointer, DecodedLayer? quoted)
    {
        if (pointer.Number is not { } at) return;
        pointer.Meaning = PointerTarget.Describe((int)at, PointerTarget.Of((int)at, quoted), quotedHeader: true);
    }

    /// <summary>The names of an ICMP type and code, as the meaning column gives them.</summary>
    public static (string? Type, string? Code) NamesOf(ulong type, ulong code) =>
        (Names.IcmpTypes.GetValueOrDefault(type), CodeNames.TryGetValue(type, out var codes) ? codes.GetValueOrDefault(code) : null);

    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
        Header.Fields.Concat(Rest(ValueOf("icmp.type", values), ValueOf("icmp.code", values)));

    /// <summary>Writes the message the text gives, then the datagram an error quotes, which follows the 8-byte header.</summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        var length = base.Emit(image, offset, values);
        values.Quote?.EmitAt(image, offset + length, quoted: true);
        return length;
    }
}

/// <summary>A field of the quoted IPv4 header that a Parameter Problem's pointer names, and the value the quote holds there.</summary>
public sealed record PointerTarget(string Name, string Label, string? Held)
{
    /// <summary>The fields at byte <paramref name="at"/> of the quoted header (none past its fixed 20 bytes).</summary>
    public static IReadOnlyList<PointerTarget> Of(int at, DecodedLayer? quoted) =>
        Ipv4.FieldsAtByte(at).Select(f => new PointerTarget(f.Name, f.Label, quoted?.Field(f.Name) is { } held ? held.Value ?? held.Raw : null)).ToList();

    /// <summary>"byte 10 of the quoted IP header: ip.checksum (Header checksum), which the quoted header holds as 0x0000".</summary>
    public static string Describe(int at, IReadOnlyList<PointerTarget> targets, bool quotedHeader)
    {
        if (targets.Count == 0) return $"byte {at} of the quoted datagram, past its fixed header";
        var named = string.Join("; ", targets.Select(t => t.Held is { } held ? $"{t.Name} ({t.Label}), which the quoted header holds as {held}" : $"{t.Name} ({t.Label})"));
        return quotedHeader ? $"byte {at} of the quoted IP header: {named}" : named;
    }
}
