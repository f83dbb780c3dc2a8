namespace TraceImport.Decoding;

/// <summary>One decoded field: where it lies in the packet, its raw bytes, value, meaning and status.</summary>
public sealed class DecodedField
{
    // A field read from a packet keeps its spec and the packet's bytes (which nothing changes once read), and makes
    // its raw hex, shown value and meaning on first use: diagnosis decodes every packet of a trace and reads few of
    // its fields' texts, and those strings, with the field objects themselves, were most of what a decode allocated.
    private readonly FieldSpec spec;
    private readonly PacketBytes bytes;
    private readonly int rawBits;
    private readonly FieldStatus readAs;
    private bool valueMade;
    private bool meaningMade;
    private string? raw;
    private string? value;
    private string? meaning;

    /// <summary>
    /// The field <paramref name="spec"/> declares, read at <paramref name="bitOffset"/>: its raw form is the first
    /// <paramref name="rawBits"/> bits there; its value and meaning are shown as the field read (<paramref name="state"/>),
    /// whatever its status becomes later (a checksum judged bad still shows its number).
    /// </summary>
    internal DecodedField(FieldSpec spec, PacketBytes bytes, int bitOffset, int rawBits, ulong? number, FieldStatus state)
    {
        this.spec = spec;
        this.bytes = bytes;
        this.rawBits = rawBits;
        BitOffset = bitOffset;
        Number = number;
        Status = readAs = state;
        // A truncated field shows nothing; a meaning is said of a number read whole (Number is null unless it read Ok).
        valueMade = state == FieldStatus.Truncated;
        meaningMade = spec.Meaning is null || state != FieldStatus.Ok || number is null;
    }

    public string Name => spec.Name;
    public string Label => spec.Label;
    /// <summary>Bit offset from the start of the packet.</summary>
    public int BitOffset { get; }
    public int BitLength => spec.BitLength;
    /// <summary>How the field's value reads (an address, text, a number): what redaction finds addresses by.</summary>
    public FieldFormat Format => spec.Format;

    /// <summary>The bits as hex digits, X for unknown nibbles; empty when truncated away.</summary>
    public string Raw => raw ??= bytes.RawHex(BitOffset, rawBits);

    /// <summary>The value as Wireshark's "-T fields" shows it; null when it cannot be read.</summary>
    public string? Value
    {
        get
        {
            if (!valueMade)
            {
                value = FieldCodec.Show(spec, bytes, BitOffset, Number, readAs);
                valueMade = true;
            }
            return value;
        }
        set
        {
            this.value = value;
            valueMade = true;
        }
    }

    public ulong? Number { get; }

    /// <summary>What the value means (a port's service, a type's name), when there is more to say than the value.</summary>
    public string? Meaning
    {
        get
        {
            if (!meaningMade)
            {
                meaning = spec.Meaning!(Number!.Value / (ulong)spec.Scale);
                meaningMade = true;
            }
            return meaning;
        }
        set
        {
            meaning = value;
            meaningMade = true;
        }
    }

    public FieldStatus Status { get; set; }
    /// <summary>Why the status is what it is: the value a bad field should have, the bytes that are missing.</summary>
    public string? Note { get; set; }
    /// <summary>For a checksum field, the verdict as facts (cause, expected value, the bytes that kept it from being judged).</summary>
    public ChecksumVerdict? Checksum { get; set; }
    /// <summary>The fields inside this one (a flags field's flags); most fields have none, and hold no list for them.</summary>
    public IReadOnlyList<DecodedField> Bits => bits ?? (IReadOnlyList<DecodedField>)[];
    private List<DecodedField>? bits;

    /// <summary>The fields inside this one as a list, or null for none: for loops that must not make an enumerator.</summary>
    internal List<DecodedField>? BitList => bits;

    internal void AddBit(DecodedField bit) => (bits ??= []).Add(bit);

    /// <summary>Room for the bit fields a spec declares, so that the list is made once at its size.</summary>
    internal void ReserveBits(int count) => bits ??= new List<DecodedField>(count);

    public int ByteOffset => BitOffset / 8;
    public bool IsByteAligned => BitOffset % 8 == 0 && BitLength % 8 == 0;
}

/// <summary>A decoded protocol header (or payload), with the layers nested in it (the datagram an ICMP error quotes).</summary>
public sealed class DecodedLayer
{
    public required string Protocol { get; init; }
    public required string Title { get; init; }
    /// <summary>Byte offset of the layer in the packet.</summary>
    public required int Offset { get; init; }
    public int Length { get; set; }
    public List<DecodedField> Fields { get; } = [];
    public List<DecodedLayer> Layers { get; } = [];

    /// <summary>The first field of that name, or else the first bit field of that name (index loops: diagnosis asks this of every packet, mostly for a field the layer does not have).</summary>
    public DecodedField? Field(string name)
    {
        var fields = Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == name) return fields[i];
        }
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].BitList is not { } bits) continue;
            for (var j = 0; j < bits.Count; j++)
            {
                if (bits[j].Name == name) return bits[j];
            }
        }
        return null;
    }
}

/// <summary>The decode of one packet: its layers from the link layer up.</summary>
public sealed record PacketDecode(Model.Packet Packet, IReadOnlyList<DecodedLayer> Layers)
{
    /// <summary>Every field in document order, nested layers included (a list made when asked, so later changes to the decode show).</summary>
    public IReadOnlyList<(DecodedField Field, int Depth)> AllFields()
    {
        var count = 0;
        foreach (var layer in Layers) count += CountFields(layer);
        var all = new List<(DecodedField, int)>(count);
        foreach (var layer in Layers) AddFields(layer, 0, all);
        return all;
    }

    private static int CountFields(DecodedLayer layer)
    {
        var count = layer.Fields.Count;
        foreach (var field in layer.Fields) count += field.BitList?.Count ?? 0;
        foreach (var nested in layer.Layers) count += CountFields(nested);
        return count;
    }

    private static void AddFields(DecodedLayer layer, int depth, List<(DecodedField, int)> all)
    {
        foreach (var field in layer.Fields)
        {
            all.Add((field, depth));
            if (field.BitList is { } bits) foreach (var bit in bits) all.Add((bit, depth));
        }
        foreach (var nested in layer.Layers) AddFields(nested, depth + 1, all);
    }
}
