namespace TraceImport.Model;

/// <summary>A pcapng/pcap link-layer header type (the LINKTYPE_ registry of tcpdump.org).</summary>
public readonly record struct LinkType(ushort Code, string Name)
{
    public static readonly LinkType Ethernet = new(1, "ethernet");
    /// <summary>Raw IP: the packet starts at the IPv4 or IPv6 header.</summary>
    public static readonly LinkType RawIp = new(101, "raw-ip");
    public static readonly LinkType LinuxCooked = new(113, "linux-sll");
    /// <summary>Used when the source says only that the link type was unsupported.</summary>
    public static readonly LinkType User0 = new(147, "user0");
    public static readonly LinkType LinuxCooked2 = new(276, "linux-sll2");
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    public static readonly LinkType Null = new(0, "null");
    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    public static readonly LinkType Loop = new(108, "loop");

    public static IReadOnlyList<LinkType> Known { get; } = [Ethernet, RawIp, LinuxCooked, User0, LinuxCooked2, Null, Loop];

    /// <summary>Reads a link type given by name ("ethernet") or by number ("1", "160").</summary>
    public static bool TryParse(string text, out LinkType linkType)
    {
        foreach (var known in Known)
        {
            if (string.Equals(known.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                linkType = known;
                return true;
            }
        }
        if (ushort.TryParse(text, out var code))
        {
            linkType = Known.FirstOrDefault(k => k.Code == code, new LinkType(code, $"linktype-{code}"));
            return true;
        }
        linkType = default;
        return false;
    }

    public override string ToString() => $"{Name} ({Code})";
}
