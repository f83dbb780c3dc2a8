using System.Buffers;

namespace TraceImport.Text;

/// <summary>
/// Bytes read from a run of hex digits, with the nibbles that were masked (X) in the text;
/// <c>End</c> is the line position after the run's last token.
/// </summary>
public sealed record HexRun(byte[] Bytes, int[] UnknownNibbles, int End);

/// <summary>How a format lays out its hex bytes.</summary>
/// <param name="TokenDigits">Digits per token (2 for "45 00", 4 for tcpdump's "4500"); 0 allows any even count.
/// The last token of a run may be shorter.</param>
/// <param name="GapEndsRun">This many spaces between tokens end the run (an ASCII column follows); 0: never.</param>
/// <param name="AllowMask">Whether X or x may stand for an unknown nibble.</param>
/// <param name="MaxBytes">At most this many bytes per row (the rest is an ASCII column); 0: no limit.</param>
public readonly record struct HexRunRules(int TokenDigits, int GapEndsRun, bool AllowMask, int MaxBytes);

/// <summary>
/// The hot path of every hex grammar: a hand-written scanner for a run of hex tokens, which
/// <see cref="Lexicon.HexBytes"/> exposes as a Pidgin parser so that grammars compose it like any other parser.
/// </summary>
public static class HexRunParser
{
    /// <summary>Scans hex tokens from <paramref name="start"/> into a new run; <c>End</c> is the position after the last token.</summary>
    public static HexRun Scan(ReadOnlySpan<char> line, int start, HexRunRules rules)
    {
        // One builder a thread, cleared for each run: a grammar scans every row it is shown, recognition included.
        var builder = scratch ??= new PacketBuilder();
        builder.Clear();
        ScanInto(line, start, rules, builder, out var end);
        return new HexRun(builder.Bytes.ToArray(), builder.UnknownNibbles(), end);
    }

    [ThreadStatic] private static PacketBuilder? scratch;

    /// <summary>
    /// Scans hex tokens from <paramref name="start"/> straight into <paramref name="target"/>,
    /// without allocating. Returns the number of bytes appended; <paramref name="end"/> is the position after the last token.
    /// </summary>
    public static int ScanInto(ReadOnlySpan<char> line, int start, HexRunRules rules, PacketBuilder target, out int end)
    {
        var count = 0;
        var position = start;
        end = start;
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
            // Most tokens are two to eight digits, found fastest one character at a time; a longer one (a hex
            // stream's line is one token of hundreds of digits) is searched to its end with a vectorised search.
            var tokenEnd = tokenStart;
            var shortEnd = Math.Min(line.Length, tokenStart + 16);
            while (tokenEnd < shortEnd && IsDigitOrMask(line[tokenEnd], rules.AllowMask)) tokenEnd++;
            if (tokenEnd == shortEnd && tokenEnd < line.Length)
            {
                var more = line[tokenEnd..].IndexOfAnyExcept(rules.AllowMask ? HexDigitsAndMasks : HexDigits);
                tokenEnd = more < 0 ? line.Length : tokenEnd + more;
            }
            var digits = tokenEnd - tokenStart;
            var tokenIsWhole = tokenEnd == line.Length || line[tokenEnd] == ' ' || line[tokenEnd] == '\t';
            if (digits == 0 || digits % 2 != 0 || !tokenIsWhole) break;
            if (rules.TokenDigits > 0 && digits > rules.TokenDigits) break;
            var tokenBytes = digits / 2;
            if (rules.MaxBytes > 0 && count + tokenBytes > rules.MaxBytes) break;

            // A token of hex digits only (a hex stream's whole line, a word of a block) is decoded at once; one with a mask, nibble by nibble.
            if (target.TryAppendHex(line.Slice(tokenStart, digits)))
            {
                count += tokenBytes;
            }
            else
            {
                for (var i = 0; i < digits; i += 2)
                {
                    target.AppendNibbles(NibbleValue(line[tokenStart + i]), NibbleValue(line[tokenStart + i + 1]));
                    count++;
                }
            }
            tokens++;
            lastTokenShort = rules.TokenDigits > 0 && digits < rules.TokenDigits;
            position = tokenEnd;
            end = tokenEnd;
        }
        return count;
    }

    /// <summary>A run of hex digits at the start of a line as a number: the offset of tshark, od and hexdump rows.</summary>
    public static bool TryReadOffset(ReadOnlySpan<char> line, int start, int minDigits, int maxDigits, out long offset, out int end)
    {
        offset = 0;
        end = start;
        while (end < line.Length && end - start < maxDigits + 1 && char.IsAsciiHexDigit(line[end]))
        {
            offset = offset * 16 + NibbleValue(line[end]);
            end++;
        }
        var digits = end - start;
        return digits >= minDigits && digits <= maxDigits;
    }

    private static bool IsDigitOrMask(char c, bool allowMask) =>
        char.IsAsciiHexDigit(c) || (allowMask && (c == 'X' || c == 'x'));

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly SearchValues<char> HexDigitsAndMasks = SearchValues.Create("0123456789abcdefABCDEFXx");

    /// <summary>The nibble's value, or -1 for a mask character.</summary>
    private static int NibbleValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
