using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Import;

/// <summary>
/// The record builder: a packet being read from a region — its bytes (read from hex, or rebuilt from
/// decoded fields), and what the text said about it (time, interface, direction, lengths, link type,
/// provenance). Every grammar finishes its packets through <see cref="Finish"/>, which applies the
/// one link-type rule and the length checks, so no format builds a <see cref="Packet"/> of its own.
/// </summary>
public sealed class PacketDraft
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

    /// <summary>The link type when the text says it; otherwise --link-type or a guess from the bytes decides.</summary>
    public LinkType? LinkType { get; set; }

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

    public bool IsStarted => FirstLine > 0;

    /// <summary>
    /// For formats that print no time of their own: takes the prose line before the region as the
    /// heading, and the date and time it starts with, if any, as the packet's time.
    /// </summary>
    public void TakeRegionHeading(RegionContext context)
    {
        Heading = context.Heading;
        if (Heading is null) return;
        var stamp = Tokens.LeadingDateAndTime.ParseLine(Heading);
        if (!stamp.WasSuccessful) return;
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

        var packet = new Packet
        {
            Data = data,
            Unknown = unknown,
            LinkType = LinkTypeOf(data, unknown, context.Options),
            OriginalLength = Math.Max(StatedLength ?? 0, data.Length),
            Time = time,
            Direction = Direction,
            Interface = Interface ?? format,
            Format = format,
            Source = context.Span(FirstLine, LastLine),
            Heading = Heading,
            Comments = comments,
            HandDecode = HandDecode.ToList(),
            Names = Names.ToList(),
        };
        context.Emit(packet);
        Reset();
        return packet;
    }

    /// <summary>
    /// The one link-type rule: what the text says (a named link type, or headers a rebuild starts
    /// with); else what --link-type says; else what the bytes show.
    /// </summary>
    private LinkType LinkTypeOf(byte[] data, KnownMask? unknown, ImportOptions options) =>
        LinkType ?? options.LinkType ?? LinkTypeGuess.Guess(data, unknown);

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
        StatedLength = null;
        RebuiltFromFields = false;
        Names.Clear();
        Comments.Clear();
        HandDecode.Clear();
    }
}
