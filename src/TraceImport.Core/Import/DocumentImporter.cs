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
        Action<LineSource>? progress = null) =>
        Import(new BoundedLineReader(input), sourceName, options, sink, progress);

    /// <summary>Imports an input opened by <see cref="TextInput"/>: UTF-8 is read as bytes.</summary>
    public ImportReport Import(TextInput.Opened input, string sourceName, ImportOptions options, Action<Packet> sink,
        Action<LineSource>? progress = null) =>
        Import(input.Lines(), sourceName, options, sink, progress);

    public ImportReport Import(ILineReader input, string sourceName, ImportOptions options, Action<Packet> sink,
        Action<LineSource>? progress = null)
    {
        var candidates = CandidateFormats(options);
        var report = new ImportReport { SourceName = sourceName };
        var times = new TimeResolver(options);
        var lines = new JoinedLineReader(input, sourceName, report.AddWarning);
        var source = new LineSource(lines);
        var account = new LineAccount(report, lines);
        IRegionReader? reader = null;
        Region? region = null;
        (string Text, int Line)? lastProse = null;

        void Emit(Packet packet)
        {
            packet.Number = ++report.Packets;
            packet.RegionLine = region!.FirstLine;
            report.PacketsByFormat[packet.Format] = report.PacketsByFormat.GetValueOrDefault(packet.Format) + 1;
            region!.Packets++;
            try
            {
                sink(packet);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new PacketSinkException(e);
            }
        }

        while (source.TryPeek(0, out var line))
        {
            if (line.IsOverlong)
            {
                // Never held whole, so never read: skipped with its length, wherever it is.
                report.AddSkipped(new SkippedLine(account.InputLine(line.Number), 1,
                    $"a line of {line.OverlongLength:N0} characters, longer than the {BoundedLineReader.MaxLineLength:N0} a line may have; not read", line.Text));
                if (reader is not null) region!.LastLine = account.InputLine(line.Number);
                account.Add(line, LineAccount.Kind.Skipped);
                source.Advance();
                continue;
            }
            if (reader is not null)
            {
                LineVerdict? verdict; // null: the grammar threw
                try
                {
                    verdict = reader.Read(source.Window);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not ImportStoppedException)
                {
                    verdict = GrammarFailed(e, region!.Format, account.InputLine(line.Number), report);
                }
                if (verdict != LineVerdict.NotMine)
                {
                    account.Read(line, verdict);
                    region!.LastLine = account.InputLine(line.Number);
                    source.Advance();
                    if ((report.TotalLines & 0xFFFF) == 0) progress?.Invoke(source);
                    continue;
                }
                Close(reader, region!, report);
                reader = null;
            }

            if (line.IsBlank)
            {
                account.Add(line, LineAccount.Kind.Blank);
                source.Advance();
                continue;
            }

            var (format, confidence) = Recognize(candidates, source.Window, options, report, account);
            if (format is not null)
            {
                var heading = lastProse is { } prose && line.Number - prose.Line <= HeadingReach ? prose.Text.Trim() : null;
                region = new Region(format.Name, account.InputLine(line.Number), confidence) { LastLine = account.InputLine(line.Number) };
                var context = new RegionContext(sourceName, options, times, heading, Emit, report.AddSkipped, report.AddDamaged, report.AddWarning, account.Locate);
                var opened = format.OpenRegion(context);
                LineVerdict? first;
                try
                {
                    first = opened.Read(source.Window);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not ImportStoppedException)
                {
                    first = GrammarFailed(e, format.Name, account.InputLine(line.Number), report);
                }
                if (first != LineVerdict.NotMine)
                {
                    reader = opened;
                    report.Regions.Add(region);
                    account.Read(line, first);
                    source.Advance();
                    lastProse = null;
                    continue;
                }
            }

            account.Add(line, LineAccount.Kind.Prose);
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
        ImportReport report, LineAccount account)
    {
        ITraceFormat? best = null;
        var bestScore = 0.0;
        foreach (var format in candidates)
        {
            if (format.MostConfident(window) <= bestScore) continue; // it could not win: an equal score goes to the format asked first
            double score;
            try
            {
                score = format.RecognizeStart(window);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not ImportStoppedException)
            {
                // A bug in the grammar, reported as one; the line goes to the other grammars or to prose.
                report.AddInternalError(new InternalError(account.InputLine(window.Current.Number), format.Name, "recognising a region", e));
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
    private static LineVerdict? GrammarFailed(Exception e, string format, int inputLine, ImportReport report)
    {
        report.AddInternalError(new InternalError(inputLine, format, "reading this line", e));
        return null;
    }

    /// <summary>Closing a region emits its last packet; a grammar that throws there loses that packet, and it is reported as an internal error.</summary>
    private static void Close(IRegionReader reader, Region region, ImportReport report)
    {
        try
        {
            reader.Close();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not ImportStoppedException)
        {
            report.AddInternalError(new InternalError(region.LastLine, region.Format, "closing the region that starts at line " + region.FirstLine + " (its last packet is lost)", e));
        }
    }

}

/// <summary>
/// The account of the input's lines: each is used, blank, prose, skipped, or failed (its grammar threw),
/// counted once per line of the input even when a joined line was read as several.
/// </summary>
internal sealed class LineAccount(ImportReport report, JoinedLineReader lines)
{
    /// <summary>In rising order of what a joined line's pieces make of it: a line with any piece skipped is skipped.</summary>
    public enum Kind { Blank, Prose, Used, Skipped, Failed }

    private Kind? pieces;

    /// <summary>The input's line number for a line as the grammars saw it.</summary>
    public int InputLine(int line) => lines.HasSplits ? lines.Locate(line).Line : line;

    /// <summary>The input's line and the column (0-based) the line the grammars saw starts at.</summary>
    public (int Line, int Column) Locate(int line)
    {
        if (!lines.HasSplits) return (line, 0);
        var (input, column, _) = lines.Locate(line);
        return (input, column);
    }

    /// <summary>A line a region read; a null verdict is a line its grammar threw on.</summary>
    public void Read(SourceLine line, LineVerdict? verdict) => Add(line, verdict switch
    {
        null => Kind.Failed,
        LineVerdict.Skipped => Kind.Skipped,
        _ when line.IsBlank => Kind.Blank,
        _ => Kind.Used,
    });

    public void Add(SourceLine line, Kind kind)
    {
        var (input, last) = (line.Number, true);
        if (lines.HasSplits)
        {
            (input, _, last) = lines.Locate(line.Number);
            pieces = pieces is { } sofar && sofar > kind ? sofar : kind;
            if (!last) return;
            kind = pieces.Value;
            pieces = null;
        }
        report.TotalLines++;
        switch (kind)
        {
            case Kind.Blank: report.BlankLines++; break;
            case Kind.Prose: report.AddProse(input); break;
            case Kind.Used: report.UsedLines++; break;
            case Kind.Skipped: report.SkippedLines++; break;
            case Kind.Failed: report.FailedLines++; break;
        }
    }
}
