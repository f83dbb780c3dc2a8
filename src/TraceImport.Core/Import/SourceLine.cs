namespace TraceImport.Import;

/// <summary>One line of the input, numbered from 1, without its line ending.</summary>
public readonly record struct SourceLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}
