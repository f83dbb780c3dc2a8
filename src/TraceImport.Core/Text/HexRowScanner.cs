namespace TraceImport.Text;

/// <summary>
/// What reading the bytes of one row gave: how many bytes were appended, where the bytes end, and the
/// first fault, if any (1-based column and what was wrong), for the row to be reported as damaged.
/// </summary>
public readonly record struct RowScan(int Bytes, int End, int FaultColumn, string? Fault)
{
    public bool IsDamaged => Fault is not null;
}

/// <summary>
/// Reads the bytes of a row of a dump whose layout is fixed (tcpdump's 16-bit groups, tshark's single
/// bytes), straight into the packet, and says where the row breaks that layout instead of stopping
/// silently: a group holding a character that is not a hex digit is read with that nibble unknown, a
/// row with more bytes than the format prints is read whole, and text where a group should be ends
/// the row with its column named. The ASCII column (set apart by a wide gap or a tab) ends the row.
/// </summary>
public static class HexRowScanner
{
    /// <param name="textEndsRow">Text that is not a group ends the row quietly (an ASCII column a single space
    /// away, as some dumps print it); a group of the right width with a character that is not a hex digit is
    /// still read as damaged.</param>
    public static RowScan Scan(ReadOnlySpan<char> line, int start, HexRunRules rules, PacketBuilder target, bool textEndsRow = false)
    {
        // Most rows are plain: whole groups of hex digits, ended by the ASCII column or the line's end.
        return TryScanPlain(line, start, rules, target, out var plain) ? plain : ScanGeneral(line, start, rules, target, textEndsRow);
    }

    /// <summary>The general path alone: every row, plain or not, read and its faults named (the fast path's reference).</summary>
    public static RowScan ScanGeneral(ReadOnlySpan<char> line, int start, HexRunRules rules, PacketBuilder target, bool textEndsRow = false)
    {
        var position = start;
        var end = start;
        var count = 0;
        var groups = 0;
        var faultColumn = 0;
        string? fault = null;

        void Fault(int column, string what)
        {
            if (fault is not null) return;
            faultColumn = column;
            fault = what;
        }

        while (position < line.Length)
        {
            if (RowEndsAtGap(line, ref position, groups, rules)) break;

            var tokenStart = position;
            while (position < line.Length && line[position] != ' ' && line[position] != '\t') position++;
            var length = position - tokenStart;
            var digits = 0;
            for (var i = tokenStart; i < position; i++)
            {
                if (IsDigitOrMask(line[i], rules.AllowMask)) digits++;
            }

            // Where text may follow a row one space away, what follows a full row is that text, hex-looking or not.
            if (textEndsRow && rules.MaxBytes > 0 && count >= rules.MaxBytes) break;

            var expected = rules.TokenDigits > 0 ? rules.TokenDigits : length;
            var wide = rules.TokenDigits > 0 && length > rules.TokenDigits;
            if (length % 2 != 0 || digits == 0 || (wide && digits < length) || (textEndsRow && digits < length && length != rules.TokenDigits))
            {
                if (textEndsRow && count > 0) break;
                // Not a group at all: ASCII after a single space, a word typed into the row, a group cut in two.
                Fault(tokenStart + 1, count == 0
                    ? $"expected hex bytes, found '{Snippet(line, tokenStart)}'"
                    : $"'{Snippet(line, tokenStart)}' where a group of {expected} hex digits should be; the rest of the row is not read");
                break;
            }
            if (digits < length)
            {
                var bad = tokenStart;
                while (IsDigitOrMask(line[bad], rules.AllowMask)) bad++;
                Fault(bad + 1, $"'{line[bad]}' is not a hex digit; its nibble is unknown");
            }
            else if (wide)
            {
                Fault(tokenStart + 1, $"a group of {length} hex digits where the format prints {rules.TokenDigits}; read as {length / 2} bytes");
            }

            for (var i = tokenStart; i < position; i += 2)
            {
                target.AppendNibbles(NibbleValue(line[i], rules.AllowMask), NibbleValue(line[i + 1], rules.AllowMask));
                count++;
            }
            groups++;
            end = position;
            if (rules.MaxBytes > 0 && count > rules.MaxBytes && count - length / 2 <= rules.MaxBytes)
            {
                Fault(tokenStart + 1, $"more than {rules.MaxBytes} bytes in a row where the format prints {rules.MaxBytes}; every byte is read");
            }
        }
        return new RowScan(count, end, faultColumn, fault);
    }

    /// <summary>The most bytes a plain row may hold: a longer row is read by the general path.</summary>
    private const int PlainRowLimit = 64;

    /// <summary>
    /// The fast path, for a row of two- or four-digit groups that are hex digits only: decoded by table,
    /// written to the packet at once. Anything else — a mask, a character that is not a hex digit, a group of
    /// another width, more bytes than the format prints — gives false before a byte is written, and the
    /// general path reads the row and says what is wrong with it. Where it gives true, the general path
    /// would read the same bytes, end at the same column and find no fault.
    /// </summary>
    public static bool TryScanPlain(ReadOnlySpan<char> line, int start, HexRunRules rules, PacketBuilder target, out RowScan result)
    {
        result = default;
        if (rules.TokenDigits is not (2 or 4)) return false;
        Span<byte> bytes = stackalloc byte[PlainRowLimit];
        var count = 0;
        var position = start;
        var end = start;
        var groups = 0;
        if (HexRowVector.TryDecodeFullRow(line, start, rules, bytes, out var vectorGroups, out var vectorEnd))
        {
            // The row's first sixteen bytes, checked and decoded at once; the loop reads on from there as if it had read them.
            count = 16;
            groups = vectorGroups;
            position = end = vectorEnd;
        }
        while (position < line.Length)
        {
            if (RowEndsAtGap(line, ref position, groups, rules)) break;

            // A group: two digits, or four where the format prints four, then a blank or the line's end.
            var digits = rules.TokenDigits == 4 && position + 4 <= line.Length && IsGroupEnd(line, position + 4) ? 4 : 2;
            if (position + digits > line.Length || !IsGroupEnd(line, position + digits) || count + digits / 2 > PlainRowLimit) return false;
            var invalid = 0;
            for (var i = position; i < position + digits; i += 2)
            {
                var high = Nibble(line[i]);
                var low = Nibble(line[i + 1]);
                invalid |= high | low;
                bytes[count++] = (byte)(high << 4 | low);
            }
            if (invalid < 0 || (rules.MaxBytes > 0 && count > rules.MaxBytes)) return false;
            position += digits;
            end = position;
            groups++;
        }
        target.AppendKnown(bytes[..count]);
        result = new RowScan(count, end, 0, null);
        return true;
    }

    /// <summary>
    /// Skips the blanks before the next group; true when the row's hex ends there: at the line's end, at a tab or
    /// (where the rules say) a wide gap after some groups, or at hexdump -C's ASCII column.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // once per group of every row
    private static bool RowEndsAtGap(ReadOnlySpan<char> line, ref int position, int groups, HexRunRules rules)
    {
        var gapStart = position;
        var tab = false;
        while (position < line.Length && (line[position] == ' ' || line[position] == '\t'))
        {
            tab |= line[position] == '\t';
            position++;
        }
        return position >= line.Length
            || groups > 0 && (tab || (rules.GapEndsRun > 0 && position - gapStart >= rules.GapEndsRun))
            || line[position] == '|';
    }

    private static bool IsGroupEnd(ReadOnlySpan<char> line, int at) => at == line.Length || line[at] == ' ' || line[at] == '\t';

    /// <summary>A hex digit's value, or -1 for any other character.</summary>
    private static int Nibble(char c) => c < 128 ? NibbleTable[c] : -1;

    private static ReadOnlySpan<sbyte> NibbleTable =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    private static bool IsDigitOrMask(char c, bool allowMask) =>
        char.IsAsciiHexDigit(c) || (allowMask && (c == 'X' || c == 'x'));

    private static int NibbleValue(char c, bool allowMask) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        'X' or 'x' when allowMask => PacketBuilder.MaskedNibble,
        _ => PacketBuilder.UnreadableNibble,
    };

    private static string Snippet(ReadOnlySpan<char> line, int position) => line.Slice(position, Math.Min(12, line.Length - position)).TrimEnd().ToString();
}
