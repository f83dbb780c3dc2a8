using System.Text;

namespace TraceImport.Grammars.VendorCli;

/// <summary>
/// Undoes what terminals, pagers and web pages do to a line of device output before a grammar reads
/// it: the line as a terminal would have shown it (ANSI escapes, backspace redraws), the pager's
/// "--More--" prompt left at its start, HTML entities and no-break spaces from a web page. A line
/// with none of these is returned as it is, so the common case costs one scan.
/// </summary>
public static class PastedLine
{
    private const char Escape = '\u001b';

    /// <summary>The pager prompts device CLIs print between screens (IOS, ASA, Junos, ScreenOS).</summary>
    private static readonly string[] PagerPrompts = ["--More--", "-- More --", "<--- More --->"];

    public static string Clean(string line)
    {
        var text = line;
        if (HasControl(text)) text = Render(text);
        if (text.Contains('&')) text = DecodeEntities(text);
        if (text.AsSpan().IndexOfAny('\u00a0', '\u202f', '\u2007') >= 0)
        {
            text = text.Replace('\u00a0', ' ').Replace('\u202f', ' ').Replace('\u2007', ' ');
        }
        return WithoutPagerPrompt(text);
    }

    /// <summary>
    /// What <see cref="Clean"/> makes of a line, without a string, where that is no more than the line
    /// after any pager prompt: false for a line that holds a control character, an entity or a no-break
    /// space, which only <see cref="Clean"/> can undo (a recognition pre-check must let such a line through).
    /// </summary>
    public static bool TryCleanInPlace(ReadOnlySpan<char> line, out ReadOnlySpan<char> cleaned)
    {
        if (HasControl(line) || line.IndexOfAny("&\u00a0\u202f\u2007") >= 0)
        {
            cleaned = default;
            return false;
        }
        var promptEnd = PagerPromptEnd(line);
        cleaned = promptEnd < 0 ? line : line[promptEnd..].TrimStart();
        return true;
    }

    private static bool HasControl(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (c < ' ' && c != '\t') return true;
        }
        return false;
    }

    /// <summary>Replays the line on a one-line terminal: what was overwritten, erased or redrawn is gone.</summary>
    private static string Render(string line)
    {
        var screen = new StringBuilder(line.Length);
        var cursor = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '\b':
                    cursor = Math.Max(0, cursor - 1);
                    break;
                case Escape:
                    i = ControlSequence(line, i, screen, ref cursor);
                    break;
                case '\t':
                    Put(screen, ref cursor, c);
                    break;
                case < ' ':
                    break; // bell and other controls show nothing
                default:
                    Put(screen, ref cursor, c);
                    break;
            }
        }
        return screen.ToString();
    }

    private static void Put(StringBuilder screen, ref int cursor, char c)
    {
        if (cursor < screen.Length) screen[cursor] = c;
        else
        {
            screen.Append(' ', cursor - screen.Length);
            screen.Append(c);
        }
        cursor++;
    }

    /// <summary>Applies the escape sequence starting at <paramref name="start"/>; returns the index of its last character.</summary>
    private static int ControlSequence(string line, int start, StringBuilder screen, ref int cursor)
    {
        if (start + 1 >= line.Length) return start;
        switch (line[start + 1])
        {
            case '[':
                var end = start + 2;
                while (end < line.Length && line[end] is >= '0' and <= '?') end++; // parameters
                while (end < line.Length && line[end] is >= ' ' and <= '/') end++; // intermediates
                if (end >= line.Length) return line.Length - 1;
                var count = Math.Max(1, FirstParameter(line.AsSpan(start + 2, end - start - 2)));
                var parameter = FirstParameter(line.AsSpan(start + 2, end - start - 2));
                switch (line[end])
                {
                    case 'K': // erase in line
                        if (parameter == 0 && cursor < screen.Length) screen.Length = cursor;
                        else if (parameter == 2) screen.Clear();
                        break;
                    case 'P': // delete characters
                        if (cursor < screen.Length) screen.Remove(cursor, Math.Min(count, screen.Length - cursor));
                        break;
                    case '@': // insert blanks
                        if (cursor < screen.Length) screen.Insert(cursor, new string(' ', count));
                        break;
                    case 'C':
                        cursor += count;
                        break;
                    case 'D':
                        cursor = Math.Max(0, cursor - count);
                        break;
                    case 'G':
                        cursor = count - 1;
                        break;
                }
                return end;
            case ']': // operating system command (a window title), up to BEL or ESC \
                for (var i = start + 2; i < line.Length; i++)
                {
                    if (line[i] == '\a') return i;
                    if (line[i] == Escape && i + 1 < line.Length && line[i + 1] == '\\') return i + 1;
                }
                return line.Length - 1;
            case '(' or ')':
                return Math.Min(start + 2, line.Length - 1); // character set selection
            default:
                return start + 1;
        }
    }

    /// <summary>The first numeric parameter of a control sequence, 0 when none is given.</summary>
    private static int FirstParameter(ReadOnlySpan<char> parameters)
    {
        var value = 0;
        foreach (var c in parameters)
        {
            if (c is < '0' or > '9') break;
            value = Math.Min(value * 10 + (c - '0'), 10_000);
        }
        return value;
    }

    private static string DecodeEntities(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '&' && TryEntity(text, i, out var decoded, out var length))
            {
                result.Append(decoded);
                i += length - 1;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }

    private static readonly (string Name, char Value)[] Entities =
        [("&gt;", '>'), ("&lt;", '<'), ("&amp;", '&'), ("&quot;", '"'), ("&apos;", '\''), ("&#39;", '\''), ("&nbsp;", ' '), ("&#160;", ' ')];

    private static bool TryEntity(string text, int at, out char decoded, out int length)
    {
        foreach (var (name, value) in Entities)
        {
            if (string.CompareOrdinal(text, at, name, 0, name.Length) == 0)
            {
                decoded = value;
                length = name.Length;
                return true;
            }
        }
        decoded = default;
        length = 0;
        return false;
    }

    /// <summary>"--More--", "<--- More --->", "---(more 45%)---" left at the start of a line by a pager.</summary>
    private static string WithoutPagerPrompt(string text)
    {
        var promptEnd = PagerPromptEnd(text);
        return promptEnd < 0 ? text : text[promptEnd..].TrimStart();
    }

    /// <summary>Where the pager prompt at the start of the line ends, or -1 when there is none.</summary>
    private static int PagerPromptEnd(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && text[start] == ' ') start++;
        if (start == text.Length || (text[start] != '-' && text[start] != '<')) return -1;
        var rest = text[start..];
        foreach (var prompt in PagerPrompts)
        {
            if (rest.StartsWith(prompt, StringComparison.OrdinalIgnoreCase)) return start + prompt.Length;
        }
        if (rest.StartsWith("---(more", StringComparison.OrdinalIgnoreCase) && rest.IndexOf(")---") is var close and > 0)
        {
            return start + close + 4;
        }
        return -1;
    }
}
