using TraceImport.Model;

namespace TraceImport.Import;

/// <summary>
/// Streams a document through the grammars: finds where each trace region starts, lets the most
/// likely grammar read it, and accounts for every line that no grammar claims as prose.
/// </summary>
public sealed class DocumentImporter
{
    /// <summary>A prose line this close before a region (in lines) is taken as the region's heading.</summary>
    private const int HeadingReach = 3;

    private readonly IReadOnlyList<ITraceFormat> formats;

    public DocumentImporter(IReadOnlyList<ITraceFormat> formats) => this.formats = formats;

    public ImportReport Import(TextReader input, string sourceName, ImportOptions options, Action<Packet> sink,
        Action<LineSource>? progress = null)
    {
        var candidates = CandidateFormats(options);
        var report = new ImportReport { SourceName = sourceName };
        var times = new TimeResolver(options);
        var source = new LineSource(input);
        IRegionReader? reader = null;
        Region? region = null;
        (string Text, int Line)? lastProse = null;

        void Emit(Packet packet)
        {
            packet.Number = ++report.Packets;
            report.PacketsByFormat[packet.Format] = report.PacketsByFormat.GetValueOrDefault(packet.Format) + 1;
            region!.Packets++;
            sink(packet);
        }

        while (source.TryPeek(0, out var line))
        {
            if (reader is not null)
            {
                LineVerdict? verdict; // null: the grammar threw
                try
                {
                    verdict = reader.Read(source.Window);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    verdict = GrammarFailed(e, region!.Format, line, report);
                }
                if (verdict != LineVerdict.NotMine)
                {
                    Count(report, line, verdict);
                    region!.LastLine = line.Number;
                    source.Advance();
                    report.TotalLines++;
                    if ((report.TotalLines & 0xFFFF) == 0) progress?.Invoke(source);
                    continue;
                }
                Close(reader, region!, report);
                reader = null;
            }

            if (line.IsBlank)
            {
                report.BlankLines++;
                report.TotalLines++;
                source.Advance();
                continue;
            }

            var (format, confidence) = Recognize(candidates, source.Window, options, report);
            if (format is not null)
            {
                var heading = lastProse is { } prose && line.Number - prose.Line <= HeadingReach ? prose.Text.Trim() : null;
                region = new Region(format.Name, line.Number, confidence) { LastLine = line.Number };
                var context = new RegionContext(sourceName, options, times, heading, Emit, report.AddSkipped, report.AddDamaged, report.AddWarning);
                var opened = format.OpenRegion(context);
                LineVerdict? first;
                try
                {
                    first = opened.Read(source.Window);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    first = GrammarFailed(e, format.Name, line, report);
                }
                if (first != LineVerdict.NotMine)
                {
                    reader = opened;
                    report.Regions.Add(region);
                    Count(report, line, first);
                    report.TotalLines++;
                    source.Advance();
                    lastProse = null;
                    continue;
                }
            }

            report.AddProse(line.Number);
            report.TotalLines++;
            lastProse = (line.Text, line.Number);
            source.Advance();
        }

        if (reader is not null) Close(reader, region!, report);
        progress?.Invoke(source);
        if (times.DateWasAssumed)
        {
            report.AddWarning($"the trace prints a time of day only; its date was assumed to be {TimeResolver.AssumedDate:yyyy-MM-dd} (give --date)");
        }
        return report;
    }

    private IReadOnlyList<ITraceFormat> CandidateFormats(ImportOptions options)
    {
        if (options.Format is null) return formats;
        var chosen = formats.FirstOrDefault(f => string.Equals(f.Name, options.Format, StringComparison.OrdinalIgnoreCase));
        return chosen is null
            ? throw new ArgumentException($"unknown format '{options.Format}'; known formats: {string.Join(", ", formats.Select(f => f.Name))}")
            : [chosen];
    }

    private static (ITraceFormat? Format, double Confidence) Recognize(IReadOnlyList<ITraceFormat> candidates, LineWindow window, ImportOptions options,
        ImportReport report)
    {
        ITraceFormat? best = null;
        var bestScore = 0.0;
        foreach (var format in candidates)
        {
            double score;
            try
            {
                score = format.RecognizeStart(window);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in the grammar, reported as one; the line goes to the other grammars or to prose.
                report.AddInternalError(new InternalError(window.Current.Number, format.Name, "recognising a region", e));
                score = 0;
            }
            if (score > bestScore)
            {
                best = format;
                bestScore = score;
            }
        }
        // A format the user named is trusted on any evidence at all.
        var threshold = options.Format is null ? options.DetectionThreshold : double.Epsilon;
        return bestScore >= threshold ? (best, bestScore) : (null, 0);
    }

    /// <summary>
    /// A grammar that throws on a line must not end the import, and must not pass for a line it did not
    /// understand: the line is counted as failed and the exception kept as an internal error, naming the
    /// grammar, for the user, --strict and the fuzz tests to see. Reading goes on. (Inline try/catch at the
    /// call sites, not a delegate: this runs for every line.)
    /// </summary>
    private static LineVerdict? GrammarFailed(Exception e, string format, SourceLine line, ImportReport report)
    {
        report.AddInternalError(new InternalError(line.Number, format, "reading this line", e));
        return null;
    }

    /// <summary>Closing a region emits its last packet; a grammar that throws there loses that packet, and it is reported as an internal error.</summary>
    private static void Close(IRegionReader reader, Region region, ImportReport report)
    {
        try
        {
            reader.Close();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            report.AddInternalError(new InternalError(region.LastLine, region.Format, "closing the region that starts at line " + region.FirstLine + " (its last packet is lost)", e));
        }
    }

    /// <summary>Counts a line a region read; a null verdict is a line its grammar threw on.</summary>
    private static void Count(ImportReport report, SourceLine line, LineVerdict? verdict)
    {
        if (verdict == LineVerdict.Skipped) return; // counted when the reader reported it
        if (verdict is null) report.FailedLines++;
        else if (line.IsBlank) report.BlankLines++;
        else report.UsedLines++;
    }
}
