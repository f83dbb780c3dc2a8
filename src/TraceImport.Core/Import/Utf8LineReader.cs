using System.Buffers;
using System.Text;

namespace TraceImport.Import;

/// <summary>
/// Reads UTF-8 text as bytes, in large pooled buffers, and splits it into lines as
/// <see cref="TextReader.ReadLine"/> does (at LF, CR or CRLF) with a vectorised search for the line ends;
/// each line's characters are decoded straight into the slot that holds it, so no string is made for a
/// line no grammar asks the text of. Like <see cref="BoundedLineReader"/>, it never holds a line of more
/// than <see cref="BoundedLineReader.MaxLineLength"/> characters: a longer one is read past and comes as
/// its first characters and its length. Invalid UTF-8 reads as U+FFFD, as a <see cref="StreamReader"/>
/// reads it.
/// </summary>
public sealed class Utf8LineReader : ILineReader, IDisposable
{
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>
    /// The most bytes a line may take and still be held: a character is at most three bytes (a four-byte
    /// sequence is two characters), so a longer line has more characters than a line may have.
    /// </summary>
    private readonly int maxLineBytes;

    private readonly Stream stream;
    private readonly int maxLineLength;
    private readonly string name;
    private byte[] buffer;
    private int position;
    private int end;
    private bool exhausted;
    private bool skipLineFeed;
    private bool started;

    /// <param name="bufferSize">Bytes read at a time (a line longer than this grows the buffer); small in tests, to put line ends at its edges.</param>
    public Utf8LineReader(Stream stream, string name, int maxLineLength = BoundedLineReader.MaxLineLength, int bufferSize = DefaultBufferSize)
    {
        buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        this.stream = stream;
        this.name = name;
        this.maxLineLength = maxLineLength;
        maxLineBytes = (int)Math.Min(int.MaxValue / 2, 3L * maxLineLength);
    }

    public long Consumed { get; private set; }

    public bool TryReadLine(LineSlot into)
    {
        while (true)
        {
            if (position == end)
            {
                if (!Fill()) return false;
                continue; // a buffer that held only a byte-order mark
            }
            if (skipLineFeed)
            {
                skipLineFeed = false;
                if (buffer[position] == (byte)'\n')
                {
                    position++;
                    Consumed++;
                    continue;
                }
            }
            break;
        }

        var at = buffer.AsSpan(position, end - position).IndexOfAny((byte)'\r', (byte)'\n');
        while (at < 0 && !exhausted)
        {
            // The line goes on past the buffer: keep what was read of it at the buffer's start, and read on.
            if (end - position > maxLineBytes) return ReadOverlong(into);
            var searched = end - position;
            if (!FillKeeping()) break;
            var found = buffer.AsSpan(position + searched, end - position - searched).IndexOfAny((byte)'\r', (byte)'\n');
            at = found < 0 ? -1 : searched + found;
        }
        var line = at < 0 ? buffer.AsSpan(position, end - position) : buffer.AsSpan(position, at);
        if (line.Length > maxLineLength && Encoding.UTF8.GetCharCount(line) is var characters && characters > maxLineLength)
        {
            Preview(into, line, characters);
        }
        else if (Ascii.ToUtf16(line, into.Reserve(line.Length), out var widened) == OperationStatus.Done)
        {
            // Dumps are ASCII: each byte widened to its character, with no decoder state.
            into.Commit(widened);
        }
        else
        {
            var chars = into.Reserve(Encoding.UTF8.GetMaxCharCount(line.Length));
            into.Commit(Encoding.UTF8.GetChars(line, chars));
        }
        Consume(at < 0 ? line.Length : at + 1, at >= 0 && buffer[position + at] == (byte)'\r');
        return true;
    }

    /// <summary>Moves past a line and its ending; the LF of a CRLF may begin the next buffer.</summary>
    private void Consume(int count, bool endsWithCarriageReturn)
    {
        position += count;
        Consumed += count;
        if (!endsWithCarriageReturn) return;
        if (position < end)
        {
            if (buffer[position] != (byte)'\n') return;
            position++;
            Consumed++;
        }
        else
        {
            skipLineFeed = true;
        }
    }

    /// <summary>A line longer than any held: its first characters and its length in characters, read past in pieces.</summary>
    private bool ReadOverlong(LineSlot into)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var previewBytes = buffer.AsSpan(position, Math.Min(end - position, 4 * BoundedLineReader.OverlongPreviewLength)).ToArray();
        long characters = 0;
        while (true)
        {
            var available = buffer.AsSpan(position, end - position);
            var at = available.IndexOfAny((byte)'\r', (byte)'\n');
            var piece = at < 0 ? available : available[..at];
            characters += decoder.GetCharCount(piece, flush: at >= 0);
            if (at >= 0)
            {
                Preview(into, previewBytes, characters);
                Consume(at + 1, buffer[position + at] == (byte)'\r');
                return true;
            }
            position = end;
            Consumed += piece.Length;
            if (!Fill())
            {
                characters += decoder.GetCharCount([], flush: true);
                Preview(into, previewBytes, characters);
                return true;
            }
        }
    }

    private static void Preview(LineSlot into, ReadOnlySpan<byte> start, long characters)
    {
        var text = Encoding.UTF8.GetString(start[..Math.Min(start.Length, 4 * BoundedLineReader.OverlongPreviewLength)]);
        into.Set(text.Length > BoundedLineReader.OverlongPreviewLength ? text[..BoundedLineReader.OverlongPreviewLength] : text);
        into.OverlongLength = characters;
    }

    /// <summary>Reads the next buffer, after a UTF-8 byte-order mark at the very start.</summary>
    private bool Fill()
    {
        position = 0;
        end = 0;
        return FillKeeping();
    }

    /// <summary>Moves the unread bytes to the buffer's start (growing it for a long line) and reads after them.</summary>
    private bool FillKeeping()
    {
        if (exhausted) return false;
        var kept = end - position;
        if (kept == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(position, kept).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        else if (position > 0)
        {
            buffer.AsSpan(position, kept).CopyTo(buffer);
        }
        position = 0;
        end = kept;
        int read;
        try
        {
            read = stream.Read(buffer, end, buffer.Length - end);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot read {name}: {e.Message}", e);
        }
        if (read == 0)
        {
            exhausted = true;
            return kept > 0;
        }
        end += read;
        if (!started)
        {
            started = true;
            if (buffer.AsSpan(0, end).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                position = 3;
                Consumed += 3;
            }
        }
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        stream.Dispose();
    }
}
