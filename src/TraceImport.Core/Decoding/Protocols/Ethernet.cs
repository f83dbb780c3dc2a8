using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Ethernet II, or IEEE 802.3 when the type field holds a length (up to 1500) and an 802.2 LLC header
/// follows: at the start of a frame, or inside a tunnel (VXLAN, GENEVE, GRE's transparent bridging).
/// </summary>
public sealed class Ethernet() : ProtocolLayer(new HeaderSpec("eth", "Ethernet II", 14,
[
    Address("eth.dst", "Destination", 0),
    Address("eth.src", "Source", 48),
    TypeField,
]))
{
    /// <summary>Frames shorter than this (without the FCS) are padded; bytes past the datagram in a longer frame are a trailer.</summary>
    public const int MinimumFrame = 60;

    /// <summary>The largest value of the type field that is an 802.3 length; from 1536 up it is an EtherType.</summary>
    public const int LargestLength = 1500;

    private static readonly FieldSpec TypeField = FieldSpec.Named("eth.type", "Type", 96, 16, FieldFormat.Hex, Names.EtherTypes);
    private static readonly FieldSpec LengthField = FieldSpec.Number("eth.len", "Length", 96, 16);

    // After the fields the header declares: static fields are initialised in the order they are written.
    public static readonly Ethernet Layer = new();

    /// <summary>An address, with what Wireshark shows under it: the address again, and its locally administered and group bits.</summary>
    private static FieldSpec Address(string name, string label, int bitOffset) => new FieldSpec(name, label, bitOffset, 48, FieldFormat.Mac)
    {
        Bits =
        [
            new FieldSpec("eth.addr", "Address", bitOffset, 48, FieldFormat.Mac),
            FieldSpec.Flag($"{name}.lg", "LG bit", bitOffset + 6) with { Meaning = v => v == 1 ? "locally administered address" : "globally unique address (factory default)" },
            FieldSpec.Flag($"{name}.ig", "IG bit", bitOffset + 7) with { Meaning = v => v == 1 ? "group address (multicast/broadcast)" : "individual address (unicast)" },
        ],
    };

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "eth.type");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var typeOrLength = FieldCodec.Read(TypeField, d.Bytes, slot.Offset).Number;
        var isLength = typeOrLength <= LargestLength;
        var ethernet = d.Layer(into, Header.Protocol, isLength ? "IEEE 802.3 Ethernet" : Header.Title, slot.Offset);
        d.Add(ethernet, Header.Fields[0], slot.Offset);
        d.Add(ethernet, Header.Fields[1], slot.Offset);
        d.Add(ethernet, isLength ? LengthField : TypeField, slot.Offset);
        ethernet.Length = Math.Min(Header.Length, Math.Max(0, d.Bytes.Length - slot.Offset));
        var payload = slot.Offset + Header.Length;
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (typeOrLength is not { } value || payload >= end) return null;

        DeclaredExtent? declared;
        if (isLength)
        {
            // An 802.3 frame says how long its LLC data is: what follows is padding or a trailer.
            Llc.Layer.Parse(d, into, slot with { Offset = payload, End = Math.Min(end, payload + (int)value) });
            declared = new DeclaredExtent(payload, (int)value);
        }
        else
        {
            declared = d.Next(into, BindingTable.EtherType, value, slot with { Offset = payload });
        }
        if (declared is { } datagram && datagram.End < end) LabelPadding(d, into, slot, datagram);
        return null;
    }

    /// <summary>
    /// Bytes after the datagram's own length are padding or a trailer: never options, never data. As
    /// Wireshark does, the last 4 bytes of a trailer of 4 or more in a frame of 68 bytes or more are
    /// taken for the frame check sequence; whether its CRC-32 holds is said, not assumed.
    /// </summary>
    private static void LabelPadding(Dissection d, List<DecodedLayer> into, Slot frame, DeclaredExtent datagram)
    {
        var end = Math.Min(frame.End, d.Bytes.Length);
        var count = end - datagram.End;
        var isPadding = end - frame.Offset <= MinimumFrame;
        var hasFcs = !isPadding && count >= 4 && end - frame.Offset >= MinimumFrame + 8;
        var layer = d.Layer(into, "eth", isPadding ? "Ethernet padding" : "Ethernet trailer", datagram.End);
        layer.Length = count;
        var bytes = count - (hasFcs ? 4 : 0);
        if (bytes > 0)
        {
            var spec = new FieldSpec(isPadding ? "eth.padding" : "eth.trailer", isPadding ? "Padding" : "Trailer", 0, bytes * 8, FieldFormat.Bytes);
            var field = FieldCodec.Read(spec, d.Bytes, datagram.End);
            field.Status = FieldStatus.Padding;
            field.Meaning = $"{count} byte(s) after the {datagram.Length}-byte datagram" +
                            (isPadding ? $", padding the frame to the Ethernet minimum of {MinimumFrame}" : hasFcs ? ", the last 4 of them taken for the frame check sequence" : "");
            layer.Fields.Add(field);
        }
        if (!hasFcs) return;
        var fcs = FieldCodec.Read(FieldSpec.Hex("eth.fcs", "Frame check sequence", 0, 32), d.Bytes, end - 4);
        fcs.Status = FieldStatus.Padding;
        if (d.Bytes.IsKnown(frame.Offset, end - frame.Offset))
        {
            var crc = Crc32(d.Bytes.Data.AsSpan(frame.Offset, end - 4 - frame.Offset));
            var stated = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(d.Bytes.Data.AsSpan(end - 4, 4));
            fcs.Meaning = crc == stated ? "the frame's CRC-32: it holds" : $"not the frame's CRC-32 (0x{crc:x8}, least significant byte first): a trailer, or a frame changed after it was sent";
        }
        layer.Fields.Add(fcs);
    }

    /// <summary>IEEE 802.3's CRC-32 (reflected polynomial 0xEDB88320) of the bytes.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? crc >> 1 ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>The addresses, and the type or, for an 802.3 frame, the length, over the same bytes.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) => [.. Header.Fields, LengthField];
}
