using System.Diagnostics;
using TraceImport.Import;

namespace TraceImport.Cli;

/// <summary>Progress of a long conversion on stderr when it is a terminal; silent in pipes and files.</summary>
public sealed class Progress
{
    private readonly bool enabled;
    private readonly long totalCharacters;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastShown;
    private bool shown;

    private Progress(bool enabled, long totalCharacters)
    {
        this.enabled = enabled;
        this.totalCharacters = totalCharacters;
    }

    public int Packets { get; set; }

    /// <summary>Progress that shows nothing: for conversions running side by side.</summary>
    public static Progress Silent => new(false, 0);

    public static Progress ForStandardError(string inputPath)
    {
        var size = inputPath != InputFile.StandardStream && File.Exists(inputPath) ? new FileInfo(inputPath).Length : 0;
        return new Progress(!Console.IsErrorRedirected && !Said.Quietly, size);
    }

    public void Report(LineSource source)
    {
        if (!enabled || clock.Elapsed - lastShown < TimeSpan.FromMilliseconds(500)) return;
        lastShown = clock.Elapsed;
        var megabytes = source.Consumed / 1e6;
        var percent = totalCharacters > 0 ? $" ({100.0 * source.Consumed / totalCharacters:0}%)" : "";
        Console.Error.Write($"\r{megabytes:0.0} MB read{percent}, {Packets} packets, {megabytes / clock.Elapsed.TotalSeconds:0.0} MB/s   ");
        shown = true;
    }

    public void Done()
    {
        if (shown) Console.Error.WriteLine();
    }
}
