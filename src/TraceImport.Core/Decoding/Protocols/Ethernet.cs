namespace TraceImport.Decoding.Protocols;

/// <summary>Ethernet II: at the start of a frame, or inside a tunnel (VXLAN, GENEVE, GRE's transparent bridging).</summary>
public sealed class Ethernet() : ProtocolLayer(new HeaderSpec("eth", "Ethernet II", 14,
[
    new FieldSpec("eth.dst", "Destination", 0, 48, FieldFormat.Mac),
    new FieldSpec("eth.src", "Source", 48, 48, FieldFormat.Mac),
    FieldSpec.Named("eth.type", "Type", 96, 16, FieldFormat.Hex, Names.EtherTypes),
]))
{
    public static readonly Ethernet Layer = new();

    /// <summary>Frames shorter than this (without the FCS) are padded; bytes past the datagram in a longer frame are a trailer.</summary>
    public const int MinimumFrame = 60;

    /// <summary>The largest value of the type field that is an IEEE 802.3 length rather than an EtherType.</summary>
    public const int MaximumLength = 1500;

    /// <summary>An IEEE 802.3 frame: where Ethernet II has its type, a length of at most 1500 (an LLC header follows).</summary>
    public static readonly HeaderSpec Ieee8023 = new("eth", "IEEE 802.3 Ethernet", 14,
    [
        new FieldSpec("eth.dst", "Destination", 0, 48, FieldFormat.Mac),
        new FieldSpec("eth.src", "Source", 48, 48, FieldFormat.Mac),
        FieldSpec.Number("eth.len", "Length", 96, 16),
    ]);

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "eth.type");

    /// <summary>A text that gives the frame's length (eth.len) describes an IEEE 802.3 frame.</summary>
    public override IEnumerable<FieldSpec> Fields(Rebuild.FieldValues values) => values.Has("eth.len") ? Ieee8023.Fields : Header.Fields;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var ethernet = d.Header(into, Header, slot.Offset);
        var payload = slot.Offset + Header.Length;
        if (Dissection.NumberOf(ethernet, "eth.type") is <= MaximumLength)
        {
            // An 802.3 frame: the field is the length of what follows, not a type.
            into.Remove(ethernet);
            d.Header(into, Ieee8023, slot.Offset);
            if (payload < Math.Min(slot.End, d.Bytes.Length)) Payload.Data(d, into, payload, Math.Min(slot.End, d.Bytes.Length));
            return null;
        }
        if (Dissection.NumberOf(ethernet, "eth.type") is not { } etherType || payload >= Math.Min(slot.End, d.Bytes.Length)) return null;

        var declared = d.Next(into, BindingTable.EtherType, etherType, slot with { Offset = payload });
        if (declared is { } datagram && datagram.End < Math.Min(slot.End, d.Bytes.Length)) LabelPadding(d, into, slot, datagram);
        return null;
    }

    /// <summary>Bytes after the datagram's own length are padding or a trailer: never options, never data.</summary>
    private static void LabelPadding(Dissection d, List<DecodedLayer> into, Slot frame, DeclaredExtent datagram)
    {
        var end = Math.Min(frame.End, d.Bytes.Length);
        var count = end - datagram.End;
        var isPadding = end - frame.Offset <= MinimumFrame;
        var layer = d.Layer(into, "eth", isPadding ? "Ethernet padding" : "Ethernet trailer", datagram.End);
        layer.Length = count;
        var spec = new FieldSpec(isPadding ? "eth.padding" : "eth.trailer", isPadding ? "Padding" : "Trailer", 0, count * 8, FieldFormat.Bytes);
        var field = FieldCodec.Read(spec, d.Bytes, datagram.End);
        field.Status = FieldStatus.Padding;
        field.Meaning = $"{count} byte(s) after the {datagram.Length}-byte datagram" +
                        (isPadding ? $", padding the frame to the Ethernet minimum of {MinimumFrame}" : "");
        layer.Fields.Add(field);
    }
}
