using System.IO.Compression;
using SharpCompress.Common;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;

namespace TraceImport.Import;

/// <summary>
/// A compressed input, recognised by its first bytes (never by its name) and read through a
/// decompressing stream: gzip and zip by System.IO.Compression, bzip2, xz and zstd by
/// SharpCompress. The text comes out as it is read, a buffer at a time, so memory stays bounded
/// however far it expands (a "zip bomb" is read as the text it is, or refused as binary by its first
/// kilobytes). A failure of the decoder (damaged or cut data) is a read failure naming the input.
/// </summary>
public static class CompressedInput
{
    /// <summary>How many layers of compression are unwrapped (a .tar.gz is one, then refused as a tar archive).</summary>
    public const int MaxLayers = 3;

    /// <summary>The compression <paramref name="head"/> starts with, or null when it starts with none of them.</summary>
    public static string? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "gzip";
        if (head.StartsWith("BZh"u8) && head.Length > 3 && head[3] is >= (byte)'1' and <= (byte)'9') return "bzip2";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])) return "xz";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD])) return "zstd";
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return "zip";
        return null;
    }

    /// <summary>
    /// The decompressed bytes of <paramref name="compressed"/> (which starts at its first byte).
    /// A zip archive is read from <paramref name="seekable"/>, the same input able to seek (its
    /// directory is at its end); without one it is refused, as is an archive that does not hold
    /// exactly one file, with <see cref="NotTextException"/>.
    /// </summary>
    public static Stream Open(string format, Stream compressed, Stream? seekable, string name)
    {
        try
        {
            return Decompressor(format, compressed, seekable, name);
        }
        catch (Exception e) when (e is InvalidDataException or SharpCompressException or EndOfStreamException)
        {
            // Some decoders read their first block as they are made.
            throw new NamedReadException($"cannot read {name}: its {format} data is damaged or cut short ({e.Message})", e);
        }
    }

    private static Stream Decompressor(string format, Stream compressed, Stream? seekable, string name) => format switch
    {
        "gzip" => OpenGzip(compressed, name),
        "bzip2" => new DecoderStream(BZip2Stream.Create(compressed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false), format, name),
        "xz" => new DecoderStream(new XZStream(new CountingStream(compressed)), format, name),
        "zstd" => new DecoderStream(new DecompressionStream(compressed, bufferSize: 0, checkEndOfStream: true, leaveOpen: false), format, name),
        "zip" => OpenZip(compressed, seekable, name),
        _ => throw new ArgumentException($"no decompressor for {format}", nameof(format)),
    };

    /// <summary>
    /// gzip, whose members may follow one another (pigz, cat a.gz b.gz). System.IO.Compression
    /// checks each member's trailer (CRC-32 and length) when it reaches it, but reads a member cut
    /// short before its trailer as if it ended there. So the last eight bytes must be a trailer
    /// that fits: its length (modulo 2³²) that of all the text, or, when another member's header
    /// was seen, no more than it.
    /// </summary>
    private static Stream OpenGzip(Stream compressed, string name)
    {
        var source = new CountingStream(compressed);
        return new DecoderStream(new GZipStream(source, System.IO.Compression.CompressionMode.Decompress), "gzip", name, checkEnd: length =>
            source.Tail is { Length: 8 } tail && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(4)) is var recorded &&
            (recorded == (uint)length || (source.GzipHeaders > 1 && recorded <= length))
                ? null
                : $"its gzip data ends without the trailer that closes it (cut short after {length:N0} bytes of text)");
    }

    private static Stream OpenZip(Stream compressed, Stream? seekable, string name)
    {
        if (seekable is null)
        {
            throw new NotTextException("this is a zip archive, read from a stream that cannot go back to its directory (at its end): " +
                                       "name the file itself, or give its text through 'unzip -p'");
        }
        ZipArchive archive;
        try
        {
            seekable.Position = 0;
            archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new NamedReadException($"cannot read {name}: it starts as a zip archive but its directory is damaged ({e.Message})", e);
        }
        var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (files.Count != 1)
        {
            archive.Dispose();
            var names = string.Join(", ", files.Take(5).Select(f => f.FullName)) + (files.Count > 5 ? ", …" : "");
            throw new NotTextException(files.Count == 0
                ? "this is a zip archive holding no file"
                : $"this is a zip archive of {files.Count} files ({names}); extract the one to read (unzip -p ARCHIVE NAME | traceimport … -)");
        }
        try
        {
            var entry = files[0].Open();
            return new DecoderStream(entry, $"zip ({files[0].FullName})", name, archive);
        }
        catch (InvalidDataException e)
        {
            archive.Dispose();
            throw new NotTextException($"this is a zip archive whose file {files[0].FullName} cannot be read here ({e.Message})");
        }
    }

    /// <summary>
    /// A stream that says how far it has been read (SharpCompress's xz reader asks, to find a
    /// block's padding) and keeps its last eight bytes (a gzip trailer).
    /// </summary>
    private sealed class CountingStream(Stream inner) : ForwardOnlyStream
    {
        private readonly byte[] last = new byte[8];
        private long position;

        /// <summary>How many times the bytes read hold the start of a gzip member (1f 8b 08).</summary>
        public int GzipHeaders { get; private set; }

        /// <summary>The last eight bytes read, or fewer when fewer were.</summary>
        public byte[] Tail
        {
            get
            {
                var count = (int)Math.Min(position, last.Length);
                var tail = new byte[count];
                for (var i = 0; i < count; i++) tail[i] = last[(position - count + i) % last.Length];
                return tail;
            }
        }

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            var before = Tail;
            GzipHeaders += Count([.. before.AsSpan(Math.Max(0, before.Length - 2)), .. buffer[..Math.Min(read, 2)]]) + Count(buffer[..read]);
            var kept = Math.Min(read, last.Length);
            position += read - kept;
            foreach (var b in buffer[(read - kept)..read]) last[position++ % last.Length] = b;
            return read;
        }

        private static int Count(ReadOnlySpan<byte> bytes)
        {
            var count = 0;
            for (int at; (at = bytes.IndexOf((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08])) >= 0; bytes = bytes[(at + 1)..]) count++;
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// A decompressing stream whose decoder's failures (damaged or cut data) are read failures
    /// naming the input and the compression, as a disk's are.
    /// </summary>
    private sealed class DecoderStream(Stream decoder, string format, string name, IDisposable? owner = null, Func<long, string?>? checkEnd = null) : ForwardOnlyStream
    {
        private long length;
        private bool ended;

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = decoder.Read(buffer);
            }
            catch (Exception e) when (e is InvalidDataException or SharpCompressException or EndOfStreamException)
            {
                throw new NamedReadException($"cannot read {name}: its {format} data is damaged or cut short ({e.Message})", e);
            }
            length += read;
            if (read == 0 && buffer.Length > 0 && !ended)
            {
                ended = true;
                if (checkEnd?.Invoke(length) is { } failure) throw new NamedReadException($"cannot read {name}: {failure}", new EndOfStreamException(failure));
            }
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                decoder.Dispose();
                owner?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>A failure to read an input whose message already names it, so that the streams above it do not name it again.</summary>
public sealed class NamedReadException(string message, Exception inner) : IOException(message, inner);
