namespace TraceImport.Decoding.Protocols;

/// <summary>
/// OSPF (IP protocol 89). Version 2 (RFC 2328 §A.3): the header with its checksum judged (over the packet
/// less the authentication field), then Hello, Database Description, Link State Request, Update and
/// Acknowledgement packets, with LSA headers and the router, network, summary and AS-external LSAs'
/// bodies. Version 3 (RFC 5340): its header; the rest is data.
/// </summary>
public sealed class Ospf() : ProtocolLayer(new HeaderSpec("ospf", "Open Shortest Path First", 24,
[
    FieldSpec.Number("ospf.version", "Version", 0, 8),
    FieldSpec.Named("ospf.msg", "Message Type", 8, 8, FieldFormat.Decimal, MessageTypes),
    FieldSpec.Number("ospf.packet_length", "Packet Length", 16, 16),
    new FieldSpec("ospf.srcrouter", "Source OSPF Router", 32, 32, FieldFormat.Ipv4),
    new FieldSpec("ospf.area_id", "Area ID", 64, 32, FieldFormat.Ipv4),
    FieldSpec.Hex("ospf.checksum", "Checksum", 96, 16),
    FieldSpec.Named("ospf.auth.type", "Auth Type", 112, 16, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Null", [1] = "Simple password", [2] = "Cryptographic" }),
    new FieldSpec("ospf.auth.none", "Auth Data (none)", 128, 64, FieldFormat.Bytes),
]))
{
    private static readonly Dictionary<ulong, string> MessageTypes = new()
    {
        [1] = "Hello Packet", [2] = "DB Description", [3] = "LS Request", [4] = "LS Update", [5] = "LS Acknowledge",
    };

    private static readonly Dictionary<ulong, string> LsaTypes = new()
    {
        [1] = "Router-LSA", [2] = "Network-LSA", [3] = "Summary-LSA (IP network)", [4] = "Summary-LSA (ASBR)", [5] = "AS-External-LSA (ASBR)",
        [7] = "NSSA AS-External-LSA", [9] = "Opaque LSA, Link-local scope", [10] = "Opaque LSA, Area-local scope", [11] = "Opaque LSA, AS-wide scope",
    };

    // Declared after the tables its header names, which static initialisation reads in order.
    public static readonly Ospf Layer = new();

    public override string ChecksumField => "ospf.checksum";

    private static readonly HeaderSpec Version3 = new("ospf", "Open Shortest Path First", 16,
    [
        FieldSpec.Number("ospf.version", "Version", 0, 8),
        FieldSpec.Named("ospf.msg", "Message Type", 8, 8, FieldFormat.Decimal, MessageTypes),
        FieldSpec.Number("ospf.packet_length", "Packet Length", 16, 16),
        new FieldSpec("ospf.srcrouter", "Source OSPF Router", 32, 32, FieldFormat.Ipv4),
        new FieldSpec("ospf.area_id", "Area ID", 64, 32, FieldFormat.Ipv4),
        FieldSpec.Hex("ospf.checksum", "Checksum", 96, 16),
        FieldSpec.Number("ospf.instance_id", "Instance ID", 112, 8),
        new FieldSpec("ospf.reserved", "Reserved", 120, 8, FieldFormat.Bytes),
    ]);

    private static readonly FieldSpec Options = FieldSpec.Hex("ospf.v2.options", "Options", 0, 8) with
    {
        Bits =
        [
            .. FieldSpec.Flags(0, ("ospf.v2.options.dn", "DN"), ("ospf.v2.options.o", "O"), ("ospf.v2.options.dc", "(DC) Demand Circuits"),
                ("ospf.v2.options.l", "(L) LLS Data block"), ("ospf.v2.options.n", "(N) NSSA"), ("ospf.v2.options.mc", "(MC) Multicast"),
                ("ospf.v2.options.e", "(E) External Routing"), ("ospf.v2.options.mt", "(MT) Multi-Topology Routing")),
        ],
    };

    private static readonly HeaderSpec Hello = new("ospf.hello", "OSPF Hello Packet", 20,
    [
        new FieldSpec("ospf.hello.network_mask", "Network Mask", 0, 32, FieldFormat.Ipv4),
        FieldSpec.Number("ospf.hello.hello_interval", "Hello Interval [sec]", 32, 16),
        Options.Shifted(48),
        FieldSpec.Number("ospf.hello.router_priority", "Router Priority", 56, 8),
        FieldSpec.Number("ospf.hello.router_dead_interval", "Router Dead Interval [sec]", 64, 32),
        new FieldSpec("ospf.hello.designated_router", "Designated Router", 96, 32, FieldFormat.Ipv4),
        new FieldSpec("ospf.hello.backup_designated_router", "Backup Designated Router", 128, 32, FieldFormat.Ipv4),
    ]);

    private static readonly HeaderSpec DatabaseDescription = new("ospf", "OSPF DB Description", 8,
    [
        FieldSpec.Number("ospf.db.interface_mtu", "Interface MTU", 0, 16),
        Options.Shifted(16),
        FieldSpec.Hex("ospf.dbd", "DB Description", 24, 8) with
        {
            Bits = [.. FieldSpec.Flags(28, ("ospf.dbd.r", "(R) OOBResync"), ("ospf.dbd.i", "(I) Init"), ("ospf.dbd.m", "(M) More"), ("ospf.dbd.ms", "(MS) Master"))],
        },
        FieldSpec.Number("ospf.db.dd_sequence", "DD Sequence", 32, 32),
    ]);

    private static readonly HeaderSpec Request = new("ospf", "Link State Request", 12,
    [
        FieldSpec.Named("ospf.lsa", "LS Type", 0, 32, FieldFormat.Decimal, LsaTypes),
        new FieldSpec("ospf.link_state_id", "Link State ID", 32, 32, FieldFormat.Ipv4),
        new FieldSpec("ospf.advrouter", "Advertising Router", 64, 32, FieldFormat.Ipv4),
    ]);

    /// <summary>The LSA header (RFC 2328 §A.4.1).</summary>
    private static readonly HeaderSpec LsaHeader = new("ospf", "LSA", 20,
    [
        FieldSpec.Number("ospf.lsa.age", "LS Age (seconds)", 1, 15),
        FieldSpec.Flag("ospf.lsa.donotage", "Do Not Age Flag", 0),
        Options.Shifted(16),
        FieldSpec.Named("ospf.lsa", "LS Type", 24, 8, FieldFormat.Decimal, LsaTypes),
        new FieldSpec("ospf.lsa.id", "Link State ID", 32, 32, FieldFormat.Ipv4),
        new FieldSpec("ospf.advrouter", "Advertising Router", 64, 32, FieldFormat.Ipv4),
        FieldSpec.Hex("ospf.lsa.seqnum", "Sequence Number", 96, 32),
        FieldSpec.Hex("ospf.lsa.chksum", "Checksum", 128, 16),
        FieldSpec.Number("ospf.lsa.length", "Length", 144, 16),
    ]);

    private static readonly HeaderSpec RouterLink = new("ospf", "Link", 12,
    [
        new FieldSpec("ospf.lsa.router.linkid", "Link ID", 0, 32, FieldFormat.Ipv4),
        new FieldSpec("ospf.lsa.router.linkdata", "Link Data", 32, 32, FieldFormat.Ipv4),
        FieldSpec.Named("ospf.lsa.router.linktype", "Link Type", 64, 8, FieldFormat.Decimal, new Dictionary<ulong, string>
        {
            [1] = "Point-to-point connection to another router", [2] = "Connection to a transit network", [3] = "Connection to a stub network", [4] = "Virtual link",
        }),
        FieldSpec.Number("ospf.lsa.router.nummetrics", "Number of Metrics", 72, 8),
        FieldSpec.Number("ospf.lsa.router.metric0", "0 Metric", 80, 16),
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var start = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        var version = d.Peek(start, 1);
        var header = version == 3 ? Version3 : Header;
        var ospf = d.Layer(into, Protocol, Header.Title, start);
        ospf.Length = end - start;
        var headerLayer = d.Sub(ospf, "ospf.header", "OSPF Header", start, header.Length);
        d.Part(headerLayer, header, start);
        var packetLength = (int?)Dissection.NumberOf(headerLayer, "ospf.packet_length");
        var packetEnd = packetLength is { } length ? Math.Min(start + length, end) : end;
        var checksum = headerLayer.Field("ospf.checksum")!;
        if (version == 2) JudgeChecksum(d, checksum, start, packetLength ?? slot.End - start);
        if (version != 2 || start + header.Length >= packetEnd)
        {
            if (start + header.Length < packetEnd) d.Rest(ospf, start + header.Length, packetEnd, "an OSPFv3 packet's body");
            return packetLength is { } known ? new DeclaredExtent(start, known) : null;
        }
        var body = start + header.Length;
        switch (Dissection.NumberOf(headerLayer, "ospf.msg"))
        {
            case 1:
                var hello = d.Sub(ospf, Hello.Protocol, Hello.Title, body, packetEnd - body);
                d.Part(hello, Hello, body);
                for (var at = body + Hello.Length; at + 4 <= packetEnd; at += 4) d.Field(hello, "ospf.hello.active_neighbor", "Active Neighbor", at, 4, FieldFormat.Ipv4);
                break;
            case 2:
                d.Part(d.Sub(ospf, "ospf", DatabaseDescription.Title, body, DatabaseDescription.Length), DatabaseDescription, body);
                for (var at = body + DatabaseDescription.Length; at + LsaHeader.Length <= packetEnd; at += LsaHeader.Length) Lsa(d, ospf, at, packetEnd, headerOnly: true);
                break;
            case 3:
                for (var at = body; at + Request.Length <= packetEnd; at += Request.Length) d.Part(d.Sub(ospf, "ospf", Request.Title, at, Request.Length), Request, at);
                break;
            case 4:
                var update = d.Sub(ospf, "ospf", "LS Update Packet", body, packetEnd - body);
                var count = d.Field(update, "ospf.ls.number_of_lsas", "Number of LSAs", body, 4, FieldFormat.Decimal).Number;
                var position = body + 4;
                for (var i = 0UL; i < (count ?? 0) && position + LsaHeader.Length <= packetEnd; i++)
                {
                    var lsaLength = Lsa(d, update, position, packetEnd, headerOnly: false);
                    if (lsaLength is null) break;
                    position += lsaLength.Value;
                }
                break;
            case 5:
                for (var at = body; at + LsaHeader.Length <= packetEnd; at += LsaHeader.Length) Lsa(d, ospf, at, packetEnd, headerOnly: true);
                break;
        }
        return packetLength is { } declared ? new DeclaredExtent(start, declared) : null;
    }

    /// <summary>
    /// OSPFv2's checksum (RFC 2328 §D.4.3): the Internet checksum of the packet without its 8-byte
    /// authentication field, judged only when every byte it covers is known.
    /// </summary>
    private static void JudgeChecksum(Dissection d, DecodedField checksum, int start, int length)
    {
        if (checksum.Status == FieldStatus.Truncated || length < 24) return;
        var bytes = d.Bytes;
        var end = start + length;
        IReadOnlyList<ByteRange> unknown = end > bytes.Length
            ? [new ByteRange(bytes.Length, end - 1, ByteState.NotCaptured)]
            : [.. bytes.UnknownRanges(start, 16), .. bytes.UnknownRanges(start + 24, length - 24)];
        var others = unknown.Where(r => r.Last < start + 12 || r.First > start + 13).ToList();
        ushort? expected = null;
        if (others.Count == 0 && end <= bytes.Length)
        {
            var header = bytes.Data.AsSpan(start, 16).ToArray();
            header[12] = header[13] = 0;
            expected = Model.InternetChecksum.Compute(bytes.Data.AsSpan(start + 24, length - 24), Model.InternetChecksum.Sum(header));
        }
        ChecksumVerdict verdict = checksum.Status is FieldStatus.Masked or FieldStatus.Unknown
            ? new ChecksumVerdict(ChecksumCause.ValueUnknown) { Unknown = bytes.UnknownRanges(start + 12, 2), Expected = expected }
            : unknown.Count > 0 ? new ChecksumVerdict(ChecksumCause.CoverageUnknown) { Unknown = unknown }
            : new ChecksumVerdict(expected == checksum.Number ? ChecksumCause.Holds : ChecksumCause.Wrong) { Expected = expected };
        Dissection.Apply(checksum, verdict);
    }

    /// <summary>An LSA: its header, and (in an update) its body by type. Returns its length, or null when that is not known.</summary>
    private static int? Lsa(Dissection d, DecodedLayer parent, int start, int end, bool headerOnly)
    {
        var type = d.Peek(start + 3, 1);
        var length = (int?)d.Peek(start + 18, 2);
        var title = $"LSA-type {type} ({LsaTypes.GetValueOrDefault(type ?? 0) ?? "Unknown"}), len {length}";
        var lsa = d.Sub(parent, "ospf", title, start, headerOnly ? LsaHeader.Length : Math.Min(length ?? LsaHeader.Length, end - start));
        d.Part(lsa, LsaHeader, start);
        if (headerOnly || length is null || length < LsaHeader.Length) return length;
        var body = start + LsaHeader.Length;
        var lsaEnd = Math.Min(start + length.Value, end);
        switch (type)
        {
            case 1 when body + 4 <= lsaEnd:
                var flags = d.Field(lsa, "ospf.v2.router.lsa.flags", "Flags", body, 1, FieldFormat.Hex);
                foreach (var (name, label, bit) in new[] { ("h", "(H) flag", 0), ("n", "(N) flag", 3), ("w", "(W) Wild-card multicast receiver", 4), ("v", "(V) Virtual link endpoint", 5), ("e", "(E) AS boundary router", 6), ("b", "(B) Area border router", 7) })
                {
                    d.Child(flags, FieldSpec.Flag($"ospf.v2.router.lsa.flags.{name}", label, bit), body);
                }
                var links = d.Field(lsa, "ospf.lsa.number_of_links", "Number of Links", body + 2, 2, FieldFormat.Decimal).Number;
                var at = body + 4;
                for (var i = 0UL; i < (links ?? 0) && at + RouterLink.Length <= lsaEnd; i++)
                {
                    var metrics = d.Peek(at + 9, 1) ?? 0;
                    var link = d.Sub(lsa, "ospf", "Link", at, RouterLink.Length + 4 * (int)metrics);
                    d.Part(link, RouterLink, at);
                    at += RouterLink.Length + 4 * (int)metrics;
                }
                break;
            case 2 when body + 4 <= lsaEnd:
                d.Field(lsa, "ospf.lsa.network.netmask", "Netmask", body, 4, FieldFormat.Ipv4);
                for (var router = body + 4; router + 4 <= lsaEnd; router += 4) d.Field(lsa, "ospf.lsa.network.attchrtr", "Attached Router", router, 4, FieldFormat.Ipv4);
                break;
            case 3 or 4 when body + 8 <= lsaEnd:
                d.Field(lsa, "ospf.lsa.asbr.netmask", "Netmask", body, 4, FieldFormat.Ipv4);
                d.Field(lsa, "ospf.lsa.tos", "TOS", body + 4, 1, FieldFormat.Decimal);
                d.Field(lsa, "ospf.metric", "Metric", body + 5, 3, FieldFormat.Decimal);
                break;
            case 5 or 7 when body + 16 <= lsaEnd:
                d.Field(lsa, "ospf.lsa.asext.netmask", "Netmask", body, 4, FieldFormat.Ipv4);
                d.Add(lsa, FieldSpec.Flag("ospf.lsa.asext.type", "External Type", 0) with { Meaning = v => v == 1 ? "Type 2 (metric is larger than any other link state path)" : "Type 1" }, body + 4);
                d.Add(lsa, FieldSpec.Number("ospf.lsa.tos", "TOS", 1, 7), body + 4);
                d.Field(lsa, "ospf.metric", "Metric", body + 5, 3, FieldFormat.Decimal);
                d.Field(lsa, "ospf.lsa.asext.fwdaddr", "Forwarding Address", body + 8, 4, FieldFormat.Ipv4);
                d.Field(lsa, "ospf.lsa.asext.extrttag", "External Route Tag", body + 12, 4, FieldFormat.Decimal);
                break;
        }
        return length;
    }
}
