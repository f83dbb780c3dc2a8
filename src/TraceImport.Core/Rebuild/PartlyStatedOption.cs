using TraceImport.Decoding;

namespace TraceImport.Rebuild;

/// <summary>
/// An option a text names with its size but not all of its bytes (tcpdump's "mptcp 12 …", a record-route
/// option whose pointer it does not print, a SACK block counted from a number the text does not give):
/// its kind, its length and the bytes of its body the text fixes are written — null for one it does not —
/// so that the options after it still fall in their places.
/// </summary>
public sealed record PartlyStatedOption(FieldSpec KindField, FieldSpec LengthField, byte Kind, IReadOnlyList<byte?> Body) : ProtocolOption
{
    private static readonly FieldSpec BodyByte = FieldSpec.Hex("option.byte", "Option data", 0, 8);

    /// <summary>An option of <paramref name="size"/> bytes, kind and length included, none of its body known.</summary>
    public static PartlyStatedOption OfSize(FieldSpec kindField, FieldSpec lengthField, byte kind, int size) =>
        new(kindField, lengthField, kind, new byte?[Math.Max(0, size - 2)]);

    public override int Length => 2 + Body.Count;

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(KindField, offset, Kind, line);
        image.Write(LengthField, offset, (ulong)Length, line);
        for (var i = 0; i < Body.Count; i++)
        {
            if (Body[i] is { } value) image.Write(BodyByte with { BitOffset = (2 + i) * 8 }, offset, value, line);
        }
        image.Reserve(offset, Length);
    }
}
