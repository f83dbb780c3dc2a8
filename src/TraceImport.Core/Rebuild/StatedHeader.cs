using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Rebuild;

/// <summary>
/// A header the layer model has no protocol for (an MPLS label stack, IPsec's AH or ESP header, an IPv6
/// hop-by-hop header), written as the bytes a text's words fix — null where they do not — so that the
/// layers after it fall in their places. It takes no part in decoding: no binding names it, and the
/// field before it is given its number by the text.
/// </summary>
public sealed class StatedHeader(string protocol, string title, IReadOnlyList<byte?> bytes)
    : ProtocolLayer(new HeaderSpec(protocol, title, bytes.Count, []))
{
    private readonly FieldSpec byteField = FieldSpec.Hex($"{protocol}.byte", title, 0, 8);

    public override int Emit(PacketImage image, int offset, FieldValues values)
    {
        for (var i = 0; i < bytes.Count; i++)
        {
            if (bytes[i] is { } value) image.Write(byteField with { BitOffset = i * 8 }, offset, value, line: 0);
        }
        image.Reserve(offset, bytes.Count);
        return bytes.Count;
    }

    /// <summary>Never reached by decoding, which no binding leads here; reads the bytes as data if it were.</summary>
    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        Payload.Data(d, into, slot.Offset, Math.Min(slot.Offset + bytes.Count, slot.End));
        return null;
    }
}
