using TraceImport.Decoding;

namespace TraceImport.Rebuild;

/// <summary>
/// An option a text names with its size but not all of its bytes (tcpdump's "md5 …" when it cannot check
/// the digest, a SACK block counted from a number the text does not give): its kind and length are
/// written, and the rest of it stays unknown, so that the options after it still fall in their places.
/// </summary>
public sealed record OptionOfKnownSize(FieldSpec KindField, FieldSpec LengthField, byte Kind, int Size) : ProtocolOption
{
    public override int Length => Size;

    public override void Emit(PacketImage image, int offset, int line)
    {
        image.Write(KindField, offset, Kind, line);
        if (Size < 2) return;
        image.Write(LengthField, offset, (ulong)Size, line);
        image.Reserve(offset, Size);
    }
}
