using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Redaction;

/// <summary>A packet after redaction, with the fields that were replaced and what became of its checksums.</summary>
public sealed record RedactedPacket(Packet Packet, IReadOnlyList<string> Replaced, IReadOnlyList<CarriedChecksum> Checksums);

/// <summary>
/// Redaction is decode, replace, carry the checksums: a packet is decoded, every field that reads as a
/// MAC, IPv4 or IPv6 address (in any header, an ARP body, the datagram an ICMP error quotes) and every
/// field <see cref="NameFields"/> names gets its stand-in, written nibble by nibble where the text showed
/// the nibble (a masked or unshown one stays so: nothing the author hid is invented), text inside the
/// packet (a text protocol's lines, decoded text fields, printable runs of data and of bytes no field reads)
/// has its printed addresses and names replaced
/// in place, and the checksums are carried over the change (<see cref="ChecksumCarrier"/>). The heading,
/// comments and host names the text gave go through the same stand-ins. Every packet of the input is
/// learned (<see cref="Learn"/>) before any is redacted, so that no stand-in is an address the input holds.
/// </summary>
public sealed class PacketRedactor(RedactionMap map)
{
    /// <summary>The layers whose bytes are a text protocol's lines.</summary>
    private static readonly HashSet<string> TextProtocols = ["ftp", "smtp", "pop", "imap", "http", "sip", "syslog"];

    /// <summary>Text shorter than this inside a packet holds no address or name worth looking at.</summary>
    private const int ShortestText = 4;

    private readonly TextScrubber scrubber = new(map);

    public RedactionMap Map => map;

    public TextScrubber Scrubber => scrubber;

    /// <summary>Notes the addresses and names a packet holds, before any packet is redacted.</summary>
    public void Learn(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        var bytes = new PacketBytes(packet.Data, packet.Unknown);
        var names = new List<NameSpan>();
        foreach (var (field, _) in decode.AllFields())
        {
            map.NotNames.Add(field.Name);
            if (AddressKind(field) is { } kind) map.Addresses.Learn(kind, Pattern(bytes, field));
            else if (NameFields.ByField.TryGetValue(field.Name, out var encoding) && NameOf(decode, field) is { } name)
            {
                map.LearnName(name);
                if (NamePlace(packet.Data, field, encoding, name) is { } place) names.Add(place);
            }
        }
        foreach (var (address, name) in packet.Names)
        {
            map.Addresses.Learn(address.Length == 4 ? RedactedKind.Ipv4 : RedactedKind.Ipv6, Convert.ToHexStringLower(address));
            map.LearnName(name);
        }
        foreach (var (start, end) in UndecodedSpans(decode))
        {
            foreach (var name in DnsLabelNames.Find(packet.Data, start, end).Where(n => bytes.IsKnown(n.Start, n.Labels[^1].At + n.Labels[^1].Length + 1 - n.Start))) map.LearnName(name.Name);
        }
        foreach (var text in Texts(packet)) scrubber.Learn(text);
        foreach (var (start, length, prose) in TextRuns(decode, bytes, names)) scrubber.Learn(System.Text.Encoding.Latin1.GetString(packet.Data, start, length), prose);
    }

    public RedactedPacket Redact(Packet packet)
    {
        var decode = PacketDecoder.Decode(packet);
        var bytes = new PacketBytes(packet.Data, packet.Unknown);
        var data = (byte[])packet.Data.Clone();
        var replaced = new List<string>();
        var names = new List<NameSpan>();
        foreach (var (field, _) in decode.AllFields())
        {
            if (AddressKind(field) is { } kind)
            {
                if (map.Addresses.Map(kind, Pattern(bytes, field)) is not { } replacement) continue;
                replacement.Places++;
                WriteNibbles(data, field.ByteOffset, map.Addresses.PatternOf(replacement), bytes);
                replaced.Add(field.Name);
            }
            else if (NameFields.ByField.TryGetValue(field.Name, out var encoding) && NameOf(decode, field) is { } name && bytes.IsKnown(field.ByteOffset, field.BitLength / 8))
            {
                if (NamePlace(packet.Data, field, encoding, name) is not { } place) continue;
                var standIn = map.Name(name);
                WriteName(data, place, standIn.Pseudonym);
                names.Add(place);
                standIn.Places++;
                replaced.Add(field.Name);
            }
        }
        foreach (var (start, end) in UndecodedSpans(decode))
        {
            foreach (var name in DnsLabelNames.Find(packet.Data, start, end).Where(n => bytes.IsKnown(n.Start, n.Labels[^1].At + n.Labels[^1].Length + 1 - n.Start)))
            {
                var standIn = map.Name(name.Name);
                standIn.Places++;
                DnsLabelNames.Write(data, name, standIn.Pseudonym);
                replaced.Add($"names in DNS labels at {name.Start}");
            }
            if (ReplaceAddressBytes(data, start, Math.Min(end, data.Length), bytes) is { Count: > 0 } places) replaced.Add($"address bytes at {string.Join(", ", places)}");
        }
        foreach (var (start, length, prose) in TextRuns(decode, bytes, names))
        {
            var before = data.AsSpan(start, length).ToArray();
            scrubber.ReplaceInPlace(data.AsSpan(start, length), prose);
            if (!before.AsSpan().SequenceEqual(data.AsSpan(start, length))) replaced.Add($"text at bytes {start}-{start + length - 1}");
        }
        if (map.Options.Payloads && BlankPayloads(decode, bytes, data)) replaced.Add("payload");

        var checksums = ChecksumCarrier.Carry(packet, data);
        var redacted = new Packet
        {
            Data = data, Unknown = packet.Unknown, LinkType = packet.LinkType, OriginalLength = packet.OriginalLength,
            Time = packet.Time, Direction = packet.Direction, Interface = packet.Interface, Format = packet.Format, Source = packet.Source,
            Heading = packet.Heading is { } heading ? scrubber.Replace(heading) : null,
            Comments = [.. packet.Comments.Select(c => scrubber.Replace(c)), .. Comment(replaced, checksums)],
            // A hand-made decode holds the original values, hex and all: it is left out, not half-redacted.
            HandDecode = [],
            // A summary line's statements are redacted as its text is, so that they still say what the line said of the bytes.
            Stated = packet.Stated.Select(s => s with { Value = scrubber.Replace(s.Value) }).ToList(),
            Names = packet.Names.Select(n => (MapAddress(n.Address), map.Name(n.Name).Pseudonym)).ToList(),
            Number = packet.Number,
        };
        return new RedactedPacket(redacted, replaced.Distinct().ToList(), checksums);
    }

    /// <summary>
    /// Bytes no layer decodes may still hold addresses (a DHCP offer, a routing update, a DNS answer,
    /// neighbour discovery's link-layer options): every address learned whole is looked for there, byte for
    /// byte, and replaced by its stand-in. Returns the byte offsets replaced.
    /// </summary>
    private List<int> ReplaceAddressBytes(byte[] data, int start, int end, PacketBytes shown)
    {
        var places = new List<int>();
        foreach (var (kind, original) in map.Addresses.WholeOriginals())
        {
            for (var at = start; at + original.Length <= end; at++)
            {
                if (data[at] != original[0] || !data.AsSpan(at, original.Length).SequenceEqual(original) || !shown.IsKnown(at, original.Length)) continue;
                if (map.Addresses.Map(kind, Convert.ToHexStringLower(original)) is not { } replacement) continue;
                replacement.Places++;
                Convert.FromHexString(map.Addresses.PatternOf(replacement)).CopyTo(data, at);
                places.Add(at);
                at += original.Length - 1;
            }
        }
        return places;
    }

    /// <summary>The texts that travel with a packet: its heading and comments.</summary>
    private static IEnumerable<string> Texts(Packet packet) => packet.Heading is { } heading ? packet.Comments.Prepend(heading) : packet.Comments;

    private byte[] MapAddress(byte[] address)
    {
        var kind = address.Length == 4 ? RedactedKind.Ipv4 : RedactedKind.Ipv6;
        if (map.Addresses.Map(kind, Convert.ToHexStringLower(address)) is not { } replacement) return address;
        replacement.Places++;
        return Convert.FromHexString(map.Addresses.PatternOf(replacement));
    }

    /// <summary>What the packet's comment says was done: the fields replaced and the checksums carried (never an original).</summary>
    private static IEnumerable<string> Comment(List<string> replaced, List<CarriedChecksum> checksums)
    {
        if (replaced.Count == 0 && checksums.Count == 0) yield break;
        var parts = new List<string>();
        if (replaced.Count > 0) parts.Add($"replaced by stand-ins: {string.Join(", ", replaced.Distinct())}");
        foreach (var group in checksums.GroupBy(c => c.Outcome))
        {
            var what = group.Key switch
            {
                ChecksumOutcome.Recomputed => "checksums recomputed",
                ChecksumOutcome.KeptWrongByItsDifference => "checksums wrong in the original, kept wrong by the same difference",
                ChecksumOutcome.KeptAsWritten => "wrong checksums kept as written",
                _ => "checksum-offload sums carried to the new pseudo-header",
            };
            parts.Add($"{what}: {string.Join(", ", group.Select(c => $"{c.Field} (byte {c.Offset})"))}");
        }
        yield return "redacted: " + string.Join("; ", parts);
    }

    /// <summary>MAC, IPv4 and IPv6 addresses, found by how their fields read, whatever the protocol.</summary>
    private static RedactedKind? AddressKind(DecodedField field) => field.IsByteAligned && !NameFields.NotAddresses.Contains(field.Name) ? (field.Format, field.BitLength) switch
    {
        (FieldFormat.Mac, 48) => RedactedKind.Mac,
        (FieldFormat.Ipv4, 32) => RedactedKind.Ipv4,
        (FieldFormat.Ipv6, 128) => RedactedKind.Ipv6,
        _ => null,
    } : null;

    /// <summary>A field's nibbles as hex, X for one not shown, masked or past the end of the packet.</summary>
    private static string Pattern(PacketBytes bytes, DecodedField field)
    {
        var shown = bytes.RawHex(field.BitOffset, Math.Max(0, Math.Min(field.BitLength, bytes.Length * 8 - field.BitOffset)));
        return shown.PadRight(field.BitLength / 4, 'X').ToLowerInvariant().Replace('x', 'X');
    }

    /// <summary>Writes a stand-in's nibbles where the packet shows them; an X, or a nibble not shown, is left alone.</summary>
    private static void WriteNibbles(byte[] data, int byteOffset, string pattern, PacketBytes shown)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var at = byteOffset + i / 2;
            if (pattern[i] == 'X' || at >= data.Length || !NibbleKnown(shown, at * 2 + i % 2)) continue;
            var value = Convert.ToByte(pattern[i].ToString(), 16);
            data[at] = i % 2 == 0 ? (byte)(data[at] & 0x0F | value << 4) : (byte)(data[at] & 0xF0 | value);
        }
    }

    private static bool NibbleKnown(PacketBytes bytes, int nibble) => bytes.RawHex(nibble * 4, 4) != "X";

    /// <summary>
    /// The host name a name field holds; an SRV owner name is its three fields' values joined. Null for
    /// none, the root, syslog's nil value, or an address printed where a name may be (the text is
    /// searched for it as for any printed address).
    /// </summary>
    private static string? NameOf(PacketDecode decode, DecodedField field)
    {
        if (field.Value is not { Length: > 0 } value) return null;
        if (field.Name == "dns.srv.service")
        {
            var parts = decode.AllFields().Select(f => f.Field).Where(f => f.ByteOffset == field.ByteOffset && NameFields.PartsOfNames.Contains(f.Name)).Select(f => f.Value).ToList();
            if (parts.Count != 2 || parts.Any(p => string.IsNullOrEmpty(p))) return null;
            value = string.Join('.', parts.Prepend(value));
        }
        var name = field.Name == "http.host" || field.Format == FieldFormat.Text ? value.Split(':')[0] : value;
        if (name.Trim().TrimEnd('.') is not { Length: > 0 } trimmed || trimmed is "<Root>" or "-") return null;
        return System.Net.IPAddress.TryParse(trimmed, out _) || System.Net.IPAddress.TryParse(value.Trim().Trim('[', ']'), out _) ? null : trimmed;
    }

    /// <summary>
    /// Where a name field holds its name: as its bytes spell it (a Host header's line holds "Host: " before
    /// it), or as DNS's length-prefixed labels from the field's start. Null when the field holds the name
    /// in neither way.
    /// </summary>
    private static NameSpan? NamePlace(byte[] data, DecodedField field, NameEncoding encoding, string name)
    {
        var start = field.ByteOffset;
        var end = Math.Min(data.Length, start + field.BitLength / 8);
        if (end <= start) return null;
        var at = System.Text.Encoding.Latin1.GetString(data, start, end - start).LastIndexOf(name, StringComparison.OrdinalIgnoreCase);
        if (at >= 0) return new NameSpan(start + at, name.Length, AsText: true);
        return encoding == NameEncoding.DnsLabels ? new NameSpan(start, end - start, AsText: false) : null;
    }

    /// <summary>Where a name lies in a packet, and whether as text or as DNS labels.</summary>
    private readonly record struct NameSpan(int Start, int Length, bool AsText);

    /// <summary>Writes a name's stand-in where the name lies: as text over its text, or label by label over its labels (each keeps its length).</summary>
    private static void WriteName(byte[] data, NameSpan place, string standIn)
    {
        var (start, end) = (place.Start, place.Start + place.Length);
        if (place.AsText)
        {
            for (var i = 0; i < standIn.Length && start + i < end; i++) data[start + i] = (byte)standIn[i];
            return;
        }
        var position = start;
        foreach (var label in standIn.Split('.'))
        {
            if (position >= end || data[position] == 0 || data[position] >= 0xC0) return; // the end, or a pointer to labels written elsewhere
            var length = data[position];
            for (var i = 0; i < length && i < label.Length && position + 1 + i < end; i++) data[position + 1 + i] = (byte)label[i];
            position += 1 + length;
        }
    }

    /// <summary>
    /// The bytes no decoded field reads as a number, an address or text: data, the fields that are bare
    /// bytes (an option's data, padding), the body of an extension header the decoder does not open —
    /// where an address may lie that no decoded field names.
    /// </summary>
    private static IEnumerable<(int Start, int End)> UndecodedSpans(PacketDecode decode)
    {
        var length = decode.Packet.Data.Length;
        var read = ReadByFields(decode, text: true);
        var start = -1;
        for (var i = 0; i <= length; i++)
        {
            var undecoded = i < length && !read[i];
            if (undecoded && start < 0) start = i;
            if (!undecoded && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }
    }

    /// <summary>The bytes some decoded field reads as a number or an address (and, with <paramref name="text"/>, as text).</summary>
    private static bool[] ReadByFields(PacketDecode decode, bool text)
    {
        var length = decode.Packet.Data.Length;
        var read = new bool[length];
        foreach (var (field, _) in decode.AllFields())
        {
            if (field.Format == FieldFormat.Bytes || field.Format == FieldFormat.Text && !text || field.Status == FieldStatus.Truncated) continue;
            for (var i = field.BitOffset / 8; i <= (field.BitOffset + field.BitLength - 1) / 8 && i < length; i++) read[i] = true;
        }
        return read;
    }

    /// <summary>Where a byte of a packet may hold printed text, and of which kind.</summary>
    private enum TextPlace : byte { None, Binary, Prose }

    /// <summary>
    /// Where text may lie in a packet: runs of printable, shown bytes long enough to hold an address or a
    /// name, in a text protocol's layer, in data, in a decoded text field (a syslog message, a SIP header,
    /// a DHCP domain name, a DNS TXT string), or in bytes no field reads as a number (a certificate, an
    /// option's value). A run is prose (where dotted words are taken for names) in a text protocol, in a
    /// text field, or in data that is text through and through; elsewhere only names learned whole are
    /// looked for. Names replaced as names (<paramref name="names"/>) and fields that hold names as DNS
    /// labels are not searched as text.
    /// </summary>
    private static IEnumerable<(int Start, int Length, bool Prose)> TextRuns(PacketDecode decode, PacketBytes bytes, IReadOnlyList<NameSpan> names)
    {
        var length = Math.Min(decode.Packet.Data.Length, bytes.Length);
        var places = new TextPlace[length];
        void Mark(int start, int end, TextPlace place)
        {
            for (var i = Math.Max(0, start); i < Math.Min(end, length); i++) places[i] = (TextPlace)Math.Max((byte)places[i], (byte)place);
        }
        foreach (var (start, end) in PayloadSpans(decode.Layers))
        {
            var prose = FindLayer(decode.Layers, start) is { } layer && TextProtocols.Contains(layer.Protocol) || IsText(bytes, start, end);
            Mark(start, end, prose ? TextPlace.Prose : TextPlace.Binary);
        }
        foreach (var (start, end) in UndecodedSpans(decode)) Mark(start, end, TextPlace.Binary);
        foreach (var (field, _) in decode.AllFields())
        {
            if (field.Format != FieldFormat.Text || NameFields.PartsOfNames.Contains(field.Name)) continue;
            if (NameFields.ByField.TryGetValue(field.Name, out var encoding) && encoding == NameEncoding.DnsLabels) continue;
            Mark(field.ByteOffset, field.ByteOffset + (field.BitLength + 7) / 8, TextPlace.Prose);
        }
        // A name replaced as a name is not searched again: its stand-in is not an original.
        foreach (var name in names.Where(n => n.Start < length)) Array.Fill(places, TextPlace.None, name.Start, Math.Min(name.Length, length - name.Start));
        var run = -1;
        for (var i = 0; i <= length; i++)
        {
            var text = i < length && places[i] != TextPlace.None && bytes.IsKnown(i, 1) && bytes.Data[i] is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n';
            if (run >= 0 && (!text || places[i] != places[run]))
            {
                if (i - run >= ShortestText) yield return (run, i - run, places[run] == TextPlace.Prose);
                run = -1;
            }
            if (text && run < 0) run = i;
        }
    }

    /// <summary>Data that is text: nine bytes of ten printable, and long enough to be more than chance.</summary>
    private static bool IsText(PacketBytes bytes, int start, int end)
    {
        end = Math.Min(end, bytes.Length);
        if (end - start < 16) return false;
        var printable = 0;
        for (var i = start; i < end; i++)
        {
            if (bytes.Data[i] is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n') printable++;
        }
        return printable * 10 >= (end - start) * 9;
    }

    /// <summary>The spans of text protocols' layers and of data, each once (data inside a text layer is in its span).</summary>
    private static IEnumerable<(int Start, int End)> PayloadSpans(IReadOnlyList<DecodedLayer> layers)
    {
        foreach (var layer in layers)
        {
            if (TextProtocols.Contains(layer.Protocol) || layer.Protocol == "data")
            {
                yield return (layer.Offset, layer.Offset + layer.Length);
                continue;
            }
            foreach (var nested in PayloadSpans(layer.Layers)) yield return nested;
        }
    }

    /// <summary>
    /// Blanks what the packet carries: data (a data layer, or bytes a decoder left undecoded inside its
    /// layer) and padding become zeros; a decoded application field is no payload (its addresses and names
    /// have their stand-ins already); a text protocol keeps its first
    /// word (the command or reply code) and every other printable character becomes x, spaces and line
    /// ends kept. A byte not shown stays so, and so does one a header field reads (a damaged datagram's
    /// padding can be its next header too). Returns whether anything changed.
    /// </summary>
    private static bool BlankPayloads(PacketDecode decode, PacketBytes bytes, byte[] data)
    {
        var changed = false;
        var header = ReadByFields(decode, text: false);
        void Set(int at, byte value)
        {
            if (at >= data.Length || !bytes.IsKnown(at, 1) || header[at] || data[at] == value) return;
            data[at] = value;
            changed = true;
        }
        foreach (var (field, _) in decode.AllFields().Where(f => f.Field.Name is "eth.padding" or "eth.trailer" or "sll.trailer"))
        {
            for (var i = field.ByteOffset; i < field.ByteOffset + field.BitLength / 8; i++) Set(i, 0);
        }
        // Bytes a decoder could not read inside its layer (a DNS query that is not one, an option cut short) are data too.
        foreach (var field in UndecodedData(decode.Layers))
        {
            for (var i = field.ByteOffset; i < field.ByteOffset + field.BitLength / 8; i++) Set(i, 0);
        }
        foreach (var (start, end) in PayloadSpans(decode.Layers))
        {
            var layer = FindLayer(decode.Layers, start);
            var keep = layer is not null && TextProtocols.Contains(layer.Protocol) && layer.Fields.Count > 0 ? layer.Fields[0].ByteOffset + layer.Fields[0].BitLength / 8 : start;
            for (var i = keep; i < end; i++)
            {
                if (layer is not null && TextProtocols.Contains(layer.Protocol))
                {
                    if (i < data.Length && data[i] is > 0x20 and < 0x7F) Set(i, (byte)'x');
                }
                else Set(i, 0);
            }
        }
        return changed;
    }

    /// <summary>The data fields of layers that are not a text protocol's (whose words become x instead).</summary>
    private static IEnumerable<DecodedField> UndecodedData(IEnumerable<DecodedLayer> layers) =>
        layers.Where(l => !TextProtocols.Contains(l.Protocol))
            .SelectMany(l => l.Fields.Where(f => f.Name == "data.data").Concat(UndecodedData(l.Layers)));

    private static DecodedLayer? FindLayer(IReadOnlyList<DecodedLayer> layers, int offset)
    {
        foreach (var layer in layers)
        {
            if (layer.Offset == offset && (TextProtocols.Contains(layer.Protocol) || layer.Protocol == "data")) return layer;
            if (FindLayer(layer.Layers, offset) is { } nested) return nested;
        }
        return null;
    }
}
