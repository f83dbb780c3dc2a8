namespace TraceImport.Import;

/// <summary>
/// Finds lines that hold what should have been several lines — a web page or a mail client that lost
/// the newlines of a dump — and says where each of those lines began: before each row offset ("16:",
/// "0x0010:", "0F402010:") when the offsets inside the line follow on from one another, or before each
/// section prefix of a decode ("ETHER:", "IP:", "DLC:") when the line is a run of them.
/// </summary>
public static class JoinedLines
{
    /// <summary>The steps between the offsets of consecutive rows that dumps print.</summary>
    private static readonly int[] RowSteps = [8, 16, 32];

    /// <summary>Where the lines joined into <paramref name="line"/> begin (the first at 0), or null when it is one line.</summary>
    public static int[]? Starts(string line) => MayBeJoined(line) ? RowStarts(line) ?? SectionStarts(line) : null;

    /// <summary>
    /// Whether a line can hold several, looked at without a string: two row offsets (a hex digit, a colon
    /// and a blank: every offset a joined line is split at has one) or a decode's section prefix at its
    /// start. Every other line — a dump's rows, most summary lines — is left at once.
    /// </summary>
    public static bool MayBeJoined(ReadOnlySpan<char> line)
    {
        var first = line.IndexOf(':');
        if (first < 0 || line[(first + 1)..].IndexOf(':') < 0) return false;
        if (line.Length > 0 && char.IsAsciiLetterUpper(line[0])) return true;
        var offsets = 0;
        for (var colon = first; colon >= 0; colon = NextColon(line, colon))
        {
            if (colon > 0 && char.IsAsciiHexDigit(line[colon - 1]) && colon + 1 < line.Length && char.IsWhiteSpace(line[colon + 1]) && ++offsets == 2) return true;
        }
        return false;
    }

    private static int NextColon(ReadOnlySpan<char> line, int after)
    {
        var next = line[(after + 1)..].IndexOf(':');
        return next < 0 ? -1 : after + 1 + next;
    }

    /// <summary>A short description of what made a line look joined, for the warning that says so.</summary>
    public static string Evidence(string line, int[] starts) =>
        string.Join(", ", starts.Skip(1).Take(4).Select(s => $"'{Token(line, s)}' at column {s + 1}")) + (starts.Length > 5 ? ", …" : "");

    private static int[]? RowStarts(string line)
    {
        var offsets = new List<(int At, string Digits)>();
        for (var at = 0; at < line.Length; at++)
        {
            if (at > 0 && !char.IsWhiteSpace(line[at - 1])) continue;
            if (OffsetToken(line, at) is { } digits) offsets.Add((at, digits));
        }
        // A page that dropped newlines without a space in their place glues an address to what came
        // before it ("dst=18081" then "0F402000:"): an address of eight hex digits is found at its colon.
        for (var colon = line.IndexOf(':'); colon >= 8; colon = line.IndexOf(':', colon + 1))
        {
            var at = colon - 8;
            if (offsets.Any(o => o.At == at || o.At == at - 2)) continue;
            if (AddressToken(line, at) is { } address) offsets.Add((at, address));
        }
        offsets.Sort((a, b) => a.At.CompareTo(b.At));
        if (offsets.Count < 2) return null;
        if (!FollowOn(offsets.Select(o => o.Digits).ToList())) return null;
        var starts = offsets.Select(o => o.At).ToList();
        // Text before the first offset (a heading, a summary) is a line of its own, or several: a router's
        // log lines joined with it each start with their time ("*Mar 1 01:06:48.815:").
        var stamps = LogStamps(line, starts[0]);
        if (starts[0] > 0 && line.AsSpan(0, starts[0]).IsWhiteSpace()) starts[0] = 0;
        else if (starts[0] > 0) starts.Insert(0, 0);
        starts.InsertRange(1, stamps);
        return starts.ToArray();
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Where log lines begin in <paramref name="line"/> before <paramref name="end"/>, past its first
    /// one: a syslog-style time ("Mar  1 01:06:48.815:", with IOS's '*' or '.' clock mark before it).
    /// </summary>
    private static List<int> LogStamps(string line, int end)
    {
        var stamps = new List<int>();
        var first = true;
        for (var at = 0; at + 15 < end; at++)
        {
            if (!IsLogStamp(line, at, end)) continue;
            var start = at > 0 && line[at - 1] is '*' or '.' ? at - 1 : at;
            if (!first && start > 0) stamps.Add(start);
            first = false;
            at += 15;
        }
        return stamps;
    }

    /// <summary>"Mar  1 01:06:48" at <paramref name="at"/>: a month, a day, and a time of day followed by '.' or ':'.</summary>
    private static bool IsLogStamp(string line, int at, int end)
    {
        if (!Months.Any(m => string.CompareOrdinal(line, at, m, 0, 3) == 0) || line[at + 3] != ' ') return false;
        var i = at + 4;
        while (i < end && line[i] == ' ') i++;
        var dayStart = i;
        while (i < end && char.IsAsciiDigit(line[i])) i++;
        if (i - dayStart is < 1 or > 2 || i + 9 > end || line[i] != ' ') return false;
        var time = line.AsSpan(i + 1, 8);
        return char.IsAsciiDigit(time[0]) && char.IsAsciiDigit(time[1]) && time[2] == ':' && char.IsAsciiDigit(time[3]) && char.IsAsciiDigit(time[4])
               && time[5] == ':' && char.IsAsciiDigit(time[6]) && char.IsAsciiDigit(time[7]);
    }

    /// <summary>"0x0010:", "16:", "0F402010:" followed by a blank and a hex digit (or an X mask): a row's offset.</summary>
    private static string? OffsetToken(string line, int at)
    {
        var start = at;
        if (at + 1 < line.Length && line[at] == '0' && line[at + 1] == 'x') start += 2;
        var end = start;
        while (end < line.Length && char.IsAsciiHexDigit(line[end])) end++;
        if (end == start || end - start > 8 || end + 2 >= line.Length || line[end] != ':' || !char.IsWhiteSpace(line[end + 1])) return null;
        var next = end + 1;
        while (next < line.Length && char.IsWhiteSpace(line[next])) next++;
        if (next >= line.Length || !(char.IsAsciiHexDigit(line[next]) || line[next] is 'X' or 'x')) return null;
        return line[start..end];
    }

    /// <summary>Eight hex digits and a colon at <paramref name="at"/>, followed by a blank and a hex digit: a memory dump's address.</summary>
    private static string? AddressToken(string line, int at)
    {
        for (var i = at; i < at + 8; i++)
        {
            if (!char.IsAsciiHexDigit(line[i])) return null;
        }
        return OffsetToken(line, at) is { Length: 8 } digits ? digits : null;
    }

    /// <summary>
    /// Offsets that follow on: each the one before plus the same step of 8, 16 or 32 (read as decimal when
    /// all are digits and that fits, as snoop prints them, else as hex), or 0 where a new packet starts.
    /// </summary>
    private static bool FollowOn(List<string> digits)
    {
        if (digits.All(d => d.All(char.IsAsciiDigit)) && Steps(digits.Select(d => long.Parse(d)).ToList())) return true;
        return Steps(digits.Select(d => Convert.ToInt64(d, 16)).ToList());
    }

    private static bool Steps(List<long> values)
    {
        long? step = null;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] == 0 || values[i] == values[0] && values[i] < values[i - 1]) continue; // a new packet
            var difference = values[i] - values[i - 1];
            if (step is null && RowSteps.Contains((int)Math.Min(difference, int.MaxValue))) step = difference;
            if (difference != step) return false;
        }
        return step is not null;
    }

    /// <summary>"ETHER: … ETHER: … IP: …": a decode's section prefixes, three or more, the line starting with one.</summary>
    private static int[]? SectionStarts(string line)
    {
        if (SectionPrefix(line, 0) is null) return null;
        var starts = new List<int> { 0 };
        for (var at = 1; at < line.Length; at++)
        {
            if (char.IsWhiteSpace(line[at - 1]) && SectionPrefix(line, at) is not null) starts.Add(at);
        }
        return starts.Count >= 3 ? starts.ToArray() : null;
    }

    /// <summary>An upper-case word of two to eight letters or digits and a colon, then a blank or the end: "ETHER:", "IP:", "DLC:".</summary>
    private static string? SectionPrefix(string line, int at)
    {
        if (at >= line.Length || !char.IsAsciiLetterUpper(line[at])) return null;
        var end = at + 1;
        while (end < line.Length && (char.IsAsciiLetterUpper(line[end]) || char.IsAsciiDigit(line[end]))) end++;
        if (end - at < 2 || end - at > 8 || end >= line.Length || line[end] != ':') return null;
        return end + 1 == line.Length || char.IsWhiteSpace(line[end + 1]) ? line[at..(end + 1)] : null;
    }

    private static string Token(string line, int at)
    {
        var end = at;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        return line[at..end];
    }
}

/// <summary>
/// Reads an input with its joined lines split back into the lines they were, and says for each line it
/// gives which line of the input it came from and at which column, so that every report names the input
/// as it is. A line of the input is accounted for once, however many lines it was split into. Lines come
/// from a <see cref="BoundedLineReader"/>: a line too long to hold is passed on as it came, never split.
/// </summary>
public sealed class JoinedLineReader : ILineReader
{
    private readonly ILineReader inner;
    private readonly Action<string> warn;
    private readonly string sourceName;
    private readonly Queue<string> pending = new();

    /// <summary>Each split input line: the first line given for it, its number in the input, where its pieces start.</summary>
    private readonly List<(int FirstGiven, int Input, int[] Starts)> splits = [];

    private int given;
    private int input;

    public JoinedLineReader(TextReader inner, string sourceName, Action<string> warn, int maxLineLength = BoundedLineReader.MaxLineLength)
        : this(new BoundedLineReader(inner, maxLineLength), sourceName, warn)
    {
    }

    public JoinedLineReader(ILineReader inner, string sourceName, Action<string> warn)
    {
        this.inner = inner;
        this.sourceName = sourceName;
        this.warn = warn;
    }

    public long Consumed => inner.Consumed;

    public bool TryReadLine(LineSlot into)
    {
        if (pending.Count > 0)
        {
            given++;
            into.Set(pending.Dequeue());
            return true;
        }
        if (!inner.TryReadLine(into)) return false;
        given++;
        input++;
        // The hot path: a line that cannot hold several is passed on as its characters, with no string made.
        if (into.OverlongLength > 0 || !JoinedLines.MayBeJoined(into.Span)) return true;
        var line = into.Text;
        if (JoinedLines.Starts(line) is not { Length: > 1 } starts) return true;

        splits.Add((given, input, starts));
        warn($"{sourceName}:{input}: this line looks joined (newlines lost): {JoinedLines.Evidence(line, starts)} inside it; read as the {starts.Length} lines it holds");
        for (var i = 1; i < starts.Length; i++)
        {
            var end = i + 1 < starts.Length ? starts[i + 1] : line.Length;
            pending.Enqueue(line[starts[i]..end].TrimEnd());
        }
        into.Set(line[..starts[1]].TrimEnd());
        return true;
    }

    /// <summary>The input line a given line came from, the column its text starts at (0-based), and whether it is the last piece of that input line.</summary>
    public (int Line, int Column, bool LastPiece) Locate(int givenLine)
    {
        // Splits are few: a binary search finds the last one that starts at or before the line.
        int low = 0, high = splits.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (splits[middle].FirstGiven <= givenLine) { found = middle; low = middle + 1; }
            else high = middle - 1;
        }
        if (found < 0) return (givenLine, 0, true);
        var split = splits[found];
        var piece = givenLine - split.FirstGiven;
        if (piece < split.Starts.Length) return (split.Input, split.Starts[piece], piece == split.Starts.Length - 1);
        return (split.Input + (givenLine - split.FirstGiven - split.Starts.Length + 1), 0, true);
    }

    public bool HasSplits => splits.Count > 0;
}
