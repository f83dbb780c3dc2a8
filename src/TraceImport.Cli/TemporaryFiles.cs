using System.Runtime.InteropServices;

namespace TraceImport.Cli;

/// <summary>
/// The temporary files being written, removed when the process is stopped by SIGINT (Ctrl+C),
/// SIGTERM, SIGHUP or SIGQUIT, so that no half-written capture survives any exit. A file is created,
/// renamed and removed under the same lock the signal handler takes, so none slips past it.
/// </summary>
public static class TemporaryFiles
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Live = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static string? stoppedBy;

    /// <summary>Creates a temporary file through <paramref name="create"/> and remembers it until <see cref="Release"/>.</summary>
    public static FileStream Create(string path, Func<string, FileStream> create)
    {
        lock (Gate)
        {
            if (stoppedBy is not null) throw new OperationCanceledException($"stopped by {stoppedBy}");
            if (Registrations.Count == 0)
            {
                foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
                {
                    Registrations.Add(PosixSignalRegistration.Create(signal, Stop));
                }
            }
            var stream = create(path);
            Live.Add(path);
            return stream;
        }
    }

    /// <summary>Renames a finished temporary file to its final name.</summary>
    public static void Commit(string path, string finalPath)
    {
        lock (Gate)
        {
            if (stoppedBy is not null) throw new OperationCanceledException($"stopped by {stoppedBy}");
            File.Move(path, finalPath, overwrite: true);
            Live.Remove(path);
        }
    }

    /// <summary>Removes a temporary file that will not be committed.</summary>
    public static void Discard(string path)
    {
        lock (Gate)
        {
            File.Delete(path);
            Live.Remove(path);
        }
    }

    private static void Stop(PosixSignalContext context)
    {
        lock (Gate)
        {
            stoppedBy = context.Signal.ToString();
            foreach (var path in Live)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"traceimport: cannot remove the temporary file {path}: {e.Message}");
                }
            }
            if (Live.Count > 0) Console.Error.WriteLine($"traceimport: stopped by {stoppedBy}; {Live.Count} unfinished capture(s) removed, nothing more written");
            Live.Clear();
        }
        // The signal's usual end follows (context.Cancel stays false): the process exits as killed by it.
    }
}
