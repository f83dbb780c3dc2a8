namespace TraceImport.Import;

/// <summary>A region of the input read by one grammar.</summary>
public sealed record Region(string Format, int FirstLine, double Confidence)
{
    public int LastLine { get; set; }
    public int Packets { get; set; }
}

/// <summary>A line inside a trace region that could not be read, or was read only in part (a damaged row).</summary>
public sealed record SkippedLine(int Line, int Column, string Reason, string Text);

/// <summary>
/// A grammar threw where it should have answered: a bug in the grammar, not a line it did not understand.
/// <paramref name="Stage"/> says what the grammar was asked to do (recognise a region, read a line, close a region).
/// </summary>
public sealed record InternalError(int Line, string Format, string Stage, Exception Exception)
{
    public override string ToString() => $"{Line}: internal error in the {Format} grammar while {Stage}: {Exception.GetType().Name}: {Exception.Message}";
}

/// <summary>
/// The account of an import: every input line is used, blank, prose, skipped with a reason, or lost to an
/// internal error of a grammar. Rows read in part (a bad hex digit, a row longer than its format prints) are
/// used lines and are listed as damaged. Details are kept for the first lines of each kind only, so that
/// the report stays small on huge inputs.
/// </summary>
public sealed class ImportReport
{
    public const int DetailLimit = 1000;

    public required string SourceName { get; init; }
    public List<Region> Regions { get; } = [];
    public List<SkippedLine> Skipped { get; } = [];

    /// <summary>Rows read with damage: the bytes that could be read were taken, the rest are unknown.</summary>
    public List<SkippedLine> Damaged { get; } = [];

    /// <summary>Grammar failures (exceptions): bugs to fix, reported apart from lines that were not understood.</summary>
    public List<InternalError> InternalErrors { get; } = [];
    public List<(int First, int Last)> ProseRanges { get; } = [];
    public List<string> Warnings { get; } = [];
    public SortedDictionary<string, int> PacketsByFormat { get; } = new(StringComparer.Ordinal);

    public int TotalLines { get; set; }
    public int UsedLines { get; set; }
    public int BlankLines { get; set; }
    public int ProseLines { get; set; }
    public int SkippedLines { get; set; }

    /// <summary>Lines a grammar threw on while reading them: neither read nor skipped for a reason.</summary>
    public int FailedLines { get; set; }

    /// <summary>Used lines that were read with damage (a subset of <see cref="UsedLines"/>).</summary>
    public int DamagedLines { get; set; }

    /// <summary>Every internal error, including those not listed in <see cref="InternalErrors"/>.</summary>
    public int InternalErrorCount { get; set; }

    public int Packets { get; set; }

    private int lastDamagedLine;

    /// <summary>
    /// What --strict refuses: lines inside trace regions that could not be read or were read with damage,
    /// and internal errors of the grammars.
    /// </summary>
    public int StrictProblems => SkippedLines + DamagedLines + InternalErrorCount;

    public bool DetailsTruncated => Skipped.Count >= DetailLimit || Damaged.Count >= DetailLimit || ProseRanges.Count >= DetailLimit;

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

    /// <summary>Why a line was skipped; the line itself is counted by the line account.</summary>
    internal void AddSkipped(SkippedLine skipped)
    {
        if (Skipped.Count < DetailLimit) Skipped.Add(Kept(skipped));
    }

    private static SkippedLine Kept(SkippedLine line) =>
        line.Text.Length <= SkippedTextLimit ? line : line with { Text = line.Text[..SkippedTextLimit] + "…" };

    internal void AddDamaged(SkippedLine damaged)
    {
        // A row is counted once, at its first fault.
        if (damaged.Line == lastDamagedLine) return;
        lastDamagedLine = damaged.Line;
        DamagedLines++;
        if (Damaged.Count < DetailLimit) Damaged.Add(Kept(damaged));
    }

    internal void AddInternalError(InternalError error)
    {
        InternalErrorCount++;
        if (InternalErrors.Count < DetailLimit) InternalErrors.Add(error);
    }

    public void AddWarning(string warning)
    {
        if (!Warnings.Contains(warning)) Warnings.Add(warning);
    }
}
