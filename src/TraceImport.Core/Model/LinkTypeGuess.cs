using System.Buffers.Binary;

namespace TraceImport.Model;

/// <summary>
/// Tells an Ethernet frame from a bare IP packet by what its first bytes say, for hex dumps that
/// do not name the link type. An IPv4 header whose checksum holds, or whose total length is the
/// dump's length, is IP; a known EtherType at bytes 12-13 followed by a matching header is Ethernet.
/// </summary>
public static class LinkTypeGuess
{
    public static LinkType Guess(ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        var ip = IpEvidence(data, unknown);
        var ethernet = EthernetEvidence(data, unknown);
        // BSD loopback dumps (0200 0000 4500 …): an address family, then an IP header that holds.
        if (NullEvidence(data, unknown) == 3 && ethernet < 3 && ip < 3) return LinkType.Null;
        return ip > ethernet ? LinkType.RawIp : LinkType.Ethernet;
    }

    /// <summary>
    /// How well the bytes start with the header of the link type a text names: 0 they do not, 1 nothing to
    /// tell by (a link type this check does not know), 3 the header is there with a network layer after it.
    /// tcpdump -x and -X print from the network layer, so a capture's link type need not be in its dump.
    /// </summary>
    public static int HeaderEvidence(LinkType linkType, ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        if (linkType == LinkType.Ethernet) return EthernetEvidence(data, unknown);
        if (linkType == LinkType.RawIp || linkType == LinkType.Ipv4 || linkType == LinkType.Ipv6) return IpEvidence(data, unknown) >= 1 ? 3 : 0;
        if (linkType == LinkType.Null || linkType == LinkType.Loop) return NullEvidence(data, unknown);
        if (linkType == LinkType.LinuxCooked) return CookedEvidence(data, unknown, protocolAt: 14, headerLength: 16, packetTypeAt: 1);
        if (linkType == LinkType.LinuxCooked2) return CookedEvidence(data, unknown, protocolAt: 0, headerLength: 20, packetTypeAt: 10);
        if (linkType == LinkType.Ieee80211Radiotap)
        {
            // Version 0, then the header's own length, little-endian.
            if (data.Length < 8 || !Known(unknown, 0, 4) || data[0] != 0) return 0;
            var length = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
            return length >= 8 && length <= data.Length ? 3 : 0;
        }
        return 1;
    }

    /// <summary>0: not a loopback header; 3: an address family for IPv4 or IPv6 (either byte order) and the matching IP version after it.</summary>
    public static int NullEvidence(ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        if (data.Length < 24 || !Known(unknown, 0, 24)) return 0;
        var little = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var big = BinaryPrimitives.ReadUInt32BigEndian(data);
        var family = little <= 0xFF ? little : big <= 0xFF ? big : uint.MaxValue;
        var version = data[4] >> 4;
        // AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS).
        return (family == 2 && version == 4 && IpEvidence(data[4..], null) >= 2) || (family is 24 or 28 or 30 && version == 6) ? 3 : 0;
    }

    /// <summary>A Linux cooked header: a packet type of 0-4 and a known EtherType with the matching IP version after the header.</summary>
    private static int CookedEvidence(ReadOnlySpan<byte> data, KnownMask? unknown, int protocolAt, int headerLength, int packetTypeAt)
    {
        if (data.Length <= headerLength || !Known(unknown, 0, headerLength + 1)) return 0;
        if (data[packetTypeAt] > 4 || (packetTypeAt == 1 && data[0] != 0)) return 0;
        var protocol = BinaryPrimitives.ReadUInt16BigEndian(data[protocolAt..]);
        var version = data[headerLength] >> 4;
        return protocol switch
        {
            0x0800 when version == 4 => 3,
            0x86DD when version == 6 => 3,
            0x0806 or 0x8100 or 0x88CC or 0x8863 or 0x8864 => 3,
            _ => 0,
        };
    }

    /// <summary>0: not IP; 1: plausible; 2: lengths agree; 3: the header checksum holds.</summary>
    public static int IpEvidence(ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        if (data.Length < 20 || !Known(unknown, 0, 1)) return 0;
        var version = data[0] >> 4;
        if (version == 4)
        {
            var headerLength = (data[0] & 0x0F) * 4;
            if (headerLength < 20 || data.Length < headerLength || !Known(unknown, 2, 2)) return 0;
            var totalLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (totalLength < headerLength) return 0;
            if (Known(unknown, 0, headerLength) && InternetChecksum.Compute(data[..headerLength]) == 0) return 3;
            return totalLength == data.Length ? 2 : 1;
        }
        if (version == 6 && data.Length >= 40 && Known(unknown, 4, 2))
        {
            var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
            return payloadLength + 40 == data.Length ? 3 : 1;
        }
        return 0;
    }

    /// <summary>0: no EtherType; 1: a value that could be one; 3: a known EtherType with a matching header after it.</summary>
    public static int EthernetEvidence(ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        if (data.Length < 14 || !Known(unknown, 12, 2)) return 0;
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        var next = data.Length > 14 && Known(unknown, 14, 1) ? data[14] : -1;
        return etherType switch
        {
            0x0800 when next >> 4 == 4 => 3,
            0x86DD when next >> 4 == 6 => 3,
            0x0806 or 0x8035 or 0x8100 or 0x88A8 or 0x8847 or 0x8863 or 0x8864 or 0x88CC => 3,
            >= 0x0600 => 1,
            // An 802.3 length field: an LLC header after it (SNAP, spanning tree, NetBIOS, IPX) and a length
            // that fills the frame (but for padding to 60 bytes, or a frame check sequence) make it one.
            _ when data.Length >= 17 && 14 + etherType <= data.Length && (14 + etherType >= data.Length - 4 || data.Length <= 64)
                && Known(unknown, 14, 2) && data[14] == data[15] && data[14] is 0xAA or 0x42 or 0xF0 or 0xE0 => 3,
            _ => 1,
        };
    }

    private static bool Known(KnownMask? unknown, int offset, int count)
    {
        if (unknown is null) return true;
        for (var i = offset; i < offset + count && i < unknown.ByteLength; i++)
        {
            if (!unknown.IsByteFullyKnown(i)) return false;
        }
        return true;
    }
}
