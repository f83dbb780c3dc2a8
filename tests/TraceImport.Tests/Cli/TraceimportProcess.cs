using System.Diagnostics;

namespace TraceImport.Tests.Cli;

/// <summary>Runs the traceimport command as a user does: a separate process, with standard input, output and error.</summary>
public static class TraceimportProcess
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "traceimport.dll");

    /// <summary>The command line that starts traceimport, for a shell.</summary>
    public static string ShellCommand => $"dotnet '{Tool}'";

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public void Deconstruct(out int exitCode, out string output, out string error) => (exitCode, output, error) = (ExitCode, Output, Error);
    }

    public static Result Run(string? standardInput, params string[] arguments) => Start("dotnet", standardInput, [Tool, .. arguments]);

    /// <summary>
    /// Runs a shell command with a terminal for its standard error and output (util-linux's
    /// script gives it one), as when a user types it; everything the terminal showed is the output.
    /// </summary>
    public static Result RunOnTerminal(string shellCommand) => Start("script", null, ["--quiet", "--return", "--command", shellCommand, "/dev/null"]);

    public static Result RunInShell(string shellCommand) => Start("sh", null, ["-c", shellCommand]);

    private static Result Start(string program, string? standardInput, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error);
    }
}
