using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// What ICMP and ICMPv6 share: type, code and checksum; after them, fields each type lays out its own
/// way; and after an error's 8-byte header, the datagram it quotes (a typed value: its own layers,
/// parsed and emitted as quoted).
/// </summary>
public abstract class IcmpMessage(string prefix, string title, IReadOnlyDictionary<ulong, string> types) : ProtocolLayer(new HeaderSpec(prefix, title, 8,
[
    FieldSpec.Named($"{prefix}.type", "Type", 0, 8, FieldFormat.Decimal, types),
    FieldSpec.Number($"{prefix}.code", "Code", 8, 8),
    FieldSpec.Hex($"{prefix}.checksum", "Checksum", 16, 16),
]))
{
    public override string ChecksumField => $"{Protocol}.checksum";

    /// <summary>
    /// What a type holds after the checksum: the message's variant, read by parse and written by emit;
    /// <paramref name="length"/> is byte 5, an error's RFC 4884 length of the datagram it quotes.
    /// </summary>
    protected abstract IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code, ulong? length);

    private static readonly FieldSpec LengthByte = FieldSpec.Number("length", "Length", 40, 8);

    /// <summary>Whether a type is an error that quotes the datagram that caused it.</summary>
    protected abstract bool QuotesDatagram(ulong? type);

    /// <summary>Decodes the datagram an error quotes, up to <paramref name="end"/>, into the message's layers; returns its IP layer.</summary>
    protected abstract DecodedLayer? ParseQuote(Dissection d, DecodedLayer message, int offset, int end);

    /// <summary>Where an error's extension structure (RFC 4884) starts, when it has one; the quoted datagram ends there.</summary>
    protected virtual int? ExtensionsAt(Dissection d, DecodedLayer message, Slot slot) => null;

    /// <summary>Decodes an error's extension structure into the message's layers.</summary>
    protected virtual void ParseExtensions(Dissection d, DecodedLayer message, int offset, int end, bool quoted)
    {
    }

    /// <summary>Reads the header, judging the checksum over the message (unless it is itself quoted), then the type's fields.</summary>
    protected (DecodedLayer Message, IReadOnlyList<DecodedField> Variant) ParseHeader(Dissection d, List<DecodedLayer> into, Slot slot, uint pseudoHeaderSum = 0,
        IReadOnlyList<ByteRange>? pseudoHeaderUnknown = null, ulong? variantHint = null)
    {
        var message = d.Header(into, Header, slot.Offset);
        if (!slot.Quoted) d.JudgeChecksum(message.Field(ChecksumField)!, slot.Offset, slot.End - slot.Offset, pseudoHeaderSum, pseudoHeaderUnknown, slot.FirstFragment);
        var type = Dissection.NumberOf(message, $"{Protocol}.type");
        var length = variantHint ?? FieldCodec.Read(LengthByte, d.Bytes, slot.Offset).Number;
        var rest = Rest(type, Dissection.NumberOf(message, $"{Protocol}.code"), length).Select(spec => d.Add(message, spec, slot.Offset)).ToList();
        return (message, rest);
    }

    /// <summary>After the header: the quoted datagram of an error, or data (an echo's after its sequence number; an unknown type's after the checksum).</summary>
    protected DecodedLayer? ParseBody(Dissection d, DecodedLayer message, IReadOnlyList<DecodedField> rest, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        DecodedLayer? quoted = null;
        if (QuotesDatagram(Dissection.NumberOf(message, $"{Protocol}.type")))
        {
            var extensions = ExtensionsAt(d, message, slot);
            if (slot.Offset + 8 < d.Bytes.Length) quoted = ParseQuote(d, message, slot.Offset + 8, extensions ?? d.Bytes.Length);
            if (extensions is { } at) ParseExtensions(d, message, at, end, slot.Quoted);
        }
        else
        {
            var dataStart = rest.Count > 0 ? rest.Max(f => (f.BitOffset + f.BitLength + 7) / 8) : slot.Offset + 4;
            if (dataStart < end) Payload.Data(d, message.Layers, dataStart, end);
        }
        message.Length = end - slot.Offset;
        return quoted;
    }

    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
        Header.Fields.Concat(Rest(ValueOf($"{Protocol}.type", values), ValueOf($"{Protocol}.code", values), VariantHint(values)));

    /// <summary>What stands for the length <see cref="Rest"/> takes when emit chooses a variant from the values a text gives.</summary>
    protected virtual ulong VariantHint(FieldValues values) => values.Has($"{Protocol}.length") ? 1UL : 0;

    /// <summary>Writes the message the text gives, then the datagram an error quotes, after the 8-byte header.</summary>
    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        var length = base.Emit(image, offset, values);
        values.Quote?.EmitAt(image, offset + length, quoted: true);
        return length;
    }
}
