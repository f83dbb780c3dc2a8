using System.Globalization;
using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// DHCP and BOOTP (RFC 2131, RFC 951) on UDP ports 67 and 68: the fixed 236-byte message and, after the
/// magic cookie, each option (RFC 2132 and later) as a nested layer — its code, length and value read by
/// the kind of value the option holds, named as Wireshark names them. Padding after the End option is
/// padding, not options.
/// </summary>
public sealed class Dhcp() : ProtocolLayer(new HeaderSpec("dhcp", "Dynamic Host Configuration Protocol", 240,
[
    FieldSpec.Named("dhcp.type", "Message type", 0, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [1] = "Boot Request", [2] = "Boot Reply" }),
    FieldSpec.Named("dhcp.hw.type", "Hardware type", 8, 8, FieldFormat.Hex, Names.ArpHardware),
    FieldSpec.Number("dhcp.hw.len", "Hardware address length", 16, 8),
    FieldSpec.Number("dhcp.hops", "Hops", 24, 8),
    FieldSpec.Hex("dhcp.id", "Transaction ID", 32, 32),
    FieldSpec.Number("dhcp.secs", "Seconds elapsed", 64, 16),
    FieldSpec.Hex("dhcp.flags", "Bootp flags", 80, 16) with
    {
        Bits =
        [
            FieldSpec.Flag("dhcp.flags.bc", "Broadcast flag", 80) with { Meaning = v => v == 1 ? "Broadcast" : "Unicast" },
            FieldSpec.Hex("dhcp.flags.reserved", "Reserved flags", 81, 15) with { HexDigits = 4 },
        ],
    },
    new FieldSpec("dhcp.ip.client", "Client IP address", 96, 32, FieldFormat.Ipv4),
    new FieldSpec("dhcp.ip.your", "Your (client) IP address", 128, 32, FieldFormat.Ipv4),
    new FieldSpec("dhcp.ip.server", "Next server IP address", 160, 32, FieldFormat.Ipv4),
    new FieldSpec("dhcp.ip.relay", "Relay agent IP address", 192, 32, FieldFormat.Ipv4),
    new FieldSpec("dhcp.hw.addr", "Client hardware address", 224, 128, FieldFormat.Bytes),
    new FieldSpec("dhcp.server", "Server host name", 352, 512, FieldFormat.Text),
    new FieldSpec("dhcp.file", "Boot file name", 864, 1024, FieldFormat.Text),
    new FieldSpec("dhcp.cookie", "Magic cookie", 1888, 32, FieldFormat.Ipv4),
]))
{
    public static readonly Dhcp Layer = new();

    private const int CookieOffset = 236;

    private static readonly FieldSpec OptionLength = FieldSpec.Number("dhcp.option.length", "Length", 0, 8);

    /// <summary>The option's code, on the whole option's bytes as Wireshark shows it; emit writes the one byte.</summary>
    private static DecodedField OptionType(Dissection d, DecodedLayer option, int at, int length, ulong code)
    {
        var type = d.Field(option, "dhcp.option.type", "Option", at, length, FieldFormat.Bytes);
        if (type.Status == FieldStatus.Ok || at < d.Bytes.Length && d.Bytes.IsKnown(at, 1))
        {
            type.Value = code.ToString(CultureInfo.InvariantCulture);
            type.Meaning = DhcpOptions.Titles.GetValueOrDefault(code);
        }
        return type;
    }

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var start = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        var messageType = MessageType(d, start + Header.Length, end);
        var title = messageType is { } type ? $"{Header.Title} ({DhcpOptions.MessageTypes.GetValueOrDefault(type) ?? type.ToString(CultureInfo.InvariantCulture)})" : Header.Title;
        var dhcp = d.Layer(into, Protocol, title, start);
        dhcp.Length = end - start;
        foreach (var spec in Header.Fields)
        {
            if (spec.Name == "dhcp.hw.addr") HardwareAddress(d, dhcp, start);
            else if (spec.Name is "dhcp.server" or "dhcp.file") d.Add(dhcp, spec, start).ShowAs(d.Bytes, Structure.UpToNul);
            else d.Add(dhcp, spec, start);
        }
        if (start + Header.Length > end) return null;
        if (d.Peek(start + CookieOffset, 4) != 0x63825363)
        {
            d.Rest(dhcp, start + Header.Length, end, "no DHCP magic cookie: BOOTP vendor data");
            return null;
        }
        Options(d, dhcp, start + Header.Length, end);
        return null;
    }

    /// <summary>An Ethernet client's hardware address field, as Wireshark splits it: the MAC address and its padding.</summary>
    private static readonly FieldSpec[] EthernetAddress =
    [
        new("dhcp.hw.mac_addr", "Client MAC address", 224, 48, FieldFormat.Mac),
        new("dhcp.hw.addr_padding", "Client hardware address padding", 272, 80, FieldFormat.Bytes),
    ];

    /// <summary>The client hardware address as Wireshark shows it: a MAC address and its padding for Ethernet, else the bytes.</summary>
    private void HardwareAddress(Dissection d, DecodedLayer dhcp, int start)
    {
        if (d.Peek(start + 1, 2) == 0x0106)
        {
            foreach (var spec in EthernetAddress) d.Add(dhcp, spec, start);
        }
        else
        {
            d.Add(dhcp, Header["dhcp.hw.addr"], start);
        }
    }

    /// <summary>The header's fields, and the Ethernet address's two a text may give instead of the whole field.</summary>
    public override IEnumerable<FieldSpec> Fields(Rebuild.FieldValues values) => [.. Header.Fields, .. EthernetAddress];

    /// <summary>The DHCP message type option's value, found before the options are read, for the layer's title.</summary>
    private static ulong? MessageType(Dissection d, int position, int end)
    {
        while (position + 2 < end && d.Peek(position, 1) is { } code and not 255)
        {
            if (code == 0)
            {
                position++;
                continue;
            }
            if (d.Peek(position + 1, 1) is not { } length) return null;
            if (code == 53 && length == 1) return d.Peek(position + 2, 1);
            position += 2 + (int)length;
        }
        return null;
    }

    private static void Options(Dissection d, DecodedLayer dhcp, int position, int end)
    {
        while (position < end)
        {
            if (d.Peek(position, 1) is not { } code)
            {
                d.Rest(dhcp, position, end, "an option code is not known");
                return;
            }
            if (code == 0)
            {
                // A run of Pad options (RFC 2132 §3.1), one option as Wireshark shows it.
                var padEnd = position;
                while (padEnd < end && d.Peek(padEnd, 1) == 0) padEnd++;
                var pad = d.Sub(dhcp, "dhcp", "Option: (0) Padding", position, padEnd - position);
                OptionType(d, pad, position, 1, 0);
                d.Field(pad, "dhcp.option.padding", "Padding", position, padEnd - position, FieldFormat.Bytes);
                position = padEnd;
                continue;
            }
            if (code == 255)
            {
                var endOption = d.Sub(dhcp, "dhcp", "Option: (255) End", position, 1);
                d.Field(endOption, "dhcp.option.end", "Option End", position, 1, FieldFormat.Decimal);
                if (position + 1 < end)
                {
                    var padding = d.Field(dhcp, "dhcp.option.padding", "Padding", position + 1, end - position - 1, FieldFormat.Bytes);
                    padding.Meaning = $"{end - position - 1} byte(s) after the End option";
                }
                return;
            }
            var length = d.Peek(position + 1, 1);
            var valueStart = position + 2;
            var valueEnd = length is { } known ? valueStart + (int)known : end;
            var option = d.Sub(dhcp, "dhcp", $"Option: ({code}) {DhcpOptions.Titles.GetValueOrDefault(code) ?? "Unknown"}", position, Math.Min(valueEnd, end) - position);
            OptionType(d, option, position, Math.Min(valueEnd, end) - position, code);
            d.Add(option, OptionLength, position + 1);
            if (length is null)
            {
                d.Rest(option, valueStart, end, "the option's length is not known");
                return;
            }
            if (valueEnd > end) option.Field("dhcp.option.length")!.Bad($"the message ends {valueEnd - end} byte(s) before this option does");
            DhcpOptions.Value(d, option, (int)code, valueStart, Math.Min(valueEnd, end));
            position = valueEnd;
        }
    }
}

/// <summary>The DHCP options Wireshark decodes and the kind of value each holds (RFC 2132, RFC 3397, RFC 3442, RFC 4702).</summary>
internal static class DhcpOptions
{
    private enum Kind { Address, Addresses, AddressPairs, Text, Byte, Bytes, Short, Shorts, Long, SignedLong, Flag, ByteList, Names, Routes }

    private static readonly Dictionary<ulong, (string Field, string Title, Kind Kind)> Known = new()
    {
        [1] = ("subnet_mask", "Subnet Mask", Kind.Address),
        [2] = ("time_offset", "Time Offset", Kind.SignedLong),
        [3] = ("router", "Router", Kind.Addresses),
        [4] = ("time_server", "Time Server", Kind.Addresses),
        [5] = ("name_server", "Name Server", Kind.Addresses),
        [6] = ("domain_name_server", "Domain Name Server", Kind.Addresses),
        [7] = ("log_server", "Log Server", Kind.Addresses),
        [9] = ("lpr_server", "LPR Server", Kind.Addresses),
        [12] = ("hostname", "Host Name", Kind.Text),
        [13] = ("boot_file_size", "Boot File Size", Kind.Short),
        [15] = ("domain_name", "Domain Name", Kind.Text),
        [16] = ("swap_server", "Swap Server", Kind.Address),
        [17] = ("root_path", "Root Path", Kind.Text),
        [19] = ("ip_forwarding", "IP Forwarding", Kind.Flag),
        [21] = ("policy_filter", "Policy Filter", Kind.AddressPairs),
        [22] = ("max_datagram_reassembly_size", "Maximum Datagram Reassembly Size", Kind.Short),
        [23] = ("default_ip_ttl", "Default IP Time-to-Live", Kind.Byte),
        [24] = ("path_mtu_aging_timeout", "Path MTU Aging Timeout", Kind.Long),
        [26] = ("interface_mtu", "Interface MTU", Kind.Short),
        [27] = ("all_subnets_are_local", "All Subnets are Local", Kind.Flag),
        [28] = ("broadcast_address", "Broadcast Address", Kind.Address),
        [31] = ("perform_router_discover", "Perform Router Discover", Kind.Flag),
        [33] = ("static_route", "Static Route", Kind.AddressPairs),
        [35] = ("arp_cache_timeout", "ARP Cache Timeout", Kind.Long),
        [37] = ("tcp_default_ttl", "TCP Default TTL", Kind.Byte),
        [38] = ("tcp_keepalive_interval", "TCP Keepalive Interval", Kind.Long),
        [40] = ("nis_domain", "Network Information Service Domain", Kind.Text),
        [41] = ("nis_server", "Network Information Service Servers", Kind.Addresses),
        [42] = ("ntp_server", "Network Time Protocol Servers", Kind.Addresses),
        [43] = ("vendor.value", "Vendor-Specific Information", Kind.Bytes),
        [44] = ("netbios_over_tcpip_name_server", "NetBIOS over TCP/IP Name Server", Kind.Addresses),
        [45] = ("netbios_over_tcpip_dd_name_server", "NetBIOS over TCP/IP Datagram Distribution Name Server", Kind.Addresses),
        [46] = ("netbios_over_tcpip_node_type", "NetBIOS over TCP/IP Node Type", Kind.Byte),
        [47] = ("netbios_over_tcpip_scope", "NetBIOS over TCP/IP Scope", Kind.Text),
        [50] = ("requested_ip_address", "Requested IP Address", Kind.Address),
        [51] = ("ip_address_lease_time", "IP Address Lease Time", Kind.Long),
        [52] = ("option_overload", "Option Overload", Kind.Byte),
        [53] = ("dhcp", "DHCP Message Type", Kind.Byte),
        [54] = ("dhcp_server_id", "DHCP Server Identifier", Kind.Address),
        [55] = ("request_list_item", "Parameter Request List", Kind.ByteList),
        [56] = ("message", "Message", Kind.Text),
        [57] = ("dhcp_max_message_size", "Maximum DHCP Message Size", Kind.Short),
        [58] = ("renewal_time_value", "Renewal Time Value", Kind.Long),
        [59] = ("rebinding_time_value", "Rebinding Time Value", Kind.Long),
        [60] = ("vendor_class_id", "Vendor class identifier", Kind.Text),
        [64] = ("nis_plus_domain", "Network Information Service+ Domain", Kind.Text),
        [65] = ("nis_plus_server", "Network Information Service+ Servers", Kind.Addresses),
        [66] = ("tftp_server_name", "TFTP Server Name", Kind.Text),
        [67] = ("bootfile_name", "Bootfile name", Kind.Text),
        [69] = ("smtp_server", "SMTP Server", Kind.Addresses),
        [70] = ("pop3_server", "POP3 Server", Kind.Addresses),
        [93] = ("client_system_architecture", "Client System Architecture", Kind.Short),
        [118] = ("subnet_selection_option", "Subnet Selection Option", Kind.Address),
        [119] = ("dhcp_dns_domain_search_list_fqdn", "Domain Search", Kind.Names),
        [121] = ("classless_static_route", "Classless Static Route", Kind.Routes),
        [150] = ("tftp_server_address", "TFTP Server Address", Kind.Addresses),
        [252] = ("private_proxy_autodiscovery", "Private/Proxy autodiscovery", Kind.Text),
    };

    public static readonly IReadOnlyDictionary<ulong, string> Titles = Known.ToDictionary(k => k.Key, k => k.Value.Title);

    public static readonly IReadOnlyDictionary<ulong, string> MessageTypes = new Dictionary<ulong, string>
    {
        [1] = "Discover", [2] = "Offer", [3] = "Request", [4] = "Decline", [5] = "ACK", [6] = "NAK", [7] = "Release", [8] = "Inform",
        [9] = "Force Renew", [10] = "Lease query", [11] = "Lease Unassigned", [12] = "Lease Unknown", [13] = "Lease Active",
    };

    /// <summary>An option's value, read by the kind of value the option holds; an option not known is shown as its bytes.</summary>
    public static void Value(Dissection d, DecodedLayer option, int code, int start, int end)
    {
        if (end <= start) return;
        if (code == 61)
        {
            ClientIdentifier(d, option, start, end);
            return;
        }
        if (code == 81)
        {
            ClientFqdn(d, option, start, end);
            return;
        }
        if (code == 82)
        {
            AgentInformation(d, option, start, end);
            return;
        }
        if (!Known.TryGetValue((ulong)code, out var known))
        {
            d.Field(option, "dhcp.option.value", "Value", start, end - start, FieldFormat.Bytes);
            return;
        }
        var name = $"dhcp.option.{known.Field}";
        var count = end - start;
        switch (known.Kind)
        {
            case Kind.Address when count == 4: d.Field(option, name, known.Title, start, 4, FieldFormat.Ipv4); break;
            case Kind.Addresses:
                for (var at = start; at + 4 <= end; at += 4) d.Field(option, name, known.Title, at, 4, FieldFormat.Ipv4);
                break;
            case Kind.AddressPairs:
                var (first, second) = code == 33 ? ("ip", "router") : ("ip", "subnet_mask");
                for (var at = start; at + 8 <= end; at += 8)
                {
                    d.Field(option, $"{name}.{first}", "IP Address", at, 4, FieldFormat.Ipv4);
                    d.Field(option, $"{name}.{second}", code == 33 ? "Destination Router" : "Subnet Mask", at + 4, 4, FieldFormat.Ipv4);
                }
                break;
            case Kind.Text: d.Field(option, name, known.Title, start, count, FieldFormat.Text).ShowAs(d.Bytes, Structure.UpToNul); break;
            case Kind.Byte when count == 1:
                var value = d.Field(option, name, known.Title, start, 1, FieldFormat.Decimal);
                if (code == 53 && value.Number is { } type) value.Meaning = MessageTypes.GetValueOrDefault(type);
                break;
            case Kind.Short when count == 2: d.Field(option, name, known.Title, start, 2, FieldFormat.Decimal); break;
            case Kind.Long when count == 4: d.Field(option, name, known.Title, start, 4, FieldFormat.Decimal); break;
            case Kind.SignedLong when count == 4:
                d.Field(option, name, known.Title, start, 4, FieldFormat.Decimal).ShowAs(d.Bytes, b => Structure.Signed(Structure.Unsigned(b), 32));
                break;
            case Kind.Flag when count == 1: d.Field(option, name, known.Title, start, 1, FieldFormat.Decimal); break;
            case Kind.ByteList:
                for (var at = start; at < end; at++)
                {
                    var item = d.Field(option, name, "Parameter Request List Item", at, 1, FieldFormat.Decimal);
                    if (item.Number is { } requested) item.Meaning = Titles.GetValueOrDefault(requested);
                }
                break;
            case Kind.Names:
                var names = new DomainNames(d, start, end);
                for (var at = start; at < end;)
                {
                    var read = names.ReadName(at);
                    if (!read.AddTo(d, option, name, "FQDN", at, withLength: false, limit: end)) break;
                    at = read.End;
                }
                break;
            case Kind.Routes: Routes(d, option, name, start, end); break;
            case Kind.Bytes: d.Field(option, name, known.Title, start, count, FieldFormat.Bytes); break;
            default: d.Field(option, "dhcp.option.value", "Value", start, count, FieldFormat.Bytes); break;
        }
    }

    /// <summary>Classless static routes (RFC 3442): each a mask width, the significant bytes of its subnet, and a router.</summary>
    private static void Routes(Dissection d, DecodedLayer option, string name, int start, int end)
    {
        for (var at = start; at < end;)
        {
            if (d.Peek(at, 1) is not { } width || width > 32) return;
            var length = 1 + (int)(width + 7) / 8 + 4;
            if (at + length > end) return;
            var route = d.Field(option, name, "Subnet/MaskWidth-Router", at, length, FieldFormat.Bytes);
            if (route.Status == FieldStatus.Ok)
            {
                var bytes = d.Bytes.Data.AsSpan(at, length);
                var subnet = new byte[4];
                bytes.Slice(1, length - 5).CopyTo(subnet);
                route.Meaning = $"{string.Join('.', subnet)}/{width} via {string.Join('.', bytes[^4..].ToArray())}";
            }
            at += length;
        }
    }

    /// <summary>The client identifier (RFC 2132 §9.14): a hardware type, then a MAC address for Ethernet, else the identifier's bytes.</summary>
    private static void ClientIdentifier(Dissection d, DecodedLayer option, int start, int end)
    {
        var type = d.Field(option, "dhcp.hw.type", "Hardware type", start, 1, FieldFormat.Hex).Number;
        if (end - start == 7 && type == 1) d.Field(option, "dhcp.hw.mac_addr", "Client MAC address", start + 1, 6, FieldFormat.Mac);
        else if (end - start > 1) d.Field(option, "dhcp.client_id", "Client Identifier", start + 1, end - start - 1, FieldFormat.Bytes);
    }

    /// <summary>The relay agent information (RFC 3046): each sub-option's code, length and value, the common ones by name.</summary>
    private static void AgentInformation(Dissection d, DecodedLayer option, int start, int end)
    {
        for (var at = start; at + 2 <= end;)
        {
            var code = d.Peek(at, 1);
            var length = d.Peek(at + 1, 1);
            var valueEnd = length is { } known ? Math.Min(at + 2 + (int)known, end) : end;
            // The code, on the whole sub-option's bytes as Wireshark shows it.
            var suboption = d.Field(option, "dhcp.option.agent_information_option.suboption", "Option 82 Suboption", at, valueEnd - at, FieldFormat.Bytes);
            if (code is { } subcode) suboption.Value = subcode.ToString(CultureInfo.InvariantCulture);
            d.Child(suboption, FieldSpec.Number("dhcp.option.suboption_length", "Length", 0, 8), at + 1);
            if (length is null) return;
            var (name, format) = code switch
            {
                1 => ("agent_circuit_id", FieldFormat.Bytes),
                2 => ("agent_remote_id", FieldFormat.Bytes),
                5 when valueEnd - at == 6 => ("link_selection", FieldFormat.Ipv4),
                6 => ("subscriber_id", FieldFormat.Text),
                11 when valueEnd - at == 6 => ("server_id_override", FieldFormat.Ipv4),
                _ => ("value", FieldFormat.Bytes),
            };
            if (valueEnd > at + 2) d.Child(suboption, new FieldSpec($"dhcp.option.agent_information_option.{name}", name, 0, (valueEnd - at - 2) * 8, format), at + 2);
            at = valueEnd;
        }
    }

    /// <summary>The client FQDN (RFC 4702): flags, two obsolete result codes, and the name, DNS-encoded when the E flag says so.</summary>
    private static void ClientFqdn(Dissection d, DecodedLayer option, int start, int end)
    {
        if (end - start < 3) return;
        var flags = d.Field(option, "dhcp.fqdn.flags", "Flags", start, 1, FieldFormat.Hex);
        d.Child(flags, FieldSpec.Hex("dhcp.fqdn.mbz", "Reserved flags", 0, 4), start);
        foreach (var (bit, field, label) in new[] { (4, "n", "Server DDNS"), (5, "e", "Encoding"), (6, "o", "Server overrides"), (7, "s", "Server") })
        {
            d.Child(flags, FieldSpec.Flag($"dhcp.fqdn.{field}", label, bit), start);
        }
        d.Field(option, "dhcp.fqdn.rcode1", "A-RR result", start + 1, 1, FieldFormat.Decimal);
        d.Field(option, "dhcp.fqdn.rcode2", "PTR-RR result", start + 2, 1, FieldFormat.Decimal);
        if (end - start == 3) return;
        if (flags.Number is { } bits && (bits & 0x04) != 0)
        {
            new DomainNames(d, start + 3, end, partialNames: true).ReadName(start + 3).AddTo(d, option, "dhcp.fqdn.name", "Client name", start + 3, withLength: false, limit: end);
        }
        else
        {
            d.Field(option, "dhcp.fqdn.name", "Client name", start + 3, end - start - 3, FieldFormat.Text);
        }
    }
}
