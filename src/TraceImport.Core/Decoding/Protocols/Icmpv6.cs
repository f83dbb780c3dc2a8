namespace TraceImport.Decoding.Protocols;

/// <summary>
/// ICMPv6 (RFC 4443): echo, errors quoting the datagram that caused them; neighbour discovery (RFC 4861:
/// router and neighbour solicitations and advertisements, redirect) with its options; multicast
/// listener queries, reports and done (RFC 2710, RFC 3810) with their address records.
/// </summary>
public sealed class Icmpv6() : IcmpMessage("icmpv6", "Internet Control Message Protocol v6", Names.Icmpv6Types)
{
    public static readonly Icmpv6 Layer = new();

    private const string P = "icmpv6";

    /// <summary>The variants: what each kind of message holds after its checksum.</summary>
    private static readonly IReadOnlyList<FieldSpec> Echo =
        [FieldSpec.Hex("icmpv6.echo.identifier", "Identifier", 32, 16), FieldSpec.Number("icmpv6.echo.sequence_number", "Sequence number", 48, 16)];
    private static readonly IReadOnlyList<FieldSpec> PacketTooBig = [FieldSpec.Number("icmpv6.mtu", "MTU", 32, 32)];
    private static readonly IReadOnlyList<FieldSpec> ParameterProblem = [FieldSpec.Number("icmpv6.pointer", "Pointer", 32, 32)];
    private static readonly IReadOnlyList<FieldSpec> Error = [Reserved(32, 32)];

    private static FieldSpec Reserved(int bitOffset, int bitLength) => new($"{P}.reserved", "Reserved", bitOffset, bitLength, FieldFormat.Bytes);
    private static FieldSpec Address(string name, string label, int bitOffset) => new(name, label, bitOffset, 128, FieldFormat.Ipv6);

    private static readonly IReadOnlyList<FieldSpec> RouterSolicitation = [Reserved(32, 32)];
    private static readonly IReadOnlyList<FieldSpec> RouterAdvertisement =
    [
        FieldSpec.Number("icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", 32, 8),
        FieldSpec.Hex("icmpv6.nd.ra.flag", "Flags", 40, 8) with
        {
            Bits =
            [
                FieldSpec.Flag("icmpv6.nd.ra.flag.m", "Managed address configuration", 40), FieldSpec.Flag("icmpv6.nd.ra.flag.o", "Other configuration", 41),
                FieldSpec.Flag("icmpv6.nd.ra.flag.h", "Home agent", 42),
                FieldSpec.Named("icmpv6.nd.ra.flag.prf", "Preference", 43, 2, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Medium", [1] = "High", [3] = "Low" }),
                FieldSpec.Flag("icmpv6.nd.ra.flag.p", "Proxy", 45), FieldSpec.Number("icmpv6.nd.ra.flag.rsv", "Reserved", 46, 2),
            ],
        },
        FieldSpec.Number("icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", 48, 16),
        FieldSpec.Number("icmpv6.nd.ra.reachable_time", "Reachable time (ms)", 64, 32),
        FieldSpec.Number("icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", 96, 32),
    ];
    private static readonly IReadOnlyList<FieldSpec> NeighborSolicitation = [Reserved(32, 32), Address("icmpv6.nd.ns.target_address", "Target address", 64)];
    private static readonly IReadOnlyList<FieldSpec> NeighborAdvertisement =
    [
        FieldSpec.Hex("icmpv6.nd.na.flag", "Flags", 32, 32) with
        {
            Bits =
            [
                FieldSpec.Flag("icmpv6.nd.na.flag.r", "Router", 32), FieldSpec.Flag("icmpv6.nd.na.flag.s", "Solicited", 33),
                FieldSpec.Flag("icmpv6.nd.na.flag.o", "Override", 34), FieldSpec.Number("icmpv6.nd.na.flag.rsv", "Reserved", 35, 29),
            ],
        },
        Address("icmpv6.nd.na.target_address", "Target address", 64),
    ];
    private static readonly IReadOnlyList<FieldSpec> Redirect =
        [Reserved(32, 32), Address("icmpv6.nd.rd.target_address", "Target address", 64), Address("icmpv6.rd.na.destination_address", "Destination address", 192)];
    private static readonly IReadOnlyList<FieldSpec> ListenerV1 =
    [
        FieldSpec.Number("icmpv6.mld.maximum_response_delay", "Maximum response delay (ms)", 32, 16), Reserved(48, 16),
        Address("icmpv6.mld.multicast_address", "Multicast address", 64),
    ];
    private static readonly IReadOnlyList<FieldSpec> ListenerQueryV2 =
    [
        FieldSpec.Number("icmpv6.mld.maximum_response_code", "Maximum response code", 32, 16), Reserved(48, 16),
        Address("icmpv6.mld.multicast_address", "Multicast address", 64),
        FieldSpec.Hex("icmpv6.mld.flag", "Flags", 192, 8) with
        {
            Bits = [FieldSpec.Number("icmpv6.mld.flag.reserved", "Reserved", 192, 4), FieldSpec.Flag("icmpv6.mld.flag.s", "Suppress router-side processing", 196), FieldSpec.Number("icmpv6.mld.flag.qrv", "QRV", 197, 3)],
        },
        FieldSpec.Number("icmpv6.mld.qqi", "QQIC", 200, 8), FieldSpec.Number("icmpv6.mld.nb_sources", "Number of sources", 208, 16),
    ];
    private static readonly IReadOnlyList<FieldSpec> ListenerReportV2 = [Reserved(32, 16), FieldSpec.Number("icmpv6.mldr.nb_mcast_records", "Number of multicast address records", 48, 16)];

    /// <summary>An MLDv2 query is 28 bytes and more; an MLDv1 query is 24. The length stands in the length byte's place.</summary>
    protected override IReadOnlyList<FieldSpec> Rest(ulong? type, ulong? code, ulong? length) => type switch
    {
        128 or 129 => Echo,
        2 => PacketTooBig,
        4 => ParameterProblem,
        1 or 3 => Error,
        133 => RouterSolicitation,
        134 => RouterAdvertisement,
        135 => NeighborSolicitation,
        136 => NeighborAdvertisement,
        137 => Redirect,
        130 when length is >= 28 => ListenerQueryV2,
        130 or 131 or 132 => ListenerV1,
        143 => ListenerReportV2,
        _ => [],
    };

    /// <summary>An MLDv2 query is told by its fields when a text gives them.</summary>
    protected override ulong VariantHint(Rebuild.FieldValues values) => values.Has("icmpv6.mld.maximum_response_code") ? 28UL : 0;

    /// <summary>Destination unreachable, packet too big, time exceeded, parameter problem.</summary>
    protected override bool QuotesDatagram(ulong? type) => type is 1 or 2 or 3 or 4;

    public override bool ParsesOver(Slot slot) => slot.Ip?.Version == 6;

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var (sum, unknown) = slot.Quoted ? (0u, []) : slot.Ip!.PseudoHeader(58);
        var end = Math.Min(slot.End, d.Bytes.Length);
        var (icmp, rest) = ParseHeader(d, into, slot, sum, unknown, variantHint: (ulong)Math.Max(0, slot.End - slot.Offset));
        var type = Dissection.NumberOf(icmp, "icmpv6.type");
        var bodyStart = rest.Count > 0 ? rest.Max(f => (f.BitOffset + f.BitLength + 7) / 8) : slot.Offset + 4;
        switch (type)
        {
            case >= 133 and <= 137:
                NeighborDiscoveryOptions(d, icmp, bodyStart, end);
                icmp.Length = end - slot.Offset;
                break;
            case 143:
                ListenerRecords(d, icmp, bodyStart, end);
                icmp.Length = end - slot.Offset;
                break;
            case 130 when rest.Any(f => f.Name == "icmpv6.mld.nb_sources"):
                for (var at = bodyStart; at + 16 <= end; at += 16) d.Add(icmp, Address("icmpv6.mld.source_address", "Source address", 0), at);
                icmp.Length = end - slot.Offset;
                break;
            default:
                ParseBody(d, icmp, rest, slot);
                break;
        }
        return null;
    }

    /// <summary>Neighbour discovery options: type, length in 8-byte units, then what the type holds.</summary>
    private static void NeighborDiscoveryOptions(Dissection d, DecodedLayer icmp, int start, int end)
    {
        var position = start;
        while (position + 2 <= end)
        {
            var option = d.Layer(icmp.Layers, "icmpv6.opt", "ICMPv6 option", position);
            var type = d.Add(option, FieldSpec.Named($"{P}.opt.type", "Type", 0, 8, FieldFormat.Decimal, Names.NdOptionTypes), position).Number;
            var units = d.Add(option, FieldSpec.Number($"{P}.opt.length", "Length", 8, 8) with { Meaning = v => $"{v} × 8 = {v * 8} bytes" }, position).Number;
            if (type is null || units is null or 0)
            {
                option.Length = 2;
                break;
            }
            var size = (int)units * 8;
            var optionEnd = Math.Min(position + size, end);
            option.Length = optionEnd - position;
            if (option.Fields.Count > 0 && Names.NdOptionTypes.GetValueOrDefault(type.Value) is { } name) option.Fields[0].Meaning = name;
            foreach (var spec in NdOption((int)type, size)) d.Add(option, spec, position);
            if (type == 31) NameDomains(d, option, position, size);
            position += size;
        }
    }

    /// <summary>What a neighbour discovery option holds after its type and length.</summary>
    private static IReadOnlyList<FieldSpec> NdOption(int type, int size) => type switch
    {
        1 or 2 => [new FieldSpec($"{P}.opt.linkaddr", "Link-layer address", 16, (size - 2) * 8, size == 8 ? FieldFormat.Mac : FieldFormat.Bytes)],
        3 when size == 32 =>
        [
            FieldSpec.Number($"{P}.opt.prefix.length", "Prefix length", 16, 8),
            FieldSpec.Hex($"{P}.opt.prefix.flag", "Flags", 24, 8) with
            {
                Bits =
                [
                    FieldSpec.Flag($"{P}.opt.prefix.flag.l", "On-link", 24), FieldSpec.Flag($"{P}.opt.prefix.flag.a", "Autonomous address configuration", 25),
                    FieldSpec.Flag($"{P}.opt.prefix.flag.r", "Router address", 26), FieldSpec.Number($"{P}.opt.prefix.flag.reserved", "Reserved", 27, 5),
                ],
            },
            FieldSpec.Number($"{P}.opt.prefix.valid_lifetime", "Valid lifetime", 32, 32),
            FieldSpec.Number($"{P}.opt.prefix.preferred_lifetime", "Preferred lifetime", 64, 32),
            new($"{P}.opt.reserved", "Reserved", 96, 32, FieldFormat.Bytes),
            Address($"{P}.opt.prefix", "Prefix", 128),
        ],
        5 when size == 8 => [new($"{P}.opt.reserved", "Reserved", 16, 16, FieldFormat.Bytes), FieldSpec.Number($"{P}.opt.mtu", "MTU", 32, 32)],
        14 => [new($"{P}.opt.nonce", "Nonce", 16, (size - 2) * 8, FieldFormat.Bytes)],
        25 when size >= 8 =>
        [
            new($"{P}.opt.reserved", "Reserved", 16, 16, FieldFormat.Bytes), FieldSpec.Number($"{P}.opt.rdnss.lifetime", "Lifetime", 32, 32),
            .. Enumerable.Range(0, (size - 8) / 16).Select(i => Address($"{P}.opt.rdnss", "Recursive DNS server", 64 + 128 * i)),
        ],
        31 when size >= 8 => [new($"{P}.opt.reserved", "Reserved", 16, 16, FieldFormat.Bytes), FieldSpec.Number($"{P}.opt.dnssl.lifetime", "Lifetime", 32, 32)],
        _ when size > 2 => [new($"{P}.opt.data", "Data", 16, (size - 2) * 8, FieldFormat.Bytes)],
        _ => [],
    };

    /// <summary>DNSSL's domain names, each in DNS label form, then zero padding to the option's end.</summary>
    private static void NameDomains(Dissection d, DecodedLayer option, int start, int size)
    {
        var position = start + 8;
        var end = Math.Min(start + size, d.Bytes.Length);
        while (position < end && d.Bytes.IsKnown(position, 1) && d.Bytes.Data[position] != 0)
        {
            var labels = new List<string>();
            var at = position;
            while (at < end && d.Bytes.IsKnown(at, 1) && d.Bytes.Data[at] is > 0 and < 64 && at + 1 + d.Bytes.Data[at] <= end && d.Bytes.IsKnown(at + 1, d.Bytes.Data[at]))
            {
                labels.Add(System.Text.Encoding.ASCII.GetString(d.Bytes.Data, at + 1, d.Bytes.Data[at]));
                at += 1 + d.Bytes.Data[at];
            }
            if (at >= end || d.Bytes.Data[at] != 0) break;
            var name = d.Add(option, new FieldSpec($"{P}.opt.dnssl", "Domain name", 0, (at + 1 - position) * 8, FieldFormat.Bytes), position);
            name.Value = string.Join('.', labels);
            position = at + 1;
        }
        if (position < end) d.Add(option, new FieldSpec($"{P}.opt.padding", "Padding", 0, (end - position) * 8, FieldFormat.Bytes), position);
    }

    /// <summary>MLDv2 report's multicast address records: type, auxiliary data length, sources, the address, the sources, the auxiliary data.</summary>
    private static void ListenerRecords(Dissection d, DecodedLayer icmp, int start, int end)
    {
        var count = Dissection.NumberOf(icmp, "icmpv6.mldr.nb_mcast_records") ?? 0;
        var position = start;
        for (ulong i = 0; i < count && position + 20 <= end; i++)
        {
            var record = d.Layer(icmp.Layers, "icmpv6.mldr.mar", "Multicast address record", position);
            d.Add(record, FieldSpec.Named($"{P}.mldr.mar.record_type", "Record type", 0, 8, FieldFormat.Decimal, Names.MulticastRecordTypes), position);
            var auxiliary = (int)(d.Add(record, FieldSpec.Number($"{P}.mldr.mar.aux_data_len", "Aux data length", 8, 8), position).Number ?? 0) * 4;
            var sources = (int)(d.Add(record, FieldSpec.Number($"{P}.mldr.mar.nb_sources", "Number of sources", 16, 16), position).Number ?? 0);
            d.Add(record, Address($"{P}.mldr.mar.multicast_address", "Multicast address", 32), position);
            for (var s = 0; s < sources; s++) d.Add(record, Address($"{P}.mldr.mar.source_address", "Source address", 160 + 128 * s), position);
            var length = 20 + 16 * sources + auxiliary;
            if (auxiliary > 0) d.Add(record, new FieldSpec($"{P}.mldr.mar.auxiliary_data", "Auxiliary data", (20 + 16 * sources) * 8, auxiliary * 8, FieldFormat.Bytes), position);
            record.Length = Math.Min(length, end - position);
            position += length;
        }
    }

    protected override DecodedLayer? ParseQuote(Dissection d, DecodedLayer icmp, int offset, int end)
    {
        Ipv6.Layer.Parse(d, icmp.Layers, new Slot(offset, end, Quoted: true));
        return icmp.Layers.FirstOrDefault(l => l.Protocol == "ipv6");
    }
}
