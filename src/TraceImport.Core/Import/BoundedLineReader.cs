using System.Text;

namespace TraceImport.Import;

/// <summary>A source of lines that never holds more of one line than a limit (see <see cref="BoundedLineReader"/>).</summary>
public interface ILineReader
{
    /// <summary>How far into the input reading has gone, line endings included: bytes for a reader of bytes, characters for a reader of text.</summary>
    long Consumed { get; }

    /// <summary>
    /// Puts the next line into <paramref name="into"/>, or gives false at the end; an overlong line comes as
    /// its first characters, with its full length as <see cref="LineSlot.OverlongLength"/>.
    /// </summary>
    bool TryReadLine(LineSlot into);
}

/// <summary>
/// Splits text into lines as <see cref="TextReader.ReadLine"/> does (at LF, CR or CRLF), but never
/// holds more than <see cref="MaxLineLength"/> characters of one line: a longer line is read past
/// in pieces and comes back as its first characters and its length, so a 300 MB line costs no more
/// memory than a short one.
/// </summary>
public sealed class BoundedLineReader : ILineReader
{
    /// <summary>The longest line kept whole; no trace format prints a line anywhere near this long.</summary>
    public const int MaxLineLength = 1_000_000;

    /// <summary>How much of an overlong line is kept, to show where it starts.</summary>
    public const int OverlongPreviewLength = 80;

    private readonly TextReader reader;
    private readonly int maxLineLength;
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder pieces = new();
    private int position;
    private int end;
    private bool skipLineFeed;
    private bool exhausted;

    public BoundedLineReader(TextReader reader, int maxLineLength = MaxLineLength)
    {
        this.reader = reader;
        this.maxLineLength = maxLineLength;
    }

    /// <summary>Characters consumed so far, line endings included.</summary>
    public long CharactersRead { get; private set; }

    public long Consumed => CharactersRead;

    private readonly LineSlot own = new();

    /// <summary>
    /// The next line without its ending, or false at the end of the text. A line longer than the
    /// limit comes back as its first <see cref="OverlongPreviewLength"/> characters, with
    /// <paramref name="length"/> its full length; otherwise <paramref name="length"/> is the text's.
    /// </summary>
    public bool TryReadLine(out string text, out long length)
    {
        if (!TryReadLine(own))
        {
            (text, length) = ("", 0);
            return false;
        }
        text = own.Text;
        length = own.OverlongLength > 0 ? own.OverlongLength : text.Length;
        return true;
    }

    public bool TryReadLine(LineSlot into)
    {
        long length;
        string text;
        pieces.Clear();
        length = 0;
        var started = false;
        while (true)
        {
            if (position == end && !Fill())
            {
                if (started) Deliver(into, Finish(length), length);
                return started;
            }
            if (skipLineFeed)
            {
                skipLineFeed = false;
                if (buffer[position] == '\n')
                {
                    position++;
                    CharactersRead++;
                    continue;
                }
            }
            started = true;
            var available = buffer.AsSpan(position, end - position);
            var at = available.IndexOfAny('\r', '\n');
            var piece = at < 0 ? available : available[..at];
            if (length == 0 && at >= 0 && piece.Length <= maxLineLength)
            {
                // The common case: the whole line is in the buffer, copied into the slot without a string.
                into.Set(piece);
                Consume(at);
                return true;
            }
            Keep(piece, length);
            length += piece.Length;
            if (at < 0)
            {
                CharactersRead += piece.Length;
                position = end;
                continue;
            }
            text = Finish(length);
            Deliver(into, text, length);
            Consume(at);
            return true;
        }
    }

    private void Deliver(LineSlot into, string text, long length)
    {
        into.Set(text);
        if (length > maxLineLength) into.OverlongLength = length;
    }

    /// <summary>Moves past a line's text and its ending, which starts at <paramref name="at"/>.</summary>
    private void Consume(int at)
    {
        var ending = buffer[position + at];
        position += at + 1;
        CharactersRead += at + 1;
        if (ending != '\r') return;
        if (position < end)
        {
            if (buffer[position] != '\n') return;
            position++;
            CharactersRead++;
        }
        else
        {
            skipLineFeed = true; // the LF of a CRLF may begin the next buffer
        }
    }

    /// <summary>Keeps a piece of a line while the line is within the limit, and only the preview once it is not.</summary>
    private void Keep(ReadOnlySpan<char> piece, long lengthSoFar)
    {
        if (lengthSoFar + piece.Length <= maxLineLength)
        {
            pieces.Append(piece);
            return;
        }
        if (pieces.Length > OverlongPreviewLength) pieces.Length = OverlongPreviewLength;
        var room = OverlongPreviewLength - pieces.Length;
        if (room > 0) pieces.Append(piece[..Math.Min(room, piece.Length)]);
    }

    private string Finish(long length) => length <= maxLineLength ? pieces.ToString() : pieces.ToString(0, Math.Min(pieces.Length, OverlongPreviewLength));

    private bool Fill()
    {
        if (exhausted) return false;
        position = 0;
        end = reader.Read(buffer, 0, buffer.Length);
        if (end > 0) return true;
        exhausted = true;
        end = 0;
        return false;
    }
}
