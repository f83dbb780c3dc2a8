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

    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order, then the IP packet.</summary>
    public static readonly LinkType Null = new(0, "null");
    /// <summary>OpenBSD loopback: the 4-byte address family in network byte order.</summary>
    public static readonly LinkType Loop = new(108, "loop");
    public static readonly LinkType Ppp = new(9, "ppp");
    public static readonly LinkType CiscoHdlc = new(104, "c-hdlc");
    public static readonly LinkType Ieee80211 = new(105, "ieee802-11");
    public static readonly LinkType Ieee80211Radiotap = new(127, "ieee802-11-radiotap");
    public static readonly LinkType Ipv4 = new(228, "ipv4");
    public static readonly LinkType Ipv6 = new(229, "ipv6");

    public static IReadOnlyList<LinkType> Known { get; } =
        [Ethernet, RawIp, LinuxCooked, User0, LinuxCooked2, Null, Loop, Ppp, CiscoHdlc, Ieee80211, Ieee80211Radiotap, Ipv4, Ipv6];

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
            linkType = new LinkType(number, $"linktype-{number}");
            return true;
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
