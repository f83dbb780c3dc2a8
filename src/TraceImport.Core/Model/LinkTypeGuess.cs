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
        return ip > ethernet ? LinkType.RawIp : LinkType.Ethernet;
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
            _ => 1, // an 802.3 length field
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
