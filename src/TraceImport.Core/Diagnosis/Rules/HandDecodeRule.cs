using System.Globalization;
using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// A decode written by hand beside a hex dump is checked against the bytes: each line is matched,
/// in order, to the next decoded field its label can name, and a value or reading that disagrees
/// with the bytes — or a field the bytes do not have — is reported with its line.
/// </summary>
public sealed class HandDecodeRule : IDiagnosisRule
{
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["destination"] = ["eth.dst"], ["source"] = ["eth.src"], ["protocol"] = ["eth.type", "ip.proto"],
        ["ver/header len"] = ["ip.version"], ["tos"] = ["ip.dsfield"], ["total length"] = ["ip.len"], ["total len"] = ["ip.len"],
        ["id"] = ["ip.id"], ["flags/frag offset"] = ["ip.flags"], ["ttl"] = ["ip.ttl"],
        ["checksum"] = ["ip.checksum", "tcp.checksum", "udp.checksum", "icmp.checksum"],
        ["source ip"] = ["ip.src"], ["destination ip"] = ["ip.dst"],
        ["source port"] = ["tcp.srcport", "udp.srcport"], ["destination port"] = ["tcp.dstport", "udp.dstport"],
        ["sequence number"] = ["tcp.seq_raw"], ["ack number"] = ["tcp.ack_raw"], ["header length"] = ["tcp.hdr_len"],
        ["flags"] = ["tcp.flags"], ["window"] = ["tcp.window_size_value"], ["urgent pointer"] = ["tcp.urgent_pointer"],
        ["type"] = ["icmp.type"], ["code"] = ["icmp.code"], ["unused"] = ["icmp.unused"],
        ["mss option"] = ["tcp.options.mss"], ["window scale"] = ["tcp.options.wscale"], ["nop option"] = ["tcp.options.nop"],
        ["timestamp option"] = ["tcp.options.timestamp"],
    };

    /// <summary>Labels whose value is whole bytes around a field smaller than a byte.</summary>
    private static readonly Dictionary<string, int> ByteSpans = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ver/header len"] = 1, ["flags/frag offset"] = 2,
    };

    private readonly List<Finding> findings = [];

    public void Observe(ObservedPacket packet)
    {
        // The lambdas are apart: in this method they would make their closure for every packet.
        if (packet.Packet.HandDecode.Count > 0) Judge(packet);
    }

    private void Judge(ObservedPacket packet)
    {
        var problems = Check(packet).ToList();
        if (problems.Count == 0) return;
        findings.Add(new Finding("hand-decode-contradicts-bytes", Severity.Warning,
            $"The hand-made decode of packet {packet.Number} contradicts its bytes in {problems.Count} place{(problems.Count == 1 ? "" : "s")}",
            "The decode written beside the hex says what the bytes do not: " + string.Join("; ", problems.Select(p => $"line {p.Line}: {p.Text}")) +
            ". Where the text holds both, the bytes are the evidence.", null, 30)
        {
            Packets = [packet.Facts.Ref("hand-decoded")],
            Evidence = problems.Select(p => new Evidence(packet.Number, $"line {p.Line}", p.Text)).ToList(),
        });
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations) => findings;

    private static IEnumerable<(int Line, string Text)> Check(ObservedPacket packet)
    {
        var fields = FieldsAndLayers(packet.Decode).ToList();
        var position = 0;
        foreach (var line in packet.Packet.HandDecode)
        {
            if (line.Hex is null || !Fields.TryGetValue(line.Label, out var names)) continue;
            var index = fields.FindIndex(position, f => names.Contains(f.Name));
            if (index < 0)
            {
                yield return (line.Line, Missing(packet, line));
                continue;
            }
            position = index + 1;
            var (name, raw, field) = fields[index];
            var bytes = ByteSpans.TryGetValue(line.Label, out var span) && field is not null
                ? new PacketBytes(packet.Packet.Data, packet.Packet.Unknown).RawHex(field.BitOffset / 8 * 8, span * 8) : raw;
            if (!SameHex(line.Hex, bytes, prefix: field is null))
            {
                yield return (line.Line, $"{line.Label} {line.Hex}, but {name} holds {bytes}");
                continue;
            }
            if (field is not null && Reading(line, field) is { } reading) yield return (line.Line, reading);
        }
    }

    /// <summary>Decoded fields in order, with option layers as one item each (their whole bytes), so that "MSS Option" finds the option.</summary>
    private static IEnumerable<(string Name, string Raw, DecodedField? Field)> FieldsAndLayers(PacketDecode decode)
    {
        foreach (var layer in decode.Layers) foreach (var item in Walk(layer, decode)) yield return item;
    }

    private static IEnumerable<(string, string, DecodedField?)> Walk(DecodedLayer layer, PacketDecode decode)
    {
        if (layer.Protocol.StartsWith("tcp.options.", StringComparison.Ordinal))
        {
            yield return (layer.Protocol, new PacketBytes(decode.Packet.Data, decode.Packet.Unknown).RawHex(layer.Offset * 8, layer.Length * 8), null);
            yield break;
        }
        foreach (var field in layer.Fields) yield return (field.Name, field.Raw, field);
        foreach (var nested in layer.Layers) foreach (var item in Walk(nested, decode)) yield return item;
    }

    private static string Missing(ObservedPacket packet, HandDecodeLine line)
    {
        var tcpHeader = packet.Fields.Select(f => f.Field).FirstOrDefault(f => f.Name == "tcp.hdr_len");
        var padding = packet.Fields.Select(f => f.Field).FirstOrDefault(f => f.Name is "eth.padding" or "eth.trailer");
        if (line.Label.EndsWith("option", StringComparison.OrdinalIgnoreCase) && tcpHeader?.Number == 20)
        {
            return $"{line.Label} {line.Hex}, but the TCP header is 20 bytes (tcp.hdr_len 5 × 4): it has no options" +
                   (padding is not null ? $"; the bytes {padding.Raw} after the {padding.ByteOffset - 14}-byte datagram are Ethernet padding" : "");
        }
        return $"{line.Label} {line.Hex}, but the bytes hold no such field here";
    }

    /// <summary>The same hex, ignoring case, leading zeros and spaces; X matches any digit.</summary>
    private static bool SameHex(string written, string held, bool prefix)
    {
        var a = written.Replace(" ", "").ToLowerInvariant();
        var b = held.ToLowerInvariant();
        if (prefix) return b.Length >= a.Length && Matches(a, b[..a.Length]);
        if (a.Length != b.Length)
        {
            var width = Math.Max(a.Length, b.Length);
            a = a.PadLeft(width, '0');
            b = b.PadLeft(width, '0');
        }
        return Matches(a, b);
    }

    private static bool Matches(string a, string b) => a.Zip(b).All(p => p.First == p.Second || p.First == 'x' || p.Second == 'x');

    /// <summary>What the author read the value as ("172.16.1.20.3", "62") against what it is.</summary>
    private static string? Reading(HandDecodeLine line, DecodedField field)
    {
        if (string.IsNullOrWhiteSpace(line.Reading)) return null;
        var reading = line.Reading.Trim();
        if (field.Name is "ip.src" or "ip.dst" && reading.Count(c => c == '.') >= 2 && field.Value is { } address)
        {
            var token = reading.Split(' ', '\t')[0];
            static string Normal(string a) => string.Join('.', a.Split('.').Select(o => o.All(c => c is 'X' or 'x') ? "X" : o));
            return Normal(token) == Normal(address) ? null : $"{line.Label} {line.Hex} read as {token}, but it is {address}";
        }
        var digits = new string(reading.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0 || field.Number is not { } number || field.Name.EndsWith("checksum") || field.Name is "tcp.flags" or "ip.id") return null;
        var read = ulong.Parse(digits, CultureInfo.InvariantCulture);
        var raw = ulong.TryParse(field.Raw, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var r) ? r : number;
        return read == number || read == raw ? null : $"{line.Label} {line.Hex} read as {read}, but it is {number}";
    }
}
