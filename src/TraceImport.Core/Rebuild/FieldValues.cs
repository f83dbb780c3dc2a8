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

    /// <summary>The datagram an ICMP error quotes, as a stack of its own layers.</summary>
    public LayerStack? Quote { get; set; }

    /// <summary>A number as Wireshark shows it (ip.hdr_len 20).</summary>
    public void Set(string name, ulong value, int line) => values[name] = new FieldValue(value, null, false, line);

    /// <summary>A number as its bits lie (ip.hdr_len 5): what a printout that shows raw header words gives.</summary>
    public void SetRaw(string name, ulong raw, int line) => values[name] = new FieldValue(raw, null, true, line);

    /// <summary>Bytes: an address.</summary>
    public void Set(string name, byte[] bytes, int line) => values[name] = new FieldValue(null, bytes, false, line);

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>The value of <paramref name="spec"/> as Wireshark shows it, if the text gave it as a number.</summary>
    public ulong? Shown(FieldSpec spec) =>
        values.TryGetValue(spec.Name, out var value) && value.Number is { } number ? value.Raw ? number * (ulong)spec.Scale : number : null;
}
