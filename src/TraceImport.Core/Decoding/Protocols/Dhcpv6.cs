namespace TraceImport.Decoding.Protocols;

/// <summary>
/// DHCPv6 (RFC 8415) on UDP ports 546 and 547: a client or server message (type and transaction ID) or a
/// relay message (hop count, link and peer addresses), then options, each a nested layer; options that
/// hold options (IA_NA, IA_PD, IA addresses and prefixes) and the relayed message nest in turn.
/// </summary>
public sealed class Dhcpv6() : ProtocolLayer(new HeaderSpec("dhcpv6", "DHCPv6", 4,
[
    FieldSpec.Named("dhcpv6.msgtype", "Message type", 0, 8, FieldFormat.Decimal, MessageTypes),
    FieldSpec.Hex("dhcpv6.xid", "Transaction ID", 8, 24),
]))
{
    private static readonly Dictionary<ulong, string> MessageTypes = new()
    {
        [1] = "Solicit", [2] = "Advertise", [3] = "Request", [4] = "Confirm", [5] = "Renew", [6] = "Rebind", [7] = "Reply",
        [8] = "Release", [9] = "Decline", [10] = "Reconfigure", [11] = "Information-request", [12] = "Relay-forw", [13] = "Relay-reply",
    };

    private static readonly Dictionary<ulong, string> OptionNames = new()
    {
        [1] = "Client Identifier", [2] = "Server Identifier", [3] = "Identity Association for Non-temporary Address",
        [4] = "Identity Association for Temporary Address", [5] = "IA Address", [6] = "Option Request", [7] = "Preference",
        [8] = "Elapsed time", [9] = "Relay Message", [11] = "Authentication", [12] = "Server unicast", [13] = "Status code",
        [14] = "Rapid Commit", [15] = "User Class", [16] = "Vendor Class", [17] = "Vendor-specific Information", [18] = "Interface-Id",
        [19] = "Reconfigure Message", [20] = "Reconfigure Accept", [21] = "SIP Server Domain Name List", [22] = "SIP Servers IPv6 Address List",
        [23] = "DNS recursive name server", [24] = "Domain Search List", [25] = "Identity Association for Prefix Delegation",
        [26] = "IA Prefix", [31] = "Simple Network Time Protocol Server", [32] = "Lifetime", [39] = "Client Fully Qualified Domain Name",
        [56] = "NTP Server", [82] = "SOL_MAX_RT", [83] = "INF_MAX_RT",
    };

    private static readonly Dictionary<ulong, string> StatusCodes = new()
    {
        [0] = "Success", [1] = "UnspecFail", [2] = "NoAddrsAvail", [3] = "NoBinding", [4] = "NotOnLink", [5] = "UseMulticast", [6] = "NoPrefixAvail",
    };

    // Declared after the tables its header names, which static initialisation reads in order.
    public static readonly Dhcpv6 Layer = new();

    private static readonly HeaderSpec Relay = new("dhcpv6", "DHCPv6 relay", 34,
    [
        FieldSpec.Named("dhcpv6.msgtype", "Message type", 0, 8, FieldFormat.Decimal, MessageTypes),
        FieldSpec.Number("dhcpv6.hopcount", "Hopcount", 8, 8),
        new FieldSpec("dhcpv6.linkaddr", "Link address", 16, 128, FieldFormat.Ipv6),
        new FieldSpec("dhcpv6.peeraddr", "Peer address", 144, 128, FieldFormat.Ipv6),
    ]);

    private static readonly HeaderSpec OptionHeader = new("dhcpv6", "Option", 4,
    [
        FieldSpec.Named("dhcpv6.option.type", "Option", 0, 16, FieldFormat.Decimal, OptionNames),
        FieldSpec.Number("dhcpv6.option.length", "Length", 16, 16),
    ]);

    /// <summary>Sent in hundredths of a second; Wireshark shows milliseconds.</summary>
    private static readonly FieldSpec ElapsedTime = FieldSpec.Number("dhcpv6.elapsed_time", "Elapsed time", 0, 16) with { Scale = 10 };

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var dhcpv6 = d.Layer(into, Protocol, Header.Title, slot.Offset);
        dhcpv6.Length = end - slot.Offset;
        Message(d, dhcpv6, slot.Offset, end);
        return null;
    }

    /// <summary>A message's header and options into <paramref name="layer"/>: the datagram's, or one a relay carries.</summary>
    private static void Message(Dissection d, DecodedLayer layer, int start, int end)
    {
        var type = d.Peek(start, 1);
        var header = type is 12 or 13 ? Relay : Layer.Header;
        d.Part(layer, header, start);
        if (type is null) return;
        Options(d, layer, start + header.Length, end);
    }

    private static void Options(Dissection d, DecodedLayer parent, int position, int end)
    {
        while (position + 4 <= end)
        {
            var code = d.Peek(position, 2);
            var length = d.Peek(position + 2, 2);
            var dataStart = position + 4;
            var dataEnd = length is { } known ? dataStart + (int)known : end;
            var name = code is { } c ? OptionNames.GetValueOrDefault(c) ?? $"Unknown ({c})" : "Option";
            var option = d.Sub(parent, "dhcpv6", name, position, Math.Min(dataEnd, end) - position);
            d.Field(option, "dhcpv6.option.type_str", "Option", position, Math.Min(dataEnd, end) - position, FieldFormat.Text).ShowAs(d.Bytes, _ => name);
            d.Part(option, OptionHeader, position);
            if (length is null || code is null)
            {
                d.Rest(option, dataStart, end, "the option's code or length is not known");
                return;
            }
            if (dataEnd > end) option.Field("dhcpv6.option.length")!.Bad($"the message ends {dataEnd - end} byte(s) before this option does");
            Value(d, option, code.Value, dataStart, Math.Min(dataEnd, end));
            position = dataEnd;
        }
        if (position < end) d.Rest(parent, position, end, "too short for an option");
    }

    private static void Value(Dissection d, DecodedLayer option, ulong code, int start, int end)
    {
        var count = end - start;
        switch (code)
        {
            case 1 or 2: Duid(d, option, start, end); break;
            case 3 or 25 when count >= 12:
                d.Field(option, "dhcpv6.iaid", "IAID", start, 4, FieldFormat.Bytes);
                d.Field(option, "dhcpv6.iaid.t1", "T1", start + 4, 4, FieldFormat.Decimal);
                d.Field(option, "dhcpv6.iaid.t2", "T2", start + 8, 4, FieldFormat.Decimal);
                Options(d, option, start + 12, end);
                break;
            case 4 when count >= 4:
                d.Field(option, "dhcpv6.iaid", "IAID", start, 4, FieldFormat.Bytes);
                Options(d, option, start + 4, end);
                break;
            case 5 when count >= 24:
                d.Field(option, "dhcpv6.iaaddr.ip", "IPv6 address", start, 16, FieldFormat.Ipv6);
                d.Field(option, "dhcpv6.iaaddr.pref_lifetime", "Preferred lifetime", start + 16, 4, FieldFormat.Decimal);
                d.Field(option, "dhcpv6.iaaddr.valid_lifetime", "Valid lifetime", start + 20, 4, FieldFormat.Decimal);
                Options(d, option, start + 24, end);
                break;
            case 26 when count >= 25:
                d.Field(option, "dhcpv6.iaprefix.pref_lifetime", "Preferred lifetime", start, 4, FieldFormat.Decimal);
                d.Field(option, "dhcpv6.iaprefix.valid_lifetime", "Valid lifetime", start + 4, 4, FieldFormat.Decimal);
                d.Field(option, "dhcpv6.iaprefix.pref_len", "Prefix length", start + 8, 1, FieldFormat.Decimal);
                d.Field(option, "dhcpv6.iaprefix.pref_addr", "Prefix address", start + 9, 16, FieldFormat.Ipv6);
                Options(d, option, start + 25, end);
                break;
            case 6:
                for (var at = start; at + 2 <= end; at += 2)
                {
                    var requested = d.Field(option, "dhcpv6.requested_option_code", "Requested Option code", at, 2, FieldFormat.Decimal);
                    if (requested.Number is { } known) requested.Meaning = OptionNames.GetValueOrDefault(known);
                }
                break;
            case 7 when count == 1: d.Field(option, "dhcpv6.option_preference", "Pref-value", start, 1, FieldFormat.Decimal); break;
            case 8 when count == 2: d.Add(option, ElapsedTime, start).Meaning = "milliseconds (sent in hundredths of a second)"; break;
            case 9:
                var relayed = d.Sub(option, "dhcpv6", "DHCPv6 relayed message", start, count);
                Message(d, relayed, start, end);
                break;
            case 12 when count == 16: d.Field(option, "dhcpv6.unicast", "IPv6 address", start, 16, FieldFormat.Ipv6); break;
            case 13 when count >= 2:
                var status = d.Field(option, "dhcpv6.status_code", "Status Code", start, 2, FieldFormat.Decimal);
                if (status.Number is { } value) status.Meaning = StatusCodes.GetValueOrDefault(value);
                if (count > 2) d.Field(option, "dhcpv6.status_msg", "Status Message", start + 2, count - 2, FieldFormat.Text);
                break;
            case 16 when count >= 4:
                d.Field(option, "dhcpv6.vendorclass.enterprise", "Enterprise ID", start, 4, FieldFormat.Decimal);
                for (var at = start + 4; at + 2 <= end;)
                {
                    if (d.Peek(at, 2) is not { } length) break;
                    d.Field(option, "dhcpv6.vendorclass.data", "vendor-class-data", at + 2, (int)Math.Min(length, (ulong)(end - at - 2)), FieldFormat.Text);
                    at += 2 + (int)length;
                }
                break;
            case 18: d.Field(option, "dhcpv6.interface_id", "Interface-ID", start, count, FieldFormat.Bytes); break;
            case 19 when count == 1: d.Field(option, "dhcpv6.reconf_msg", "Reconfigure message type", start, 1, FieldFormat.Decimal); break;
            case 21 or 24:
                var field = code == 24 ? "dhcpv6.search_list_entry" : "dhcpv6.sip_server_domain_search_fqdn";
                var names = new DomainNames(d, start, end);
                for (var at = start; at < end;)
                {
                    var read = names.ReadName(at);
                    if (!read.AddTo(d, option, field, "List entry", at, withLength: false, limit: end, trailingDot: true)) break;
                    at = read.End;
                }
                break;
            case 22 or 23 or 31:
                var addresses = code switch { 22 => "dhcpv6.sip_server_a", 23 => "dhcpv6.dns_server", _ => "dhcpv6.sntp_server" };
                for (var at = start; at + 16 <= end; at += 16) d.Field(option, addresses, "Address", at, 16, FieldFormat.Ipv6);
                break;
            case 39 when count >= 1:
                var flags = d.Field(option, "dhcpv6.client_fqdn_flags", "Flags", start, 1, FieldFormat.Hex);
                d.Child(flags, FieldSpec.Flag("dhcpv6.clientfqdn.client.n", "N bit", 5), start);
                d.Child(flags, FieldSpec.Flag("dhcpv6.clientfqdn.client.s", "S bit", 7), start);
                if (count == 1) break;
                // A full name with one label is a top-level domain; a partial name (no root label) has no trailing dot.
                var fqdn = new DomainNames(d, start + 1, end, partialNames: true).ReadName(start + 1);
                fqdn.AddTo(d, option, fqdn.Labels == 1 && !fqdn.Partial ? "dhcpv6.tld" : "dhcpv6.client_domain", "Client domain name", start + 1, withLength: false, limit: end, trailingDot: !fqdn.Partial);
                break;
            case 32 or 82 or 83 when count == 4:
                var lifetime = code switch { 32 => "dhcpv6.lifetime", 82 => "dhcpv6.sol_max_rt", _ => "dhcpv6.inf_max_rt" };
                d.Field(option, lifetime, "Lifetime", start, 4, FieldFormat.Decimal);
                break;
        }
    }

    /// <summary>A DHCP unique identifier (RFC 8415 §11): its bytes, then its type and what that type holds.</summary>
    private static void Duid(Dissection d, DecodedLayer option, int start, int end)
    {
        if (end - start < 2) return;
        d.Field(option, "dhcpv6.duid.bytes", "DUID", start, end - start, FieldFormat.Bytes);
        var type = d.Field(option, "dhcpv6.duid.type", "DUID Type", start, 2, FieldFormat.Decimal).Number;
        switch (type)
        {
            case 1 when end - start >= 8:
                d.Field(option, "dhcpv6.duidllt.hwtype", "Hardware type", start + 2, 2, FieldFormat.Decimal);
                // Seconds since midnight UTC, 1 January 2000.
                d.Shown(option, "dhcpv6.duidllt.time", "DUID Time", start + 4, 4, b => Structure.AbsoluteTime(946684800 + (long)Structure.Unsigned(b)));
                if (end - start > 8) LinkLayerAddress(d, option, "dhcpv6.duidllt.link_layer_addr", start + 8, end);
                break;
            case 2 when end - start >= 6:
                d.Field(option, "dhcpv6.duiden.enterprise", "Enterprise ID", start + 2, 4, FieldFormat.Decimal);
                if (end - start > 6) d.Field(option, "dhcpv6.duiden.identifier", "Identifier", start + 6, end - start - 6, FieldFormat.Bytes);
                break;
            case 3 when end - start >= 4:
                d.Field(option, "dhcpv6.duidll.hwtype", "Hardware type", start + 2, 2, FieldFormat.Decimal);
                if (end - start > 4) LinkLayerAddress(d, option, "dhcpv6.duidll.link_layer_addr", start + 4, end);
                break;
            case 4 when end - start == 18:
                d.Field(option, "dhcpv6.duiduuid.bytes", "UUID", start + 2, 16, FieldFormat.Bytes);
                break;
        }
    }

    /// <summary>A link-layer address shown as Wireshark shows it: bytes separated by colons.</summary>
    private static void LinkLayerAddress(Dissection d, DecodedLayer option, string name, int start, int end) =>
        d.Shown(option, name, "Link-layer address", start, end - start, b => string.Join(':', b.ToArray().Select(x => x.ToString("x2"))));
}
