using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Import;

/// <summary>
/// The record builder: a packet being read from a region — its bytes (read from hex, or rebuilt from
/// decoded fields), and what the text said about it (time, interface, direction, lengths, link type,
/// provenance). Every grammar finishes its packets through <see cref="Finish"/>, which applies the
/// one link-type rule and the length checks, so no format builds a <see cref="Packet"/> of its own.
/// </summary>
public sealed partial class PacketDraft
{
    /// <summary>
    /// The largest packet a text may describe (tcpdump's default snapshot length): an offset or a count
    /// beyond it is damage, not a packet, and must not size a buffer.
    /// </summary>
    public const int MaxPacketLength = 262_144;

    public PacketBuilder Bytes { get; } = new();
    public int FirstLine { get; private set; }
    public int LastLine { get; set; }
    public string? Heading { get; set; }
    public CaptureTime? Time { get; set; }
    public Direction Direction { get; set; }
    public string? Interface { get; set; }

    /// <summary>The link type when the text says the bytes start with it; otherwise --link-type or a guess from the bytes decides.</summary>
    public LinkType? LinkType { get; set; }

    /// <summary>
    /// The link type the text names for the whole capture ("link-type LINUX_SLL2"). A dump may start with
    /// that header (tcpdump -xx) or at the network layer (tcpdump -x): the bytes tell which.
    /// </summary>
    public LinkType? CaptureLinkType { get; set; }

    /// <summary>
    /// Whether the region's dumps start at the network layer (tcpdump -x, -X) rather than at the link
    /// layer (-xx, -XX), as its other packets showed; null until one did. It decides for packets whose
    /// bytes alone cannot tell.
    /// </summary>
    public bool? DumpsFromNetworkLayer { get; set; }

    /// <summary>The length the text says the packet has, checked against the bytes read.</summary>
    public int? StatedLength { get; set; }

    /// <summary>
    /// Set when the bytes were rebuilt from decoded fields (snoop -v, packet_monitor): the headers the
    /// text printed, so fewer bytes than <see cref="StatedLength"/> is expected, not a contradiction.
    /// </summary>
    public bool RebuiltFromFields { get; set; }

    /// <summary>Host names the text gives for addresses, for the pcapng Name Resolution Block.</summary>
    public List<(byte[] Address, string Name)> Names { get; } = [];

    public List<string> Comments { get; } = [];

    public List<HandDecodeLine> HandDecode { get; } = [];

    public List<StatedField> Stated { get; } = [];

    public bool IsStarted => FirstLine > 0;

    /// <summary>
    /// For formats that print no time of their own: takes the prose line before the region as the
    /// heading, and the date and time it starts with, if any, as the packet's time.
    /// </summary>
    public void TakeRegionHeading(RegionContext context)
    {
        Heading = context.Heading;
        if (Heading is null) return;
        var stamp = Lexicon.LeadingDateAndTime.ParseLine(Heading);
        if (!stamp.Success) return;
        var (date, time) = stamp.Value;
        Time = context.Times.FromDateAndTime(date, time.Nanoseconds, time.FractionDigits);
        Comments.Add("time taken from the heading line");
    }

    public void Start(int line)
    {
        FirstLine = line;
        LastLine = line;
    }

    /// <summary>
    /// Emits the packet when it has bytes (a started packet without bytes is reported instead),
    /// then clears the draft for the next one. Returns the packet emitted, if any.
    /// </summary>
    public Packet? Finish(RegionContext context, string format)
    {
        if (!IsStarted) return null;
        if (Bytes.Length == 0)
        {
            context.Warn($"{context.Span(FirstLine, LastLine)}: a {format} packet heading with no bytes after it");
            Reset();
            return null;
        }

        var (data, unknown) = Bytes.Build();
        var comments = new List<string>(Comments);
        // A frame length a summary line states and the bytes shown bear out makes the frame whole: no header's length makes
        // it longer. One they do not bear out is not taken: the diagnosis compares it with the bytes.
        if (StatedLength is null && Stated.FirstOrDefault(s => s.Field == "frame.len") is { } frameLength
            && int.TryParse(frameLength.Value, out var summaryLength) && summaryLength == data.Length)
            StatedLength = summaryLength;
        if (StatedLength is { } stated && stated != data.Length)
        {
            if (RebuiltFromFields && stated > data.Length)
            {
                comments.Add($"rebuilt from the decoded fields: {data.Length} of {stated} bytes known (the headers the text printed)");
            }
            else
            {
                var warning = $"the source says {stated} bytes but shows {data.Length}";
                comments.Add(warning);
                context.Warn($"{context.Span(FirstLine, LastLine)}: {warning}");
            }
        }

        var time = Time;
        if (time is { } own)
        {
            context.Times.Stated(own);
        }
        else
        {
            (time, var note) = context.Times.ForUntimedPacket();
            if (note is not null) comments.Add(note);
        }

        var linkType = LinkTypeOf(data, unknown, context.Options, comments);
        var originalLength = Math.Max(StatedLength ?? 0, data.Length);
        if (NetworkLayerEnd(linkType, data, unknown) is { } end && end > originalLength)
        {
            // A length the text states is what it says the wire held: the IP header does not overrule it.
            if (StatedLength is null)
            {
                comments.Add($"{end} bytes on the wire by the IP header's length; the text shows {data.Length}");
                originalLength = end;
            }
            else
            {
                comments.Add($"the IP header's length makes the packet {end} bytes; the text says {StatedLength}: its length kept");
            }
        }

        var packet = new Packet
        {
            Data = data,
            Unknown = unknown,
            LinkType = linkType,
            OriginalLength = originalLength,
            Time = time,
            Direction = Direction,
            Interface = Interface ?? format,
            Format = format,
            Source = context.Span(FirstLine, LastLine),
            Heading = Heading,
            Comments = comments,
            // Most packets have none of these: they share the empty list rather than each making one.
            HandDecode = HandDecode.Count == 0 ? [] : HandDecode.ToList(),
            Stated = Stated.Count == 0 ? [] : Stated.ToList(),
            Names = Names.Count == 0 ? [] : Names.ToList(),
        };
        context.Emit(packet);
        Reset();
        return packet;
    }

    /// <summary>Ends the packet without emitting it (a summary that printed no bytes, read by its region instead).</summary>
    public void Abandon() => Reset();

    /// <summary>
    /// The one link-type rule: what the text says (a named link type, or headers a rebuild starts
    /// with); else what --link-type says; else what the bytes show. A link type named for the whole
    /// capture holds unless the bytes start at the IP header instead, which is said.
    /// </summary>
    private LinkType LinkTypeOf(byte[] data, KnownMask? unknown, ImportOptions options, List<string> comments)
    {
        if (LinkType is { } stated) return stated;
        if (CaptureLinkType is { } capture)
        {
            var header = LinkTypeGuess.HeaderEvidence(capture, data, unknown);
            if (header >= 3) return capture;
            if (LinkTypeGuess.IpEvidence(data, unknown) >= 2)
            {
                comments.Add($"the text names link type {capture.Name}, but the dump starts at the IP header (tcpdump -x and -X print from the network layer)");
                return Model.LinkType.RawIp;
            }
            switch (DumpsFromNetworkLayer)
            {
                case true:
                    comments.Add($"the dump starts after the {capture.Name} header (tcpdump -x and -X print from the network layer), at a protocol other than IP; written as USER0");
                    return Model.LinkType.User0;
                case null when header < 3:
                    comments.Add($"the text names link type {capture.Name}, but these bytes do not show its header: the dump may start after it (tcpdump -x)");
                    break;
            }
            return capture;
        }
        return options.LinkType ?? LinkTypeGuess.Guess(data, unknown);
    }

    /// <summary>
    /// Where the IP datagram ends, by its own header, for the link types whose header length is fixed:
    /// a packet cut short in the text (a snapshot length, a page that dropped rows) still says its length
    /// there. Null when the header is not IP, not fully shown, or (IPv4) its checksum does not hold.
    /// </summary>
    private static int? NetworkLayerEnd(LinkType linkType, byte[] data, KnownMask? unknown)
    {
        int offset;
        if (linkType == Model.LinkType.RawIp || linkType == Model.LinkType.Ipv4 || linkType == Model.LinkType.Ipv6) offset = 0;
        else if (linkType == Model.LinkType.Null || linkType == Model.LinkType.Loop) offset = 4;
        else if (linkType == Model.LinkType.LinuxCooked) offset = 16;
        else if (linkType == Model.LinkType.LinuxCooked2) offset = 20;
        else if (linkType == Model.LinkType.Ethernet)
        {
            offset = 12;
            while (offset + 2 <= data.Length && Known(unknown, offset, 2) && data[offset] is 0x81 or 0x88 && data[offset + 1] is 0x00 or 0xA8) offset += 4;
            if (offset + 2 > data.Length || !Known(unknown, offset, 2)) return null;
            var etherType = data[offset] << 8 | data[offset + 1];
            if (etherType is not (0x0800 or 0x86DD)) return null;
            offset += 2;
        }
        else return null;

        if (data.Length < offset + 20 || !Known(unknown, offset, 4)) return null;
        var version = data[offset] >> 4;
        if (version == 4)
        {
            var headerLength = (data[offset] & 0x0F) * 4;
            var totalLength = data[offset + 2] << 8 | data[offset + 3];
            if (headerLength < 20 || totalLength < headerLength || data.Length < offset + headerLength) return null;
            if (Known(unknown, offset, headerLength) && InternetChecksum.Compute(data.AsSpan(offset, headerLength)) != 0) return null;
            return offset + totalLength;
        }
        if (version == 6 && data.Length >= offset + 40 && Known(unknown, offset + 4, 2))
        {
            var payloadLength = data[offset + 4] << 8 | data[offset + 5];
            return payloadLength == 0 ? null : offset + 40 + payloadLength; // 0: a jumbogram, its length elsewhere
        }
        return null;
    }

    private static bool Known(KnownMask? unknown, int offset, int count)
    {
        for (var i = offset; unknown is not null && i < offset + count; i++)
        {
            if (!unknown.IsByteFullyKnown(i)) return false;
        }
        return true;
    }

    private void Reset()
    {
        Bytes.Clear();
        FirstLine = 0;
        LastLine = 0;
        Heading = null;
        Time = null;
        Direction = Direction.Unknown;
        Interface = null;
        LinkType = null;
        CaptureLinkType = null;
        DumpsFromNetworkLayer = null;
        StatedLength = null;
        RebuiltFromFields = false;
        Names.Clear();
        Comments.Clear();
        HandDecode.Clear();
        Stated.Clear();
        ResetRows();
    }
}
