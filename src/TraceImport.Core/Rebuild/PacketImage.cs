using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Rebuild;

/// <summary>One field value the text gave, written into the image, and the line that gave it.</summary>
public sealed record FieldWrite(FieldSpec Spec, int HeaderOffset, ulong? Number, byte[]? Bytes, int Line);

/// <summary>
/// A packet rebuilt from decoded text: header fields are written through the protocol schemas the
/// decoder reads with, and every nibble no field wrote stays unknown.
/// </summary>
public sealed class PacketImage
{
    private byte[] data = new byte[64];
    private bool[] written = new bool[128];

    /// <summary>The bytes up to the last one any field wrote.</summary>
    public int Length { get; private set; }

    public List<FieldWrite> Writes { get; } = [];

    public void Write(FieldSpec spec, int headerOffset, ulong value, int line)
    {
        Ensure(headerOffset * 8 + spec.EndBit);
        FieldCodec.Write(spec, value, data, headerOffset);
        Mark(headerOffset * 8 + spec.BitOffset, spec.BitLength);
        Writes.Add(new FieldWrite(spec, headerOffset, value, null, line));
    }

    public void Write(FieldSpec spec, int headerOffset, byte[] value, int line)
    {
        Ensure(headerOffset * 8 + spec.EndBit);
        FieldCodec.Write(spec, value, data, headerOffset);
        Mark(headerOffset * 8 + spec.BitOffset, spec.BitLength);
        Writes.Add(new FieldWrite(spec, headerOffset, null, value, line));
    }

    /// <summary>Declares bytes part of the packet without knowing them (an option the text did not spell out).</summary>
    public void Reserve(int offset, int count) => Ensure((offset + count) * 8);

    public (byte[] Data, KnownMask? Unknown) Build()
    {
        var bytes = data.AsSpan(0, Length).ToArray();
        KnownMask? mask = null;
        for (var nibble = 0; nibble < Length * 2; nibble++)
        {
            if (written[nibble]) continue;
            mask ??= new KnownMask(Length);
            mask.MarkUnknown(nibble);
        }
        return (bytes, mask);
    }

    /// <summary>
    /// The fields whose written value disagrees with authoritative bytes (snoop -x hex printed beside
    /// the decode): what the text says against what the bytes hold.
    /// </summary>
    public IEnumerable<(FieldWrite Write, string Says, string Holds)> Disagreements(byte[] authoritative)
    {
        var holds = new PacketBytes(authoritative, null);
        foreach (var write in Writes)
        {
            var bitOffset = write.HeaderOffset * 8 + write.Spec.BitOffset;
            if (bitOffset + write.Spec.BitLength > authoritative.Length * 8) continue;
            var says = new PacketBytes(data, null).RawHex(bitOffset, write.Spec.BitLength);
            var actual = holds.RawHex(bitOffset, write.Spec.BitLength);
            if (says != actual) yield return (write, says, actual);
        }
    }

    private void Ensure(int endBit)
    {
        var bytes = (endBit + 7) / 8;
        if (bytes > data.Length)
        {
            Array.Resize(ref data, Math.Max(bytes, data.Length * 2));
            Array.Resize(ref written, data.Length * 2);
        }
        Length = Math.Max(Length, bytes);
    }

    private void Mark(int bitOffset, int bitLength)
    {
        // A nibble counts as known only when every bit of it was written.
        for (var nibble = bitOffset / 4; nibble <= (bitOffset + bitLength - 1) / 4; nibble++)
        {
            var from = Math.Max(nibble * 4, bitOffset);
            var to = Math.Min(nibble * 4 + 4, bitOffset + bitLength);
            if (to - from == 4) written[nibble] = true;
            else partial[nibble] = partial.GetValueOrDefault(nibble) + (to - from);
            if (partial.GetValueOrDefault(nibble) >= 4) written[nibble] = true;
        }
    }

    private readonly Dictionary<int, int> partial = [];
}
