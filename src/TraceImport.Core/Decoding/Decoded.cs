namespace TraceImport.Decoding;

/// <summary>One decoded field: where it lies in the packet, its raw bytes, value, meaning and status.</summary>
public sealed class DecodedField
{
    // A field read from a packet keeps its spec and the packet's bytes (which nothing changes once read), and makes
    // its raw hex, shown value and meaning on first use: diagnosis decodes every packet of a trace and reads few of
    // its fields' texts. What few fields have (a text made, a note, a checksum's verdict) is held apart, so that the
    // field objects, most of what a decode allocates, stay small.
    private readonly FieldSpec spec;
    private readonly PacketBytes bytes;
    private readonly ulong number;
    private readonly int rawBits;
    private readonly FieldStatus readAs;
    private readonly bool hasNumber;
    private Texts? texts;
    private List<DecodedField>? bits;
    // The spec's bit fields (a flags field's flags) are read when first asked for: the diagnosis looks at few of them.
    private bool bitsUnread;

    /// <summary>The texts made or set so far, the note and the checksum's verdict: what few fields have.</summary>
    private sealed class Texts
    {
        public bool ValueMade;
        public bool MeaningMade;
        public string? Raw;
        public string? Value;
        public string? Meaning;
        public string? Note;
        public ChecksumVerdict? Checksum;
    }

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
        this.number = number.GetValueOrDefault();
        hasNumber = number.HasValue;
        Status = readAs = state;
    }

    public string Name => spec.Name;
    public string Label => spec.Label;
    /// <summary>Bit offset from the start of the packet.</summary>
    public int BitOffset { get; }
    public int BitLength => spec.BitLength;
    /// <summary>How the field's value reads (an address, text, a number): what redaction finds addresses by.</summary>
    public FieldFormat Format => spec.Format;

    /// <summary>The bits as hex digits, X for unknown nibbles; empty when truncated away.</summary>
    public string Raw => (texts ??= new()).Raw ??= bytes.RawHex(BitOffset, rawBits);

    /// <summary>The value as Wireshark's "-T fields" shows it; null when it cannot be read.</summary>
    public string? Value
    {
        get
        {
            // A truncated field shows nothing.
            if (readAs == FieldStatus.Truncated && texts is not { ValueMade: true }) return null;
            var made = texts ??= new();
            if (!made.ValueMade)
            {
                made.Value = FieldCodec.Show(spec, bytes, BitOffset, Number, readAs);
                made.ValueMade = true;
            }
            return made.Value;
        }
        set
        {
            var made = texts ??= new();
            made.Value = value;
            made.ValueMade = true;
        }
    }

    public ulong? Number => hasNumber ? number : null;

    /// <summary>What the value means (a port's service, a type's name), when there is more to say than the value.</summary>
    public string? Meaning
    {
        get
        {
            if (texts is { MeaningMade: true } made) return made.Meaning;
            // A meaning is said of a number read whole (Number is null unless it read Ok).
            if (spec.Meaning is null || readAs != FieldStatus.Ok || !hasNumber) return null;
            made = texts ??= new();
            made.Meaning = spec.Meaning(number / (ulong)spec.Scale);
            made.MeaningMade = true;
            return made.Meaning;
        }
        set
        {
            var made = texts ??= new();
            made.Meaning = value;
            made.MeaningMade = true;
        }
    }

    public FieldStatus Status { get; set; }

    /// <summary>Why the status is what it is: the value a bad field should have, the bytes that are missing.</summary>
    public string? Note
    {
        get => texts?.Note;
        set
        {
            if (value is null && texts is null) return;
            (texts ??= new()).Note = value;
        }
    }

    /// <summary>For a checksum field, the verdict as facts (cause, expected value, the bytes that kept it from being judged).</summary>
    public ChecksumVerdict? Checksum
    {
        get => texts?.Checksum;
        set
        {
            if (value is null && texts is null) return;
            (texts ??= new()).Checksum = value;
        }
    }

    /// <summary>The fields inside this one (a flags field's flags); most fields have none, and hold no list for them.</summary>
    public IReadOnlyList<DecodedField> Bits => BitList ?? (IReadOnlyList<DecodedField>)[];

    /// <summary>The fields inside this one as a list, or null for none: for loops that must not make an enumerator.</summary>
    internal List<DecodedField>? BitList => bitsUnread ? ReadBits() : bits;

    internal void AddBit(DecodedField bit) => (BitList ?? (bits = [])).Add(bit);

    /// <summary>The spec's bit fields are read when first asked for (<see cref="FieldCodec.Read"/> reads the field whole).</summary>
    internal void ReadBitsLater() => bitsUnread = spec.BitSpan.Length > 0;

    private List<DecodedField> ReadBits()
    {
        // Read as FieldCodec.Read would have read them with the field: at the same header offset, from bytes that do not change.
        var specs = spec.BitSpan;
        var headerOffset = (BitOffset - spec.BitOffset) / 8;
        var read = new List<DecodedField>(specs.Length);
        foreach (var bit in specs) read.Add(FieldCodec.Read(bit, bytes, headerOffset));
        bits = read;
        bitsUnread = false;
        return read;
    }

    /// <summary>The first bit field of that name (compared by reference when <paramref name="byReference"/>), without reading the others.</summary>
    internal DecodedField? Bit(string name, bool byReference)
    {
        if (bitsUnread)
        {
            var specs = spec.BitSpan;
            for (var i = 0; i < specs.Length; i++)
            {
                if (byReference ? (object)specs[i].Name == name : specs[i].Name == name) return ReadBits()[i];
            }
            return null;
        }
        if (bits is null) return null;
        for (var i = 0; i < bits.Count; i++)
        {
            if (byReference ? (object)bits[i].Name == name : bits[i].Name == name) return bits[i];
        }
        return null;
    }

    /// <summary>Some bit field inside this one is a checksum (asked of every field the diagnosis sees; the bits are not read for it).</summary>
    internal bool HasChecksumBit
    {
        get
        {
            if (bitsUnread)
            {
                foreach (var bit in spec.BitSpan)
                {
                    if (bit.IsChecksum) return true;
                }
                return false;
            }
            return bits is not null && bits.Exists(b => b.IsChecksum);
        }
    }

    /// <summary>The field's name ends in ".checksum": the fields the checksum rules walk.</summary>
    internal bool IsChecksum => spec.IsChecksum;

    public int ByteOffset => BitOffset / 8;
    public bool IsByteAligned => BitOffset % 8 == 0 && BitLength % 8 == 0;

    /// <summary>The field's bytes, each unknown nibble read as 0; empty when the field is not whole nibbles (as its raw hex would read).</summary>
    internal byte[] BytesUnknownAsZero()
    {
        // A whole known field is its bytes as they are: no hex text to make and read back.
        if (readAs == FieldStatus.Ok && IsByteAligned && rawBits == BitLength) return bytes.Data.AsSpan(ByteOffset, BitLength / 8).ToArray();
        return Raw.Length % 2 == 0 ? Convert.FromHexString(Raw.Replace('X', '0')) : [];
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

    /// <summary>The first field of that name, or else the first bit field of that name (index loops: diagnosis asks this of every packet).</summary>
    public DecodedField? Field(string name)
    {
        // Names are held interned (FieldSpec.Name) and asked for as literals, which are: the field is found by
        // reference, without comparing the text of the names before it. A name made at run time is compared by text.
        if (Find(name, byReference: true) is { } found) return found;
        if ((object?)string.IsInterned(name) == name) return null; // an interned name not found by reference is not here
        return Find(name, byReference: false);
    }

    private DecodedField? Find(string name, bool byReference)
    {
        var fields = Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (byReference ? (object)fields[i].Name == name : fields[i].Name == name) return fields[i];
        }
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Bit(name, byReference) is { } bit) return bit;
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
