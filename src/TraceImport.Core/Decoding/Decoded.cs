namespace TraceImport.Decoding;

/// <summary>One decoded field: where it lies in the packet, its raw bytes, value, meaning and status.</summary>
public sealed class DecodedField
{
    // A field read from a packet makes its raw hex, its shown value and its meaning on first use, from the
    // packet's bytes (which nothing changes once read): diagnosis decodes every packet of a trace and reads few
    // of its fields' texts, and those strings were most of what a decode allocated.
    private PacketBytes? bytes;
    private FieldSpec? shownBy;
    private FieldSpec? meantBy;
    private FieldStatus readAs;
    private int rawBits;
    private string? raw;
    private string? value;
    private string? meaning;

    public required string Name { get; init; }
    public required string Label { get; init; }
    /// <summary>Bit offset from the start of the packet.</summary>
    public required int BitOffset { get; init; }
    public required int BitLength { get; init; }
    /// <summary>How the field's value reads (an address, text, a number): what redaction finds addresses by.</summary>
    public FieldFormat Format { get; init; }

    /// <summary>The bits as hex digits, X for unknown nibbles; empty when truncated away.</summary>
    public string Raw
    {
        get => raw ??= bytes is null ? "" : bytes.RawHex(BitOffset, rawBits);
        init => raw = value;
    }

    /// <summary>The value as Wireshark's "-T fields" shows it; null when it cannot be read.</summary>
    public string? Value
    {
        get
        {
            if (shownBy is { } spec)
            {
                value = FieldCodec.Show(spec, bytes!, BitOffset, Number, readAs);
                shownBy = null;
            }
            return value;
        }
        set
        {
            this.value = value;
            shownBy = null;
        }
    }

    public ulong? Number { get; init; }

    /// <summary>What the value means (a port's service, a type's name), when there is more to say than the value.</summary>
    public string? Meaning
    {
        get
        {
            if (meantBy is { } spec)
            {
                meaning = Number is { } number ? spec.Meaning!(number / (ulong)spec.Scale) : null;
                meantBy = null;
            }
            return meaning;
        }
        set
        {
            meaning = value;
            meantBy = null;
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

    public bool HasBits => bits is { Count: > 0 };

    /// <summary>The fields inside this one as a list, or null for none: for loops that must not make an enumerator.</summary>
    internal List<DecodedField>? BitList => bits;

    internal void AddBit(DecodedField bit) => (bits ??= []).Add(bit);

    public int ByteOffset => BitOffset / 8;
    public bool IsByteAligned => BitOffset % 8 == 0 && BitLength % 8 == 0;

    /// <summary>
    /// The raw form is the first <paramref name="bits"/> bits at the field's offset, made when asked; the value,
    /// when <paramref name="shown"/> is given, is made when asked by that spec's rule as the field read
    /// (<paramref name="state"/>), whatever its status becomes later (a checksum judged bad still shows its number).
    /// </summary>
    internal void ReadFrom(PacketBytes packet, int bits, FieldSpec? shown, FieldStatus state)
    {
        bytes = packet;
        rawBits = bits;
        shownBy = shown;
        readAs = state;
        // A meaning is said of a number read whole (Number is null unless the field read Ok).
        if (shown?.Meaning is not null && state == FieldStatus.Ok && Number is not null) meantBy = shown;
    }
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
            if (field.HasBits) foreach (var bit in field.Bits) all.Add((bit, depth));
        }
        foreach (var nested in layer.Layers) AddFields(nested, depth + 1, all);
    }
}
