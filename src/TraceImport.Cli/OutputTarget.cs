namespace TraceImport.Cli;

/// <summary>
/// An output file written under a temporary name beside the target and renamed over it only when
/// <see cref="Commit"/> is called; standard output for "-".
/// </summary>
public sealed class OutputTarget : IDisposable
{
    private readonly string? finalPath;
    private readonly string? temporaryPath;
    private bool committed;

    private OutputTarget(Stream stream, string? finalPath, string? temporaryPath)
    {
        Stream = stream;
        this.finalPath = finalPath;
        this.temporaryPath = temporaryPath;
    }

    public Stream Stream { get; }

    public static OutputTarget? Open(string path)
    {
        if (path == InputFile.StandardStream) return new OutputTarget(new BufferedStream(Console.OpenStandardOutput(), 1 << 16), null, null);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            return new OutputTarget(new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), full, temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"traceimport: cannot write {path}: {e.Message}");
            return null;
        }
    }

    public void Commit()
    {
        Stream.Flush();
        if (finalPath is null) return;
        Stream.Dispose();
        File.Move(temporaryPath!, finalPath, overwrite: true);
        committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (temporaryPath is not null && !committed && File.Exists(temporaryPath)) File.Delete(temporaryPath);
    }
}
