namespace TraceImport.Import;

/// <summary>
/// One line of the input, numbered from 1, without its line ending. A line the importer reads is held in
/// one of <see cref="LineSource"/>'s slots: a reader sees its characters (<see cref="Span"/>) without a
/// string being made, and <see cref="Text"/> makes the string once, when a grammar needs it. Such a line
/// can be read only while it is in the lookahead window; to keep a line past that, keep
/// <see cref="Detached"/>.
/// </summary>
public readonly struct SourceLine
{
    private readonly string? text;
    private readonly LineSlot? slot;

    public SourceLine(int number, string text)
    {
        Number = number;
        this.text = text;
    }

    internal SourceLine(LineSlot slot)
    {
        Number = slot.Number;
        this.slot = slot;
        OverlongLength = slot.OverlongLength;
    }

    public int Number { get; }

    /// <summary>The line's text (made once, on first use, for a line read from the input).</summary>
    public string Text => text ?? (slot is null ? null! : Slot().Text);

    /// <summary>The line's characters, for a reader that needs no string of them.</summary>
    public ReadOnlySpan<char> Span => text is not null ? text.AsSpan() : slot is null ? default : Slot().Span;

    public bool IsBlank => text is not null ? text.AsSpan().IsWhiteSpace() : slot is null || Slot().IsBlank;

    /// <summary>
    /// The length of a line too long to read (over <see cref="BoundedLineReader.MaxLineLength"/>
    /// characters), whose <see cref="Text"/> holds only its first characters; 0 for every other line.
    /// </summary>
    public long OverlongLength { get; init; }

    public bool IsOverlong => OverlongLength > 0;

    /// <summary>The line with its own string, to be kept after the window has moved past it.</summary>
    public SourceLine Detached() => slot is null ? this : new SourceLine(Number, Text) { OverlongLength = OverlongLength };

    public override string ToString() => $"{Number}: {Text}";

    private LineSlot Slot() => slot!.Number == Number
        ? slot
        : throw new InvalidOperationException($"line {Number} has left the lookahead window; a reader that keeps a line keeps line.Detached()");
}

/// <summary>
/// Holds one line while it is in the lookahead window: its characters in a buffer used again for the
/// lines after it, or a string where the line came as one (a piece of a joined line).
/// </summary>
public sealed class LineSlot
{
    /// <summary>A buffer grown for a long line is let go once the lines are short again.</summary>
    private const int KeptCapacity = 1 << 16;

    private char[] chars = new char[256];
    private int length;
    private string? text;

    /// <summary>Whether the line is blank, once asked (the importer, the account and most readers ask of every line): 1 or 0, or -1 not yet known.</summary>
    private int blank = -1;

    /// <summary>The line's number, set by the <see cref="LineSource"/> that holds the slot.</summary>
    public int Number { get; internal set; }

    /// <summary>The full length of a line too long to hold, of which only the start is here; 0 otherwise.</summary>
    public long OverlongLength { get; set; }

    /// <summary>Room for <paramref name="capacity"/> characters of a new line; <see cref="Commit"/> says how many were written.</summary>
    public Span<char> Reserve(int capacity)
    {
        if (capacity > chars.Length || (chars.Length > KeptCapacity && capacity <= KeptCapacity))
        {
            chars = new char[Math.Max(capacity, 256)];
        }
        text = null;
        length = 0;
        blank = -1;
        OverlongLength = 0;
        return chars;
    }

    public void Commit(int count)
    {
        length = count;
        blank = -1;
    }

    /// <summary>The line, copied from the reader's buffer.</summary>
    public void Set(ReadOnlySpan<char> line)
    {
        line.CopyTo(Reserve(line.Length));
        length = line.Length;
    }

    /// <summary>The line as a string already made.</summary>
    public void Set(string line)
    {
        text = line;
        length = line.Length;
        blank = -1;
        OverlongLength = 0;
    }

    public bool IsBlank
    {
        get
        {
            if (blank < 0) blank = Span.IsWhiteSpace() ? 1 : 0;
            return blank == 1;
        }
    }

    public ReadOnlySpan<char> Span => text is not null ? text.AsSpan() : chars.AsSpan(0, length);

    public string Text => text ??= new string(chars, 0, length);
}
