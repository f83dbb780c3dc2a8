using System.Text;

namespace TraceImport.Cli;

/// <summary>Opens an input named on the command line: a file, or standard input for "-".</summary>
public static class InputFile
{
    public const string StandardStream = "-";

    /// <summary>The reader, or null after saying on stderr why the file cannot be opened.</summary>
    public static TextReader? Open(string path)
    {
        if (path == StandardStream) return new StreamReader(Console.OpenStandardInput(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"traceimport: cannot open {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>The name messages use: the path as given, or "stdin".</summary>
    public static string DisplayName(string path) => path == StandardStream ? "stdin" : path;
}
