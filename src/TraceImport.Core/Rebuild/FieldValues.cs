using TraceImport.Decoding;

namespace TraceImport.Rebuild;

/// <summary>A value a text gives for one field: a number (as Wireshark shows it, or the raw bits) or bytes, and the line that gave it.</summary>
public readonly record struct FieldValue(ulong? Number, byte[]? Bytes, bool Raw, int Line);

/// <summary>
/// What a text says of one layer: values by Wireshark field name (a field not given is left for emit to
/// compute, or unknown), the layer's options in wire order, and for an ICMP error the datagram it quotes.
/// </summary>
public sealed class FieldValues
{
    private readonly Dictionary<string, FieldValue> values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FieldValue> All => values;

    /// <summary>Options (TCP, IPv4) in the order they lie on the wire, with the line that gave each.</summary>
    public List<(ProtocolOption Option, int Line)> Options { get; } = [];

    /// <summary>
    /// The text lists every option the header has (none, when it says so): an unset header length may
    /// then be counted from them. A text cut short lists only some, and its header length stays unknown.
    /// </summary>
    public bool OptionsListed { get; set; }

    /// <summary>
    /// Bytes the text shows that no field names (a payload; packet_monitor's options, printed as data),
    /// each run at its offset from the layer's start, with the line that showed it.
    /// </summary>
    public List<(int Offset, byte[] Bytes, int Line)> Data { get; } = [];

    /// <summary>How many bytes from the layer's start the text says there are, shown or not.</summary>
    public int? Extent { get; set; }

    /// <summary>The datagram an ICMP error quotes, as a stack of its own layers.</summary>
    public LayerStack? Quote { get; set; }

    /// <summary>A number as Wireshark shows it (ip.hdr_len 20).</summary>
    public void Set(string name, ulong value, int line) => values[name] = new FieldValue(value, null, false, line);

    /// <summary>A number as its bits lie (ip.hdr_len 5): what a printout that shows raw header words gives.</summary>
    public void SetRaw(string name, ulong raw, int line) => values[name] = new FieldValue(raw, null, true, line);

    /// <summary>Bytes: an address.</summary>
    public void Set(string name, byte[] bytes, int line) => values[name] = new FieldValue(null, bytes, false, line);

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>
    /// Puts a printed number into the fields it fills: one field takes it as Wireshark shows it (or, when
    /// <paramref name="raw"/>, as its bits lie); several share its bits, the first the most significant
    /// ("Ver/HL 45" is ip.version 4 and ip.hdr_len 5 words). Returns why it cannot, or null.
    /// </summary>
    public string? Put(ProtocolLayer layer, IReadOnlyList<string> fields, ulong value, int line, bool raw = false)
    {
        var specs = new List<FieldSpec>();
        foreach (var name in fields)
        {
            if (layer.FieldNamed(name, this) is not { } spec) return $"{name} is not a field of this {layer.Protocol} header";
            specs.Add(spec);
        }
        if (specs is [var single] && !raw)
        {
            if (!FieldCodec.Fits(single, value)) return $"{single.Name} = {value} does not fit the field";
            Set(single.Name, value, line);
            return null;
        }
        var width = specs.Sum(s => s.BitLength);
        if (width < 64 && value >> width != 0) return $"0x{value:x} does not fit {string.Join(" and ", fields)} ({width} bits)";
        foreach (var spec in specs)
        {
            width -= spec.BitLength;
            SetRaw(spec.Name, value >> width & ((1UL << spec.BitLength) - 1), line);
        }
        return null;
    }

    /// <summary>The value of <paramref name="spec"/> as Wireshark shows it, if the text gave it as a number.</summary>
    public ulong? Shown(FieldSpec spec) =>
        values.TryGetValue(spec.Name, out var value) && value.Number is { } number ? value.Raw ? number * (ulong)spec.Scale : number : null;
}
