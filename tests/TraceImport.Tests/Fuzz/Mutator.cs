using System.Text;

namespace TraceImport.Tests.Fuzz;

/// <summary>Damages a text the ways pasted traces are damaged.</summary>
public static class Mutator
{
    private static readonly string[] Names =
    [
        "flip bytes", "cut a line short", "duplicate a line", "delete a line", "swap two lines", "insert NULs and tabs",
        "insert random binary", "UTF-16 with CR line endings", "truncate the text", "replace hex digits",
    ];

    public static int Kinds => Names.Length;

    public static string Name(int kind) => Names[kind];

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
            default:
                var chars = text.ToCharArray();
                for (var i = 0; i < 1 + random.Next(20) && chars.Length > 0; i++)
                {
                    var p = random.Next(chars.Length);
                    if (char.IsAsciiHexDigit(chars[p])) chars[p] = "0123456789abcdefXzG "[random.Next(20)];
                }
                return Encoding.UTF8.GetBytes(chars);
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
