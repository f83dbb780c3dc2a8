namespace TraceImport.Decoding.Protocols;

public static class Ethernet
{
    /// <summary>Frames shorter than this (without the FCS) are padded; bytes past the datagram in a longer frame are a trailer.</summary>
    public const int MinimumFrame = 60;

    public static readonly HeaderSpec Header = new("eth", "Ethernet II", 14,
    [
        new FieldSpec("eth.dst", "Destination", 0, 48, FieldFormat.Mac),
        new FieldSpec("eth.src", "Source", 48, 48, FieldFormat.Mac),
        FieldSpec.Named("eth.type", "Type", 96, 16, FieldFormat.Hex, Names.EtherTypes),
    ]);

    /// <summary>An IEEE 802.3 frame: where Ethernet II has its type, a length of at most 1500 (an LLC header follows).</summary>
    public static readonly HeaderSpec Ieee8023 = new("eth", "IEEE 802.3 Ethernet", 14,
    [
        new FieldSpec("eth.dst", "Destination", 0, 48, FieldFormat.Mac),
        new FieldSpec("eth.src", "Source", 48, 48, FieldFormat.Mac),
        FieldSpec.Number("eth.len", "Length", 96, 16),
    ]);

    public static readonly HeaderSpec Vlan = new("vlan", "802.1Q Virtual LAN", 4,
    [
        FieldSpec.Number("vlan.priority", "Priority", 0, 3),
        FieldSpec.Flag("vlan.dei", "Drop eligible", 3),
        FieldSpec.Number("vlan.id", "VLAN", 4, 12),
        FieldSpec.Named("vlan.etype", "Type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
    ]);

    public static void Dissect(Dissection d, List<DecodedLayer> layers)
    {
        var ethernet = d.Header(layers, Header, 0);
        var etherType = Dissection.NumberOf(ethernet, "eth.type");
        if (etherType <= 1500)
        {
            layers.Remove(ethernet);
            d.Header(layers, Ieee8023, 0);
            if (Header.Length < d.Bytes.Length) Payload.Data(d, layers, Header.Length, d.Bytes.Length);
            return;
        }
        var offset = Header.Length;
        while (etherType is 0x8100 or 0x88A8)
        {
            var vlan = d.Header(layers, Vlan, offset);
            etherType = Dissection.NumberOf(vlan, "vlan.etype");
            offset += Vlan.Length;
        }
        if (etherType is null || offset >= d.Bytes.Length) return;

        var declared = Network.Dissect(d, layers, etherType.Value, offset);
        ethernet.Length = offset;
        if (declared is { } length && offset + length < d.Bytes.Length) LabelPadding(d, layers, offset + length, length);
    }

    /// <summary>Bytes after the datagram's own length are padding or a trailer: never options, never data.</summary>
    private static void LabelPadding(Dissection d, List<DecodedLayer> layers, int start, int datagramLength)
    {
        var count = d.Bytes.Length - start;
        var isPadding = d.Bytes.Length <= MinimumFrame;
        var layer = d.Layer(layers, "eth", isPadding ? "Ethernet padding" : "Ethernet trailer", start);
        layer.Length = count;
        var spec = new FieldSpec(isPadding ? "eth.padding" : "eth.trailer", isPadding ? "Padding" : "Trailer", 0, count * 8, FieldFormat.Bytes);
        var field = FieldCodec.Read(spec, d.Bytes, start);
        field.Status = FieldStatus.Padding;
        field.Meaning = $"{count} byte(s) after the {datagramLength}-byte datagram" +
                        (isPadding ? $", padding the frame to the Ethernet minimum of {MinimumFrame}" : "");
        layer.Fields.Add(field);
    }
}

/// <summary>Chooses the network-layer dissector for an EtherType.</summary>
public static class Network
{
    /// <summary>Dissects the datagram and returns the length it declares for itself, when it does.</summary>
    public static int? Dissect(Dissection d, List<DecodedLayer> layers, ulong etherType, int offset) => etherType switch
    {
        0x0800 => Ipv4.Dissect(d, layers, offset, quoted: false),
        0x86DD => Ipv6.Dissect(d, layers, offset, quoted: false),
        0x0806 => Arp.Dissect(d, layers, offset),
        _ => Payload.Data(d, layers, offset, d.Bytes.Length),
    };
}
