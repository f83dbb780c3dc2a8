using TraceImport.Decoding.Protocols;
using TraceImport.Model;

namespace TraceImport.Decoding;

/// <summary>The tables a layer's next-protocol field is looked up in.</summary>
public enum BindingTable
{
    /// <summary>The packet's link-layer header type (pcap LINKTYPE_).</summary>
    LinkType,
    /// <summary>Ethernet, 802.1Q, SLL, GRE and GENEVE protocol types.</summary>
    EtherType,
    /// <summary>The IPv4 protocol and IPv6 next-header numbers.</summary>
    IpProtocol,
    UdpPort,
    TcpPort,
    /// <summary>The BSD loopback header's address family.</summary>
    NullFamily,
    /// <summary>An 802.2 LLC destination service access point (0x42 spanning tree), the individual/group bit cleared.</summary>
    LlcSap,
    /// <summary>PPP's protocol field.</summary>
    PppProtocol,
    /// <summary>A SNAP header's OUI and protocol ID, as OUI × 65536 + PID (Cisco's CDP: 0x00000C2000); OUI 0 is an EtherType.</summary>
    Snap,
}

/// <summary>One row of the bindings table: the layer that follows when a field holds this key.</summary>
public sealed record Binding(BindingTable Table, ulong Key, ProtocolLayer Layer);

/// <summary>
/// Which layer follows which: the one table decode and emit both read. Decode looks up the layer a
/// next-protocol field names; emit looks up the key that names a layer, for a field the text left unset.
/// </summary>
public static class Bindings
{
    public static IReadOnlyList<Binding> All { get; } =
    [
        new(BindingTable.LinkType, LinkType.Ethernet.Code, Ethernet.Layer),
        new(BindingTable.LinkType, LinkType.RawIp.Code, RawIp.Layer),
        new(BindingTable.LinkType, LinkType.LinuxCooked.Code, Sll.V1),
        new(BindingTable.LinkType, LinkType.LinuxCooked2.Code, Sll.V2),
        new(BindingTable.LinkType, LinkType.Null.Code, NullLoopback.Null),
        new(BindingTable.LinkType, LinkType.Loop.Code, NullLoopback.Loop),

        new(BindingTable.EtherType, 0x0800, Ipv4.Layer),
        new(BindingTable.EtherType, 0x86DD, Ipv6.Layer),
        new(BindingTable.EtherType, 0x0806, Arp.Layer),
        new(BindingTable.EtherType, 0x8100, Vlan.Layer),
        new(BindingTable.EtherType, 0x88A8, Vlan.ServiceTag),
        new(BindingTable.EtherType, 0x8847, Mpls.Layer),
        new(BindingTable.EtherType, 0x8848, Mpls.Layer),
        new(BindingTable.LinkType, LinkType.AtmRfc1483.Code, Llc.Layer),
        new(BindingTable.LinkType, LinkType.PppHdlc.Code, Ppp.Hdlc),
        new(BindingTable.LinkType, LinkType.Ppp.Code, Ppp.Hdlc),
        new(BindingTable.LinkType, LinkType.CiscoHdlc.Code, CiscoHdlc.Layer),
        new(BindingTable.LinkType, LinkType.FrameRelay.Code, FrameRelay.Layer),
        new(BindingTable.LinkType, LinkType.Lapd.Code, Lapd.Layer),
        new(BindingTable.EtherType, 0x8863, Pppoe.Discovery),
        new(BindingTable.EtherType, 0x8864, Pppoe.Session),
        new(BindingTable.EtherType, 0x880B, Ppp.Hdlc),
        new(BindingTable.EtherType, 0x88BE, Erspan.TypeTwo),
        new(BindingTable.EtherType, 0x22EB, Erspan.TypeThree),

        new(BindingTable.PppProtocol, 0x0021, Ipv4.Layer),
        new(BindingTable.PppProtocol, 0x0057, Ipv6.Layer),
        new(BindingTable.PppProtocol, 0x0281, Mpls.Layer),
        new(BindingTable.PppProtocol, 0xC021, PppControl.Lcp),
        new(BindingTable.PppProtocol, 0x8021, PppControl.Ipcp),
        new(BindingTable.PppProtocol, 0x003D, PppMultilink.Layer),
        // Transparent Ethernet bridging: a whole Ethernet frame inside GRE or GENEVE.
        new(BindingTable.EtherType, 0x6558, Ethernet.Layer),
        new(BindingTable.EtherType, 0x88CC, Lldp.Layer),
        new(BindingTable.LlcSap, 0x42, Stp.Layer),
        new(BindingTable.Snap, 0x00000C2000, Cdp.Layer),

        new(BindingTable.IpProtocol, 6, Tcp.Layer),
        new(BindingTable.IpProtocol, 17, Udp.Layer),
        new(BindingTable.IpProtocol, 1, Icmp.Layer),
        new(BindingTable.IpProtocol, 58, Icmpv6.Layer),
        new(BindingTable.IpProtocol, 47, Gre.Layer),
        new(BindingTable.IpProtocol, 4, Ipv4.Layer),
        new(BindingTable.IpProtocol, 41, Ipv6.Layer),
        new(BindingTable.IpProtocol, 2, Igmp.Layer),
        new(BindingTable.IpProtocol, 50, Esp.Layer),
        new(BindingTable.IpProtocol, 51, Ah.Layer),
        new(BindingTable.IpProtocol, 89, Ospf.Layer),
        new(BindingTable.IpProtocol, 103, Pim.Layer),

        new(BindingTable.UdpPort, 4789, Vxlan.Layer),
        new(BindingTable.UdpPort, 6081, Geneve.Layer),
        new(BindingTable.UdpPort, 53, Dns.Udp),
        new(BindingTable.UdpPort, 67, Dhcp.Layer),
        new(BindingTable.UdpPort, 68, Dhcp.Layer),
        new(BindingTable.UdpPort, 547, Dhcpv6.Layer),
        new(BindingTable.UdpPort, 546, Dhcpv6.Layer),
        new(BindingTable.UdpPort, 123, Ntp.Layer),
        new(BindingTable.UdpPort, 3784, Bfd.Layer),
        new(BindingTable.UdpPort, 4784, Bfd.Layer),
        new(BindingTable.UdpPort, 6784, Bfd.Layer),
        new(BindingTable.UdpPort, 7784, Bfd.Layer),
        new(BindingTable.UdpPort, 520, Rip.Layer),
        new(BindingTable.UdpPort, 521, Ripng.Layer),
        new(BindingTable.UdpPort, 69, Tftp.Layer),
        new(BindingTable.UdpPort, 514, Syslog.Layer),
        new(BindingTable.UdpPort, 161, Snmp.Layer),
        new(BindingTable.UdpPort, 162, Snmp.Layer),
        new(BindingTable.UdpPort, 5060, TextLine.Sip),

        new(BindingTable.TcpPort, 21, TextLine.Ftp),
        new(BindingTable.TcpPort, 25, TextLine.Smtp),
        new(BindingTable.TcpPort, 587, TextLine.Smtp),
        new(BindingTable.TcpPort, 110, TextLine.Pop),
        new(BindingTable.TcpPort, 143, TextLine.Imap),
        new(BindingTable.TcpPort, 80, TextLine.Http),
        new(BindingTable.TcpPort, 8080, TextLine.Http),
        new(BindingTable.TcpPort, 53, Dns.Tcp),
        new(BindingTable.TcpPort, 8000, TextLine.Http),
        new(BindingTable.TcpPort, 5060, TextLine.Sip),
        // TLS on the ports Wireshark gives it (HTTPS, SMTPS, LDAPS, DNS over TLS, IMAPS, POP3S, SIPS, MQTT over TLS, AMQPS),
        // and 4433 and 8443, where Wireshark finds it by its records' shape.
        new(BindingTable.TcpPort, 443, Tls.Layer),
        new(BindingTable.TcpPort, 465, Tls.Layer),
        new(BindingTable.TcpPort, 636, Tls.Layer),
        new(BindingTable.TcpPort, 853, Tls.Layer),
        new(BindingTable.TcpPort, 993, Tls.Layer),
        new(BindingTable.TcpPort, 995, Tls.Layer),
        new(BindingTable.TcpPort, 5061, Tls.Layer),
        new(BindingTable.TcpPort, 8883, Tls.Layer),
        new(BindingTable.TcpPort, 5671, Tls.Layer),
        new(BindingTable.TcpPort, 4433, Tls.Layer),
        new(BindingTable.TcpPort, 8443, Tls.Layer),

        // AF_INET, and AF_INET6 as NetBSD/OpenBSD, FreeBSD and Darwin number it.
        new(BindingTable.NullFamily, 2, Ipv4.Layer),
        new(BindingTable.NullFamily, 24, Ipv6.Layer),
        new(BindingTable.NullFamily, 28, Ipv6.Layer),
        new(BindingTable.NullFamily, 30, Ipv6.Layer),
    ];

    private static readonly Dictionary<(BindingTable, ulong), ProtocolLayer> ByKey = All.ToDictionary(b => (b.Table, b.Key), b => b.Layer);

    /// <summary>The layer a key names in a table, if any.</summary>
    public static ProtocolLayer? Find(BindingTable table, ulong key) => ByKey.GetValueOrDefault((table, key));

    /// <summary>The first key that names <paramref name="layer"/> in a table: what emit writes into an unset next-protocol field.</summary>
    public static ulong? KeyOf(BindingTable table, ProtocolLayer layer) =>
        All.FirstOrDefault(b => b.Table == table && b.Layer == layer)?.Key;

    /// <summary>The link type of a packet whose first layer is <paramref name="layer"/>: raw IP for an IP header.</summary>
    public static LinkType? LinkTypeOf(ProtocolLayer layer) =>
        layer is Ipv4 or Ipv6 ? LinkType.RawIp
        : KeyOf(BindingTable.LinkType, layer) is { } code ? LinkType.Known.FirstOrDefault(k => k.Code == code) : null;

    /// <summary>The ports a server protocol is bound to over TCP, by name: what the diagnosis calls a conversation.</summary>
    public static string? TcpServerProtocol(ulong port) => Find(BindingTable.TcpPort, port) is TextLine text ? text.Protocol : null;
}
