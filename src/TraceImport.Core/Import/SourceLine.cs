namespace TraceImport.Import;

/// <summary>One line of the input, numbered from 1, without its line ending.</summary>
public readonly record struct SourceLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);

    /// <summary>The line's characters, for a reader that needs no string of them.</summary>
    public ReadOnlySpan<char> Span => Text;

    /// <summary>
    /// The length of a line too long to read (over <see cref="BoundedLineReader.MaxLineLength"/>
    /// characters), whose <see cref="Text"/> holds only its first characters; 0 for every other line.
    /// </summary>
    public long OverlongLength { get; init; }

    public bool IsOverlong => OverlongLength > 0;
}
