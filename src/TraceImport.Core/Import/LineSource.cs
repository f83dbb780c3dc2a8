namespace TraceImport.Import;

/// <summary>
/// Reads an input line by line with a short lookahead, so that a grammar can recognise a region
/// by its first few lines while the document as a whole is streamed in constant memory. The lines in
/// the window are held in slots used again for the lines after them (no string is made for a line no
/// grammar asks the text of); a line too long to hold comes as its first characters and its length
/// (<see cref="SourceLine.IsOverlong"/>).
/// </summary>
public sealed class LineSource
{
    /// <summary>A power of two: the ring's index wraps with a mask.</summary>
    public const int MaxLookahead = 8;

    private readonly ILineReader reader;
    private readonly LineSlot[] ring = new LineSlot[MaxLookahead];
    private int head;
    private int buffered;
    private int nextNumber = 1;
    private bool exhausted;

    public LineSource(TextReader reader, int maxLineLength = BoundedLineReader.MaxLineLength)
        : this(new BoundedLineReader(reader, maxLineLength))
    {
    }

    public LineSource(ILineReader reader)
    {
        this.reader = reader;
        for (var i = 0; i < ring.Length; i++) ring[i] = new LineSlot();
    }

    /// <summary>How far into the input reading has gone (bytes, or characters of a text reader), for progress reports.</summary>
    public long Consumed => reader.Consumed;

    /// <summary>The line <paramref name="ahead"/> lines on; false past the end of input or the lookahead.</summary>
    public bool TryPeek(int ahead, out SourceLine line)
    {
        // Beyond the lookahead there is nothing to see: grammars decide on what the window holds.
        if (ahead >= MaxLookahead)
        {
            line = default;
            return false;
        }
        while (buffered <= ahead && !exhausted) Fill();
        if (ahead < buffered)
        {
            line = new SourceLine(ring[(head + ahead) & (MaxLookahead - 1)]);
            return true;
        }
        line = default;
        return false;
    }

    public void Advance()
    {
        if (buffered == 0 && !TryPeek(0, out _)) throw new InvalidOperationException("No line to advance past.");
        head = (head + 1) & (MaxLookahead - 1);
        buffered--;
    }

    public LineWindow Window => new(this);

    private void Fill()
    {
        // The slot after the window: the line it held has been advanced past.
        var slot = ring[(head + buffered) & (MaxLookahead - 1)];
        slot.Number = 0;
        try
        {
            if (!reader.TryReadLine(slot))
            {
                exhausted = true;
                return;
            }
        }
        catch (IOException e)
        {
            throw new InputReadException(e);
        }
        slot.Number = nextNumber++;
        buffered++;
    }
}

/// <summary>The current line and the few after it, as a grammar sees them when asked to recognise a region.</summary>
public readonly struct LineWindow
{
    private readonly LineSource source;

    public LineWindow(LineSource source) => this.source = source;

    /// <summary>The line <paramref name="ahead"/> lines after the current one, if there is one.</summary>
    public bool TryGet(int ahead, out SourceLine line) => source.TryPeek(ahead, out line);

    public SourceLine Current => source.TryPeek(0, out var line) ? line : throw new InvalidOperationException("No current line.");

    /// <summary>The next non-blank line at or after <paramref name="ahead"/>, within the lookahead.</summary>
    public bool TryGetNonBlank(int ahead, out SourceLine line, out int at)
    {
        for (at = ahead; at < LineSource.MaxLookahead; at++)
        {
            if (!source.TryPeek(at, out line)) break;
            if (!line.IsBlank) return true;
        }
        line = default;
        at = -1;
        return false;
    }
}
