using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Every fixture packet is decoded and compared with tshark, field by field, for every field both
/// produce whose bytes the text shows (the pcapng holds an unknown byte as 0, which tshark reads as
/// it reads any other): values, and every checksum verdict the decoder gives.
/// </summary>
public class DecodeOracleTests
{
    /// <summary>Fields whose value the decoder shows as tshark's -T fields shows it.</summary>
    private static readonly string[] Compared =
    [
        "eth.dst", "eth.src", "eth.type", "vlan.priority", "vlan.dei", "vlan.id", "vlan.etype",
        "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4",
        "ip.version", "ip.hdr_len", "ip.dsfield", "ip.dsfield.dscp", "ip.dsfield.ecn", "ip.len", "ip.id", "ip.flags", "ip.flags.rb", "ip.flags.df", "ip.flags.mf",
        "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst", "ip.opt.type", "ip.opt.len",
        "ipv6.version", "ipv6.tclass", "ipv6.flow", "ipv6.plen", "ipv6.nxt", "ipv6.hlim", "ipv6.src", "ipv6.dst", "ipv6.hopopts.nxt", "ipv6.hopopts.len",
        "ipv6.fraghdr.nxt", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.flags.res", "tcp.flags.ae", "tcp.flags.cwr", "tcp.flags.ece",
        "tcp.flags.urg", "tcp.flags.ack", "tcp.flags.push", "tcp.flags.reset", "tcp.flags.syn", "tcp.flags.fin", "tcp.window_size_value", "tcp.checksum", "tcp.urgent_pointer",
        "tcp.option_kind", "tcp.option_len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
        "udp.srcport", "udp.dstport", "udp.length", "udp.checksum",
        "icmp.type", "icmp.code", "icmp.checksum", "icmp.ident", "icmp.seq", "icmp.pointer", "icmp.redir_gw", "icmp.mtu",
        "icmpv6.type", "icmpv6.code", "icmpv6.checksum", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number",
        "ftp.response.code", "ftp.response.arg", "smtp.req.command", "smtp.req.parameter", "http.request.method", "http.request.uri", "http.request.version",
        "http.response.version", "http.response.code", "http.response.phrase",
        "sll.pkttype", "sll.hatype", "sll.halen", "sll.src.eth", "sll.unused", "sll.etype", "sll.ifindex", "null.family",
        "vxlan.flags", "vxlan.flag_g", "vxlan.flag_i", "vxlan.flag_d", "vxlan.flag_a", "vxlan.gbp", "vxlan.vni", "vxlan.reserved8",
        "geneve.version", "geneve.flags", "geneve.flags.oam", "geneve.flags.critical", "geneve.proto_type", "geneve.vni", "geneve.reserved",
        "geneve.option.class", "geneve.option.type", "geneve.option.unknown.data",
        "gre.flags_and_version", "gre.flags.checksum", "gre.flags.routing", "gre.flags.key", "gre.flags.sequence_number", "gre.flags.strict_source_route",
        "gre.flags.recursion_control", "gre.flags.reserved", "gre.flags.version", "gre.proto", "gre.checksum", "gre.offset", "gre.key", "gre.sequence_number",
        "dns.length", "dns.id", "dns.flags", "dns.flags.response", "dns.flags.opcode", "dns.flags.truncated", "dns.flags.recdesired", "dns.flags.z",
        "dns.flags.checkdisable", "dns.count.queries", "dns.count.answers", "dns.count.auth_rr", "dns.count.add_rr", "dns.qry.name", "dns.qry.name.len",
        "dns.count.labels", "dns.qry.type", "dns.qry.class", "dns.resp.name", "dns.resp.type", "dns.resp.class", "dns.resp.ttl", "dns.resp.len", "dns.a",
        "dns.aaaa", "dns.ns", "dns.cname", "dns.ptr.domain_name", "dns.mx.preference", "dns.mx.mail_exchange", "dns.soa.mname", "dns.soa.rname",
        "dns.soa.serial_number", "dns.txt", "dns.srv.port", "dns.srv.target", "dns.rr.udp_payload_size", "dns.resp.edns0_version", "dns.resp.z.do",
        "dns.opt.code", "dns.opt.len",
        "dhcp.type", "dhcp.hw.type", "dhcp.hw.len", "dhcp.hops", "dhcp.id", "dhcp.secs", "dhcp.flags", "dhcp.flags.bc", "dhcp.ip.client", "dhcp.ip.your",
        "dhcp.ip.server", "dhcp.ip.relay", "dhcp.hw.mac_addr", "dhcp.cookie", "dhcp.option.type", "dhcp.option.length", "dhcp.option.dhcp",
        "dhcp.option.request_list_item", "dhcp.option.subnet_mask", "dhcp.option.router", "dhcp.option.domain_name_server", "dhcp.option.hostname",
        "dhcp.option.ip_address_lease_time", "dhcp.option.dhcp_server_id", "dhcp.option.requested_ip_address",
        "dhcpv6.msgtype", "dhcpv6.xid", "dhcpv6.option.type", "dhcpv6.option.length", "dhcpv6.duid.type", "dhcpv6.iaid", "dhcpv6.iaid.t1", "dhcpv6.iaid.t2",
        "dhcpv6.iaaddr.ip", "dhcpv6.elapsed_time", "dhcpv6.status_code", "dhcpv6.dns_server", "dhcpv6.requested_option_code",
        "ntp.flags", "ntp.flags.li", "ntp.flags.vn", "ntp.flags.mode", "ntp.stratum", "ntp.ppoll", "ntp.precision", "ntp.rootdelay", "ntp.rootdispersion",
        "ntp.refid", "ntp.reftime", "ntp.org", "ntp.rec", "ntp.xmt",
        "snmp.version", "snmp.community", "snmp.request_id", "snmp.error_status", "snmp.error_index", "snmp.name", "snmp.value.int", "snmp.value.oid",
        "snmp.value.timeticks", "snmp.msgVersion", "snmp.msgID", "snmp.msgMaxSize", "snmp.msgSecurityModel",
        "syslog.facility", "syslog.level", "syslog.msg", "syslog.hostname", "syslog.procid", "syslog.msgid", "syslog.version", "syslog.timestamp",
        "tftp.opcode", "tftp.source_file", "tftp.destination_file", "tftp.type", "tftp.block", "tftp.error.code", "tftp.error.message", "tftp.option.name",
        "tftp.option.value",
        "http.host", "http.user_agent", "http.accept", "http.server", "http.date", "http.content_type", "http.content_length_header", "http.request.line",
        "http.response.line", "http.response.code.desc",
        "sip.Method", "sip.r-uri", "sip.Status-Code", "sip.Call-ID", "sip.CSeq.seq", "sip.CSeq.method", "sip.Via.transport", "sip.Via.branch",
        "sip.from.user", "sip.from.tag", "sip.to.user", "sip.Max-Forwards", "sip.Content-Length",
        "tls.record.content_type", "tls.record.version", "tls.record.length", "tls.handshake.type", "tls.handshake.length", "tls.handshake.version",
        "tls.handshake.session_id_length", "tls.handshake.cipher_suites_length", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
        "tls.handshake.extension.len", "tls.handshake.extensions_server_name", "tls.handshake.extensions.supported_version",
        "tls.handshake.extensions_alpn_str", "tls.handshake.extensions_supported_group", "tls.handshake.sig_hash_alg",
        "lldp.tlv.type", "lldp.tlv.len", "lldp.chassis.subtype", "lldp.chassis.id.mac", "lldp.port.subtype", "lldp.port.id.mac", "lldp.time_to_live",
        "lldp.tlv.system.name", "lldp.tlv.system.desc", "lldp.tlv.system_cap", "lldp.tlv.enable_system_cap", "lldp.orgtlv.oui",
        "cdp.version", "cdp.ttl", "cdp.checksum", "cdp.tlv.type", "cdp.tlv.len", "cdp.deviceid", "cdp.portid", "cdp.platform",
        "stp.protocol", "stp.version", "stp.type", "stp.flags", "stp.root.prio", "stp.root.ext", "stp.root.hw", "stp.root.cost", "stp.bridge.prio",
        "stp.bridge.hw", "stp.port", "stp.msg_age", "stp.max_age", "stp.hello", "stp.forward",
        "ospf.version", "ospf.msg", "ospf.packet_length", "ospf.srcrouter", "ospf.area_id", "ospf.checksum", "ospf.auth.type", "ospf.hello.network_mask",
        "ospf.hello.hello_interval", "ospf.hello.router_dead_interval", "ospf.hello.designated_router", "ospf.lsa.age", "ospf.lsa.id", "ospf.advrouter",
        "ospf.lsa.seqnum", "ospf.lsa.chksum", "ospf.lsa.length",
        "bfd.version", "bfd.diag", "bfd.sta", "bfd.flags", "bfd.detect_time_multiplier", "bfd.message_length", "bfd.my_discriminator",
        "bfd.your_discriminator", "bfd.desired_min_tx_interval", "bfd.required_min_rx_interval", "bfd.required_min_echo_interval",
        "rip.command", "rip.version", "rip.family", "rip.route_tag", "rip.netmask", "rip.next_hop", "rip.metric",
        "ripng.cmd", "ripng.version", "ripng.rte.ipv6_prefix", "ripng.rte.route_tag", "ripng.rte.prefix_length", "ripng.rte.metric",
        "pim.version", "pim.type", "pim.cksum", "pim.holdtime", "pim.dr_priority", "pim.generation_id", "pim.numgroups",
        // Link, network, transport and tunnel fields field parity finds agreeing with tshark (bench/field-parity.sh --agreeing-names).
        "ah.length", "ah.next_header", "ah.reserved", "ah.sequence", "ah.spi", "esp.sequence", "esp.spi", "eth.addr", "eth.dst.ig", "eth.dst.lg", "eth.len",
        "eth.padding", "eth.src.ig", "eth.src.lg", "geneve.flags.reserved", "geneve.option", "geneve.option.flags.reserved", "geneve.option.length",
        "geneve.options", "icmp.ident_le", "icmp.seq_le", "icmp.unused", "icmpv6.mld.maximum_response_delay", "icmpv6.mld.multicast_address",
        "icmpv6.mldr.mar.aux_data_len", "icmpv6.mldr.mar.multicast_address", "icmpv6.mldr.mar.nb_sources", "icmpv6.mldr.mar.record_type",
        "icmpv6.mldr.nb_mcast_records", "icmpv6.mtu", "icmpv6.nd.na.flag", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.rsv",
        "icmpv6.nd.na.flag.s", "icmpv6.nd.na.target_address", "icmpv6.nd.ns.target_address", "icmpv6.nd.ra.cur_hop_limit", "icmpv6.nd.ra.flag",
        "icmpv6.nd.ra.flag.h", "icmpv6.nd.ra.flag.m", "icmpv6.nd.ra.flag.o", "icmpv6.nd.ra.flag.p", "icmpv6.nd.ra.flag.prf", "icmpv6.nd.ra.flag.rsv",
        "icmpv6.nd.ra.reachable_time", "icmpv6.nd.ra.retrans_timer", "icmpv6.nd.ra.router_lifetime", "icmpv6.opt.dnssl",
        "icmpv6.opt.dnssl.lifetime", "icmpv6.opt.length", "icmpv6.opt.linkaddr", "icmpv6.opt.mtu", "icmpv6.opt.nonce",
        "icmpv6.opt.prefix", "icmpv6.opt.prefix.flag", "icmpv6.opt.prefix.flag.a", "icmpv6.opt.prefix.flag.l", "icmpv6.opt.prefix.flag.r",
        "icmpv6.opt.prefix.flag.reserved", "icmpv6.opt.prefix.length", "icmpv6.opt.prefix.preferred_lifetime", "icmpv6.opt.prefix.valid_lifetime",
        "icmpv6.opt.rdnss", "icmpv6.opt.rdnss.lifetime", "icmpv6.opt.type", "icmpv6.reserved", "ieee8021ad.dei", "ieee8021ad.id",
        "ieee8021ad.priority", "ieee8021ah.etype", "igmp.aux_data_len", "igmp.checksum", "igmp.maddr", "igmp.max_resp", "igmp.num_grp_recs", "igmp.num_src",
        "igmp.record_type", "igmp.reserved", "igmp.type", "ip.empty_rt", "ip.opt.flag", "ip.opt.overflow", "ip.opt.ptr", "ip.opt.ra", "ip.opt.time_stamp",
        "ip.opt.time_stamp_addr", "ip.opt.type.class", "ip.opt.type.copy", "ip.opt.type.number", "ip.options.eol", "ip.options.nop",
        "ip.options.record_route", "ip.options.routeralert", "ip.options.timestamp", "ip.rec_rt", "ipv6.dstopts.len", "ipv6.dstopts.len_oct",
        "ipv6.dstopts.nxt", "ipv6.fraghdr.reserved_bits", "ipv6.fraghdr.reserved_octet", "ipv6.hopopts.len_oct", "ipv6.opt.experimental",
        "ipv6.opt.length", "ipv6.opt.router_alert", "ipv6.opt.type", "ipv6.opt.type.action", "ipv6.opt.type.change", "ipv6.opt.type.rest",
        "ipv6.routing.len", "ipv6.routing.len_oct", "ipv6.routing.nxt", "ipv6.routing.segleft", "ipv6.routing.src.addr", "ipv6.routing.src.reserved",
        "ipv6.routing.srh.addr", "ipv6.routing.srh.flags", "ipv6.routing.srh.last_entry", "ipv6.routing.srh.tag", "ipv6.routing.type", "ipv6.src_slaac_mac",
        "ipv6.tclass.dscp", "ipv6.tclass.ecn", "lapd.address", "lapd.control", "lapd.control.ftype", "lapd.control.n_r", "lapd.control.p",
        "lapd.control.s_ftype", "lapd.cr", "lapd.ea1", "lapd.ea2", "lapd.sapi", "lapd.tei", "llc.cisco_pid", "llc.control", "llc.control.ftype",
        "llc.control.u_modifier_cmd", "llc.dsap", "llc.dsap.ig", "llc.dsap.sap", "llc.extreme_pid", "llc.foundry_pid", "llc.nortel_pid", "llc.oui",
        "llc.ssap", "llc.ssap.cr", "llc.ssap.sap", "mpls.bottom", "mpls.exp", "mpls.label", "mpls.ttl", "ppp.address", "ppp.control", "ppp.protocol",
        "tcp.flags.str", "tcp.options", "tcp.options.eol", "tcp.options.md5", "tcp.options.md5.digest", "tcp.options.mptcp.addaddrtrunchmac",
        "tcp.options.mptcp.addrid", "tcp.options.mptcp.backup.flag", "tcp.options.mptcp.checksumreq.flags", "tcp.options.mptcp.dataack8.flag",
        "tcp.options.mptcp.dataackpresent.flag", "tcp.options.mptcp.datafin.flag", "tcp.options.mptcp.datalvllen", "tcp.options.mptcp.dseqn8.flag",
        "tcp.options.mptcp.dseqnpresent.flag", "tcp.options.mptcp.echo", "tcp.options.mptcp.extensibility.flag", "tcp.options.mptcp.flags",
        "tcp.options.mptcp.ipv4", "tcp.options.mptcp.nomoresubflows.flag", "tcp.options.mptcp.rawdataack", "tcp.options.mptcp.rawdataseqno",
        "tcp.options.mptcp.recvkey", "tcp.options.mptcp.recvtok", "tcp.options.mptcp.reserved", "tcp.options.mptcp.reserved.flag",
        "tcp.options.mptcp.sendhmac", "tcp.options.mptcp.sendkey", "tcp.options.mptcp.sendrand", "tcp.options.mptcp.sendtrunchmac",
        "tcp.options.mptcp.sha256.flag", "tcp.options.mptcp.subflowseqno", "tcp.options.mptcp.subtype", "tcp.options.mptcp.version", "tcp.options.mss",
        "tcp.options.nop", "tcp.options.sack", "tcp.options.sack_perm", "tcp.options.tfo", "tcp.options.tfo.cookie",
        "tcp.options.timestamp", "tcp.options.wscale", "tcp.options.wscale.multiplier", "tcp.payload", "udp.payload", "vxlan.flags_reserved",
        "chdlc.address", "chdlc.control", "chdlc.protocol", "erspan.bso", "erspan.cos", "erspan.direction", "erspan.encap", "erspan.ft", "erspan.gra",
        "erspan.hw", "erspan.index", "erspan.o", "erspan.p", "erspan.reserved", "erspan.sgt", "erspan.spanid", "erspan.timestamp", "erspan.truncated",
        "erspan.version", "erspan.vlan", "fr.becn", "fr.chdlctype", "fr.control", "fr.control.ftype", "fr.control.u_modifier_cmd", "fr.cr", "fr.de",
        "fr.dlci", "fr.ea", "fr.fecn", "fr.first_addr_octet", "fr.nlpid", "fr.second_addr_octet", "fr.second_dlci", "fr.snap.oui", "fr.snaptype",
        "fr.upper_dlci", "icmp.ext.checksum", "icmp.ext.class", "icmp.ext.ctype", "icmp.ext.length", "icmp.ext.res", "icmp.ext.version",
        "icmp.length", "icmp.length.original_datagram", "icmp.mpls.exp", "icmp.mpls.label", "icmp.mpls.s", "icmp.mpls.ttl", "llc.type", "pppoe.code",
        "pppoe.payload_length", "pppoe.session_id", "pppoe.type", "pppoe.version", "pppoed.tags.ac_cookie", "pppoed.tags.ac_name",
        "pppoed.tags.host_uniq", "tcp.options.acc_ecn", "tcp.options.acc_ecn.eceb", "tcp.options.acc_ecn.ee0b", "tcp.options.acc_ecn.ee1b",
    ];

    /// <summary>Checksum fields and tshark's verdict on them (0 bad, 1 good, 2 not verified, 3 not present).</summary>
    private static readonly (string Field, string Status)[] Verdicts =
    [
        ("ip.checksum", "ip.checksum.status"), ("tcp.checksum", "tcp.checksum.status"), ("udp.checksum", "udp.checksum.status"),
        ("icmp.checksum", "icmp.checksum.status"), ("icmpv6.checksum", "icmpv6.checksum.status"), ("gre.checksum", "gre.checksum.status"),
        ("cdp.checksum", "cdp.checksum.status"), ("pim.cksum", "pim.cksum.status"),
        ("igmp.checksum", "igmp.checksum.status"), ("icmp.ext.checksum", "icmp.ext.checksum.status"),
    ];

    public static TheoryData<string> DecodableFixtures() =>
        FixturesWhere(packets => packets.Count > 0 && packets.All(p => Bindings.Find(BindingTable.LinkType, p.LinkType.Code) is not null));

    /// <summary>The fixtures whose packets pass <paramref name="test"/>, by their path under fixtures/.</summary>
    internal static TheoryData<string> FixturesWhere(Func<List<Packet>, bool> test) =>
        new(FixtureSnapshotTests.FixtureCases().Where(path => test(Importing.File(path).Packets)).Select(path => Path.GetRelativePath(Repository.Fixtures, path)));

    [Theory]
    [MemberData(nameof(DecodableFixtures))]
    public void Field_values_and_checksum_verdicts_agree_with_tshark(string fixture)
    {
        var packets = Importing.File(Repository.Fixture(fixture)).Packets;
        var (capture, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));
        Compare(packets, capture).ShouldBeGreaterThan(0);
    }

    /// <summary>Every capture in fixtures/captures whose link type the bindings table knows.</summary>
    public static TheoryData<string> DecodableCaptures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            if (Bindings.Find(BindingTable.LinkType, PcapLinkType(path)) is not null) data.Add(Path.GetFileName(path));
        }
        return data;
    }

    /// <summary>A real or constructed capture's frames, decoded at its link type, against tshark's reading of the same file.</summary>
    [Theory]
    [MemberData(nameof(DecodableCaptures))]
    public void Captured_frames_decode_as_tshark_reads_them(string capture)
    {
        var path = Repository.Fixture(Path.Combine("captures", capture));
        var linkType = LinkType.Known.Single(k => k.Code == PcapLinkType(path));
        var packets = TsharkReader.Frames(path).Select((frame, i) => new Packet
        {
            Data = Convert.FromHexString(frame.RawHex), LinkType = linkType, OriginalLength = frame.RawHex.Length / 2,
            Interface = "capture", Format = "capture", Source = new SourceSpan(capture, i + 1, i + 1),
        }).ToList();
        Compare(packets, path).ShouldBeGreaterThan(0);
    }

    /// <summary>The link type in a pcap file's header (its last field, in the file's byte order).</summary>
    private static uint PcapLinkType(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        var swapped = header[0] == 0xd4 || header[0] == 0x4d;
        var network = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
        return swapped ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(network) : network;
    }

    /// <summary>Compares every packet's decode with tshark's reading of the capture; returns how many values and verdicts were compared.</summary>
    internal static int Compare(IReadOnlyList<Packet> packets, string capture)
    {
        var fields = Compared.Concat(Verdicts.Select(v => v.Status)).ToArray();
        var tshark = TsharkFields(capture, fields);
        tshark.Count.ShouldBe(packets.Count);

        var compared = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            var decode = PacketDecoder.Decode(packets[i]);
            var ours = decode.AllFields().Select(f => f.Field).Where(f => f.Status != FieldStatus.Truncated).ToLookup(f => f.Name);
            foreach (var name in Compared)
            {
                var mine = ours[name].ToList();
                var theirs = tshark[i][name];
                // Occurrences in document order; tshark leaves some out (the sequence number of a quoted segment it reads as cut short).
                for (var n = 0; n < Math.Min(mine.Count, theirs.Count); n++)
                {
                    // A field with a masked or unshown nibble holds 0 there in the capture: tshark's value is not the text's.
                    // (An unknown checksum is judged unverifiable, its raw nibbles still unshown.)
                    if (mine[n].Status is FieldStatus.Masked or FieldStatus.Unknown || mine[n].Raw.Contains('X')) continue;
                    (mine[n].Value ?? "").ShouldBe(theirs[n], $"packet {i + 1} {name} #{n + 1}");
                    compared++;
                }
            }
            foreach (var (field, status) in Verdicts)
            {
                var mine = ours[field].ToList();
                var theirs = tshark[i][status];
                for (var n = 0; n < mine.Count; n++)
                {
                    if (TsharkStatus(mine[n].Checksum, packets[i].Unknown is null) is not { } expected) continue;
                    theirs.Count.ShouldBeGreaterThan(n, $"packet {i + 1} {status}: tshark judges {theirs.Count} of it");
                    theirs[n].ShouldBe(expected, $"packet {i + 1} {field} #{n + 1}: ours is {mine[n].Checksum!.Cause} ({mine[n].Note})");
                    compared++;
                }
            }
        }
        return compared;
    }

    /// <summary>
    /// The status tshark gives a checksum the decoder judged so: good, bad, not present (a UDP zero),
    /// or not verified (the bytes it covers were not captured). Where the text masked or never showed
    /// bytes the checksum covers, tshark judges the zeros the capture holds instead: not comparable.
    /// </summary>
    private static string? TsharkStatus(ChecksumVerdict? verdict, bool allBytesKnown) => verdict?.Cause switch
    {
        ChecksumCause.Holds => "1",
        ChecksumCause.Wrong or ChecksumCause.Offload => "0",
        ChecksumCause.NotComputed => "3",
        ChecksumCause.CoverageUnknown or ChecksumCause.NotCovered when allBytesKnown => "2",
        _ => null,
    };

    /// <summary>tshark's values per packet and field, every occurrence in order (the quoted datagram's fields follow the outer ones).</summary>
    private static List<Dictionary<string, List<string>>> TsharkFields(string capture, string[] fields)
    {
        var arguments = new List<string> { "-r", capture, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t" };
        foreach (var field in fields) arguments.AddRange(["-e", field]);
        var result = ExternalTool.Run("tshark", [.. arguments]);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var values = line.Split('\t');
            return fields.Select((f, i) => (f, values[i])).ToDictionary(
                p => p.f, p => p.Item2.Length == 0 ? new List<string>() : p.Item2.Split('|').ToList());
        }).ToList();
    }
}
