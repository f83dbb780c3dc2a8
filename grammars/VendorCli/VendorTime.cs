using TraceImport.Import;
using TraceImport.Model;

namespace TraceImport.Grammars.VendorCli;

/// <summary>
/// The kinds of time device CLIs print, made into capture times with the note each needs: a time the
/// text states in UTC, a local time whose zone the text does not give, and a count of seconds since
/// boot or since the capture started, which is no wall-clock time at all.
/// </summary>
public static class VendorTime
{
    /// <summary>A date and time the text says is UTC: no zone offset applies.</summary>
    public static CaptureTime Utc(DateOnly date, long nanosecondsOfDay, int fractionDigits)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new CaptureTime((midnight - DateTime.UnixEpoch).Ticks * 100 + nanosecondsOfDay, fractionDigits, DateOrigin.Given);
    }

    /// <summary>What a packet's comment says about a time printed without a zone.</summary>
    public static string ZoneNote(ImportOptions options) =>
        options.UtcOffset == TimeSpan.Zero
            ? "the time is printed without a zone: taken as UTC (give --utc-offset)"
            : $"the time is printed without a zone: taken as UTC{Offset(options.UtcOffset)}, as --utc-offset says";

    /// <summary>What a packet's comment says about a zone the text names ("ITA", "PST") without its offset.</summary>
    public static string NamedZoneNote(string zone, ImportOptions options) =>
        options.UtcOffset == TimeSpan.Zero
            ? $"the time zone '{zone}' is named but not its offset: taken as UTC (give --utc-offset)"
            : $"the time zone '{zone}' is named but not its offset: taken as UTC{Offset(options.UtcOffset)}, as --utc-offset says";

    /// <summary>The warning a region gives once when its times carry no zone.</summary>
    public static string ZoneWarning(RegionContext context, int firstLine, int lastLine, string format) =>
        $"{context.Span(firstLine, lastLine)}: {format} prints local times without a zone; " +
        (context.Options.UtcOffset == TimeSpan.Zero
            ? "they were taken as UTC (give --utc-offset)"
            : $"they were taken as UTC{Offset(context.Options.UtcOffset)}, as --utc-offset says");

    /// <summary>
    /// Seconds counted from some start the text does not date (boot, or the start of the capture):
    /// written as that many seconds after 1970-01-01 00:00 UTC, as Wireshark's readers do, and said so.
    /// </summary>
    public static CaptureTime Elapsed(long seconds, long nanoseconds, int fractionDigits) =>
        TimeResolver.FromEpoch(seconds, nanoseconds, fractionDigits);

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm");
}
