using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// An IPv6 extension header (RFC 8200 §4) as a typed value: hop-by-hop and destination options with
/// their options, the routing header (type 0, type 2, and RFC 8754's segment routing header), the
/// fragment header. Its layout — the fields of the header and of each option in it — is declared once
/// in <see cref="Layout"/>: the decoder reads the header through it and it emits itself through it.
/// </summary>
public sealed record Ipv6Extension(byte Kind, byte[] Bytes) : ProtocolOption
{
    /// <summary>Hop-by-hop options, routing, fragment, destination options: the next-header values that name an extension header.</summary>
    public static bool IsExtension(ulong kind) => kind is 0 or 43 or 44 or 60;

    public override int Length => Bytes.Length;

    public bool Equals(Ipv6Extension? other) => other is not null && other.Kind == Kind && other.Bytes.AsSpan().SequenceEqual(Bytes);

    public override int GetHashCode() => HashCode.Combine(Kind, Bytes.Length);

    /// <summary>A part of a header: the header itself, or an option in it, with its fields at offsets from the header's start.</summary>
    internal sealed record Part(string Protocol, string Title, int Offset, int Length, IReadOnlyList<FieldSpec> Fields);

    private static string Prefix(int kind) => kind switch { 0 => "ipv6.hopopts", 43 => "ipv6.routing", 44 => "ipv6.fraghdr", _ => "ipv6.dstopts" };

    private static string Title(int kind) => kind switch
    {
        0 => "IPv6 Hop-by-Hop Option", 43 => "Routing Header for IPv6", 44 => "Fragment Header for IPv6", _ => "Destination Options for IPv6",
    };

    /// <summary>The header's length in bytes from its first two bytes: 8 for a fragment header, else (length + 1) × 8.</summary>
    public static int? LengthOf(int kind, byte? lengthByte) => kind == 44 ? 8 : lengthByte is { } units ? (units + 1) * 8 : null;

    /// <summary>
    /// The header's layout: its own fields, then its options (hop-by-hop, destination) as parts; the
    /// routing header's fields follow its type. <paramref name="header"/> is the whole header, or null where
    /// its bytes are not all known, when only the next header and length are read and the rest is data.
    /// </summary>
    internal static (Part Header, List<Part> Options) Layout(int kind, int length, byte[]? header)
    {
        var prefix = Prefix(kind);
        var fields = new List<FieldSpec> { FieldSpec.Named($"{prefix}.nxt", "Next header", 0, 8, FieldFormat.Decimal, Names.IpProtocols) };
        var options = new List<Part>();
        if (kind == 44)
        {
            fields.AddRange(
            [
                FieldSpec.Hex("ipv6.fraghdr.reserved_octet", "Reserved octet", 8, 8),
                FieldSpec.Number("ipv6.fraghdr.offset", "Offset", 16, 13) with { Scale = 8, Render = Decimal, Meaning = v => v == 0 ? null : $"{v} × 8 = {v * 8} bytes" },
                FieldSpec.Number("ipv6.fraghdr.reserved_bits", "Reserved bits", 29, 2),
                FieldSpec.Flag("ipv6.fraghdr.more", "More fragments", 31),
                FieldSpec.Hex("ipv6.fraghdr.ident", "Identification", 32, 32),
            ]);
            return (new Part(prefix, Title(kind), 0, 8, fields), options);
        }
        fields.Add(FieldSpec.Number($"{prefix}.len", "Length", 8, 8) with { Meaning = v => $"({v} + 1) × 8 = {(v + 1) * 8} bytes" });
        fields.Add(FieldSpec.Number($"{prefix}.len_oct", "Length", 8, 8) with { Render = v => ((v + 1) * 8).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (header is null) fields.Add(new FieldSpec($"{prefix}.data", "Data", 16, (length - 2) * 8, FieldFormat.Bytes));
        else if (kind == 43) fields.AddRange(Routing(length, header));
        else options.AddRange(Options(length, header));
        return (new Part(prefix, Title(kind), 0, length, fields), options);
    }

    private static string Decimal(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The routing header: type and segments left, then type 0's addresses, type 2's home address, or the SRH's segment list.</summary>
    private static List<FieldSpec> Routing(int length, byte[] header)
    {
        var fields = new List<FieldSpec>
        {
            FieldSpec.Named("ipv6.routing.type", "Type", 16, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Source Route", [2] = "Type 2 Routing", [3] = "RPL Source Route", [4] = "Segment Routing" }),
            FieldSpec.Number("ipv6.routing.segleft", "Segments left", 24, 8),
        };
        var type = header[2];
        switch (type)
        {
            case 0:
                fields.Add(new FieldSpec("ipv6.routing.src.reserved", "Reserved", 32, 32, FieldFormat.Bytes));
                for (var at = 8; at + 16 <= length; at += 16) fields.Add(new FieldSpec("ipv6.routing.src.addr", "Address", at * 8, 128, FieldFormat.Ipv6));
                break;
            case 2 when length == 24:
                fields.Add(new FieldSpec("ipv6.routing.mipv6.reserved", "Reserved", 32, 32, FieldFormat.Bytes));
                fields.Add(new FieldSpec("ipv6.routing.mipv6.home_address", "Home address", 64, 128, FieldFormat.Ipv6));
                break;
            case 4:
                fields.Add(FieldSpec.Number("ipv6.routing.srh.last_entry", "Last entry", 32, 8));
                fields.Add(FieldSpec.Hex("ipv6.routing.srh.flags", "Flags", 40, 8));
                fields.Add(new FieldSpec("ipv6.routing.srh.tag", "Tag", 48, 16, FieldFormat.Bytes));
                var last = 8 + 16 * (header[4] + 1);
                for (var at = 8; at + 16 <= Math.Min(last, length); at += 16) fields.Add(new FieldSpec("ipv6.routing.srh.addr", "Address", at * 8, 128, FieldFormat.Ipv6));
                if (last < length) fields.Add(new FieldSpec("ipv6.routing.unknown_data", "TLVs", last * 8, (length - last) * 8, FieldFormat.Bytes));
                break;
            default:
                if (length > 4) fields.Add(new FieldSpec("ipv6.routing.unknown_data", "Data", 32, (length - 4) * 8, FieldFormat.Bytes));
                break;
        }
        return fields;
    }

    /// <summary>Hop-by-hop and destination options: Pad1 is one byte, every other type has a length and data.</summary>
    private static List<Part> Options(int length, byte[] header)
    {
        var parts = new List<Part>();
        var position = 2;
        while (position < Math.Min(length, header.Length))
        {
            var type = header[position];
            var typeField = FieldSpec.Named("ipv6.opt.type", "Type", 0, 8, FieldFormat.Hex, Names.Ipv6OptionTypes) with
            {
                Bits =
                [
                    FieldSpec.Named("ipv6.opt.type.action", "Action", 0, 2, FieldFormat.Decimal, new Dictionary<ulong, string>
                    {
                        [0] = "Skip and continue", [1] = "Discard", [2] = "Discard and send ICMP Parameter Problem", [3] = "Discard and send ICMP if not multicast",
                    }),
                    FieldSpec.Flag("ipv6.opt.type.change", "May change en route", 2),
                    FieldSpec.Hex("ipv6.opt.type.rest", "Low-order bits", 3, 5),
                ],
            };
            if (type == 0)
            {
                parts.Add(new Part("ipv6.opt", "Pad1", position, 1, [typeField]));
                position++;
                continue;
            }
            if (position + 1 >= header.Length) break;
            var size = 2 + header[position + 1];
            var fields = new List<FieldSpec> { typeField, FieldSpec.Number("ipv6.opt.length", "Length", 8, 8) };
            var data = size - 2;
            fields.AddRange((type, data) switch
            {
                (1, _) => [new FieldSpec("ipv6.opt.padn", "PadN", 16, data * 8, FieldFormat.Bytes)],
                (5, 2) => [FieldSpec.Named("ipv6.opt.router_alert", "Router alert", 16, 16, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "MLD", [1] = "RSVP", [2] = "Active Networks" })],
                (4, 1) => [FieldSpec.Number("ipv6.opt.tel", "Tunnel encapsulation limit", 16, 8)],
                (0xC2, 4) => [FieldSpec.Number("ipv6.opt.jumbo", "Payload length", 16, 32)],
                (0x1E or 0x3E or 0x5E or 0x7E or 0x9E or 0xBE or 0xDE or 0xFE, > 0) => [new FieldSpec("ipv6.opt.experimental", "Experimental option", 16, data * 8, FieldFormat.Bytes)],
                (_, > 0) => [new FieldSpec("ipv6.opt.unknown", "Unknown option", 16, data * 8, FieldFormat.Bytes)],
                _ => [],
            });
            parts.Add(new Part("ipv6.opt", Names.Ipv6OptionTypes.GetValueOrDefault(type, "Unknown option"), position, size, fields));
            position += size;
        }
        return parts;
    }

    /// <summary>
    /// Where a routing header at <paramref name="offset"/> with segments left holds the final destination:
    /// type 0's last address, type 2's home address, the segment routing header's first segment.
    /// </summary>
    internal static int? FinalDestination(Dissection d, int offset)
    {
        if (offset + 8 > d.Bytes.Length || !d.Bytes.IsKnown(offset, 8) || d.Bytes.Data[offset + 3] == 0) return null;
        var length = (d.Bytes.Data[offset + 1] + 1) * 8;
        int? at = d.Bytes.Data[offset + 2] switch
        {
            0 when length >= 24 => offset + length - 16,
            2 when length == 24 => offset + 8,
            4 when length >= 24 => offset + 8,
            _ => null,
        };
        return at is { } address && address + 16 <= d.Bytes.Length ? address : null;
    }

    /// <summary>Decodes the extension header of <paramref name="kind"/> at <paramref name="offset"/> into the IPv6 layer; returns its next header and length.</summary>
    internal static (ulong? Next, int? Length) Dissect(Dissection d, DecodedLayer ipv6, int kind, int offset)
    {
        var lengthByte = kind == 44 ? null : (byte?)FieldCodec.Read(FieldSpec.Number("len", "", 8, 8), d.Bytes, offset).Number;
        var length = LengthOf(kind, lengthByte);
        if (length is null)
        {
            var cut = d.Layer(ipv6.Layers, Prefix(kind), Title(kind), offset);
            var next = d.Add(cut, FieldSpec.Named($"{Prefix(kind)}.nxt", "Next header", 0, 8, FieldFormat.Decimal, Names.IpProtocols), offset).Number;
            d.Add(cut, FieldSpec.Number($"{Prefix(kind)}.len", "Length", 8, 8), offset);
            cut.Length = Math.Min(2, d.Bytes.Length - offset);
            return (next, null);
        }
        var known = offset + length <= d.Bytes.Length && d.Bytes.IsKnown(offset, length.Value);
        var (header, options) = Layout(kind, length.Value, known ? d.Bytes.Data[offset..(offset + length.Value)] : null);
        var layer = d.Layer(ipv6.Layers, header.Protocol, header.Title, offset);
        foreach (var spec in header.Fields) d.Add(layer, spec, offset);
        layer.Length = Math.Min(length.Value, Math.Max(0, d.Bytes.Length - offset));
        foreach (var part in options)
        {
            var option = d.Layer(layer.Layers, part.Protocol, part.Title, offset + part.Offset);
            foreach (var spec in part.Fields) d.Add(option, spec, offset + part.Offset);
            option.Length = part.Length;
        }
        return (Dissection.NumberOf(layer, $"{header.Protocol}.nxt"), length);
    }

    /// <summary>Writes the header through its layout's fields, each taking its bits of the header's bytes.</summary>
    public override void Emit(PacketImage image, int offset, int line)
    {
        var (header, options) = Layout(Kind, Bytes.Length, Bytes);
        var bytes = new PacketBytes(Bytes, null);
        foreach (var (part, spec) in options.Prepend(header).SelectMany(p => p.Fields.Select(f => (p, f))))
        {
            var at = part.Offset * 8 + spec.BitOffset;
            if (spec.BitLength == 0 || at + spec.BitLength > Bytes.Length * 8) continue;
            if (spec.Format is FieldFormat.Bytes or FieldFormat.Ipv6 || spec.BitLength > 64) image.Write(spec, offset + part.Offset, Bytes[(at / 8)..((at + spec.BitLength) / 8)], line);
            else image.Write(spec, offset + part.Offset, bytes.ReadBits(at, spec.BitLength) * (ulong)spec.Scale, line);
        }
    }

    /// <summary>The chain of extension headers from <paramref name="space"/>'s start, the first of <paramref name="kind"/>, while their bytes are all there.</summary>
    public static List<Ipv6Extension> Parse(ReadOnlySpan<byte> space, ulong kind)
    {
        var headers = new List<Ipv6Extension>();
        var position = 0;
        while (IsExtension(kind) && position + 2 <= space.Length)
        {
            var length = LengthOf((int)kind, space[position + 1])!.Value;
            if (position + length > space.Length) break;
            headers.Add(new Ipv6Extension((byte)kind, space.Slice(position, length).ToArray()));
            kind = space[position];
            position += length;
        }
        return headers;
    }
}
