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
    /// <summary>PPP in HDLC-like framing (RFC 1662): NetScreen serial and bridged-PPP ADSL interfaces.</summary>
    public static readonly LinkType Ppp = new(9, "ppp");
    /// <summary>Cisco HDLC: the 4-byte header of IOS serial interfaces (0F00 0800 before IPv4).</summary>
    public static readonly LinkType CiscoHdlc = new(104, "c-hdlc");

    /// <summary>PPP in HDLC-like framing (RFC 1662), or Cisco PPP with HDLC framing: what WAN and ISDN B-channel traces hold.</summary>
    public static readonly LinkType PppHdlc = new(50, "ppp-hdlc");
    /// <summary>RFC 1483 LLC/SNAP-encapsulated ATM: the packet starts at the 802.2 LLC header.</summary>
    public static readonly LinkType AtmRfc1483 = new(100, "atm-rfc1483");
    /// <summary>Frame Relay, starting at the Q.922 address.</summary>
    public static readonly LinkType FrameRelay = new(107, "frelay");
    /// <summary>SS7 MTP2 frames, with no pseudo-header.</summary>
    public static readonly LinkType Mtp2 = new(140, "mtp2");
    /// <summary>SS7 MTP3 messages, with no MTP2 below them.</summary>
    public static readonly LinkType Mtp3 = new(141, "mtp3");
    /// <summary>ISDN D-channel LAPD (Q.921) frames, starting at the address field, with no pseudo-header; the direction says which side sent it.</summary>
    public static readonly LinkType Lapd = new(203, "lapd");
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    public static readonly LinkType Null = new(0, "null");
    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    public static readonly LinkType Loop = new(108, "loop");

    public static IReadOnlyList<LinkType> Known { get; } = [Ethernet, RawIp, LinuxCooked, User0, LinuxCooked2,
        Ppp, PppHdlc, AtmRfc1483, CiscoHdlc, FrameRelay, Mtp2, Mtp3, Lapd, Null, Loop];

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
