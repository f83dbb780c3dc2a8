using System.Text;

namespace TraceImport.Import;

/// <summary>
/// Opens a stream of bytes as text, looking at its first few kilobytes first: a capture file or an
/// archive is named and refused, binary data (a NUL byte where text has none, the test git and
/// grep use) is refused, and UTF-16 or UTF-32 without a byte-order mark is recognised by its
/// pattern of zero bytes and read as such. A byte-order mark decides the encoding; otherwise UTF-8.
/// </summary>
public static class TextInput
{
    /// <summary>How much of the input is looked at before it is read as text.</summary>
    public const int SniffLength = 8192;

    private static readonly (byte[] Magic, string What)[] Signatures =
    [
        ([0xD4, 0xC3, 0xB2, 0xA1], "a pcap capture file; open it with Wireshark"),
        ([0xA1, 0xB2, 0xC3, 0xD4], "a pcap capture file; open it with Wireshark"),
        ([0x4D, 0x3C, 0xB2, 0xA1], "a pcap capture file (nanosecond); open it with Wireshark"),
        ([0xA1, 0xB2, 0x3C, 0x4D], "a pcap capture file (nanosecond); open it with Wireshark"),
        ([0x0A, 0x0D, 0x0D, 0x0A], "a pcapng capture file; open it with Wireshark"),
        ("snoop\0\0\0"u8.ToArray(), "a snoop capture file (binary, not snoop's printout); open it with Wireshark"),
    ];

    /// <summary>
    /// The reader for <paramref name="stream"/>, or <see cref="NotTextException"/> when it is not
    /// text. <paramref name="declared"/> is an encoding the sender named (an HTTP charset); without
    /// one, UTF-16 and UTF-32 without a byte-order mark are recognised. A read that fails later
    /// fails as an <see cref="IOException"/> naming the input (<paramref name="name"/>).
    /// </summary>
    public static Opened Open(Stream stream, string name, Encoding? declared = null) => Open(stream, name, declared, [], Seekable(stream));

    private static Opened Open(Stream stream, string name, Encoding? declared, string[] layers, Stream? seekable)
    {
        var prefix = new byte[SniffLength];
        var length = 0;
        int read;
        while (length < prefix.Length && (read = stream.Read(prefix, length, prefix.Length - length)) > 0) length += read;
        var head = prefix.AsSpan(0, length);

        if (CompressedInput.Recognise(head) is { } compression)
        {
            if (layers.Length == CompressedInput.MaxLayers) throw new NotTextException($"this is compressed more than {CompressedInput.MaxLayers} times over ({string.Join(", ", layers)}, {compression})");
            var inner = CompressedInput.Open(compression, new PrefixedStream(prefix, length, stream, name), seekable, name);
            return Open(inner, name, declared, [.. layers, compression], seekable: null);
        }
        if (head.Length >= 262 && head[257..262].SequenceEqual("ustar"u8))
        {
            throw new NotTextException("this is a tar archive" + (layers.Length > 0 ? $" ({string.Join(", then ", layers)})" : "") + "; extract the text from it first");
        }
        foreach (var (magic, what) in Signatures)
        {
            if (head.StartsWith(magic)) throw new NotTextException($"this is {what}");
        }
        var encoding = declared ?? Encoding.UTF8;
        string? note = null;
        if (!HasByteOrderMark(head) && (declared is null || declared.IsSingleByte || declared is UTF8Encoding))
        {
            if (declared is null && Unmarked(head) is ({ } unmarked, var unmarkedName))
            {
                encoding = unmarked;
                note = $"it has no byte-order mark but its zero bytes fall as {unmarkedName}'s do; read as {unmarkedName}";
            }
            else if (head.IndexOf((byte)0) is >= 0 and var nul)
            {
                throw new NotTextException($"this is binary data, not text (a NUL byte at offset {nul}); if it is a capture, open it with Wireshark");
            }
        }
        if (layers.Length > 0) note = $"read through {string.Join(", then ", layers)}" + (note is null ? "" : $"; {note}");
        var replay = new PrefixedStream(prefix, length, stream, name);
        // UTF-8 (marked or not) is read as bytes; any other encoding through a StreamReader, which also
        // follows a byte-order mark that names another.
        var utf8 = encoding is UTF8Encoding && note is null && !HasOtherByteOrderMark(head);
        return new Opened(replay, utf8 ? null : encoding, name, note);
    }

    /// <summary>The input itself when it can go back to its start (a file: a zip archive's directory is at its end).</summary>
    private static Stream? Seekable(Stream stream) => stream is { CanSeek: true, Position: 0 } ? stream : null;

    /// <summary>
    /// The text of an input, opened: its lines (<see cref="Lines"/>, UTF-8 read as bytes) or a reader of its
    /// characters (<see cref="Reader"/>), one or the other; and a note on how it was read when that was not
    /// plain (an encoding guessed).
    /// </summary>
    public sealed class Opened(Stream stream, Encoding? encoding, string name, string? note) : IDisposable
    {
        private TextReader? reader;
        private ILineReader? lines;

        public string? Note { get; } = note;

        /// <summary>The characters of the text.</summary>
        public TextReader Reader => reader ??= lines is null
            ? new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
            : throw new InvalidOperationException("the text is being read as lines");

        /// <summary>The lines of the text, none held past <paramref name="maxLineLength"/> characters.</summary>
        public ILineReader Lines(int maxLineLength = BoundedLineReader.MaxLineLength)
        {
            if (lines is not null) return lines;
            if (reader is not null) throw new InvalidOperationException("the text is being read as characters");
            return lines = encoding is null ? new Utf8LineReader(stream, name, maxLineLength) : new BoundedLineReader(Reader, maxLineLength);
        }

        public void Dispose()
        {
            if (lines is IDisposable disposable) disposable.Dispose();
            reader?.Dispose();
            stream.Dispose();
        }
    }

    /// <summary>A byte-order mark of UTF-16 or UTF-32, which a StreamReader follows whatever encoding it was given.</summary>
    private static bool HasOtherByteOrderMark(ReadOnlySpan<byte> head) => HasByteOrderMark(head) && !head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);

    private static bool HasByteOrderMark(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ||
        head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    /// <summary>
    /// UTF-16 or UTF-32 text without a byte-order mark: mostly Latin characters, so in nine code
    /// units of ten the high byte (or bytes) are zero and the low byte is not.
    /// </summary>
    private static (Encoding? Encoding, string Name) Unmarked(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8 && Looks(head, 4, lowAt: 0)) return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), "UTF-32LE");
        if (head.Length >= 8 && Looks(head, 4, lowAt: 3)) return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), "UTF-32BE");
        if (head.Length >= 4 && Looks(head, 2, lowAt: 0)) return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16LE");
        if (head.Length >= 4 && Looks(head, 2, lowAt: 1)) return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16BE");
        return (null, "");
    }

    private static bool Looks(ReadOnlySpan<byte> head, int unit, int lowAt)
    {
        var units = head.Length / unit;
        var latin = 0;
        for (var i = 0; i < units; i++)
        {
            var code = head.Slice(i * unit, unit);
            var highZero = true;
            for (var b = 0; b < unit; b++)
            {
                if (b != lowAt && code[b] != 0) highZero = false;
            }
            if (highZero && code[lowAt] != 0) latin++;
        }
        return latin * 10 >= units * 9;
    }

    /// <summary>The bytes already looked at, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest, string name) : ForwardOnlyStream
    {
        private int position;

        public override int Read(Span<byte> buffer)
        {
            if (position < prefixLength)
            {
                var count = Math.Min(buffer.Length, prefixLength - position);
                prefix.AsSpan(position, count).CopyTo(buffer);
                position += count;
                return count;
            }
            try
            {
                return rest.Read(buffer);
            }
            catch (IOException e) when (e is not NamedReadException)
            {
                throw new NamedReadException($"cannot read {name}: {e.Message}", e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>An input that is not text: a capture file, an archive, binary data. The message says which, and what to do.</summary>
public sealed class NotTextException(string message) : Exception(message);
