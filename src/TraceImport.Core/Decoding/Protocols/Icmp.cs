namespace TraceImport.Decoding.Protocols;

public sealed class Icmp() : IcmpMessage("icmp", "Internet Control Message Protocol", Names.IcmpTypes)
{
    public static readonly Icmp Layer = new();

    /// <summary>The variants: what each kind of message holds after its checksum.</summary>
    private static readonly IReadOnlyList<FieldSpec> Echo = [FieldSpec.Number("icmp.ident", "Identifier", 32, 16), FieldSpec.Number("icmp.seq", "Sequence number", 48, 16)];
    private static readonly IReadOnlyList<FieldSpec> Error = [FieldSpec.Hex("icmp.unused", "Unused", 32, 32)];
    private static readonly IReadOnlyList<FieldSpec> FragmentationNeeded = [FieldSpec.Hex("icmp.unused", "Unused", 32, 16), FieldSpec.Number("icmp.mtu", "MTU of next hop", 48, 16)];
    private static readonly IReadOnlyList<FieldSpec> Redirect = [new("icmp.redir_gw", "Gateway address", 32, 32, FieldFormat.Ipv4)];
    private static readonly IReadOnlyList<FieldSpec> ParameterProblem = [FieldSpec.Number("icmp.pointer", "Pointer", 32, 8), FieldSpec.Hex("icmp.unused", "Unused", 40, 24)];

    private static readonly Dictionary<ulong, IReadOnlyDictionary<ulong, string>> CodeNames = new()
    {
        [3] = Names.UnreachableCodes, [5] = Names.RedirectCodes, [11] = Names.TimeExceededCodes, [12] = Names.ParameterProblemCodes,
    };

    protected override IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code) => type switch
    {
        0 or 8 or 13 or 14 or 15 or 16 or 17 or 18 => Echo,
        3 when code == 4 => FragmentationNeeded,
        3 or 4 or 11 => Error,
        5 => Redirect,
        12 => ParameterProblem,
        _ => [],
    };

    /// <summary>Destination unreachable, source quench, redirect, time exceeded, parameter problem.</summary>
    protected override bool QuotesDatagram(ulong? type) => type is 3 or 4 or 5 or 11 or 12;

    public override bool ParsesOver(Slot slot) => slot.Ip?.Version == 4;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var (icmp, rest) = ParseHeader(d, into, slot);
        var type = Dissection.NumberOf(icmp, "icmp.type");
        if (type is { } t && Dissection.NumberOf(icmp, "icmp.code") is { } c && NamesOf(t, c).Code is { } codeName) icmp.Field("icmp.code")!.Meaning = codeName;
        var quoted = ParseBody(d, icmp, rest, slot);
        if (type == 12) ExplainPointer(rest[0], quoted);
        return null;
    }

    /// <summary>The datagram an ICMP error quotes: its IP header and the start of its payload, decoded as deep as it goes.</summary>
    protected override DecodedLayer? ParseQuote(Dissection d, DecodedLayer icmp, int offset)
    {
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
