using TraceImport.Import;

namespace TraceImport.Cli;

/// <summary>A failure the user can act on: one line on stderr (the message, naming the file and the cause) and an exit code.</summary>
public class CommandFailedException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// What reaches the user when a command fails: one line on stderr and the exit code README.md
/// gives, never a stack trace (unless --debug asks for it). Anything not foreseen is an internal
/// error, said as such.
/// </summary>
public static partial class Failures
{
    public static int Report(Exception exception, bool debug, TextWriter error)
    {
        var cause = Unwrap(exception);
        var (message, code) = cause switch
        {
            CommandFailedException failed => (failed.Message, failed.ExitCode),
            // An input that failed while being read: the reader names it (TextInput).
            InputReadException read => (read.InnerException!.Message, ExitCodes.Usage),
            OperationCanceledException => ("stopped", ExitCodes.Interrupted),
            _ => ($"internal error: {cause.GetType().Name}: {cause.Message} (a bug in traceimport; --debug shows where)", ExitCodes.Unreadable),
        };
        try
        {
            error.WriteLine($"traceimport: {message}");
            if (debug) error.WriteLine(exception);
        }
        catch (IOException)
        {
            // stderr itself is gone: the exit code is all that is left to say it.
        }
        return code;
    }

    /// <summary>
    /// An I/O failure's cause without the path .NET appends to it ("No space left on device :
    /// '/full/path'"): the message it goes into names the file as the user gave it.
    /// </summary>
    public static string Reason(Exception e) => TrailingPath().Replace(e.Message, "");

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*:\s*'[^']*'\.?$")]
    private static partial System.Text.RegularExpressions.Regex TrailingPath();

    /// <summary>The exception that says what happened, out of the wrappers parallel loops and the importer put around it.</summary>
    private static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    break;
                case PacketSinkException { InnerException: { } inner }:
                    exception = inner;
                    break;
                default:
                    return exception;
            }
        }
    }
}
