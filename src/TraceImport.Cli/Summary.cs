using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Output;

namespace TraceImport.Cli;

/// <summary>What a conversion says on stderr: packets per format, the account of the lines, what was skipped and why.</summary>
public static class Summary
{
    private const int SkippedShown = 20;

    public static void Write(TextWriter error, ImportReport report, string outputPath)
    {
        if (Said.Quietly)
        {
            WriteInternalErrors(error, report, int.MaxValue);
            return;
        }
        var shown = Said.Verbosity == Verbosity.Verbose ? int.MaxValue : SkippedShown;
        var destination = outputPath == InputFile.StandardStream ? "standard output" : outputPath;
        error.WriteLine($"traceimport: {report.SourceName}: {PacketListing.PacketCounts(report)} written to {destination}");
        error.WriteLine($"  lines: {PacketListing.LineCounts(report)}");
        foreach (var region in report.Regions.Take(shown))
        {
            error.WriteLine($"  region: lines {region.FirstLine}-{region.LastLine}, {region.Format}, {region.Packets} packet(s)");
        }
        if (report.Regions.Count > shown) error.WriteLine($"  ... and {report.Regions.Count - shown} more regions");
        foreach (var skipped in report.Skipped.Take(shown))
        {
            error.WriteLine($"  skipped {report.SourceName}:{skipped.Line}:{skipped.Column}: {skipped.Reason}");
        }
        var skippedListed = Math.Min(shown, report.Skipped.Count);
        if (report.SkippedLines > skippedListed) error.WriteLine($"  ... and {report.SkippedLines - skippedListed} more skipped lines ('traceimport list' shows them all)");
        foreach (var damaged in report.Damaged.Take(shown))
        {
            error.WriteLine($"  damaged {report.SourceName}:{damaged.Line}:{damaged.Column}: {damaged.Reason}");
        }
        var damagedListed = Math.Min(shown, report.Damaged.Count);
        if (report.DamagedLines > damagedListed) error.WriteLine($"  ... and {report.DamagedLines - damagedListed} more damaged lines ('traceimport list' shows them all)");
        WriteInternalErrors(error, report, shown);
        foreach (var warning in report.Warnings) error.WriteLine($"  warning: {warning}");
    }

    /// <summary>A grammar's failures: bugs, said even under --quiet.</summary>
    private static void WriteInternalErrors(TextWriter error, ImportReport report, int shown)
    {
        foreach (var internalError in report.InternalErrors.Take(shown))
        {
            error.WriteLine($"  internal error {report.SourceName}:{internalError.Line}: the {internalError.Format} grammar failed while {internalError.Stage} " +
                            $"({internalError.Exception.GetType().Name}: {internalError.Exception.Message}); this is a bug in traceimport");
        }
    }

    /// <summary>The files --split wrote, each with what it holds, and what the files could not keep.</summary>
    public static void WriteFiles(TextWriter error, CaptureFiles files)
    {
        if (Said.Quietly) return;
        if (files.Parts.Count > 1 || files.DisplayName != files.Parts[0].Target.DisplayName)
        {
            foreach (var part in files.Parts)
            {
                error.WriteLine($"  file: {part.Target.DisplayName}: {part.What}, {part.Packets} packet(s), {part.LinkType?.Name}");
            }
        }
        foreach (var warning in files.Warnings()) error.WriteLine($"  warning: {warning}");
    }

    /// <summary>Why nothing could be read, at the first place that went wrong.</summary>
    public static void WriteNoPackets(TextWriter error, ImportReport report)
    {
        foreach (var line in FormatRegistry.ExplainNoPackets(report)) error.WriteLine(line);
    }
}
