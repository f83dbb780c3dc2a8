using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TraceImport.Cli;

/// <summary>
/// Standard output as a plain file descriptor. .NET's console stream ignores a closed pipe
/// (EPIPE) and carries on writing into nothing; this one fails, as
/// <see cref="OutputFailedException"/> naming standard output, so that `traceimport … | head`
/// stops with one line instead of reading the rest of its input for nobody.
/// </summary>
public static class StandardOutput
{
    public const string Name = "standard output";

    /// <summary>Standard output; writes to it fail as <see cref="OutputFailedException"/>.</summary>
    public static Stream OpenStream()
    {
        try
        {
            return new NamedOutputStream(new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1 << 16), Name);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new OutputFailedException($"cannot write {Name}: {Failures.Reason(e)}", e);
        }
    }

    /// <summary>A text writer on standard output (UTF-8, no byte-order mark) whose failures name it.</summary>
    public static TextWriter OpenWriter() => new StreamWriter(OpenStream(), new UTF8Encoding(false), 1 << 16);
}
