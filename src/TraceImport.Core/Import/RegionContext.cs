using TraceImport.Model;

namespace TraceImport.Import;

/// <summary>What a region reader needs from the importer: options, times, and where packets and complaints go.</summary>
public sealed class RegionContext
{
    private readonly Action<Packet> emit;
    private readonly Action<SkippedLine> skip;
    private readonly Action<SkippedLine> damage;

    internal RegionContext(string sourceName, ImportOptions options, TimeResolver times, string? heading,
        Action<Packet> emit, Action<SkippedLine> skip, Action<SkippedLine> damage, Action<string> warn)
    {
        this.damage = damage;
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

    public SourceSpan Span(int firstLine, int lastLine) => new(SourceName, firstLine, lastLine);

    public void Emit(Packet packet) => emit(packet);

    /// <summary>Reports a line of the region that could not be read; column is 1-based.</summary>
    public LineVerdict Skip(SourceLine line, int column, string reason)
    {
        skip(new SkippedLine(line.Number, column, reason, line.Text));
        return LineVerdict.Skipped;
    }

    /// <summary>
    /// Reports a row that was read only in part (a character that is not a hex digit, more bytes than the
    /// format prints): the line is used, the bytes that could not be read are unknown, and --strict fails.
    /// Column is 1-based.
    /// </summary>
    public void Damaged(SourceLine line, int column, string reason) =>
        damage(new SkippedLine(line.Number, column, reason, line.Text));
}
