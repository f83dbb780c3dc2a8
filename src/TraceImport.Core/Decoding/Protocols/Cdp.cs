namespace TraceImport.Decoding.Protocols;

/// <summary>
/// CDP, Cisco's discovery protocol, after a SNAP header with Cisco's OUI and protocol ID 0x2000: version,
/// holdtime and checksum (the Internet checksum over the whole message, judged when every byte is known),
/// then TLVs, each a nested layer: device and port IDs, addresses, capabilities, software version,
/// platform, VTP domain, native VLAN, duplex and the others Wireshark names.
/// </summary>
public sealed class Cdp() : ProtocolLayer(new HeaderSpec("cdp", "Cisco Discovery Protocol", 4,
[
    FieldSpec.Number("cdp.version", "Version", 0, 8),
    FieldSpec.Number("cdp.ttl", "TTL", 8, 8) with { Meaning = v => $"{v} seconds" },
    FieldSpec.Hex("cdp.checksum", "Checksum", 16, 16),
]))
{
    private static readonly Dictionary<ulong, (string Name, FieldFormat Format, string Title)> Simple = new()
    {
        [0x0001] = ("cdp.deviceid", FieldFormat.Text, "Device ID"),
        [0x0003] = ("cdp.portid", FieldFormat.Text, "Port ID"),
        [0x0005] = ("cdp.software_version", FieldFormat.Text, "Software Version"),
        [0x0006] = ("cdp.platform", FieldFormat.Text, "Platform"),
        [0x0009] = ("cdp.vtp_management_domain", FieldFormat.Text, "VTP Management Domain"),
        [0x000a] = ("cdp.native_vlan", FieldFormat.Decimal, "Native VLAN"),
        [0x000b] = ("cdp.duplex", FieldFormat.Decimal, "Duplex"),
        [0x0010] = ("cdp.power_consumption", FieldFormat.Decimal, "Power Consumption"),
        [0x0011] = ("cdp.mtu", FieldFormat.Decimal, "MTU"),
        [0x0012] = ("cdp.trust_bitmap", FieldFormat.Hex, "Trust Bitmap"),
        [0x0013] = ("cdp.untrusted_port_cos", FieldFormat.Hex, "Untrusted Port CoS"),
        [0x0014] = ("cdp.system_name", FieldFormat.Text, "System Name"),
        [0x0015] = ("cdp.system_object_identifier", FieldFormat.Bytes, "System Object Identifier"),
        [0x0017] = ("cdp.location", FieldFormat.Text, "Location"),
    };

    private static readonly string[] CapabilityNames =
    [
        "router", "trans_bridge", "src_bridge", "switch", "host", "igmp_capable", "repeater", "voip_phone", "remote", "cvta", "mac_relay",
    ];

    public static readonly Cdp Layer = new();

    public override string ChecksumField => "cdp.checksum";

    /// <summary>
    /// CDP's checksum is the Internet checksum except for a message of odd length: Cisco's code takes the last
    /// octet as the low byte of the last word (RFC 1071 makes it the high one) and, when its top bit is set,
    /// borrows one from that word (as Wireshark's packet-cdp.c does). Returned as the amount to add to the
    /// RFC 1071 sum: the word Cisco adds, less the one RFC 1071 adds.
    /// </summary>
    private static uint OddLengthCorrection(Dissection d, Slot slot)
    {
        if ((slot.End - slot.Offset) % 2 == 0 || d.Peek(slot.End - 1, 1) is not { } last) return 0;
        var ciscoWord = (last & 0x80) != 0 ? 0xff00u | (uint)((last - 1) & 0xff) : (uint)last;
        return ciscoWord + (0xffffu - ((uint)last << 8));
    }

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var cdp = d.Header(into, Header, slot.Offset);
        cdp.Length = end - slot.Offset;
        d.JudgeChecksum(cdp.Field("cdp.checksum")!, slot.Offset, slot.End - slot.Offset, OddLengthCorrection(d, slot));
        var position = slot.Offset + Header.Length;
        while (position + 4 <= end)
        {
            var type = d.Peek(position, 2);
            var length = d.Peek(position + 2, 2);
            if (type is null || length is null or < 4)
            {
                d.Rest(cdp, position, end, "a TLV's type or length is not known, or is less than 4");
                break;
            }
            var title = Simple.TryGetValue(type.Value, out var simple) ? simple.Title : type switch { 2 => "Addresses", 4 => "Capabilities", 0x16 => "Management Addresses", _ => $"Type 0x{type:x4}" };
            var tlv = d.Sub(cdp, "cdp", title, position, (int)length);
            d.Field(tlv, "cdp.tlv.type", "Type", position, 2, FieldFormat.Hex);
            d.Field(tlv, "cdp.tlv.len", "Length", position + 2, 2, FieldFormat.Decimal);
            var valueEnd = Math.Min(position + (int)length, end);
            Value(d, tlv, type.Value, position + 4, valueEnd);
            position += (int)length;
        }
        return null;
    }

    private static void Value(Dissection d, DecodedLayer tlv, ulong type, int start, int end)
    {
        if (end <= start) return;
        if (Simple.TryGetValue(type, out var simple))
        {
            var count = simple.Format is FieldFormat.Text or FieldFormat.Bytes ? end - start : Math.Min(end - start, simple.Format == FieldFormat.Hex ? 1 : type == 0x0011 ? 4 : type == 0x000b ? 1 : 2);
            d.Field(tlv, simple.Name, simple.Title, start, count, simple.Format);
            return;
        }
        switch (type)
        {
            case 0x0002 or 0x0016: Addresses(d, tlv, start, end); break;
            case 0x0004 when end - start == 4:
                var capabilities = d.Field(tlv, "cdp.capabilities", "Capabilities", start, 4, FieldFormat.Hex);
                for (var bit = 0; bit < CapabilityNames.Length; bit++) d.Child(capabilities, FieldSpec.Flag($"cdp.capabilities.{CapabilityNames[bit]}", CapabilityNames[bit], 31 - bit), start);
                break;
            default: d.Field(tlv, "cdp.data", "Data", start, end - start, FieldFormat.Bytes); break;
        }
    }

    /// <summary>Addresses: their count, then each a protocol type, protocol (an NLPID, or an 802.2 header) and address, IPv4 and IPv6 by name.</summary>
    private static void Addresses(Dissection d, DecodedLayer tlv, int start, int end)
    {
        if (end - start < 4 || d.Field(tlv, "cdp.number_of_addresses", "Number of addresses", start, 4, FieldFormat.Decimal).Number is not { } count) return;
        var position = start + 4;
        for (var i = 0UL; i < count && position + 2 <= end; i++)
        {
            if (d.Peek(position + 1, 1) is not { } protocolLength || d.Peek(position + 2 + (int)protocolLength, 2) is not { } addressLength) return;
            var length = 4 + (int)protocolLength + (int)addressLength;
            var protocol = d.Peek(position + 2, (int)protocolLength);
            var ipv4 = protocolLength == 1 && protocol == 0xCC && addressLength == 4;
            var ipv6 = protocolLength == 8 && protocol == 0xAAAA0300000086DD && addressLength == 16;
            var address = d.Sub(tlv, "cdp", ipv4 ? "IP address" : ipv6 ? "IPv6 address" : "Address", position, length);
            d.Field(address, "cdp.protocol_type", "Protocol type", position, 1, FieldFormat.Hex);
            d.Field(address, "cdp.protocol_length", "Protocol length", position + 1, 1, FieldFormat.Decimal);
            d.Field(address, "cdp.protocol", "Protocol", position + 2, (int)protocolLength, FieldFormat.Bytes);
            d.Field(address, "cdp.address_length", "Address length", position + 2 + (int)protocolLength, 2, FieldFormat.Decimal);
            var at = position + 4 + (int)protocolLength;
            if (ipv4) d.Field(address, "cdp.nrgyz.ip_address", "IP Address", at, 4, FieldFormat.Ipv4);
            else if (ipv6) d.Field(address, "cdp.nrgyz.ipv6_address", "IPv6 Address", at, 16, FieldFormat.Ipv6);
            else if (addressLength > 0) d.Field(address, "cdp.address", "Address", at, (int)addressLength, FieldFormat.Bytes);
            position += length;
        }
    }
}
