namespace TraceImport.Decoding;

/// <summary>Names of protocol numbers, for the meaning column.</summary>
public static class Names
{
    public static readonly IReadOnlyDictionary<ulong, string> EtherTypes = new Dictionary<ulong, string>
    {
        [0x0800] = "IPv4", [0x0806] = "ARP", [0x8035] = "RARP", [0x8100] = "802.1Q VLAN", [0x88A8] = "802.1ad QinQ",
        [0x86DD] = "IPv6", [0x8847] = "MPLS", [0x8863] = "PPPoE discovery", [0x8864] = "PPPoE session", [0x88CC] = "LLDP",
        [0x6558] = "Transparent Ethernet bridging", [0x880B] = "PPP",
    };

    public static readonly IReadOnlyDictionary<ulong, string> IpProtocols = new Dictionary<ulong, string>
    {
        [0] = "IPv6 hop-by-hop options", [1] = "ICMP", [2] = "IGMP", [4] = "IPv4 in IP", [6] = "TCP", [17] = "UDP",
        [41] = "IPv6", [43] = "IPv6 routing header", [44] = "IPv6 fragment header", [47] = "GRE", [50] = "ESP", [51] = "AH",
        [58] = "ICMPv6", [59] = "no next header", [60] = "IPv6 destination options", [89] = "OSPF", [132] = "SCTP",
    };

    public static readonly IReadOnlyDictionary<ulong, string> IcmpTypes = new Dictionary<ulong, string>
    {
        [0] = "Echo reply", [3] = "Destination unreachable", [4] = "Source quench", [5] = "Redirect", [8] = "Echo request",
        [9] = "Router advertisement", [10] = "Router solicitation", [11] = "Time exceeded", [12] = "Parameter problem",
        [13] = "Timestamp request", [14] = "Timestamp reply", [17] = "Address mask request", [18] = "Address mask reply",
    };

    public static readonly IReadOnlyDictionary<ulong, string> UnreachableCodes = new Dictionary<ulong, string>
    {
        [0] = "Network unreachable", [1] = "Host unreachable", [2] = "Protocol unreachable", [3] = "Port unreachable",
        [4] = "Fragmentation needed and DF set", [5] = "Source route failed", [6] = "Destination network unknown",
        [7] = "Destination host unknown", [9] = "Network administratively prohibited", [10] = "Host administratively prohibited",
        [13] = "Communication administratively prohibited",
    };

    public static readonly IReadOnlyDictionary<ulong, string> TimeExceededCodes = new Dictionary<ulong, string>
    {
        [0] = "TTL exceeded in transit", [1] = "Fragment reassembly time exceeded",
    };

    public static readonly IReadOnlyDictionary<ulong, string> RedirectCodes = new Dictionary<ulong, string>
    {
        [0] = "Redirect for network", [1] = "Redirect for host", [2] = "Redirect for type of service and network", [3] = "Redirect for type of service and host",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ParameterProblemCodes = new Dictionary<ulong, string>
    {
        [0] = "Pointer indicates the error", [1] = "Missing a required option", [2] = "Bad length",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Icmpv6Types = new Dictionary<ulong, string>
    {
        [1] = "Destination unreachable", [2] = "Packet too big", [3] = "Time exceeded", [4] = "Parameter problem",
        [128] = "Echo request", [129] = "Echo reply", [133] = "Router solicitation", [134] = "Router advertisement",
        [135] = "Neighbor solicitation", [136] = "Neighbor advertisement", [137] = "Redirect",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ArpOpcodes = new Dictionary<ulong, string>
    {
        [1] = "request", [2] = "reply", [3] = "RARP request", [4] = "RARP reply",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ArpHardware = new Dictionary<ulong, string> { [1] = "Ethernet" };
}
