namespace TraceImport.Decoding.Protocols;

public sealed class Arp() : ProtocolLayer(new HeaderSpec("arp", "Address Resolution Protocol", 28,
[
    FieldSpec.Named("arp.hw.type", "Hardware type", 0, 16, FieldFormat.Decimal, Names.ArpHardware),
    FieldSpec.Named("arp.proto.type", "Protocol type", 16, 16, FieldFormat.Hex, Names.EtherTypes),
    FieldSpec.Number("arp.hw.size", "Hardware size", 32, 8),
    FieldSpec.Number("arp.proto.size", "Protocol size", 40, 8),
    FieldSpec.Named("arp.opcode", "Opcode", 48, 16, FieldFormat.Decimal, Names.ArpOpcodes),
    new FieldSpec("arp.src.hw_mac", "Sender MAC address", 64, 48, FieldFormat.Mac),
    new FieldSpec("arp.src.proto_ipv4", "Sender IP address", 112, 32, FieldFormat.Ipv4),
    new FieldSpec("arp.dst.hw_mac", "Target MAC address", 144, 48, FieldFormat.Mac),
    new FieldSpec("arp.dst.proto_ipv4", "Target IP address", 192, 32, FieldFormat.Ipv4),
]))
{
    /// <summary>ARP for IPv4 over Ethernet, the only kind in practice.</summary>
    public static readonly Arp Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var layer = d.Header(into, Header, slot.Offset);
        var sizes = (Dissection.NumberOf(layer, "arp.hw.size"), Dissection.NumberOf(layer, "arp.proto.size"));
        if (sizes != (6UL, 4UL) && layer.Field("arp.hw.size") is { Status: FieldStatus.Ok } hwSize)
        {
            hwSize.Note = "this decoder reads Ethernet/IPv4 ARP only (sizes 6 and 4); the addresses below assume them";
        }
        return new DeclaredExtent(slot.Offset, Header.Length);
    }
}
