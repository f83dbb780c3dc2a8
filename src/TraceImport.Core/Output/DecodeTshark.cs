using System.Globalization;
using System.Text;
using System.Text.Json;
using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>
/// A packet's decode as the tree tshark's JSON outputs walk: a frame protocol, then each protocol with its
/// fields; a field's bit fields, and the options or headers nested inside a field's bytes, are the field's
/// subtree (tshark's <c>ip.flags_tree</c>, <c>tcp.options_tree</c>); a protocol nested in another (the
/// datagram an ICMP error quotes) is a member of it.
/// </summary>
internal sealed class TsharkNode
{
    public required string Key { get; init; }
    /// <summary>The value as tshark's JSON shows it; null for a protocol, or for a field whose bits the text did not give.</summary>
    public string? Value { get; init; }
    /// <summary>A protocol: an object of its own in both shapes, never a value.</summary>
    public bool IsProtocol { get; init; }
    /// <summary>An option or header tshark registers as a protocol of its own (tcp.options.mss): named without a protocol prefix in EK.</summary>
    public bool IsNamedProtocol { get; init; }
    /// <summary>A single-bit flag, which EK writes as true or false.</summary>
    public bool IsFlag { get; init; }
    public List<TsharkNode> Children { get; } = [];

    /// <summary>The layers object of one packet: frame first, then the decode's layers.</summary>
    public static List<TsharkNode> Layers(PacketDecode decode)
    {
        var layers = new List<TsharkNode> { Frame(decode) };
        foreach (var layer in decode.Layers) layers.Add(Of(layer, decode.Packet.Data));
        return layers;
    }

    private static TsharkNode Frame(PacketDecode decode)
    {
        var packet = decode.Packet;
        var frame = new TsharkNode { Key = "frame", IsProtocol = true };
        if (TsharkTime.Of(packet) is { } time)
        {
            frame.Children.Add(new TsharkNode { Key = "frame.time", Value = TsharkTime.Display(time) });
            frame.Children.Add(new TsharkNode { Key = "frame.time_epoch", Value = TsharkTime.Epoch(time) });
        }
        frame.Children.Add(new TsharkNode { Key = "frame.number", Value = packet.Number.ToString(CultureInfo.InvariantCulture) });
        frame.Children.Add(new TsharkNode { Key = "frame.len", Value = Math.Max(packet.OriginalLength, packet.Data.Length).ToString(CultureInfo.InvariantCulture) });
        frame.Children.Add(new TsharkNode { Key = "frame.cap_len", Value = packet.Data.Length.ToString(CultureInfo.InvariantCulture) });
        frame.Children.Add(new TsharkNode { Key = "frame.protocols", Value = string.Join(':', Protocols(decode.Layers)) });
        return frame;
    }

    private static IEnumerable<string> Protocols(IEnumerable<DecodedLayer> layers)
    {
        foreach (var layer in layers)
        {
            if (!layer.Protocol.Contains('.')) yield return layer.Protocol;
            foreach (var nested in Protocols(layer.Layers)) yield return nested;
        }
    }

    private static TsharkNode Of(DecodedLayer layer, byte[] data)
    {
        var named = layer.Protocol.Contains('.');
        var node = new TsharkNode
        {
            Key = layer.Protocol,
            IsProtocol = !named,
            IsNamedProtocol = named,
            // An option tshark registers as a protocol shows its bytes as its value, as a bytes field does.
            Value = named ? Colons(Convert.ToHexStringLower(data, layer.Offset, Math.Min(layer.Length, Math.Max(0, data.Length - layer.Offset)))) : null,
        };
        var fields = layer.Fields.Select(f => (Field: f, Node: Of(f))).ToList();
        foreach (var (_, fieldNode) in fields) node.Children.Add(fieldNode);
        foreach (var nested in layer.Layers)
        {
            var nestedNode = Of(nested, data);
            // An option or extension inside a field's bytes (tcp.options) is that field's subtree, as tshark nests it.
            var holder = fields.LastOrDefault(f => f.Field.IsByteAligned && f.Field.BitLength > 0
                && f.Field.ByteOffset <= nested.Offset && nested.Offset + nested.Length <= f.Field.ByteOffset + f.Field.BitLength / 8
                && !(f.Field.ByteOffset == nested.Offset && f.Field.BitLength / 8 == nested.Length && nested.Protocol == f.Field.Name));
            if (holder.Node is not null) holder.Node.Children.Add(nestedNode);
            else node.Children.Add(nestedNode);
        }
        return node;
    }

    private static TsharkNode Of(DecodedField field)
    {
        var node = new TsharkNode { Key = field.Name, Value = Shown(field), IsFlag = IsBoolean(field) };
        foreach (var bit in field.Bits) node.Children.Add(Of(bit));
        return node;
    }

    /// <summary>
    /// Whether tshark types the field a boolean (FT_BOOLEAN), which EK writes as true or false: a single-bit flag is one,
    /// but for these (checked against <c>tshark -G fields</c>) tshark and the decoder's formats part.
    /// </summary>
    private static bool IsBoolean(DecodedField field) => field.Format == FieldFormat.Flag
        ? !SingleBitNumbers.Contains(field.Name)
        : WiderBooleans.Contains(field.Name);

    /// <summary>Reserved bits tshark declares as one boolean over several bits.</summary>
    private static readonly HashSet<string> WiderBooleans = ["tcp.flags.res", "geneve.flags.reserved", "geneve.option.flags.reserved"];

    /// <summary>Single bits tshark declares as numbers.</summary>
    private static readonly HashSet<string> SingleBitNumbers = ["mpls.bottom", "ieee8021ad.dei"];

    /// <summary>
    /// tshark's JSON shows a field as its display filter takes it: as <c>-T fields</c> prints it, except that bytes
    /// are colon-separated pairs of hex digits and text is the text itself, its line ends not escaped.
    /// </summary>
    private static string? Shown(DecodedField field) => field.Format switch
    {
        FieldFormat.Bytes when field.Value is { } hex && hex == field.Raw => Colons(hex),
        FieldFormat.Text when field.Value is { } text => Unescaped(text),
        _ => field.Value,
    };

    /// <summary>The text <see cref="FieldCodec.Printable"/> escaped, as it was.</summary>
    private static string Unescaped(string printable)
    {
        if (!printable.Contains('\\')) return printable;
        var builder = new StringBuilder(printable.Length);
        for (var i = 0; i < printable.Length; i++)
        {
            var c = printable[i];
            if (c == '\\' && i + 1 < printable.Length)
            {
                var next = printable[i + 1];
                if (next == 'x' && i + 3 < printable.Length && byte.TryParse(printable.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    builder.Append((char)code);
                    i += 3;
                    continue;
                }
                if (next is 'r' or 'n' or 't')
                {
                    builder.Append(next switch { 'r' => '\r', 'n' => '\n', _ => '\t' });
                    i++;
                    continue;
                }
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string Colons(string hex)
    {
        if (hex.Length <= 2) return hex;
        var builder = new StringBuilder(hex.Length * 3 / 2);
        for (var i = 0; i < hex.Length; i += 2)
        {
            if (i > 0) builder.Append(':');
            builder.Append(hex, i, Math.Min(2, hex.Length - i));
        }
        return builder.ToString();
    }
}

/// <summary>A packet's time as tshark's JSON outputs write it, always in UTC.</summary>
internal static class TsharkTime
{
    /// <summary>The packet's time, or null when the text printed none for it (tshark's shapes have no way to say so).</summary>
    public static Model.CaptureTime? Of(Model.Packet packet) => packet.Time is { Inferred: false } time ? time : null;

    public static (long Seconds, long Nanoseconds) Split(Model.CaptureTime time)
    {
        var seconds = Math.DivRem(time.UnixNanoseconds, Model.CaptureTime.NanosecondsPerSecond, out var nanos);
        if (nanos < 0)
        {
            seconds -= 1;
            nanos += Model.CaptureTime.NanosecondsPerSecond;
        }
        return (seconds, nanos);
    }

    private static DateTime Utc(long seconds) => DateTime.UnixEpoch.AddSeconds(seconds);

    /// <summary>frame.time: "Nov 22, 2026 11:46:22.539952000 UTC", the day padded with a space as tshark's %e pads it.</summary>
    public static string Display(Model.CaptureTime time)
    {
        var (seconds, nanos) = Split(time);
        var utc = Utc(seconds);
        return utc.ToString("MMM", CultureInfo.InvariantCulture) + " " + utc.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + utc.ToString(", yyyy HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + " UTC";
    }

    /// <summary>frame.time_epoch: seconds and nine decimals.</summary>
    public static string Epoch(Model.CaptureTime time)
    {
        var (seconds, nanos) = Split(time);
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture);
    }

    /// <summary>EK's frame.time: ISO 8601 in UTC with nine decimals.</summary>
    public static string Iso(Model.CaptureTime time)
    {
        var (seconds, nanos) = Split(time);
        return Utc(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>
    /// A time field's value (ntp.xmt "May  3, 2043 04:01:25.756997148 UTC") in EK's ISO 8601 form, as EK writes every
    /// absolute time; null for any other value.
    /// </summary>
    public static string? IsoOfDisplay(string value)
    {
        if (!value.EndsWith(" UTC", StringComparison.Ordinal)) return null;
        var dot = value.LastIndexOf('.');
        if (dot < 0) return null;
        var fraction = value[(dot + 1)..^4];
        if (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit)) return null;
        if (!DateTime.TryParseExact(value[..dot].Replace("  ", " ", StringComparison.Ordinal), "MMM d, yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc)) return null;
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction + "Z";
    }

    /// <summary>EK's timestamp: milliseconds since the epoch.</summary>
    public static string Milliseconds(Model.CaptureTime time)
    {
        var (seconds, nanos) = Split(time);
        return seconds.ToString(CultureInfo.InvariantCulture) + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>The index both shapes name: packets-YYYY-MM-DD, or tshark's own packets-XXXX-XX-XX for a date it cannot show.</summary>
    public static string Index(Model.Packet packet) =>
        "packets-" + (Of(packet) is { } time ? Utc(Split(time).Seconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "XXXX-XX-XX");
}

/// <summary>
/// The decode in the shape of <c>tshark -T json</c>: an array with one object a packet,
/// <c>{"_index": "packets-…", "_type": "doc", "_score": null, "_source": {"layers": {"frame": {…}, "eth": {…}, …}}}</c>,
/// every value a string. A field with a subtree is written twice, as tshark does: its value under its name and its
/// subtree under the name with <c>_tree</c>; keys repeat where tshark repeats them. Written packet by packet.
/// </summary>
public sealed class DecodeTsharkJson : IDisposable
{
    private readonly Utf8JsonWriter json;
    private bool closed;

    public DecodeTsharkJson(Stream output)
    {
        json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
    }

    public void Write(PacketDecode decode)
    {
        json.WriteStartObject();
        json.WriteString("_index", TsharkTime.Index(decode.Packet));
        json.WriteString("_type", "doc");
        json.WriteNull("_score");
        json.WriteStartObject("_source");
        json.WriteStartObject("layers");
        foreach (var layer in TsharkNode.Layers(decode)) WriteMember(layer);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
    }

    private void WriteMember(TsharkNode node)
    {
        if (node.IsProtocol)
        {
            json.WriteStartObject(node.Key);
            foreach (var child in node.Children) WriteMember(child);
            json.WriteEndObject();
            return;
        }
        json.WriteString(node.Key, node.Value);
        if (node.Children.Count == 0) return;
        json.WriteStartObject(node.Key + "_tree");
        foreach (var child in node.Children) WriteMember(child);
        json.WriteEndObject();
    }

    /// <summary>Closes the array; calling it again does nothing.</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        json.WriteEndArray();
        json.Flush();
        json.Dispose();
    }
}

/// <summary>
/// The decode in the shape of <c>tshark -T ek</c> (Elasticsearch's bulk format): for each packet an index line,
/// <c>{"index":{"_index":"packets-…","_type":"doc"}}</c>, then <c>{"timestamp":"…","layers":{…}}</c>. Within a
/// protocol, subtrees are flattened; a field is named by its protocol and its display-filter name with dots turned
/// to underscores (<c>ip_ip_src</c>); fields of one subtree that share a name, and protocols the packet holds twice,
/// are gathered into an array; flags
/// are true or false.
/// </summary>
public sealed class DecodeTsharkEk(Stream output) : IDisposable
{
    private readonly Utf8JsonWriter json = new(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private bool closed;

    public void Write(PacketDecode decode)
    {
        var packet = decode.Packet;
        json.WriteStartObject();
        json.WriteStartObject("index");
        json.WriteString("_index", TsharkTime.Index(packet));
        json.WriteString("_type", "doc");
        json.WriteEndObject();
        json.WriteEndObject();
        EndLine();

        json.WriteStartObject();
        if (TsharkTime.Of(packet) is { } time) json.WriteString("timestamp", TsharkTime.Milliseconds(time));
        json.WriteStartObject("layers");
        // A protocol the packet holds twice (the inner Ethernet of a tunnel) is an array of its objects, as tshark gathers it.
        var layers = new TsharkNode { Key = "", IsProtocol = true };
        layers.Children.AddRange(TsharkNode.Layers(decode));
        WriteProtocol(layers, TsharkTime.Of(packet));
        json.WriteEndObject();
        json.WriteEndObject();
        EndLine();
    }

    private void EndLine()
    {
        json.Flush();
        output.WriteByte((byte)'\n');
        json.Reset();
    }

    /// <summary>A protocol's members: its fields with their subtrees flattened, gathered by name within each subtree.</summary>
    private void WriteProtocol(TsharkNode protocol, Model.CaptureTime? time)
    {
        var groups = new List<List<TsharkNode>>();
        var byName = new Dictionary<(string Parent, string Key), List<TsharkNode>>();
        Gather(protocol, groups, byName);
        foreach (var group in groups)
        {
            var first = group[0];
            json.WritePropertyName(Name(first));
            if (group.Count > 1) json.WriteStartArray();
            foreach (var node in group) WriteValue(node, time);
            if (group.Count > 1) json.WriteEndArray();
        }
    }

    private static void Gather(TsharkNode parent, List<List<TsharkNode>> groups, Dictionary<(string, string), List<TsharkNode>> byName)
    {
        foreach (var child in parent.Children)
        {
            if (byName.TryGetValue((parent.Key, child.Key), out var group)) group.Add(child);
            else
            {
                group = [child];
                byName.Add((parent.Key, child.Key), group);
                groups.Add(group);
            }
            if (!child.IsProtocol) Gather(child, groups, byName);
        }
    }

    private void WriteValue(TsharkNode node, Model.CaptureTime? time)
    {
        if (node.IsProtocol)
        {
            json.WriteStartObject();
            WriteProtocol(node, time);
            json.WriteEndObject();
        }
        else if (node.Key == "frame.time" && time is { } known) json.WriteStringValue(TsharkTime.Iso(known));
        else if (node.IsFlag && node.Value is "0" or "1") json.WriteBooleanValue(node.Value == "1");
        else json.WriteStringValue(node.Value is { } value && TsharkTime.IsoOfDisplay(value) is { } iso ? iso : node.Value);
    }

    /// <summary>tshark's EK name: the registering protocol, then the field, dots turned to underscores (ip_ip_flags_df).</summary>
    private static string Name(TsharkNode node)
    {
        if (node.IsProtocol || node.IsNamedProtocol) return Underscored(node.Key);
        var dot = node.Key.IndexOf('.');
        var protocol = dot < 0 ? node.Key : node.Key[..dot];
        return Underscored(protocol + "." + node.Key);
    }

    private static string Underscored(string name) => name.Replace('.', '_');

    /// <summary>Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        json.Flush();
        json.Dispose();
    }
}
