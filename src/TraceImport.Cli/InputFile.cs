using TraceImport.Import;

namespace TraceImport.Cli;

/// <summary>
/// Opens an input named on the command line, a file or standard input for "-", as text: its first
/// kilobytes decide whether it is compressed (and then read through the decompressor) and whether
/// it is text at all (<see cref="TextInput"/>).
/// </summary>
public static class InputFile
{
    public const string StandardStream = "-";

    /// <summary>
    /// The text, opened (UTF-8 to be read as bytes); <see cref="CommandFailedException"/> when the file
    /// cannot be opened (exit 2) or is not text (exit 1). A note on how it was read (an encoding
    /// recognised without a byte-order mark) goes to stderr.
    /// </summary>
    public static TextInput.Opened Open(string path)
    {
        var name = DisplayName(path);
        Stream stream;
        try
        {
            if (path != StandardStream && Directory.Exists(path)) throw new IOException("it is a folder");
            stream = path == StandardStream
                ? Console.OpenStandardInput(1 << 16)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot open {path}: {Failures.Reason(e)}", ExitCodes.Usage, e);
        }
        try
        {
            var opened = TextInput.Open(stream, name);
            if (opened.Note is { } note && !Said.Quietly) Console.Error.WriteLine($"traceimport: {name}: {note}");
            return opened;
        }
        catch (NotTextException e)
        {
            stream.Dispose();
            throw new CommandFailedException($"{name}: {e.Message}", ExitCodes.Unreadable, e);
        }
        catch (NamedReadException e)
        {
            stream.Dispose();
            throw new CommandFailedException(e.Message, ExitCodes.Usage, e);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new CommandFailedException($"cannot read {path}: {Failures.Reason(e)}", ExitCodes.Usage, e);
        }
    }

    /// <summary>The name messages use: the path as given, or "stdin".</summary>
    public static string DisplayName(string path) => path == StandardStream ? "stdin" : path;
}
