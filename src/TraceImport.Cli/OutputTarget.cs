using System.Net.Sockets;

namespace TraceImport.Cli;

/// <summary>
/// Where a capture is written. A regular file (or a name not yet taken) is written under a
/// temporary name beside it and renamed over it only when <see cref="Commit"/> is called, so a
/// failure leaves the old file, or none. A character device, FIFO or socket is written into, never
/// replaced: <c>-o /dev/null</c> stays the null device. Standard output is "-". An output that is
/// the same file as an input is refused before anything is read.
/// </summary>
public sealed class OutputTarget : IDisposable
{
    private readonly string? finalPath;
    private readonly string? temporaryPath;
    private bool committed;

    private OutputTarget(string displayName, Stream stream, string? finalPath, string? temporaryPath)
    {
        DisplayName = displayName;
        Stream = stream is NamedOutputStream ? stream : new NamedOutputStream(stream, displayName);
        this.finalPath = finalPath;
        this.temporaryPath = temporaryPath;
    }

    /// <summary>The name messages use: the path as given, or "standard output".</summary>
    public string DisplayName { get; }

    /// <summary>Writes to it fail as <see cref="OutputFailedException"/>, naming the output.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// Refuses, with <see cref="OutputFailedException"/> (exit 2), an output that cannot be written
    /// as asked, before anything is read: a folder, a block device, the same file as an input.
    /// </summary>
    public static void Check(string path, IEnumerable<string> inputs)
    {
        var output = path == InputFile.StandardStream ? FileIdentity.OfDescriptor(1) : FileIdentity.Of(path);
        var name = path == InputFile.StandardStream ? "standard output" : path;
        if (path != InputFile.StandardStream)
        {
            switch (output.Kind)
            {
                case FileKind.Directory:
                    throw new OutputFailedException($"-o {path} is a folder; with one input, -o names the capture file to write (several inputs, or a folder of inputs, are written into a folder)");
                case FileKind.BlockDevice:
                    throw new OutputFailedException($"-o {path} is a block device; a capture is not written onto a disk");
                case FileKind.Other:
                    throw new OutputFailedException($"cannot write {path}: it is neither a file nor a device, FIFO or socket");
            }
        }
        if (output.Kind != FileKind.Regular) return; // a device, FIFO or socket is never one of the inputs being read
        foreach (var input in inputs)
        {
            var identity = input == InputFile.StandardStream ? FileIdentity.OfDescriptor(0) : FileIdentity.Of(input);
            if (identity.IsSameFileAs(output))
            {
                throw new OutputFailedException($"{name} is the same file as the input {InputFile.DisplayName(input)}; writing it would destroy what is being read: name another output");
            }
        }
    }

    /// <summary>Opens the output; <see cref="OutputFailedException"/> when it cannot be.</summary>
    public static OutputTarget Open(string path)
    {
        if (path == InputFile.StandardStream) return new OutputTarget(StandardOutput.Name, StandardOutput.OpenStream(), null, null);
        try
        {
            var identity = FileIdentity.Of(path);
            switch (identity.Kind)
            {
                case FileKind.CharacterDevice or FileKind.Fifo:
                    // Written into as it is: a FIFO's open waits for its reader, as the shell's > does.
                    return new OutputTarget(path, new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16), null, null);
                case FileKind.Socket:
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    socket.Connect(new UnixDomainSocketEndPoint(path));
                    return new OutputTarget(path, new BufferedStream(new NetworkStream(socket, ownsSocket: true), 1 << 16), null, null);
                case FileKind.Regular or FileKind.Missing:
                    break;
                default:
                    Check(path, []);
                    break;
            }
            // A symbolic link stays a link: its target is the file replaced.
            var link = new FileInfo(path);
            var final = link.LinkTarget is null ? link.FullName : link.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
            var temporary = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.{Environment.ProcessId}.partial");
            var stream = TemporaryFiles.Create(temporary, p => new FileStream(p, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
            if (identity.Kind == FileKind.Regular && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(final));
            return new OutputTarget(path, stream, final, temporary);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new OutputFailedException($"cannot write {path}: its folder does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            throw new OutputFailedException($"cannot write {path}: {Failures.Reason(e)}", e);
        }
    }

    /// <summary>Everything is written: flush it, and give a temporary file its final name.</summary>
    public void Commit()
    {
        Stream.Flush();
        if (finalPath is null) return;
        Stream.Dispose();
        try
        {
            TemporaryFiles.Commit(temporaryPath!, finalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFailedException($"cannot write {DisplayName}: {Failures.Reason(e)}", e);
        }
        committed = true;
    }

    /// <summary>Closes the output; an uncommitted temporary file is removed, and a failure to flush what will be thrown away is no news.</summary>
    public void Dispose()
    {
        try
        {
            Stream.Dispose();
        }
        catch (OutputFailedException) when (!committed)
        {
        }
        if (temporaryPath is not null && !committed) TemporaryFiles.Discard(temporaryPath);
    }
}

/// <summary>An output that could not be opened or written; the message names it and says why.</summary>
public sealed class OutputFailedException(string message, Exception? inner = null) : CommandFailedException(message, ExitCodes.Usage, inner);

/// <summary>A stream whose write failures say which output failed.</summary>
internal sealed class NamedOutputStream(Stream inner, string name) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        try
        {
            inner.Dispose();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
        finally
        {
            base.Dispose(disposing);
        }
    }

    private OutputFailedException Failed(IOException e) => new($"cannot write {name}: {Failures.Reason(e)}", e);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
