namespace TraceImport.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The input could not be read as any format, or --strict found a line it could not read.</summary>
    public const int Unreadable = 1;
    /// <summary>The command line was wrong, or a named file could not be opened.</summary>
    public const int Usage = 2;
}
