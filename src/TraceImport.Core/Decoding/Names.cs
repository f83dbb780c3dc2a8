namespace TraceImport.Decoding;

/// <summary>Names of protocol numbers, for the meaning column.</summary>
public static class Names
{
    public static readonly IReadOnlyDictionary<ulong, string> EtherTypes = new Dictionary<ulong, string>
    {
        [0x0800] = "IPv4", [0x0806] = "ARP", [0x8035] = "RARP", [0x8100] = "802.1Q VLAN", [0x88A8] = "802.1ad QinQ",
        [0x86DD] = "IPv6", [0x8847] = "MPLS", [0x8863] = "PPPoE discovery", [0x8864] = "PPPoE session", [0x88CC] = "LLDP",
        [0x6558] = "Transparent Ethernet bridging", [0x880B] = "PPP", [0x88BE] = "ERSPAN", [0x22EB] = "ERSPAN type III",
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
        [130] = "Multicast listener query", [131] = "Multicast listener report", [132] = "Multicast listener done",
        [135] = "Neighbor solicitation", [136] = "Neighbor advertisement", [137] = "Redirect", [143] = "Multicast listener report v2",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ArpOpcodes = new Dictionary<ulong, string>
    {
        [1] = "request", [2] = "reply", [3] = "RARP request", [4] = "RARP reply",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ArpHardware = new Dictionary<ulong, string> { [1] = "Ethernet" };

    public static readonly IReadOnlyDictionary<ulong, string> LlcSaps = new Dictionary<ulong, string>
    {
        [0x00] = "NULL LSAP", [0x04] = "SNA", [0x06] = "TCP/IP", [0x42] = "Spanning Tree BPDU", [0x80] = "XNS", [0xAA] = "SNAP",
        [0xE0] = "NetWare", [0xF0] = "NetBIOS", [0xFE] = "ISO network layer", [0xFF] = "Global LSAP",
    };

    /// <summary>Unnumbered LLC and HDLC frames by control byte, the poll/final bit left out.</summary>
    public static readonly IReadOnlyDictionary<ulong, string> LlcUnnumbered = new Dictionary<ulong, string>
    {
        [0x03] = "Unnumbered Information", [0x0F] = "Disconnected Mode", [0x2F] = "SABME", [0x43] = "Disconnect",
        [0x63] = "Unnumbered Acknowledge", [0x87] = "Frame Reject", [0xAF] = "XID", [0xE3] = "Test",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Ouis = new Dictionary<ulong, string>
    {
        [0x000000] = "Encapsulated Ethernet", [0x00000C] = "Cisco", [0x000081] = "Nortel (SynOptics)", [0x0080C2] = "IEEE 802.1",
        [0x00E02B] = "Extreme Networks", [0x00E052] = "Foundry", [0x080007] = "Apple (AppleTalk)",
    };

    public static readonly IReadOnlyDictionary<ulong, string> VlanPriorities = new Dictionary<ulong, string>
    {
        [0] = "Best Effort (default)", [1] = "Background", [2] = "Excellent Effort", [3] = "Critical Applications",
        [4] = "Video, < 100ms latency and jitter", [5] = "Voice, < 10ms latency and jitter", [6] = "Internetwork Control", [7] = "Network Control",
    };

    public static readonly IReadOnlyDictionary<ulong, string> MplsLabels = new Dictionary<ulong, string>
    {
        [0] = "IPv4 Explicit-Null", [1] = "Router Alert", [2] = "IPv6 Explicit-Null", [3] = "Implicit-Null", [7] = "Entropy Label Indicator",
        [13] = "Generic Associated Channel Label", [14] = "OAM Alert", [15] = "Extension",
    };

    public static readonly IReadOnlyDictionary<ulong, string> TcpOptionKinds = new Dictionary<ulong, string>
    {
        [0] = "End of Option List", [1] = "No-Operation", [2] = "Maximum Segment Size", [3] = "Window Scale", [4] = "SACK Permitted",
        [5] = "SACK", [8] = "Time Stamp Option", [19] = "MD5 Signature Option", [28] = "User Timeout", [29] = "TCP Authentication Option",
        [30] = "Multipath TCP", [34] = "TCP Fast Open Cookie", [172] = "Accurate ECN Order 0", [174] = "Accurate ECN Order 1",
        [253] = "RFC3692-style Experiment 1", [254] = "RFC3692-style Experiment 2",
    };

    public static readonly IReadOnlyDictionary<ulong, string> IpOptionTypes = new Dictionary<ulong, string>
    {
        [0] = "End of Options List (EOL)", [1] = "No-Operation (NOP)", [7] = "Record Route", [11] = "MTU Probe", [12] = "MTU Reply",
        [25] = "Quick-Start", [68] = "Time Stamp", [82] = "Traceroute", [130] = "Security", [131] = "Loose Source Route",
        [133] = "Extended Security", [134] = "Commercial Security", [136] = "Stream ID", [137] = "Strict Source Route",
        [148] = "Router Alert", [149] = "Selective Directed Broadcast",
    };

    public static readonly IReadOnlyDictionary<ulong, string> NdOptionTypes = new Dictionary<ulong, string>
    {
        [1] = "Source link-layer address", [2] = "Target link-layer address", [3] = "Prefix information", [4] = "Redirected header",
        [5] = "MTU", [14] = "Nonce", [24] = "Route information", [25] = "Recursive DNS server", [31] = "DNS search list",
    };

    public static readonly IReadOnlyDictionary<ulong, string> MulticastRecordTypes = new Dictionary<ulong, string>
    {
        [1] = "Mode is include", [2] = "Mode is exclude", [3] = "Change to include mode", [4] = "Change to exclude mode",
        [5] = "Allow new sources", [6] = "Block old sources",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Dscp = new Dictionary<ulong, string>
    {
        [0] = "Default", [1] = "Lower Effort", [8] = "Class Selector 1", [10] = "Assured Forwarding 11", [12] = "Assured Forwarding 12",
        [14] = "Assured Forwarding 13", [16] = "Class Selector 2", [18] = "Assured Forwarding 21", [20] = "Assured Forwarding 22",
        [22] = "Assured Forwarding 23", [24] = "Class Selector 3", [26] = "Assured Forwarding 31", [28] = "Assured Forwarding 32",
        [30] = "Assured Forwarding 33", [32] = "Class Selector 4", [34] = "Assured Forwarding 41", [36] = "Assured Forwarding 42",
        [38] = "Assured Forwarding 43", [40] = "Class Selector 5", [44] = "Voice-Admit", [46] = "Expedited Forwarding", [48] = "Class Selector 6",
        [56] = "Class Selector 7",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Ipv6OptionTypes = new Dictionary<ulong, string>
    {
        [0x00] = "Pad1", [0x01] = "PadN", [0x04] = "Tunnel Encapsulation Limit", [0x05] = "Router Alert", [0xC2] = "Jumbo Payload",
        [0x1E] = "Experimental (0x1E)", [0x3E] = "Experimental (0x3E)", [0x5E] = "Experimental (0x5E)", [0x7E] = "Experimental (0x7E)",
        [0x9E] = "Experimental (0x9E)", [0xBE] = "Experimental (0xBE)", [0xDE] = "Experimental (0xDE)", [0xFE] = "Experimental (0xFE)",
    };

    public static readonly IReadOnlyDictionary<ulong, string> IgmpTypes = new Dictionary<ulong, string>
    {
        [0x11] = "Membership Query", [0x12] = "Membership Report (v1)", [0x16] = "Membership Report (v2)", [0x17] = "Leave Group",
        [0x22] = "Membership Report (v3)",
    };

    public static readonly IReadOnlyDictionary<ulong, string> PppProtocols = new Dictionary<ulong, string>
    {
        [0x0021] = "Internet Protocol version 4", [0x002B] = "Novell IPX", [0x002D] = "Van Jacobson compressed TCP/IP",
        [0x002F] = "Van Jacobson uncompressed TCP/IP", [0x003D] = "PPP Multilink", [0x0057] = "Internet Protocol version 6",
        [0x0281] = "MPLS unicast", [0x8021] = "IP Control Protocol", [0x8057] = "IPv6 Control Protocol", [0x80FD] = "Compression Control Protocol",
        [0xC021] = "Link Control Protocol", [0xC023] = "Password Authentication Protocol", [0xC025] = "Link Quality Report",
        [0xC223] = "Challenge Handshake Authentication Protocol",
    };

    public static readonly IReadOnlyDictionary<ulong, string> PppCodes = new Dictionary<ulong, string>
    {
        [1] = "Configuration Request", [2] = "Configuration Ack", [3] = "Configuration Nak", [4] = "Configuration Reject",
        [5] = "Termination Request", [6] = "Termination Ack", [7] = "Code Reject", [8] = "Protocol Reject", [9] = "Echo Request",
        [10] = "Echo Reply", [11] = "Discard Request", [12] = "Identification", [13] = "Time Remaining",
    };

    public static readonly IReadOnlyDictionary<ulong, string> LcpOptions = new Dictionary<ulong, string>
    {
        [1] = "Maximum Receive Unit", [2] = "Async Control Character Map", [3] = "Authentication Protocol", [4] = "Quality Protocol",
        [5] = "Magic Number", [7] = "Protocol Field Compression", [8] = "Address and Control Field Compression", [17] = "Multilink MRRU",
        [18] = "Multilink Short Sequence Number Header", [19] = "Multilink Endpoint Discriminator",
    };

    public static readonly IReadOnlyDictionary<ulong, string> IpcpOptions = new Dictionary<ulong, string>
    {
        [1] = "IP Addresses", [2] = "IP Compression Protocol", [3] = "IP Address", [129] = "Primary DNS Server IP Address",
        [130] = "Primary NBNS Server IP Address", [131] = "Secondary DNS Server IP Address", [132] = "Secondary NBNS Server IP Address",
    };

    public static readonly IReadOnlyDictionary<ulong, string> PppoeCodes = new Dictionary<ulong, string>
    {
        [0x00] = "Session Data", [0x07] = "Active Discovery Offer (PADO)", [0x09] = "Active Discovery Initiation (PADI)",
        [0x19] = "Active Discovery Request (PADR)", [0x65] = "Active Discovery Session-confirmation (PADS)", [0xA7] = "Active Discovery Terminate (PADT)",
    };

    public static readonly IReadOnlyDictionary<ulong, string> PppoeTags = new Dictionary<ulong, string>
    {
        [0x0000] = "End-Of-List", [0x0101] = "Service-Name", [0x0102] = "AC-Name", [0x0103] = "Host-Uniq", [0x0104] = "AC-Cookie",
        [0x0105] = "Vendor-Specific", [0x0110] = "Relay-Session-Id", [0x0120] = "PPP-Max-Payload", [0x0201] = "Service-Name-Error",
        [0x0202] = "AC-System-Error", [0x0203] = "Generic-Error",
    };
}
