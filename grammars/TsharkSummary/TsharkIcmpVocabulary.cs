namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// The words tshark's Info column prints for ICMP and ICMPv6 messages other than echo, as epan's dissectors name
/// types and codes (packet-icmp.c's icmp_type_str and code tables, packet-icmpv6.c's icmpv6_type_val and code
/// tables): the type and, where the message has a code table, the code.
/// </summary>
public static class TsharkIcmpVocabulary
{
    public static readonly IReadOnlyDictionary<string, byte> IcmpTypes = new Dictionary<string, byte>
    {
        ["Destination unreachable"] = 3, ["Source quench (flow control)"] = 4, ["Redirect"] = 5, ["Time-to-live exceeded"] = 11,
        ["Parameter problem"] = 12, ["Timestamp request"] = 13, ["Timestamp reply"] = 14,
        ["Address mask request"] = 17, ["Address mask reply"] = 18,
    };

    public static readonly IReadOnlyDictionary<(byte Type, string Code), byte> IcmpCodes = new Dictionary<(byte, string), byte>
    {
        [(3, "Network unreachable")] = 0, [(3, "Host unreachable")] = 1, [(3, "Protocol unreachable")] = 2, [(3, "Port unreachable")] = 3,
        [(3, "Fragmentation needed")] = 4, [(3, "Source route failed")] = 5, [(3, "Destination network unknown")] = 6,
        [(3, "Destination host unknown")] = 7, [(3, "Source host isolated")] = 8, [(3, "Network administratively prohibited")] = 9,
        [(3, "Host administratively prohibited")] = 10, [(3, "Network unreachable for TOS")] = 11, [(3, "Host unreachable for TOS")] = 12,
        [(3, "Communication administratively filtered")] = 13, [(3, "Host precedence violation")] = 14, [(3, "Precedence cutoff in effect")] = 15,
        [(5, "Redirect for network")] = 0, [(5, "Redirect for host")] = 1, [(5, "Redirect for TOS and network")] = 2, [(5, "Redirect for TOS and host")] = 3,
        [(11, "Time to live exceeded in transit")] = 0, [(11, "Fragment reassembly time exceeded")] = 1,
    };

    /// <summary>ICMPv6 types by the words that start the Info column (the longest first where one starts another).</summary>
    public static readonly IReadOnlyList<(string Words, byte Type)> Icmpv6Types =
    [
        ("Destination Unreachable", 1), ("Packet Too Big", 2), ("Time Exceeded", 3), ("Parameter Problem", 4),
        ("Multicast Listener Query", 130), ("Multicast Listener Report Message v2", 143), ("Multicast Listener Report", 131),
        ("Multicast Listener Done", 132), ("Router Solicitation", 133), ("Router Advertisement", 134),
        ("Neighbor Solicitation", 135), ("Neighbor Advertisement", 136), ("Redirect", 137),
    ];

    public static readonly IReadOnlyDictionary<(byte Type, string Code), byte> Icmpv6Codes = new Dictionary<(byte, string), byte>
    {
        [(1, "no route to destination")] = 0, [(1, "Administratively prohibited")] = 1, [(1, "beyond scope of source address")] = 2,
        [(1, "Address unreachable")] = 3, [(1, "Port unreachable")] = 4, [(1, "Source address failed ingress/egress policy")] = 5,
        [(1, "Reject route to destination")] = 6,
        [(3, "hop limit exceeded in transit")] = 0, [(3, "fragment reassembly time exceeded")] = 1,
        [(4, "erroneous header field encountered")] = 0, [(4, "unrecognized Next Header type encountered")] = 1,
        [(4, "unrecognized IPv6 option encountered")] = 2,
    };
}
