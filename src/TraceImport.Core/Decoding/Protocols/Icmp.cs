namespace TraceImport.Decoding.Protocols;

/// <summary>
/// ICMP (RFC 792): echo, errors quoting the datagram that caused them, redirect, timestamp, address
/// mask and router advertisement; an error's RFC 4884 length and extension structure, and the MPLS
/// label stack object of RFC 4950 in it.
/// </summary>
public sealed class Icmp() : IcmpMessage("icmp", "Internet Control Message Protocol", Names.IcmpTypes)
{
    public static readonly Icmp Layer = new();

    /// <summary>The variants: what each kind of message holds after its checksum.</summary>
    private static readonly IReadOnlyList<FieldSpec> Echo =
    [
        FieldSpec.Number("icmp.ident", "Identifier (BE)", 32, 16), FieldSpec.Number("icmp.ident_le", "Identifier (LE)", 32, 16) with { LittleEndian = true },
        FieldSpec.Number("icmp.seq", "Sequence number (BE)", 48, 16), FieldSpec.Number("icmp.seq_le", "Sequence number (LE)", 48, 16) with { LittleEndian = true },
    ];
    private static readonly IReadOnlyList<FieldSpec> Timestamp =
    [
        .. Echo, FieldSpec.Number("icmp.originate_timestamp", "Originate timestamp", 64, 32),
        FieldSpec.Number("icmp.receive_timestamp", "Receive timestamp", 96, 32), FieldSpec.Number("icmp.transmit_timestamp", "Transmit timestamp", 128, 32),
    ];
    private static readonly IReadOnlyList<FieldSpec> AddressMask = [.. Echo, new("icmp.address_mask", "Address mask", 64, 32, FieldFormat.Ipv4)];
    private static readonly IReadOnlyList<FieldSpec> Error = [Unused(32, 32)];
    private static readonly IReadOnlyList<FieldSpec> ErrorWithLength = [Unused(32, 8), .. OriginalLength, Unused(48, 16)];
    private static readonly IReadOnlyList<FieldSpec> FragmentationNeeded = [Unused(32, 16), FieldSpec.Number("icmp.mtu", "MTU of next hop", 48, 16)];
    private static readonly IReadOnlyList<FieldSpec> Redirect = [new("icmp.redir_gw", "Gateway address", 32, 32, FieldFormat.Ipv4)];
    private static readonly IReadOnlyList<FieldSpec> ParameterProblem = [FieldSpec.Number("icmp.pointer", "Pointer", 32, 8), Unused(40, 24)];
    private static readonly IReadOnlyList<FieldSpec> ParameterProblemWithLength = [FieldSpec.Number("icmp.pointer", "Pointer", 32, 8), .. OriginalLength, Unused(48, 16)];
    private static readonly IReadOnlyList<FieldSpec> RouterAdvertisementHeader =
    [
        FieldSpec.Number("icmp.num_addrs", "Number of addresses", 32, 8), FieldSpec.Number("icmp.addr_entry_size", "Address entry size", 40, 8),
        FieldSpec.Number("icmp.lifetime", "Lifetime", 48, 16),
    ];

    private static FieldSpec Unused(int bitOffset, int bitLength) => new("icmp.unused", "Unused", bitOffset, bitLength, FieldFormat.Bytes);

    /// <summary>RFC 4884's length of the quoted datagram, in 32-bit words, and as Wireshark also shows it, in bytes.</summary>
    private static IReadOnlyList<FieldSpec> OriginalLength =>
    [
        FieldSpec.Number("icmp.length", "Length of original datagram", 40, 8) with { Meaning = v => $"{v} × 4 = {v * 4} bytes" },
        FieldSpec.Number("icmp.length.original_datagram", "Length of original datagram (bytes)", 40, 8) with { Scale = 4 },
    ];

    private static readonly Dictionary<ulong, IReadOnlyDictionary<ulong, string>> CodeNames = new()
    {
        [3] = Names.UnreachableCodes, [5] = Names.RedirectCodes, [11] = Names.TimeExceededCodes, [12] = Names.ParameterProblemCodes,
    };

    protected override IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code, ulong? length) => type switch
    {
        0 or 8 or 15 or 16 => Echo,
        13 or 14 => Timestamp,
        17 or 18 => AddressMask,
        3 when code == 4 => FragmentationNeeded,
        3 or 11 when length is > 0 => ErrorWithLength,
        3 or 4 or 11 => Error,
        5 => Redirect,
        12 when length is > 0 => ParameterProblemWithLength,
        12 => ParameterProblem,
        9 => RouterAdvertisementHeader,
        10 => [Unused(32, 32)],
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
        if (type == 9)
        {
            RouterAddresses(d, icmp, slot);
            return null;
        }
        var quoted = ParseBody(d, icmp, rest, slot);
        if (type == 12) ExplainPointer(rest[0], quoted);
        return null;
    }

    /// <summary>A router advertisement's addresses, each with its preference level.</summary>
    private static void RouterAddresses(Dissection d, DecodedLayer icmp, Slot slot)
    {
        var count = (int)(Dissection.NumberOf(icmp, "icmp.num_addrs") ?? 0);
        var end = Math.Min(slot.End, d.Bytes.Length);
        for (var i = 0; i < count && slot.Offset + 8 + 8 * i < end; i++)
        {
            var at = 64 + 64 * i;
            d.Add(icmp, new FieldSpec("icmp.router_address", "Router address", at, 32, FieldFormat.Ipv4), slot.Offset);
            d.Add(icmp, FieldSpec.Number("icmp.pref_level", "Preference level", at + 32, 32) with { Render = v => ((int)(uint)v).ToString(System.Globalization.CultureInfo.InvariantCulture) }, slot.Offset);
        }
        icmp.Length = end - slot.Offset;
    }

    /// <summary>The datagram an ICMP error quotes: its IP header and the start of its payload, decoded as deep as it goes.</summary>
    protected override DecodedLayer? ParseQuote(Dissection d, DecodedLayer icmp, int offset, int end)
    {
        Ipv4.Layer.Parse(d, icmp.Layers, new Slot(offset, end, Quoted: true));
        var quoted = icmp.Layers.FirstOrDefault(l => l.Protocol == "ip");
        if (quoted is not null) quoted.Length = Math.Min(quoted.Length, d.Bytes.Length - offset);
        return quoted;
    }

    /// <summary>The size RFC 4884 pads a quoted datagram to when extensions follow it without a length (RFC 4950's MPLS routers).</summary>
    private const int CompatibleQuote = 128;

    /// <summary>
    /// An extension structure (version 2) after the quoted datagram: where the length field says it
    /// ends, or, with no length, after 128 bytes of it when a version 2 header is there, as Wireshark looks.
    /// </summary>
    protected override int? ExtensionsAt(Dissection d, DecodedLayer icmp, Slot slot)
    {
        if (Dissection.NumberOf(icmp, "icmp.type") is not (3 or 11 or 12) || Dissection.NumberOf(icmp, "icmp.mtu") is not null) return null;
        var words = Dissection.NumberOf(icmp, "icmp.length") ?? 0;
        var at = slot.Offset + 8 + (words > 0 ? (int)words * 4 : CompatibleQuote);
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (at + 4 > end || !d.Bytes.IsKnown(at, 1) || d.Bytes.Data[at] >> 4 != 2) return null;
        return at;
    }

    private static readonly HeaderSpec Extension = new("icmp.ext", "ICMP Multi-Part Extensions", 4,
    [
        FieldSpec.Number("icmp.ext.version", "Version", 0, 4),
        FieldSpec.Hex("icmp.ext.res", "Reserved", 4, 12) with { HexDigits = 4 },
        FieldSpec.Hex("icmp.ext.checksum", "Checksum", 16, 16),
    ]);

    private static readonly HeaderSpec ExtensionObject = new("icmp.ext.object", "Extension object", 4,
    [
        FieldSpec.Number("icmp.ext.length", "Length", 0, 16),
        FieldSpec.Named("icmp.ext.class", "Class-Num", 16, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [1] = "MPLS Label Stack Class", [2] = "Interface Information Object" }),
        FieldSpec.Number("icmp.ext.ctype", "C-Type", 24, 8),
    ]);

    private static readonly HeaderSpec MplsEntry = new("icmp.mpls", "MPLS Stack Entry", 4,
    [
        FieldSpec.Named("icmp.mpls.label", "Label", 0, 20, FieldFormat.Decimal, Names.MplsLabels),
        FieldSpec.Number("icmp.mpls.exp", "Experimental", 20, 3),
        FieldSpec.Flag("icmp.mpls.s", "Stack bottom", 23),
        FieldSpec.Number("icmp.mpls.ttl", "Time to live", 24, 8),
    ]);

    /// <summary>The extension header (its checksum over the whole structure), then each object: its header, and an MPLS label stack as entries.</summary>
    protected override void ParseExtensions(Dissection d, DecodedLayer icmp, int offset, int end, bool quoted)
    {
        var extension = d.Header(icmp.Layers, Extension, offset);
        if (!quoted) d.JudgeChecksum(extension.Field("icmp.ext.checksum")!, offset, end - offset);
        extension.Length = end - offset;
        var position = offset + 4;
        while (position + 4 <= end)
        {
            var item = d.Header(extension.Layers, ExtensionObject, position);
            if (Dissection.NumberOf(item, "icmp.ext.length") is not { } length || length < 4) break;
            var objectEnd = Math.Min(position + (int)length, end);
            item.Length = objectEnd - position;
            var isMpls = Dissection.NumberOf(item, "icmp.ext.class") == 1 && Dissection.NumberOf(item, "icmp.ext.ctype") == 1;
            if (isMpls)
            {
                for (var entry = position + 4; entry + 4 <= objectEnd; entry += 4) d.Header(item.Layers, MplsEntry, entry);
            }
            else if (objectEnd > position + 4)
            {
                d.Add(item, new FieldSpec("icmp.ext.data", "Data", 32, (objectEnd - position - 4) * 8, FieldFormat.Bytes), position);
            }
            position += (int)length;
        }
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
