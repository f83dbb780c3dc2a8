namespace TraceImport.Decoding;

/// <summary>How a field's value is shown: as Wireshark's "-T fields" output shows it.</summary>
public enum FieldFormat
{
    Decimal,
    /// <summary>0x-prefixed, zero-padded to the field's width (ip.id 0x1b68, eth.type 0x0800).</summary>
    Hex,
    /// <summary>A single bit shown as 0 or 1.</summary>
    Flag,
    Mac,
    Ipv4,
    Ipv6,
    /// <summary>Bytes shown as continuous hex (tcp.options.sack_perm 0402).</summary>
    Bytes,
    /// <summary>Bytes that are text (the first line of FTP, HTTP…).</summary>
    Text,
}

/// <summary>
/// One field of a protocol header, declared once: where it lies (bits from the header's start),
/// its Wireshark display-filter name, how its value reads and what it means. The decoder reads
/// headers through these declarations, and rebuilds write through the same ones.
/// </summary>
public sealed record FieldSpec(string Name, string Label, int BitOffset, int BitLength, FieldFormat Format)
{
    /// <summary>
    /// The Wireshark display-filter name (ip.src). Held interned, as the literals the decoder and the rules look
    /// fields up by are: such a lookup finds its field by reference (<see cref="DecodedLayer.Field"/>).
    /// </summary>
    public string Name
    {
        get;
        init
        {
            field = string.Intern(value);
            IsChecksum = IsChecksumName(value);
        }
    } = string.Intern(Name);

    /// <summary>Scales the raw number into the value Wireshark shows (ip.hdr_len: ×4).</summary>
    public int Scale { get; init; } = 1;

    /// <summary>Hex digits shown, where Wireshark shows the field at its storage width (ipv6.tclass: 8).</summary>
    public int? HexDigits { get; init; }

    /// <summary>What the value means, when there is more to say than the value.</summary>
    public Func<ulong, string?>? Meaning { get; init; }

    /// <summary>
    /// The value as Wireshark shows it where that is not the number in the field's format (tcp.flags.str
    /// ··········S·, a window scale's multiplier): given the raw number, before <see cref="Scale"/>.
    /// </summary>
    public Func<ulong, string>? Render { get; init; }

    /// <summary>A whole-byte number stored least significant byte first (the BSD loopback family, in the capturing host's order).</summary>
    public bool LittleEndian { get; init; }

    /// <summary>Bit fields inside this one (ip.flags.df inside ip.flags), at offsets from the header's start.</summary>
    public IReadOnlyList<FieldSpec> Bits { get => bits; init => bits = [.. value]; }

    /// <summary>
    /// Held as an array whatever list it was given: every field of every packet is read through its spec, and
    /// a loop over an array makes no enumerator and no interface call.
    /// </summary>
    private readonly FieldSpec[] bits = [];

    internal ReadOnlySpan<FieldSpec> BitSpan => bits;

    public int ByteOffset => BitOffset / 8;

    public bool IsByteAligned => BitOffset % 8 == 0 && BitLength % 8 == 0;

    /// <summary>The name ends in ".checksum": asked of every field of every packet the diagnosis sees, so answered once (again when a copy is renamed).</summary>
    public bool IsChecksum { get; private init; } = IsChecksumName(Name);

    private static bool IsChecksumName(string name) => name.EndsWith(".checksum", StringComparison.Ordinal);

    public int EndBit => BitOffset + BitLength;

    public static FieldSpec Number(string name, string label, int bitOffset, int bitLength) =>
        new(name, label, bitOffset, bitLength, FieldFormat.Decimal);

    public static FieldSpec Hex(string name, string label, int bitOffset, int bitLength) =>
        new(name, label, bitOffset, bitLength, FieldFormat.Hex);

    public static FieldSpec Flag(string name, string label, int bitOffset) =>
        new(name, label, bitOffset, 1, FieldFormat.Flag);

    /// <summary>A source and a destination of the same kind, one after the other (ports, addresses).</summary>
    public static IEnumerable<FieldSpec> SourceAndDestination(string source, string destination, string what, int bitOffset, int bitLength, FieldFormat format) =>
    [
        new(source, $"Source {what}", bitOffset, bitLength, format),
        new(destination, $"Destination {what}", bitOffset + bitLength, bitLength, format),
    ];

    /// <summary>One-bit flags in consecutive bits, the first at <paramref name="firstBit"/>.</summary>
    public static IEnumerable<FieldSpec> Flags(int firstBit, params (string Name, string Label)[] flags) =>
        flags.Select((flag, i) => Flag(flag.Name, flag.Label, firstBit + i));

    public static FieldSpec Named(string name, string label, int bitOffset, int bitLength, FieldFormat format, IReadOnlyDictionary<ulong, string> names) =>
        new(name, label, bitOffset, bitLength, format) { Meaning = v => names.TryGetValue(v, out var n) ? n : null };
}

/// <summary>A protocol header as a list of fields: the schema of one protocol.</summary>
public sealed record HeaderSpec(string Protocol, string Title, int Length, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>Held as an array, as <see cref="FieldSpec.Bits"/> is: the decoder loops over it for every header of every packet.</summary>
    private readonly FieldSpec[] fields = [.. Fields];

    public IReadOnlyList<FieldSpec> Fields { get => fields; init => fields = [.. value]; }

    internal ReadOnlySpan<FieldSpec> FieldSpan => fields;

    public FieldSpec this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"{Protocol} has no field {name}");

    /// <summary>The field or bit field of that name, if the header declares one.</summary>
    public FieldSpec? Find(string name)
    {
        // The header's own fields first, then their bit fields: a rebuild asks for every value a text gives.
        foreach (var field in fields)
        {
            if (field.Name == name) return field;
        }
        foreach (var field in fields)
        {
            foreach (var bit in field.Bits)
            {
                if (bit.Name == name) return bit;
            }
        }
        return null;
    }
}
