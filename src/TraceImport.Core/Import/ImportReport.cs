namespace TraceImport.Import;

/// <summary>A region of the input read by one grammar.</summary>
public sealed record Region(string Format, int FirstLine, double Confidence)
{
    public int LastLine { get; set; }
    public int Packets { get; set; }
}

/// <summary>A line inside a trace region that could not be read.</summary>
public sealed record SkippedLine(int Line, int Column, string Reason, string Text);

/// <summary>
/// The account of an import: every input line is used, blank, prose, or skipped with a reason.
/// Details are kept for the first lines of each kind only, so that the report stays small on huge inputs.
/// </summary>
public sealed class ImportReport
{
    public const int DetailLimit = 1000;

    public required string SourceName { get; init; }
    public List<Region> Regions { get; } = [];
    public List<SkippedLine> Skipped { get; } = [];
    public List<(int First, int Last)> ProseRanges { get; } = [];
    public List<string> Warnings { get; } = [];
    public SortedDictionary<string, int> PacketsByFormat { get; } = new(StringComparer.Ordinal);

    public int TotalLines { get; set; }
    public int UsedLines { get; set; }
    public int BlankLines { get; set; }
    public int ProseLines { get; set; }
    public int SkippedLines { get; set; }
    public int Packets { get; set; }

    public bool DetailsTruncated => Skipped.Count >= DetailLimit || ProseRanges.Count >= DetailLimit;

    internal void AddProse(int line)
    {
        ProseLines++;
        if (ProseRanges.Count > 0 && ProseRanges[^1].Last == line - 1)
        {
            ProseRanges[^1] = (ProseRanges[^1].First, line);
        }
        else if (ProseRanges.Count < DetailLimit)
        {
            ProseRanges.Add((line, line));
        }
    }

    /// <summary>How much of a skipped line's text is kept: a thousand lines of a megabyte each would not fit in memory.</summary>
    public const int SkippedTextLimit = 200;

    internal void AddSkipped(SkippedLine skipped)
    {
        SkippedLines++;
        if (Skipped.Count >= DetailLimit) return;
        Skipped.Add(skipped.Text.Length <= SkippedTextLimit ? skipped : skipped with { Text = skipped.Text[..SkippedTextLimit] + "…" });
    }

    public void AddWarning(string warning)
    {
        if (!Warnings.Contains(warning)) Warnings.Add(warning);
    }
}
