namespace TraceImport.Cli;

/// <summary>How much the commands say on stderr besides their output: --quiet, the default, --verbose.</summary>
public enum Verbosity
{
    /// <summary>Failures only (what made the exit code other than 0) and internal errors, which are bugs to surface.</summary>
    Quiet,

    /// <summary>The summary: packets per format, the line account, the first 20 regions and skipped or damaged lines, warnings.</summary>
    Normal,

    /// <summary>The summary with every region, skipped and damaged line listed.</summary>
    Verbose,
}

/// <summary>The verbosity the command line asked for, set once before a command runs.</summary>
public static class Said
{
    public static Verbosity Verbosity { get; set; } = Verbosity.Normal;

    public static bool Quietly => Verbosity == Verbosity.Quiet;
}
