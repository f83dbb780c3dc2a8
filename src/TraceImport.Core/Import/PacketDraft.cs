using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Import;

/// <summary>A packet being read from a region: its bytes so far and what the text said about it.</summary>
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
    /// then clears the draft for the next one.
    /// </summary>
    public void Finish(RegionContext context, string format)
    {
        if (!IsStarted) return;
        if (Bytes.Length == 0)
        {
            context.Warn($"{context.Span(FirstLine, LastLine)}: a {format} packet heading with no bytes after it");
            Reset();
            return;
        }

        var (data, unknown) = Bytes.Build();
        var linkType = LinkType ?? context.Options.LinkType ?? LinkTypeGuess.Guess(data, unknown);
        var comments = new List<string>(Comments);
        if (StatedLength is { } stated && stated != data.Length)
        {
            var warning = $"the source says {stated} bytes but shows {data.Length}";
            comments.Add(warning);
            context.Warn($"{context.Span(FirstLine, LastLine)}: {warning}");
        }

        context.Emit(new Packet
        {
            Data = data,
            Unknown = unknown,
            LinkType = linkType,
            OriginalLength = Math.Max(StatedLength ?? 0, data.Length),
            Time = Time,
            Direction = Direction,
            Interface = Interface ?? format,
            Format = format,
            Source = context.Span(FirstLine, LastLine),
            Heading = Heading,
            Comments = comments,
            HandDecode = HandDecode.ToList(),
        });
        Reset();
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
        StatedLength = null;
        Comments.Clear();
        HandDecode.Clear();
    }
}
