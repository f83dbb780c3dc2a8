using TraceImport.Model;

namespace TraceImport.Import;

/// <summary>What a region reader needs from the importer: options, times, and where packets and complaints go.</summary>
public sealed class RegionContext
{
    private readonly Action<Packet> emit;
    private readonly Action<SkippedLine> skip;
    private readonly Action<SkippedLine> damage;
    private readonly Func<int, (int Line, int Column)> locate;

    internal RegionContext(string sourceName, ImportOptions options, TimeResolver times, string? heading,
        Action<Packet> emit, Action<SkippedLine> skip, Action<SkippedLine> damage, Action<string> warn,
        Func<int, (int Line, int Column)>? locate = null)
    {
        this.damage = damage;
        this.locate = locate ?? (line => (line, 0));
        SourceName = sourceName;
        Options = options;
        Times = times;
        Heading = heading;
        this.emit = emit;
        this.skip = skip;
        Warn = warn;
    }

    public string SourceName { get; }
    public ImportOptions Options { get; }
    public TimeResolver Times { get; }

    /// <summary>The prose line just before the region, which usually says what the trace shows.</summary>
    public string? Heading { get; }

    public Action<string> Warn { get; }

    /// <summary>The input's lines for lines as the grammar saw them (a joined line of the input is read as several).</summary>
    public SourceSpan Span(int firstLine, int lastLine) => new(SourceName, locate(firstLine).Line, locate(lastLine).Line);

    /// <summary>The input's line number for a line as the grammar saw it, for comments that name lines.</summary>
    public int LineNumber(SourceLine line) => locate(line.Number).Line;

    /// <summary>"line 12, column 40" in the input, for a 1-based column of a line as the grammar saw it.</summary>
    public string Where(SourceLine line, int column)
    {
        var (input, start) = locate(line.Number);
        return $"line {input}, column {start + column}";
    }

    public void Emit(Packet packet) => emit(packet);

    /// <summary>Reports a line of the region that could not be read; column is 1-based.</summary>
    public LineVerdict Skip(SourceLine line, int column, string reason)
    {
        var (input, start) = locate(line.Number);
        skip(new SkippedLine(input, start + column, reason, line.Text));
        return LineVerdict.Skipped;
    }

    /// <summary>
    /// Reports a row that was read only in part (a character that is not a hex digit, more bytes than the
    /// format prints): the line is used, the bytes that could not be read are unknown, and --strict fails.
    /// Column is 1-based.
    /// </summary>
    public void Damaged(SourceLine line, int column, string reason)
    {
        var (input, start) = locate(line.Number);
        damage(new SkippedLine(input, start + column, reason, line.Text));
    }
}
