using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.OffsetHex;

/// <summary>od -Ax -tx1, hexdump -C and text2pcap's input: offset, bytes; a packet starts at offset 0.</summary>
public sealed class OffsetHexFormat : IPrecheckedFormat
{
    public string Name => "offset-hex";

    public string Description => "od -Ax -tx1, hexdump -C, text2pcap input: hex offset then bytes; each packet starts at offset 0";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => StartsWithOffsetAndByte(window.Current.Span);

    /// <summary>
    /// A row is its offset, unindented (three to ten hex digits, <see cref="OffsetHexGrammar.Offset"/>), blanks,
    /// then a byte of two hex digits or masks standing alone: the hex scanner reads nothing from a wider group.
    /// </summary>
    private static bool StartsWithOffsetAndByte(ReadOnlySpan<char> line)
    {
        var offset = 0;
        while (offset < line.Length && offset <= 10 && char.IsAsciiHexDigit(line[offset])) offset++;
        if (offset is < 3 or > 10) return false;
        var at = offset;
        while (at < line.Length && line[at] is ' ' or '\t') at++;
        return at > offset && at + 2 <= line.Length && IsDigitOrMask(line[at]) && IsDigitOrMask(line[at + 1])
               && (at + 2 == line.Length || line[at + 2] is ' ' or '\t');
    }

    private static bool IsDigitOrMask(char c) => char.IsAsciiHexDigit(c) || c is 'X' or 'x';

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (!OffsetHexGrammar.StartsWithHexDigit(line)) return 0;
        var row = OffsetHexGrammar.Row.ParseLine(line);
        if (!row.Success || row.Value.Offset != 0) return 0;
        // The next row, if there is one, starts a packet or carries on within this row's reach
        // (not beyond it: an ASCII column read as hex can only make a row look longer). The row's
        // length is the scanner's, which reads past a damaged byte as the reader will.
        HexRunParser.TryReadOffset(line, 0, 3, 10, out _, out var offsetEnd);
        var length = HexRowScanner.Scan(line, offsetEnd, OffsetHexGrammar.HexRules, new PacketBuilder(), textEndsRow: true).Bytes;
        if (window.TryGet(1, out var next) && OffsetHexGrammar.Row.ParseLine(next.Text) is { Success: true } nextRow
            && nextRow.Value.Offset > length)
        {
            return 0;
        }
        return Confidence(line);
    }

    public double MostConfident(LineWindow window) => Confidence(window.Current.Span);

    /// <summary>What a row that starts a packet says: most for hexdump -C's bar, then for od's six-digit offsets.</summary>
    private static double Confidence(ReadOnlySpan<char> line)
    {
        if (line.Contains('|')) return 0.85; // hexdump -C
        var offsetDigits = line.IndexOf(' ');
        return offsetDigits >= 6 ? 0.8 : 0.7; // od prints at least six digits
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private static readonly RowLayout Rows = new(OffsetHexGrammar.HexRules, "0x{0:x}") { TextEndsRow = true };

        private readonly PacketDraft draft = new();
        private (byte[] Data, KnownMask? Unknown)? repeated;
        private bool headingTaken;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;
            var text = line.Span;
            if (text[0] == '#') return LineVerdict.Used; // a comment or directive
            if (text[0] == '*' && text[1..].IsWhiteSpace())
            {
                if (!draft.IsStarted || draft.Bytes.Length == 0) return context.Skip(line, 1, "'*' (repeat the row before) with no row before it");
                repeated = draft.Bytes.Copy((int)draft.LastRowOffset);
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (!OffsetHexGrammar.StartsWithHexDigit(text)) return LineVerdict.NotMine;

            // The hot path: the grammar's row (offset, blanks, a first group of two digits) told by hand; the
            // grammar explains a line that is not one.
            if (HexRunParser.TryReadOffset(text, 0, 3, 10, out var offset, out var offsetEnd))
            {
                if (text[offsetEnd..].IsWhiteSpace()) return ReadEnd(line, offset);
                if (OffsetHexGrammar.IsRowAfterOffset(text, offsetEnd)) return ReadRow(line, offset, offsetEnd);
            }
            if (!draft.IsStarted) return LineVerdict.NotMine;
            var row = OffsetHexGrammar.Row.ParseLine(line.Text);
            return context.Skip(line, row.Column, row.Describe());
        }

        private LineVerdict ReadRow(SourceLine line, long offset, int bytesAt)
        {
            if (offset == 0)
            {
                draft.Finish(context, format);
                draft.Start(line.Number);
                if (!headingTaken) draft.TakeRegionHeading(context);
                headingTaken = true;
                repeated = null;
            }
            else if (!draft.IsStarted)
            {
                return context.Skip(line, 1, $"row at offset 0x{offset:x} with no packet before it (a packet starts at offset 0)");
            }
            Repeat(offset);
            return draft.ReadRow(context, line, line.Span, offset, 1, bytesAt, Rows);
        }

        private LineVerdict ReadEnd(SourceLine line, long offset)
        {
            if (!draft.IsStarted) return context.Skip(line, 1, "an offset with no bytes and no packet before it");
            Repeat(offset);
            if (!draft.ReachOffset(context, line, offset, 1, Rows)) return LineVerdict.Skipped;
            draft.LastLine = line.Number;
            draft.Finish(context, format);
            return LineVerdict.Used;
        }

        /// <summary>Fills the rows a '*' stands for, up to <paramref name="offset"/>, with the row before it.</summary>
        private void Repeat(long offset)
        {
            if (repeated is not { Data.Length: > 0 } row) return;
            while (draft.Bytes.Length < Math.Min(offset, PacketDraft.MaxPacketLength))
            {
                var take = (int)Math.Min(row.Data.Length, offset - draft.Bytes.Length);
                draft.Bytes.Append(row.Data.AsSpan(0, take), row.Unknown);
            }
            repeated = null;
        }

        public void Close() => draft.Finish(context, format);
    }
}
