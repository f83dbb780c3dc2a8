using TraceImport.Model;
using TraceImport.Rebuild;

namespace TraceImport.Decoding;

/// <summary>
/// One protocol: its header's fields (with the variants, options and conditional fields it has),
/// <see cref="Parse"/> from bytes into a decoded layer with per-field spans and verdicts, and
/// <see cref="Emit"/> from the values a text gives back into bytes. Both read the same field
/// declarations and the same bindings table (<see cref="Bindings"/>), so decode and rebuild stay
/// inverses. A new protocol is one subclass in Protocols/ and a row in the bindings table.
/// </summary>
public abstract class ProtocolLayer(HeaderSpec header)
{
    public HeaderSpec Header { get; } = header;

    public string Protocol => Header.Protocol;

    /// <summary>The field that names the layer after this one, and the bindings table it is looked up in (eth.type in EtherTypes).</summary>
    public virtual NextLayer? Next => null;

    /// <summary>The layer's checksum field, when it has one: emit computes it when the text left it unset.</summary>
    public virtual string? ChecksumField => null;

    /// <summary>Whether this layer can follow what <paramref name="slot"/> describes (ICMP only over IPv4).</summary>
    public virtual bool ParsesOver(Slot slot) => true;

    /// <summary>
    /// Decodes the layer at <paramref name="slot"/> and what it carries into <paramref name="into"/>;
    /// returns the extent the datagram declares for itself, when it does (what Ethernet pads after).
    /// </summary>
    public abstract DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot);

    /// <summary>The fields a text may give for this layer, given the values it gave (an ICMP type selects its variant).</summary>
    public virtual IEnumerable<FieldSpec> Fields(FieldValues values) => Header.Fields;

    /// <summary>The field or bit field of that name the layer has, given the values a text gave.</summary>
    public FieldSpec? FieldNamed(string name, FieldValues values)
    {
        // Asked once for every value a summary line gives: a loop, not a query built for each.
        foreach (var field in Fields(values))
        {
            if (field.Name == name) return field;
            foreach (var bit in field.Bits)
            {
                if (bit.Name == name) return bit;
            }
        }
        return null;
    }

    /// <summary>
    /// The value a text gave for a field or bit field, as Wireshark shows it: given directly, or within the
    /// header field that holds it (gre.flags.key within gre.flags_and_version).
    /// </summary>
    public ulong? ValueOf(string name, FieldValues values)
    {
        var spec = Header.Find(name) ?? throw new ArgumentException($"{Protocol} has no header field {name}", nameof(name));
        if (values.Shown(spec) is { } given) return given;
        if (Header.Fields.FirstOrDefault(f => f.Bits.Contains(spec)) is not { } holder || values.Shown(holder) is not { } whole) return null;
        var raw = whole / (ulong)holder.Scale >> (holder.EndBit - spec.EndBit) & ((1UL << spec.BitLength) - 1);
        return raw * (ulong)spec.Scale;
    }

    /// <summary>The header's length with the values given (options included).</summary>
    public virtual int HeaderLength(FieldValues values) => Header.Length;

    /// <summary>
    /// Writes the values the text gave at <paramref name="offset"/> (a field not given stays unknown
    /// unless emit computes it) and returns the header's length: where the next layer starts.
    /// </summary>
    public virtual int Emit(PacketImage image, int offset, FieldValues values)
    {
        WriteGiven(image, offset, values);
        var length = HeaderLength(values);
        image.Reserve(offset, length);
        return length;
    }

    /// <summary>The total-length field emit fills in when the image holds the whole packet, and what it counts.</summary>
    public virtual LengthField? Length => null;

    /// <summary>
    /// Whether parse adds this field over bytes other declarations write (tcp.options over the options,
    /// tcp.payload over what follows the header): emit writes those bytes through them, never through it.
    /// </summary>
    public virtual bool IsView(string name) => false;

    /// <summary>Writes every value the text gave through the field it names.</summary>
    protected void WriteGiven(PacketImage image, int offset, FieldValues values)
    {
        foreach (var (name, value) in values.All)
        {
            if (IsView(name)) continue;
            if (FieldNamed(name, values) is not { } spec)
            {
                image.Notes.Add($"line {value.Line}: {name} is printed, but this {Protocol} header has no such field: left out");
                continue;
            }
            image.Write(spec, offset, value);
        }
    }

    /// <summary>
    /// Writes a header that carries options (IPv4, TCP): the values the text gives, then its options in
    /// order after the fixed header while they fit the option space (what does not fit, or is not
    /// listed, stays unknown), and the header length when the text lists every option.
    /// </summary>
    protected int EmitWithOptions(PacketImage image, int offset, FieldValues values, string lengthField)
    {
        WriteGiven(image, offset, values);
        var length = HeaderLength(values);
        if (values.OptionsListed) Imply(image, offset, values, Header[lengthField], (ulong)length);
        var position = offset + Header.Length;
        foreach (var (option, line) in values.Options)
        {
            if (position + option.Length > offset + length) break;
            option.Emit(image, position, line);
            position += option.Length;
        }
        image.Reserve(offset, length);
        return length;
    }

    /// <summary>The header length the text gives, or the fixed header and the options it lists, in whole 4-byte words.</summary>
    protected int LengthWithOptions(FieldValues values, string lengthField) =>
        ValueOf(lengthField, values) is { } given ? (int)given : Header.Length + (values.Options.Sum(o => o.Option.Length) + 3) / 4 * 4;

    /// <summary>Writes a value the text did not give but the layer implies (the version of an IPv4 header), marked as computed.</summary>
    protected static void Imply(PacketImage image, int offset, FieldValues values, FieldSpec spec, ulong value)
    {
        if (!values.Has(spec.Name)) image.Write(spec, offset, value, line: 0, computed: true);
    }

    public override string ToString() => Protocol;
}

/// <summary>A field that names the next layer, and the bindings table that says which (eth.type in EtherTypes).</summary>
public sealed record NextLayer(BindingTable Table, string Field);

/// <summary>A length field and what it counts: from the layer's start (ip.len) or after a fixed header (ipv6.plen).</summary>
public sealed record LengthField(string Field, int Excluding = 0);

/// <summary>Where a datagram that states its own length ends: the bytes after it in a frame are padding.</summary>
public readonly record struct DeclaredExtent(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Where a layer lies and what the layers around it say of it: the end of the bytes it may cover, whether
/// it is inside a datagram an ICMP error quotes, the IP datagram that carries it, for a protocol bound to
/// a port whether the port that bound it was the source (the packet comes from the server), and whether
/// it is the first fragment of a datagram that continues in later ones (its checksums cover bytes not here).
/// </summary>
public sealed record Slot(int Offset, int End, bool Quoted = false, IpContext? Ip = null, bool FromServer = false, bool FirstFragment = false);

/// <summary>
/// What a transport layer needs to know of the IP datagram around it; for IPv6 with a routing header, where
/// the final destination lies (RFC 8200 §8.1: the pseudo-header holds it, not the next hop).
/// </summary>
public sealed record IpContext(PacketBytes Bytes, int Version, int IpOffset, int PayloadStart, int PayloadEnd, int? FinalDestinationAt = null)
{
    /// <summary>The pseudo-header's ones'-complement sum for a checksum over the payload, or the address bytes that keep it from being known.</summary>
    public (uint Sum, IReadOnlyList<ByteRange> Unknown) PseudoHeader(int protocol)
    {
        var (addressOffset, addressLength) = Version == 4 ? (IpOffset + 12, 8) : (IpOffset + 8, 32);
        if (FinalDestinationAt is { } destination)
        {
            var unknownAddresses = Bytes.UnknownRanges(addressOffset, 16).Concat(Bytes.UnknownRanges(destination, 16)).ToList();
            if (unknownAddresses.Count > 0) return (0, unknownAddresses);
            byte[] addresses = [.. Bytes.Data.AsSpan(addressOffset, 16), .. Bytes.Data.AsSpan(destination, 16)];
            return (InternetChecksum.PseudoHeaderSum(addresses, protocol, PayloadEnd - PayloadStart), []);
        }
        var unknown = Bytes.UnknownRanges(addressOffset, addressLength);
        if (unknown.Count > 0) return (0, unknown);
        return (InternetChecksum.PseudoHeaderSum(Bytes.Data.AsSpan(addressOffset, addressLength), protocol, PayloadEnd - PayloadStart), []);
    }
}

/// <summary>An option inside a header (TCP, IPv4) as a typed value that emits itself through its layer's field declarations.</summary>
public abstract record ProtocolOption
{
    /// <summary>The option's length on the wire, in bytes.</summary>
    public abstract int Length { get; }

    public abstract void Emit(PacketImage image, int offset, int line);

    /// <summary>
    /// Walks an option space whose bytes are all known, laid out as IPv4 and TCP lay theirs: kinds 0
    /// (end of list) and 1 (no-operation) are one byte, every other kind has a length; the walk stops
    /// at a length that cannot be, and at the end of the list when <paramref name="endOfListEnds"/>
    /// (TCP reads each zero byte after it as another end of list, as Wireshark shows them).
    /// </summary>
    protected static List<T> Walk<T>(ReadOnlySpan<byte> space, Func<byte, T> single, Func<byte, ReadOnlySpan<byte>, T> withBody, bool endOfListEnds = true)
    {
        var options = new List<T>();
        var position = 0;
        while (position < space.Length)
        {
            var kind = space[position];
            if (kind is 0 or 1)
            {
                options.Add(single(kind));
                position++;
                if (kind == 0 && endOfListEnds) break;
                continue;
            }
            if (position + 1 >= space.Length || space[position + 1] < 2 || position + space[position + 1] > space.Length) break;
            options.Add(withBody(kind, space.Slice(position + 2, space[position + 1] - 2)));
            position += space[position + 1];
        }
        return options;
    }

    /// <summary>Writes an option's data (after its type and length) through the fields its layout declares, each taking its bits of the data.</summary>
    protected static void EmitFields(PacketImage image, int offset, IEnumerable<FieldSpec> fields, byte[] body, int line)
    {
        var option = new byte[2 + body.Length];
        body.CopyTo(option, 2);
        var bytes = new PacketBytes(option, null);
        foreach (var spec in fields.Where(f => f.BitOffset >= 16 && f.EndBit <= option.Length * 8))
        {
            if (spec.Format is FieldFormat.Bytes or FieldFormat.Text or FieldFormat.Ipv6 || spec.BitLength > 64) image.Write(spec, offset, option[spec.ByteOffset..(spec.EndBit / 8)], line);
            else image.Write(spec, offset, bytes.ReadBits(spec.BitOffset, spec.BitLength) * (ulong)spec.Scale, line);
        }
    }
}
