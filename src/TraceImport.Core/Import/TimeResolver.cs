using TraceImport.Model;

namespace TraceImport.Import;

/// <summary>
/// Turns the times a trace prints into UTC timestamps: supplies the date for a time of day
/// (from --date, or an assumed 1970-01-01 that is then reported), applies the zone offset, and
/// moves to the next day when the time of day runs backwards past midnight.
/// </summary>
public sealed class TimeResolver
{
    public static readonly DateOnly AssumedDate = new(1970, 1, 1);

    /// <summary>A backwards step longer than this is a new day, not packets printed out of order.</summary>
    private static readonly long RolloverThreshold = 12L * 3600 * CaptureTime.NanosecondsPerSecond;

    private readonly ImportOptions options;
    private long? previousTimeOfDay;
    private int daysElapsed;

    public TimeResolver(ImportOptions options) => this.options = options;

    /// <summary>True once a time of day had to be given a date that nothing in the input or options named.</summary>
    public bool DateWasAssumed { get; private set; }

    /// <summary>The time of the last packet finished with a time of its own, in the whole document.</summary>
    private CaptureTime? lastStated;

    /// <summary>Remembers a packet's own time, for the untimed packets after it.</summary>
    public void Stated(CaptureTime time) => lastStated = time;

    /// <summary>
    /// The time for a packet the text gives none: the time of the packet before it, or midnight of --date
    /// when none came before (in the --utc-offset zone); null when neither is known. Marked as inferred.
    /// </summary>
    public (CaptureTime? Time, string? Note) ForUntimedPacket()
    {
        if (lastStated is { } previous)
        {
            return (previous with { Inferred = true }, "untimed in the source: given the time of the packet before it");
        }
        if (options.Date is { } date)
        {
            return (FromDate(date, 0, 0, DateOrigin.Supplied) with { Inferred = true }, $"untimed in the source: given midnight of --date {date:yyyy-MM-dd}");
        }
        return (null, null);
    }

    public CaptureTime FromTimeOfDay(long nanosecondsOfDay, int fractionDigits)
    {
        if (previousTimeOfDay is { } previous && previous - nanosecondsOfDay > RolloverThreshold) daysElapsed++;
        previousTimeOfDay = nanosecondsOfDay;

        var origin = options.Date is null ? DateOrigin.Assumed : DateOrigin.Supplied;
        if (origin == DateOrigin.Assumed) DateWasAssumed = true;
        var date = (options.Date ?? AssumedDate).AddDays(daysElapsed);
        return FromDate(date, nanosecondsOfDay, fractionDigits, origin);
    }

    public CaptureTime FromDateAndTime(DateOnly date, long nanosecondsOfDay, int fractionDigits)
    {
        previousTimeOfDay = nanosecondsOfDay;
        daysElapsed = 0;
        return FromDate(date, nanosecondsOfDay, fractionDigits, DateOrigin.Given);
    }

    /// <summary>Seconds since the epoch are UTC by definition: no zone offset applies.</summary>
    public static CaptureTime FromEpoch(long seconds, long nanoseconds, int fractionDigits) =>
        new(seconds * CaptureTime.NanosecondsPerSecond + nanoseconds, fractionDigits, DateOrigin.Given);

    private CaptureTime FromDate(DateOnly date, long nanosecondsOfDay, int fractionDigits, DateOrigin origin)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var local = (midnight - DateTime.UnixEpoch).Ticks * 100 + nanosecondsOfDay;
        var utc = local - options.UtcOffset.Ticks * 100;
        return new CaptureTime(utc, fractionDigits, origin);
    }
}
