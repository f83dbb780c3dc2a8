namespace TraceImport.Model;

/// <summary>Whether the calendar date of a timestamp came from the text or had to be assumed.</summary>
public enum DateOrigin
{
    /// <summary>The text printed the date (or seconds since the epoch).</summary>
    Given,
    /// <summary>The user supplied it with --date.</summary>
    Supplied,
    /// <summary>The text printed a time of day only and nothing named the date.</summary>
    Assumed,
}

/// <summary>
/// A packet timestamp: nanoseconds since the Unix epoch (UTC), with the number of decimals the
/// source printed, so that 16:56:36.39 is not presented as if it were known to the nanosecond.
/// </summary>
public readonly record struct CaptureTime(long UnixNanoseconds, int FractionDigits, DateOrigin Date)
{
    /// <summary>
    /// The text printed no time for this packet: it was given the time of the packet before it (or
    /// midnight of --date), so that the capture does not run backwards. Not evidence of timing.
    /// </summary>
    public bool Inferred { get; init; }

    public const long NanosecondsPerSecond = 1_000_000_000;
    public const long NanosecondsPerDay = 86_400 * NanosecondsPerSecond;

    public override string ToString()
    {
        var seconds = Math.DivRem(UnixNanoseconds, NanosecondsPerSecond, out var nanos);
        if (nanos < 0)
        {
            seconds -= 1;
            nanos += NanosecondsPerSecond;
        }
        var whole = DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var fraction = FractionDigits == 0 ? "" : "." + nanos.ToString("D9")[..Math.Min(FractionDigits, 9)];
        var date = Date switch
        {
            DateOrigin.Given => "",
            DateOrigin.Supplied => " (date supplied)",
            _ => " (date assumed)",
        };
        return whole + fraction + " UTC" + date + (Inferred ? " (untimed in the source)" : "");
    }
}
