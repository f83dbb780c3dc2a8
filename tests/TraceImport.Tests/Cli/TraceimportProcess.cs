using System.Diagnostics;

namespace TraceImport.Tests.Cli;

/// <summary>Runs the traceimport command as a user does: a separate process, with standard input, output and error.</summary>
public static class TraceimportProcess
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "traceimport.dll");

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public void Deconstruct(out int exitCode, out string output, out string error) => (exitCode, output, error) = (ExitCode, Output, Error);
    }

    public static Result Run(string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Tool);
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
