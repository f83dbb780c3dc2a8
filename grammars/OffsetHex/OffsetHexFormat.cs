using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.OffsetHex;

/// <summary>od -Ax -tx1, hexdump -C and text2pcap's input: offset, bytes; a packet starts at offset 0.</summary>
public sealed class OffsetHexFormat : ITraceFormat
{
    public string Name => "offset-hex";

    public string Description => "od -Ax -tx1, hexdump -C, text2pcap input: hex offset then bytes; each packet starts at offset 0";

    public double RecognizeStart(LineWindow window)
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
        if (line.Contains('|')) return 0.85; // hexdump -C
        var offsetDigits = line.IndexOf(' ');
        return offsetDigits >= 6 ? 0.8 : 0.7; // od prints at least six digits
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly PacketBuilder scratch = new();
        private (byte[] Data, KnownMask? Unknown)? previousRow;
        private long previousRowOffset;
        private bool repeatPending;
        private bool headingTaken;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;
            if (OffsetHexGrammar.Comment.ParseLine(line.Text).Success) return LineVerdict.Used;
            if (OffsetHexGrammar.RepeatMarker.ParseLine(line.Text).Success)
            {
                if (previousRow is null) return context.Skip(line, 1, "'*' (repeat the row before) with no row before it");
                repeatPending = true;
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (!OffsetHexGrammar.StartsWithHexDigit(line.Text)) return LineVerdict.NotMine;

            var end = OffsetHexGrammar.EndOffset.ParseLine(line.Text);
            if (end.Success) return ReadEnd(line, end.Value.Offset);

            var row = OffsetHexGrammar.Row.ParseLine(line.Text);
            if (!row.Success) return draft.IsStarted ? context.Skip(line, row.Column, row.Describe()) : LineVerdict.NotMine;

            // The grammar says the line is a row; the bytes are read again by the scanner, which tells a
            // damaged byte ("2z") from the ASCII column and says where.
            HexRunParser.TryReadOffset(line.Text, 0, 3, 10, out _, out var offsetEnd);
            scratch.Clear();
            var scan = HexRowScanner.Scan(line.Text, offsetEnd, OffsetHexGrammar.HexRules, scratch, textEndsRow: true);
            var bytes = scratch.Build();
            var verdict = ReadRow(line, row.Value.Offset, bytes);
            if (verdict == LineVerdict.Used && scan.IsDamaged)
            {
                context.Damaged(line, scan.FaultColumn, scan.Fault!);
                draft.Comments.Add($"{context.Where(line, scan.FaultColumn)}: {scan.Fault}");
            }
            return verdict;
        }

        private LineVerdict ReadRow(SourceLine line, long offset, (byte[] Data, KnownMask? Unknown) run)
        {
            if (offset == 0)
            {
                draft.Finish(context, format);
                draft.Start(line.Number);
                if (!headingTaken) draft.TakeRegionHeading(context);
                headingTaken = true;
                repeatPending = false;
            }
            else if (!draft.IsStarted)
            {
                return context.Skip(line, 1, $"row at offset 0x{offset:x} with no packet before it (a packet starts at offset 0)");
            }
            else if (!Reach(line, offset))
            {
                return LineVerdict.Skipped;
            }

            draft.Bytes.Append(run.Data, run.Unknown);
            draft.LastLine = line.Number;
            previousRow = run;
            previousRowOffset = offset;
            return LineVerdict.Used;
        }

        private LineVerdict ReadEnd(SourceLine line, long offset)
        {
            if (!draft.IsStarted) return context.Skip(line, 1, "an offset with no bytes and no packet before it");
            if (!Reach(line, offset)) return LineVerdict.Skipped;
            draft.LastLine = line.Number;
            draft.Finish(context, format);
            previousRow = null;
            return LineVerdict.Used;
        }

        /// <summary>Brings the packet to <paramref name="offset"/> bytes: fills a '*' repeat, or drops an ASCII column read as hex.</summary>
        private bool Reach(SourceLine line, long offset)
        {
            if (offset > PacketDraft.MaxPacketLength)
            {
                context.Skip(line, 1, $"offset 0x{offset:x} is beyond the largest packet a dump can hold ({PacketDraft.MaxPacketLength} bytes)");
                return false;
            }
            if (repeatPending && previousRow is { Data.Length: > 0 } repeated)
            {
                while (draft.Bytes.Length < offset)
                {
                    var take = (int)Math.Min(repeated.Data.Length, offset - draft.Bytes.Length);
                    draft.Bytes.Append(repeated.Data.AsSpan(0, take), repeated.Unknown);
                }
                repeatPending = false;
            }
            if (offset > previousRowOffset && offset < draft.Bytes.Length)
            {
                // The previous row read past its end: like text2pcap, trust the offsets over the text.
                draft.Bytes.Truncate((int)offset);
            }
            if (offset != draft.Bytes.Length)
            {
                context.Skip(line, 1, $"offset 0x{offset:x} does not follow on from the {draft.Bytes.Length} bytes read");
                return false;
            }
            return true;
        }

        public void Close() => draft.Finish(context, format);
    }
}
