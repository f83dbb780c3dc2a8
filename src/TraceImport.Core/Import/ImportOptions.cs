using TraceImport.Model;

namespace TraceImport.Import;

public sealed record ImportOptions
{
    /// <summary>The date for traces that print only a time of day.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The offset of the time zone the trace's times were printed in; times are stored as UTC.</summary>
    public TimeSpan UtcOffset { get; init; }

    /// <summary>Read every region with this grammar instead of detecting one.</summary>
    public string? Format { get; init; }

    /// <summary>The link type for packets whose link type the text does not tell.</summary>
    public LinkType? LinkType { get; init; }

    /// <summary>The first line of a region must be at least this likely to be the grammar's.</summary>
    public double DetectionThreshold { get; init; } = 0.5;
}
