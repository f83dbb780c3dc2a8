using System.Text;

namespace TraceImport.Tests.Fuzz;

/// <summary>Damages a text the ways pasted traces are damaged, and the ways hostile input is made.</summary>
public static class Mutator
{
    private static readonly string[] Names =
    [
        "flip bytes", "cut a line short", "duplicate a line", "delete a line", "swap two lines", "insert NULs and tabs",
        "insert random binary", "UTF-16 with CR line endings", "truncate the text", "replace hex digits",
        "a huge line", "deep nesting", "another encoding", "binary noise in place of the text",
    ];

    public static int Kinds => Names.Length;

    public static string Name(int kind) => Names[kind];

    /// <summary>The seed of every fuzz test: fixed, so a failure can be replayed; TRACEIMPORT_FUZZ_SEED gives another.</summary>
    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("TRACEIMPORT_FUZZ_SEED"), out var seed) ? seed : 20_260_601;

    /// <summary>A random source for one fixture: the seed and the fixture's name (FNV-1a, the same in every process).</summary>
    public static Random For(string name) => new(Seed ^ (int)StableHash(name));

    /// <summary>FNV-1a (32 bits) over the name's characters.</summary>
    public static uint StableHash(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    public static byte[] Mutate(byte[] input, int kind, Random random)
    {
        var text = Encoding.UTF8.GetString(input);
        var lines = text.Split('\n').ToList();
        int Line() => random.Next(lines.Count);
        switch (kind)
        {
            case 0:
                var flipped = (byte[])input.Clone();
                for (var i = 0; i < 1 + random.Next(8) && flipped.Length > 0; i++) flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                return flipped;
            case 1:
                var cut = Line();
                lines[cut] = lines[cut][..random.Next(lines[cut].Length + 1)];
                break;
            case 2:
                var duplicated = Line();
                lines.Insert(duplicated, lines[duplicated]);
                break;
            case 3:
                if (lines.Count > 1) lines.RemoveAt(Line());
                break;
            case 4:
                var (a, b) = (Line(), Line());
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
            case 5:
                var dirty = Line();
                var at = random.Next(lines[dirty].Length + 1);
                lines[dirty] = lines[dirty][..at] + (random.Next(2) == 0 ? "\0\0" : "\t \t") + lines[dirty][at..];
                break;
            case 6:
                var noise = new byte[random.Next(1, 300)];
                random.NextBytes(noise);
                var where = random.Next(input.Length + 1);
                return input[..where].Concat(noise).Concat(input[where..]).ToArray();
            case 7:
                return Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text.Replace("\r\n", "\n").Replace('\n', '\r'))).ToArray();
            case 8:
                return input[..random.Next(input.Length + 1)];
            case 9:
                var chars = text.ToCharArray();
                for (var i = 0; i < 1 + random.Next(20) && chars.Length > 0; i++)
                {
                    var p = random.Next(chars.Length);
                    if (char.IsAsciiHexDigit(chars[p])) chars[p] = "0123456789abcdefXzG "[random.Next(20)];
                }
                return Encoding.UTF8.GetBytes(chars);
            case 10:
                lines.Insert(Line(), HugeLine(lines[Line()], random));
                break;
            case 11:
                var nested = Line();
                lines[nested] = Nest(lines[nested], random);
                break;
            case 12:
                return Reencode(text, random);
            default:
                var binary = new byte[Math.Max(1, input.Length)];
                random.NextBytes(binary);
                return binary;
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>
    /// A line of one or two megabytes: a row of the trace repeated (just under the line limit, so the
    /// grammars read it), hex digits with no end, or the same character (past the limit).
    /// </summary>
    private static string HugeLine(string row, Random random)
    {
        var length = random.Next(2) == 0 ? 900_000 + random.Next(99_000) : 1_000_001 + random.Next(1_000_000);
        var unit = random.Next(3) switch
        {
            0 when row.Length > 0 => row + " ",
            1 => "0123456789abcdef",
            _ => "4",
        };
        var line = new StringBuilder(length + unit.Length);
        while (line.Length < length) line.Append(unit);
        return line.ToString(0, length);
    }

    /// <summary>A line inside thousands of brackets, behind thousands of indents, or prefixed by its own label again and again.</summary>
    private static string Nest(string line, Random random)
    {
        var depth = 1 + random.Next(20_000);
        return random.Next(4) switch
        {
            0 => new string('(', depth) + line + new string(')', depth),
            1 => new string('\t', depth) + line,
            2 => string.Concat(Enumerable.Repeat("IP:   ", Math.Min(depth, 2000))) + line,
            _ => string.Concat(Enumerable.Repeat("[{<", depth / 3 + 1)) + line,
        };
    }

    /// <summary>The text in another encoding, with or without a byte-order mark, with any line ending.</summary>
    private static byte[] Reencode(string text, Random random)
    {
        var ending = random.Next(3) switch { 0 => "\r", 1 => "\r\n", _ => "\n" };
        text = text.Replace("\r\n", "\n").Replace("\n", ending);
        Encoding encoding = random.Next(7) switch
        {
            0 => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            1 => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            2 => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
            3 => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            4 => Encoding.Latin1,
            5 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            _ => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        };
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
    }
}
