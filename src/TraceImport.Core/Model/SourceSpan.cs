namespace TraceImport.Model;

/// <summary>Where a packet came from: the input's name and the range of its lines (1-based).</summary>
public readonly record struct SourceSpan(string File, int FirstLine, int LastLine)
{
    public override string ToString() =>
        FirstLine == LastLine ? $"{File}:{FirstLine}" : $"{File}:{FirstLine}-{LastLine}";
}
