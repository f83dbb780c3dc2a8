namespace TraceImport.Decoding.Protocols;

/// <summary>
/// PIM version 2 (RFC 7761 §4.9, IP protocol 103): version, type and checksum (over the whole message,
/// with IPv6's pseudo-header; only the header for a Register), then Hello options, Join/Prune group sets,
/// Assert, Register and Register-Stop, with the encoded unicast, group and source addresses (§4.9.1)
/// split as Wireshark splits them.
/// </summary>
public sealed class Pim() : ProtocolLayer(new HeaderSpec("pim", "Protocol Independent Multicast", 4,
[
    FieldSpec.Number("pim.version", "Version", 0, 4),
    FieldSpec.Named("pim.type", "Type", 4, 4, FieldFormat.Decimal, Types),
    new FieldSpec("pim.res_bytes", "Reserved byte(s)", 8, 8, FieldFormat.Bytes),
    FieldSpec.Hex("pim.cksum", "Checksum", 16, 16),
]))
{
    private static readonly Dictionary<ulong, string> Types = new()
    {
        [0] = "Hello", [1] = "Register", [2] = "Register-stop", [3] = "Join/Prune", [4] = "Bootstrap", [5] = "Assert", [6] = "Graft",
        [7] = "Graft-Ack", [8] = "Candidate-RP-Advertisement", [9] = "State-Refresh", [10] = "DF election",
    };

    // Declared after the table its header names, which static initialisation reads in order.
    public static readonly Pim Layer = new();

    public override string ChecksumField => "pim.cksum";

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var start = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        var pim = d.Header(into, Header, start);
        pim.Length = end - start;
        var type = Dissection.NumberOf(pim, "pim.type");
        var checksum = pim.Field("pim.cksum")!;
        if (!slot.Quoted && Dissection.NumberOf(pim, "pim.version") == 2)
        {
            var count = type == 1 ? 8 : slot.End - start;
            if (slot.Ip is { Version: 6 } ip)
            {
                var (sum, unknown) = ip.PseudoHeader(103);
                if (type == 1) sum = unknown.Count > 0 ? 0 : Model.InternetChecksum.PseudoHeaderSum(d.Bytes.Data.AsSpan(ip.IpOffset + 8, 32), 103, 8);
                d.JudgeChecksum(checksum, start, count, sum, unknown);
            }
            else d.JudgeChecksum(checksum, start, count);
        }
        var body = start + Header.Length;
        if (body >= end) return null;
        var reader = new PimReader(d);
        switch (type)
        {
            case 0: reader.Hello(d.Sub(pim, "pim.option", "PIM Options", body, end - body), body, end); break;
            case 3 or 6 or 7: reader.JoinPrune(d.Sub(pim, "pim.option", "PIM Options", body, end - body), body, end); break;
            case 5: reader.Assert(d.Sub(pim, "pim.option", "PIM Options", body, end - body), body, end); break;
            case 2: reader.RegisterStop(d.Sub(pim, "pim.option", "PIM Options", body, end - body), body, end); break;
            case 1 when body + 4 <= end:
                var flags = d.Field(pim, "pim.register_flag", "Flags", body, 4, FieldFormat.Hex);
                d.Child(flags, FieldSpec.Flag("pim.register_flag.border", "Border", 0), body);
                d.Child(flags, FieldSpec.Flag("pim.register_flag.null_register", "Null-Register", 1), body);
                if (body + 4 < end) d.Next(pim.Layers, BindingTable.EtherType, (d.Peek(body + 4, 1) ?? 0) >> 4 == 6 ? 0x86DDUL : 0x0800UL, slot with { Offset = body + 4, Quoted = false, Ip = null });
                break;
            default: d.Rest(pim, body, end, "a PIM message this decoder does not read"); break;
        }
        return null;
    }
}

/// <summary>The parts of PIM messages after the header, and the encoded addresses they use.</summary>
internal sealed class PimReader(Dissection d)
{
    /// <summary>Hello options (RFC 7761 §4.9.2): type, length and value, the common ones by name.</summary>
    public void Hello(DecodedLayer options, int position, int end)
    {
        while (position + 4 <= end)
        {
            var type = d.Peek(position, 2);
            var length = d.Peek(position + 2, 2);
            if (type is null || length is null)
            {
                d.Rest(options, position, end, "an option's type or length is not known");
                return;
            }
            var valueEnd = Math.Min(position + 4 + (int)length, end);
            var option = d.Sub(options, "pim", $"Option {type}", position, valueEnd - position);
            d.Field(option, "pim.optiontype", "Type", position, 2, FieldFormat.Decimal);
            d.Field(option, "pim.optionlength", "Length", position + 2, 2, FieldFormat.Decimal);
            var at = position + 4;
            switch (type)
            {
                case 1 when length == 2: d.Field(option, "pim.holdtime", "Holdtime", at, 2, FieldFormat.Decimal); break;
                case 2 when length == 4:
                    d.Add(option, FieldSpec.Flag("pim.t", "T", 0), at);
                    d.Add(option, FieldSpec.Number("pim.propagation_delay", "Propagation Delay", 1, 15), at);
                    d.Field(option, "pim.override_interval", "Override Interval", at + 2, 2, FieldFormat.Decimal);
                    break;
                case 19 when length == 4: d.Field(option, "pim.dr_priority", "DR Priority", at, 4, FieldFormat.Decimal); break;
                case 20 when length == 4: d.Field(option, "pim.generation_id", "Generation ID", at, 4, FieldFormat.Decimal); break;
                case 21 when length == 4:
                    d.Field(option, "pim.state_refresh_version", "Version", at, 1, FieldFormat.Decimal);
                    d.Field(option, "pim.state_refresh_interval", "Interval", at + 1, 1, FieldFormat.Decimal);
                    d.Field(option, "pim.state_refresh_reserved", "Reserved", at + 2, 2, FieldFormat.Decimal);
                    break;
                case 24 or 65001:
                    while (at < valueEnd && Unicast(option, "pim.address_list", "Address", at, valueEnd) is { } next) at = next;
                    break;
                default:
                    if (valueEnd > at) d.Field(option, "pim.optionvalue", "Unknown", at, valueEnd - at, FieldFormat.Bytes);
                    break;
            }
            position = valueEnd;
        }
    }

    /// <summary>Join/Prune (§4.9.5): upstream neighbour, group count, holdtime, then each group set with its joined and pruned sources.</summary>
    public void JoinPrune(DecodedLayer options, int position, int end)
    {
        if (Unicast(options, "pim.upstream_neighbor", "Upstream-neighbor", position, end) is not { } at || at + 4 > end) return;
        d.Field(options, "pim.res_bytes", "Reserved byte(s)", at, 1, FieldFormat.Bytes);
        var groups = d.Field(options, "pim.numgroups", "Num Groups", at + 1, 1, FieldFormat.Decimal).Number;
        d.Field(options, "pim.holdtime", "Holdtime", at + 2, 2, FieldFormat.Decimal);
        at += 4;
        for (var i = 0UL; i < (groups ?? 0) && at < end; i++)
        {
            var set = d.Sub(options, "pim.group_set", $"Group {i}", at, end - at);
            if (Group(set, "pim.group", at, end) is not { } afterGroup || afterGroup + 4 > end) return;
            var joins = d.Field(set, "pim.numjoins", "Num Joins", afterGroup, 2, FieldFormat.Decimal);
            var prunes = d.Field(set, "pim.numprunes", "Num Prunes", afterGroup + 2, 2, FieldFormat.Decimal);
            at = afterGroup + 4;
            foreach (var (count, name) in new[] { (joins, "pim.join_ip"), (prunes, "pim.prune_ip") })
            {
                for (var j = 0UL; j < (count.Number ?? 0) && at < end; j++)
                {
                    if (Source(count, name, at, end) is not { } next) return;
                    at = next;
                }
            }
            set.Length = at - set.Offset;
        }
    }

    /// <summary>Assert (§4.9.6): group, source, the RPT bit and metric preference, the metric.</summary>
    public void Assert(DecodedLayer options, int position, int end)
    {
        if (Group(options, "pim.group", position, end) is not { } afterGroup || Unicast(options, "pim.source", "Source", afterGroup, end) is not { } at || at + 8 > end) return;
        d.Add(options, FieldSpec.Flag("pim.rpt", "RP Tree", 0), at);
        d.Add(options, FieldSpec.Number("pim.metric_pref", "Metric Preference", 1, 31), at);
        d.Field(options, "pim.metric", "Metric", at + 4, 4, FieldFormat.Decimal);
    }

    /// <summary>Register-Stop (§4.9.4): group and source.</summary>
    public void RegisterStop(DecodedLayer options, int position, int end)
    {
        if (Group(options, "pim.group", position, end) is { } afterGroup) Unicast(options, "pim.source", "Source", afterGroup, end);
    }

    /// <summary>An encoded unicast address: family, encoding, address. Returns where it ends, or null when it cannot be read.</summary>
    private int? Unicast(DecodedLayer layer, string name, string label, int at, int end)
    {
        if (Family(at, end) is not { } width) return null;
        var v6 = width == 16;
        var field = d.Field(layer, v6 ? $"{name}_ip6" : name, label, at, 2 + width, FieldFormat.Bytes);
        Prefix(field, at);
        var address = d.Child(field, new FieldSpec(v6 ? "pim.unicast_ipv6" : "pim.unicast", "Unicast", 0, width * 8, v6 ? FieldFormat.Ipv6 : FieldFormat.Ipv4), at + 2);
        field.Value = address.Value;
        return at + 2 + width;
    }

    /// <summary>An encoded group address: family, encoding, flags, mask length, group.</summary>
    private int? Group(DecodedLayer layer, string name, int at, int end)
    {
        if (Family(at, end) is not { } width || at + 4 + width > end) return null;
        var v6 = width == 16;
        var field = d.Field(layer, v6 ? $"{name}_ip6" : name, "Group", at, 4 + width, FieldFormat.Bytes);
        Prefix(field, at);
        var flags = d.Child(field, FieldSpec.Hex("pim.group_addr.flags", "Flags", 0, 8), at + 2);
        d.Child(flags, FieldSpec.Flag("pim.group_addr.flags.b", "Bidirectional PIM", 0), at + 2);
        d.Child(flags, FieldSpec.Hex("pim.group_addr.flags.reserved", "Reserved", 1, 6) with { HexDigits = 2 }, at + 2);
        d.Child(flags, FieldSpec.Flag("pim.group_addr.flags.z", "Admin Scope Zone", 7), at + 2);
        d.Child(field, FieldSpec.Number("pim.mask_len", "Masklen", 0, 8), at + 3);
        var group = d.Child(field, new FieldSpec(v6 ? "pim.group_ip6" : "pim.group", "Group", 0, width * 8, v6 ? FieldFormat.Ipv6 : FieldFormat.Ipv4), at + 4);
        field.Value = group.Value;
        return at + 4 + width;
    }

    /// <summary>An encoded source address, as a child of the count it is listed under: family, encoding, flags, mask length, source.</summary>
    private int? Source(DecodedField count, string name, int at, int end)
    {
        if (Family(at, end) is not { } width || at + 4 + width > end) return null;
        var v6 = width == 16;
        var field = d.Child(count, new FieldSpec(v6 ? $"{name}6" : name, "IP address", 0, (4 + width) * 8, FieldFormat.Bytes), at);
        Prefix(field, at);
        var flags = d.Child(field, FieldSpec.Hex("pim.source_addr.flags", "Flags", 0, 8), at + 2);
        d.Child(flags, FieldSpec.Hex("pim.source_addr.flags.reserved", "Reserved", 0, 5) with { HexDigits = 2 }, at + 2);
        foreach (var (flag, label, bit) in new[] { ("s", "Sparse", 5), ("w", "WildCard", 6), ("r", "Rendezvous Point Tree", 7) })
        {
            d.Child(flags, FieldSpec.Flag($"pim.source_addr.flags.{flag}", label, bit), at + 2);
        }
        d.Child(field, FieldSpec.Number("pim.mask_len", "Masklen", 0, 8), at + 3);
        var source = d.Child(field, new FieldSpec(v6 ? "pim.source_ip6" : "pim.source", "Source", 0, width * 8, v6 ? FieldFormat.Ipv6 : FieldFormat.Ipv4), at + 4);
        field.Value = source.Value;
        return at + 4 + width;
    }

    private void Prefix(DecodedField field, int at)
    {
        d.Child(field, FieldSpec.Named("pim.addr_address_family", "Address Family", 0, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [1] = "IPv4", [2] = "IPv6" }), at);
        d.Child(field, FieldSpec.Number("pim.addr_encoding_type", "Encoding Type", 0, 8), at + 1);
    }

    /// <summary>The address width an encoded address's family gives (IPv4 4, IPv6 16), when it is known and the address fits.</summary>
    private int? Family(int at, int end)
    {
        var width = d.Peek(at, 1) switch { 1 => 4, 2 => 16, _ => 0 };
        return width > 0 && at + 2 + width <= end ? width : null;
    }
}
