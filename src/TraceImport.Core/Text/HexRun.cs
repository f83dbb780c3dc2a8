using Sprache;

namespace TraceImport.Text;

/// <summary>
/// Bytes read from a run of hex digits, with the nibbles that were masked (X) in the text;
/// <c>End</c> is the line position after the run's last token.
/// </summary>
public sealed record HexRun(byte[] Bytes, int[] UnknownNibbles, int StartColumn, int End);

/// <summary>How a format lays out its hex bytes.</summary>
/// <param name="TokenDigits">Digits per token (2 for "45 00", 4 for tcpdump's "4500"); 0 allows any even count.
/// The last token of a run may be shorter.</param>
/// <param name="GapEndsRun">This many spaces between tokens end the run (an ASCII column follows); 0: never.</param>
/// <param name="AllowMask">Whether X or x may stand for an unknown nibble.</param>
/// <param name="MaxBytes">At most this many bytes per row (the rest is an ASCII column); 0: no limit.</param>
public readonly record struct HexRunRules(int TokenDigits, int GapEndsRun, bool AllowMask, int MaxBytes);

/// <summary>
/// The hot path of every hex grammar: a hand-written scanner for a run of hex tokens, exposed as a
/// Sprache parser so that grammars compose it like any other parser.
/// </summary>
public static class HexRunParser
{
    public static Parser<HexRun> Create(HexRunRules rules) => input =>
    {
        var line = input.Source;
        var start = input.Position;
        var scan = Scan(line, start, rules);
        if (scan.Bytes.Length == 0)
        {
            return Result.Failure<HexRun>(input, "hex bytes", ["hex bytes"]);
        }
        var rest = input is LineInput lineInput ? lineInput.AdvanceTo(scan.End) : AdvanceSlowly(input, scan.End - start);
        return Result.Success(scan, rest);
    };

    private static IInput AdvanceSlowly(IInput input, int count)
    {
        for (var i = 0; i < count; i++) input = input.Advance();
        return input;
    }

    /// <summary>Scans hex tokens from <paramref name="start"/>; <c>End</c> is the position after the last token.</summary>
    public static HexRun Scan(string line, int start, HexRunRules rules)
    {
        Span<byte> buffer = stackalloc byte[256];
        byte[]? big = null;
        List<int>? unknown = null;
        var count = 0;
        var position = start;
        var end = start;
        var tokens = 0;
        var lastTokenShort = false;

        while (position < line.Length)
        {
            var gapStart = position;
            while (position < line.Length && (line[position] == ' ' || line[position] == '\t')) position++;
            var gap = position - gapStart;
            if (position >= line.Length) break;
            if (tokens > 0 && gap == 0) break;
            if (tokens > 0 && rules.GapEndsRun > 0 && gap >= rules.GapEndsRun) break;
            if (lastTokenShort) break;

            var tokenStart = position;
            var tokenEnd = tokenStart;
            while (tokenEnd < line.Length && IsDigitOrMask(line[tokenEnd], rules.AllowMask)) tokenEnd++;
            var digits = tokenEnd - tokenStart;
            var tokenIsWhole = tokenEnd == line.Length || line[tokenEnd] == ' ' || line[tokenEnd] == '\t';
            if (digits == 0 || digits % 2 != 0 || !tokenIsWhole) break;
            if (rules.TokenDigits > 0 && digits > rules.TokenDigits) break;
            var tokenBytes = digits / 2;
            if (rules.MaxBytes > 0 && count + tokenBytes > rules.MaxBytes) break;

            if (count + tokenBytes > buffer.Length)
            {
                var grown = new byte[Math.Max(buffer.Length * 2, count + tokenBytes)];
                buffer[..count].CopyTo(grown);
                big = grown;
                buffer = grown;
            }
            for (var i = 0; i < digits; i += 2)
            {
                var hi = NibbleValue(line[tokenStart + i]);
                var lo = NibbleValue(line[tokenStart + i + 1]);
                if (hi < 0) (unknown ??= []).Add(count * 2);
                if (lo < 0) (unknown ??= []).Add(count * 2 + 1);
                buffer[count++] = (byte)((Math.Max(hi, 0) << 4) | Math.Max(lo, 0));
            }
            tokens++;
            lastTokenShort = rules.TokenDigits > 0 && digits < rules.TokenDigits;
            position = tokenEnd;
            end = tokenEnd;
        }

        var bytes = big is not null ? big.AsSpan(0, count).ToArray() : buffer[..count].ToArray();
        return new HexRun(bytes, unknown?.ToArray() ?? [], start + 1, end);
    }

    private static bool IsDigitOrMask(char c, bool allowMask) =>
        char.IsAsciiHexDigit(c) || (allowMask && (c == 'X' || c == 'x'));

    /// <summary>The nibble's value, or -1 for a mask character.</summary>
    private static int NibbleValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
