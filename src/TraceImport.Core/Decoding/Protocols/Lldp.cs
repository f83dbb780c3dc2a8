namespace TraceImport.Decoding.Protocols;

/// <summary>
/// LLDP (IEEE 802.1AB) on EtherType 0x88CC: TLVs of a 7-bit type and 9-bit length, each a nested layer —
/// chassis and port IDs by subtype, time to live, names and descriptions, capabilities, management
/// addresses, and the IEEE 802.1 and 802.3 organisationally specific TLVs Wireshark decodes.
/// </summary>
public sealed class Lldp() : ProtocolLayer(new HeaderSpec("lldp", "Link Layer Discovery Protocol", 0, []))
{
    public static readonly Lldp Layer = new();

    private static readonly Dictionary<ulong, string> Types = new()
    {
        [0] = "End of LLDPDU", [1] = "Chassis Id", [2] = "Port Id", [3] = "Time to Live", [4] = "Port Description", [5] = "System Name",
        [6] = "System Description", [7] = "System Capabilities", [8] = "Management Address", [127] = "Organization Specific",
    };

    private static readonly HeaderSpec TlvHeader = new("lldp", "TLV", 2,
    [
        FieldSpec.Named("lldp.tlv.type", "TLV Type", 0, 7, FieldFormat.Decimal, Types),
        FieldSpec.Number("lldp.tlv.len", "TLV Length", 7, 9),
    ]);

    private static readonly string[] Capabilities = ["other", "repeater", "bridge", "wlan_access_pt", "router", "telephone", "docsis_cable_device", "station_only"];

    /// <summary>The PMD auto-negotiation capabilities (RFC 4836's ifMauAutoNegCapAdvertisedBits), least significant bit first.</summary>
    private static readonly string[] AdvertisedCapabilities =
    [
        "1000base_tfd", "1000base_t", "1000base_xfd", "1000base_x", "fdx_bpause", "fdx_spause", "fdx_apause", "fdx_pause",
        "100base_t2fd", "100base_t2", "100base_txfd", "100base_tx", "100base_t4", "10base_tfd", "10base_t", "other",
    ];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var lldp = d.Layer(into, Protocol, Header.Title, slot.Offset);
        var position = slot.Offset;
        while (position + 2 <= end)
        {
            if (d.Peek(position, 2) is not { } head)
            {
                d.Rest(lldp, position, end, "a TLV's type and length are not known");
                position = end;
                break;
            }
            var type = head >> 9;
            var length = (int)(head & 0x1FF);
            var tlv = d.Sub(lldp, "lldp", Types.GetValueOrDefault(type) ?? $"Unknown TLV type {type}", position, 2 + length);
            d.Part(tlv, TlvHeader, position);
            Value(d, tlv, type, position + 2, Math.Min(position + 2 + length, end));
            position += 2 + length;
            if (type == 0) break;
        }
        lldp.Length = Math.Min(position, end) - slot.Offset;
        return new DeclaredExtent(slot.Offset, Math.Min(position, end) - slot.Offset);
    }

    private static void Value(Dissection d, DecodedLayer tlv, ulong type, int start, int end)
    {
        if (end <= start) return;
        switch (type)
        {
            case 1 or 2:
                var prefix = type == 1 ? "lldp.chassis" : "lldp.port";
                var subtype = d.Field(tlv, $"{prefix}.subtype", type == 1 ? "Chassis Id Subtype" : "Port Id Subtype", start, 1, FieldFormat.Decimal).Number;
                Identifier(d, tlv, prefix, type == 1 ? subtype == 4 : subtype == 3, type == 1 ? subtype == 5 : subtype == 4, start + 1, end);
                break;
            case 3: d.Field(tlv, "lldp.time_to_live", "Seconds", start, Math.Min(2, end - start), FieldFormat.Decimal); break;
            case 4: d.Field(tlv, "lldp.port.desc", "Port Description", start, end - start, FieldFormat.Text); break;
            case 5: d.Field(tlv, "lldp.tlv.system.name", "System Name", start, end - start, FieldFormat.Text); break;
            case 6: d.Field(tlv, "lldp.tlv.system.desc", "System Description", start, end - start, FieldFormat.Text); break;
            case 7 when end - start >= 4:
                CapabilityBits(d, d.Field(tlv, "lldp.tlv.system_cap", "Capabilities", start, 2, FieldFormat.Hex), "lldp.tlv.system_cap");
                CapabilityBits(d, d.Field(tlv, "lldp.tlv.enable_system_cap", "Enabled Capabilities", start + 2, 2, FieldFormat.Hex), "lldp.tlv.enable_system_cap");
                break;
            case 8: ManagementAddress(d, tlv, start, end); break;
            case 127 when end - start >= 4: OrganizationSpecific(d, tlv, start, end); break;
        }
    }

    /// <summary>A chassis or port ID after its subtype: a MAC address, a network address (family, then IPv4 or IPv6), or text.</summary>
    private static void Identifier(Dissection d, DecodedLayer tlv, string prefix, bool mac, bool network, int start, int end)
    {
        var label = prefix == "lldp.chassis" ? "Chassis Id" : "Port Id";
        if (mac && end - start == 6)
        {
            d.Field(tlv, $"{prefix}.id.mac", label, start, 6, FieldFormat.Mac);
        }
        else if (network && end - start > 1 && d.Peek(start, 1) is 1 or 2 && end - start == (d.Peek(start, 1) == 1 ? 5 : 17))
        {
            var ipv4 = d.Peek(start, 1) == 1;
            d.Field(tlv, $"{prefix}.id.{(ipv4 ? "ip4" : "ip6")}", label, start + 1, ipv4 ? 4 : 16, ipv4 ? FieldFormat.Ipv4 : FieldFormat.Ipv6);
        }
        else if (end > start)
        {
            // Wireshark shows a chassis ID of another kind as bytes, a port ID as text.
            d.Field(tlv, $"{prefix}.id", label, start, end - start, prefix == "lldp.chassis" ? FieldFormat.Bytes : FieldFormat.Text);
        }
    }

    private static void CapabilityBits(Dissection d, DecodedField field, string prefix)
    {
        for (var bit = 0; bit < Capabilities.Length; bit++) d.Child(field, FieldSpec.Flag($"{prefix}.{Capabilities[bit]}", Capabilities[bit], 15 - bit), field.ByteOffset);
    }

    /// <summary>A management address (802.1AB §8.5.9): its length and subtype, the address, the interface numbering and number, and an object identifier.</summary>
    private static void ManagementAddress(Dissection d, DecodedLayer tlv, int start, int end)
    {
        if (d.Field(tlv, "lldp.mgn.address.len", "Address String Length", start, 1, FieldFormat.Decimal).Number is not { } length || length < 1) return;
        var subtype = d.Field(tlv, "lldp.mgn.address.subtype", "Address Subtype", start + 1, 1, FieldFormat.Decimal).Number;
        var addressLength = (int)length - 1;
        var (name, format) = (subtype, addressLength) switch
        {
            (1, 4) => ("lldp.mgn.addr.ip4", FieldFormat.Ipv4),
            (2, 16) => ("lldp.mgn.addr.ip6", FieldFormat.Ipv6),
            _ => ("lldp.mgn.addr.hex", FieldFormat.Bytes),
        };
        var position = start + 2;
        if (addressLength > 0 && position + addressLength <= end) d.Field(tlv, name, "Management Address", position, addressLength, format);
        position += addressLength;
        if (position + 6 > end) return;
        d.Field(tlv, "lldp.mgn.interface.subtype", "Interface Subtype", position, 1, FieldFormat.Decimal);
        d.Field(tlv, "lldp.mgn.interface.number", "Interface Number", position + 1, 4, FieldFormat.Decimal);
        var oidLength = d.Field(tlv, "lldp.mgn.obj.len", "OID String Length", position + 5, 1, FieldFormat.Decimal).Number;
        if (oidLength is > 0 && position + 6 + (int)oidLength <= end)
        {
            d.Field(tlv, "lldp.mgn.obj.id", "Object Identifier", position + 6, (int)oidLength, FieldFormat.Bytes).ShowAs(d.Bytes, Ber.OidText);
        }
    }

    /// <summary>An organisationally specific TLV: the OUI, then for IEEE 802.1 and 802.3 the subtype and the fields Wireshark names.</summary>
    private static void OrganizationSpecific(Dissection d, DecodedLayer tlv, int start, int end)
    {
        var oui = d.Field(tlv, "lldp.orgtlv.oui", "Organization Unique Code", start, 3, FieldFormat.Decimal).Number;
        var position = start + 3;
        switch (oui)
        {
            case 0x00120F:
                var subtype = d.Field(tlv, "lldp.ieee.802_3.subtype", "IEEE 802.3 Subtype", position, 1, FieldFormat.Hex).Number;
                Ieee8023(d, tlv, subtype, position + 1, end);
                break;
            case 0x0080C2:
                var dot1 = d.Field(tlv, "lldp.ieee.802_1.subtype", "IEEE 802.1 Subtype", position, 1, FieldFormat.Hex).Number;
                if (dot1 == 1 && end - position == 3) d.Field(tlv, "lldp.ieee.802_1.port_vlan.id", "Port VLAN Identifier", position + 1, 2, FieldFormat.Decimal);
                break;
            default:
                d.Field(tlv, "lldp.unknown_subtype", "Unknown Subtype", position, 1, FieldFormat.Decimal);
                break;
        }
    }

    private static void Ieee8023(Dissection d, DecodedLayer tlv, ulong? subtype, int start, int end)
    {
        const string prefix = "lldp.ieee.802_3";
        switch (subtype)
        {
            case 1 when end - start >= 5:
                var status = d.Field(tlv, $"{prefix}.mac_phy_auto_neg_status", "Auto-Negotiation Support/Status", start, 1, FieldFormat.Hex);
                d.Child(status, FieldSpec.Flag($"{prefix}.mac_phy_auto_neg_status.supported", "Auto-Negotiation supported", 7), start);
                d.Child(status, FieldSpec.Flag($"{prefix}.mac_phy_auto_neg_status.enabled", "Auto-Negotiation enabled", 6), start);
                var advertised = d.Field(tlv, $"{prefix}.pmd_auto_neg_advertised_caps", "PMD Auto-Negotiation Advertised Capability", start + 1, 2, FieldFormat.Hex);
                for (var bit = 0; bit < AdvertisedCapabilities.Length; bit++)
                {
                    d.Child(advertised, FieldSpec.Flag($"{prefix}.pmd_auto_neg_advertised_caps.{AdvertisedCapabilities[bit]}", AdvertisedCapabilities[bit], 15 - bit), start + 1);
                }
                // Wireshark also shows the bits in the reverse order some implementations send them.
                for (var bit = 0; bit < AdvertisedCapabilities.Length; bit++)
                {
                    d.Child(advertised, FieldSpec.Flag($"{prefix}.pmd_auto_neg_advertised_caps_inv.{AdvertisedCapabilities[bit]}", $"{AdvertisedCapabilities[bit]} (reversed bit order)", bit), start + 1);
                }
                d.Field(tlv, $"{prefix}.pmd_mau_type", "Operational MAU Type", start + 3, 2, FieldFormat.Hex);
                break;
            case 3 when end - start >= 5:
                var aggregation = d.Field(tlv, $"{prefix}.aggregation_status", "Aggregation Status", start, 1, FieldFormat.Hex);
                d.Child(aggregation, FieldSpec.Flag($"{prefix}.aggregation_status.cap", "Aggregation Capability", 7), start);
                d.Child(aggregation, FieldSpec.Flag($"{prefix}.aggregation_status.enabled", "Aggregation Status", 6), start);
                d.Field(tlv, $"{prefix}.aggregated_port_id", "Aggregated Port Id", start + 1, 4, FieldFormat.Decimal);
                break;
            case 4 when end - start >= 2:
                d.Field(tlv, $"{prefix}.max_frame_size", "Maximum Frame Size", start, 2, FieldFormat.Decimal);
                break;
        }
    }
}
