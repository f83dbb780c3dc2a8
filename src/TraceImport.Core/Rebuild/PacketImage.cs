using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Rebuild;

/// <summary>One field value written into the image: the text's (with the line that gave it) or one emit computed.</summary>
public sealed record FieldWrite(FieldSpec Spec, int HeaderOffset, ulong? Number, byte[]? Bytes, int Line, bool Computed = false);

/// <summary>
/// A packet being rebuilt from decoded text: header fields are written through the protocol schemas the
/// decoder reads with, and every nibble no field wrote stays unknown.
/// </summary>
public sealed class PacketImage
{
    private byte[] data = new byte[64];
    private bool[] written = new bool[128];
    /// <summary>The bits written so far of each nibble, as a 4-bit mask.</summary>
    private readonly Dictionary<int, int> partial = [];

    /// <summary>The bytes up to the last one any field wrote.</summary>
    public int Length { get; private set; }

    public List<FieldWrite> Writes { get; } = [];

    /// <summary>What emit could not do as the text says (a field the header does not have), for the packet's comments.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The fields emit computed because the text left them unset.</summary>
    public IEnumerable<string> Computed => Writes.Where(w => w.Computed).Select(w => w.Spec.Name);

    public void Write(FieldSpec spec, int headerOffset, ulong value, int line, bool computed = false)
    {
        Ensure(headerOffset * 8 + spec.EndBit);
        FieldCodec.Write(spec, value, data, headerOffset);
        Mark(headerOffset * 8 + spec.BitOffset, spec.BitLength);
        Writes.Add(new FieldWrite(spec, headerOffset, value, null, line, computed));
    }

    public void Write(FieldSpec spec, int headerOffset, byte[] value, int line)
    {
        Ensure(headerOffset * 8 + spec.EndBit);
        FieldCodec.Write(spec, value, data, headerOffset);
        Mark(headerOffset * 8 + spec.BitOffset, spec.BitLength);
        Writes.Add(new FieldWrite(spec, headerOffset, null, value, line));
    }

    /// <summary>Writes a value as a text gave it: bytes, a number as Wireshark shows it, or raw bits.</summary>
    public void Write(FieldSpec spec, int headerOffset, FieldValue value)
    {
        if (value.Bytes is { } bytes) Write(spec, headerOffset, bytes, value.Line);
        else Write(spec, headerOffset, value.Raw ? value.Number!.Value * (ulong)spec.Scale : value.Number!.Value, value.Line);
    }

    /// <summary>Declares bytes part of the packet without knowing them (an option the text did not spell out).</summary>
    public void Reserve(int offset, int count) => Ensure((offset + count) * 8);

    /// <summary>Whether every nibble of the bytes was written.</summary>
    public bool IsWritten(int offset, int count)
    {
        for (var nibble = offset * 2; nibble < (offset + count) * 2; nibble++)
        {
            if (nibble >= Length * 2 || !written[nibble]) return false;
        }
        return true;
    }

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

    /// <summary>The image decoded as a packet of <paramref name="linkType"/>: what emit and the rebuilders read checksum verdicts from.</summary>
    public PacketDecode Decode(LinkType linkType)
    {
        var (bytes, unknown) = Build();
        var packet = new Packet
        {
            Data = bytes, Unknown = unknown, LinkType = linkType, OriginalLength = bytes.Length,
            Interface = "image", Format = "image", Source = new SourceSpan("image", 0, 0),
        };
        return PacketDecoder.Decode(packet);
    }

    /// <summary>
    /// The fields whose written value disagrees with authoritative bytes (snoop -x hex printed beside
    /// the decode): what the text says against what the bytes hold.
    /// </summary>
    public IEnumerable<(FieldWrite Write, string Says, string Holds)> Disagreements(byte[] authoritative)
    {
        var holds = new PacketBytes(authoritative, null);
        foreach (var write in Writes.Where(w => !w.Computed))
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
        // A nibble counts as known only when every one of its four bits was written.
        for (var nibble = bitOffset / 4; nibble <= (bitOffset + bitLength - 1) / 4; nibble++)
        {
            var from = Math.Max(nibble * 4, bitOffset) - nibble * 4;
            var to = Math.Min(nibble * 4 + 4, bitOffset + bitLength) - nibble * 4;
            var bits = partial.GetValueOrDefault(nibble);
            for (var bit = from; bit < to; bit++) bits |= 1 << bit;
            partial[nibble] = bits;
            if (bits == 0xF) written[nibble] = true;
        }
    }
}
