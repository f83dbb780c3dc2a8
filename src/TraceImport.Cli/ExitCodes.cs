namespace TraceImport.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The input could not be read as any format, is not text, or --strict found a line it could not read; or an internal error.</summary>
    public const int Unreadable = 1;
    /// <summary>The command line was wrong, or a named file could not be opened, read or written.</summary>
    public const int Usage = 2;
    /// <summary>Stopped by a signal on the way (the shell reports 130 for SIGINT, 143 for SIGTERM when the signal ends the process).</summary>
    public const int Interrupted = 130;
}
