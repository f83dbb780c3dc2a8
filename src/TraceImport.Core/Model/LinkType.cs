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

    /// <summary>IEEE 802.11 frames without a radio header.</summary>
    public static readonly LinkType Ieee80211 = new(105, "ieee802-11");
    /// <summary>IEEE 802.11 frames after a radiotap header.</summary>
    public static readonly LinkType Ieee80211Radiotap = new(127, "ieee802-11-radiotap");
    /// <summary>Raw IPv4 only (LINKTYPE_IPV4).</summary>
    public static readonly LinkType Ipv4 = new(228, "ipv4");
    /// <summary>Raw IPv6 only (LINKTYPE_IPV6).</summary>
    public static readonly LinkType Ipv6 = new(229, "ipv6");

    public static IReadOnlyList<LinkType> Known { get; } = [Ethernet, RawIp, LinuxCooked, User0, LinuxCooked2,
        Ppp, PppHdlc, AtmRfc1483, CiscoHdlc, FrameRelay, Mtp2, Mtp3, Lapd, Null, Loop, Ieee80211, Ieee80211Radiotap, Ipv4, Ipv6];

    /// <summary>libpcap's names for link types that have no decoder here, with their LINKTYPE numbers.</summary>
    private static readonly Dictionary<string, ushort> OtherTcpdumpNames = new()
    {
        ["IEEE802"] = 6, ["ARCNET"] = 7, ["SLIP"] = 8, ["FDDI"] = 10, ["PPP_SERIAL"] = 50, ["PPP_ETHER"] = 51,
        ["ATM_RFC1483"] = 100, ["FRELAY"] = 107, ["ENC"] = 109, ["IEEE802_11_RADIO_AVS"] = 163, ["DOCSIS"] = 143,
        ["USB_LINUX"] = 189, ["PPI"] = 192, ["IEEE802_15_4"] = 195, ["BLUETOOTH_HCI_H4_WITH_PHDR"] = 201,
        ["USB_LINUX_MMAPPED"] = 220, ["IPNET"] = 226, ["CAN_SOCKETCAN"] = 227, ["DBUS"] = 231, ["NFLOG"] = 239,
        ["NETLINK"] = 253, ["PKTAP"] = 258, ["VSOCK"] = 271, ["NORDIC_BLE"] = 272, ["USBPCAP"] = 249,
        ["USER1"] = 148, ["USER2"] = 149, ["USER3"] = 150, ["USER4"] = 151, ["USER5"] = 152, ["USER6"] = 153, ["USER7"] = 154,
        ["USER8"] = 155, ["USER9"] = 156, ["USER10"] = 157, ["USER11"] = 158, ["USER12"] = 159, ["USER13"] = 160,
        ["USER14"] = 161, ["USER15"] = 162, ["USER0"] = 147,
    };

    /// <summary>
    /// The link type for the name tcpdump prints in "link-type EN10MB (Ethernet)" (libpcap's DLT names),
    /// or for the number older versions print ("link-type 1").
    /// </summary>
    public static bool TryFromTcpdumpName(string name, out LinkType linkType)
    {
        linkType = name.ToUpperInvariant() switch
        {
            "EN10MB" => Ethernet,
            "RAW" => RawIp,
            "LINUX_SLL" => LinuxCooked,
            "LINUX_SLL2" => LinuxCooked2,
            "NULL" => Null,
            "LOOP" => Loop,
            "PPP" => Ppp,
            "C_HDLC" => CiscoHdlc,
            "IEEE802_11" => Ieee80211,
            "IEEE802_11_RADIO" => Ieee80211Radiotap,
            "IPV4" => Ipv4,
            "IPV6" => Ipv6,
            _ => default,
        };
        if (linkType != default) return true;
        if (OtherTcpdumpNames.TryGetValue(name.ToUpperInvariant(), out var number))
        {
            return TryParse(number.ToString(System.Globalization.CultureInfo.InvariantCulture), out linkType);
        }
        // tcpdump prints libpcap's DLT number where it has no name; it is the LINKTYPE number below 11 and from 104 on.
        return ushort.TryParse(name, out var code) && code is <= 10 or >= 104 && TryParse(name, out linkType);
    }

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
