using System.Globalization;
using TraceImport.Text;

namespace TraceImport.Import;

/// <summary>
/// How a format prints the rows of a dump that gives each row's offset: the layout of its bytes, how it
/// writes an offset (for messages in the format's own notation), and what its grammar says of a row it
/// cannot find a byte in.
/// </summary>
/// <param name="Bytes">The layout of the hex bytes after the offset.</param>
/// <param name="OffsetFormat">A composite format for an offset: "0x{0:x4}" (tcpdump, tshark), "{0:X4}" (Sniffer).</param>
public sealed record RowLayout(HexRunRules Bytes, string OffsetFormat)
{
    /// <summary>Text that is not a group of hex digits ends the row quietly (an ASCII column one space away).</summary>
    public bool TextEndsRow { get; init; }

    /// <summary>The grammar's reading of a row in which no byte was found: the 1-based column and why.</summary>
    public Func<string, (int Column, string Reason)>? Explain { get; init; }

    public string FormatOffset(long offset) => string.Format(CultureInfo.InvariantCulture, OffsetFormat, offset);
}

public sealed partial class PacketDraft
{
    /// <summary>Bytes of the packet before offset 0 of its rows: a header the reader built in front of the dump.</summary>
    public int OffsetBase { get; set; }

    /// <summary>
    /// The text marks the next rows as cut out ("&lt;truncated&gt;", "[...]"): the gap in the offsets that
    /// follows is its own cut, said in the packet's comments, not damage.
    /// </summary>
    public bool CutMarked { get; set; }

    private long lastRowStart;
    private int lastRowLine;

    /// <summary>The offset of the last row read into the packet (0 before any).</summary>
    public long LastRowOffset => Bytes.Length - OffsetBase <= 0 ? 0 : lastRowStart;

    /// <summary>
    /// Reads a row of hex at <paramref name="offset"/> into the packet, the one way every format with row
    /// offsets reads one: the row must follow on from the bytes read. A gap in the offsets is filled with
    /// unknown bytes, said in the packet's comments and reported as damage; a row that starts inside the
    /// one before replaces that row's bytes from there, and is reported; an offset that repeats rows
    /// already read, or lies beyond the largest packet a dump holds, is skipped with its reason. The bytes
    /// are read by <see cref="HexRowScanner"/>, a character that is not a hex digit leaving its nibble
    /// unknown, reported at its column. Nothing is cut or filled silently.
    /// </summary>
    /// <param name="text">The row as the format reads it: the line, or the line cleaned of what a paste added to it.</param>
    /// <param name="offsetColumn">The 1-based column of the offset, for the reports.</param>
    /// <param name="bytesAt">Where the row's bytes start in <paramref name="text"/> (0-based).</param>
    public LineVerdict ReadRow(RegionContext context, SourceLine line, ReadOnlySpan<char> text, long offset, int offsetColumn, int bytesAt, RowLayout layout)
    {
        if (!PlaceRow(context, line, offset, offsetColumn, layout)) return LineVerdict.Skipped;
        var scan = HexRowScanner.Scan(text, bytesAt, layout.Bytes, Bytes, layout.TextEndsRow);
        if (scan.Bytes == 0)
        {
            var (column, reason) = layout.Explain?.Invoke(text.ToString())
                ?? (scan.Fault is null ? (bytesAt + 1, "no hex bytes after the row's offset") : (scan.FaultColumn, scan.Fault));
            return context.Skip(line, column, reason);
        }
        if (scan.IsDamaged) Damaged(context, line, scan.FaultColumn, scan.Fault!);
        LastLine = line.Number;
        return LineVerdict.Used;
    }

    /// <summary>
    /// <see cref="ReadRow"/> for a row whose bytes the format's grammar has read already (its own layout:
    /// right-to-left words, bytes between brackets): placed by the same rules, then appended.
    /// </summary>
    public LineVerdict AppendRow(RegionContext context, SourceLine line, long offset, int offsetColumn, HexRun bytes, RowLayout layout)
    {
        if (!PlaceRow(context, line, offset, offsetColumn, layout)) return LineVerdict.Skipped;
        Bytes.Append(bytes);
        LastLine = line.Number;
        return LineVerdict.Used;
    }

    /// <summary>
    /// Brings the packet to <paramref name="offset"/> bytes by the rules of <see cref="ReadRow"/>, without a
    /// row: the length a dump prints after its last row. False when the offset is skipped (and said).
    /// </summary>
    public bool ReachOffset(RegionContext context, SourceLine line, long offset, int offsetColumn, RowLayout layout) =>
        PlaceRow(context, line, offset, offsetColumn, layout);

    /// <summary>A row read in part: reported for the line (and --strict), and said in the packet's comments.</summary>
    public void Damaged(RegionContext context, SourceLine line, int column, string fault)
    {
        context.Damaged(line, column, fault);
        Comments.Add($"{context.Where(line, column)}: {fault}");
    }

    /// <summary>Brings the packet to where a row at <paramref name="offset"/> starts; false when the row is skipped (and said).</summary>
    private bool PlaceRow(RegionContext context, SourceLine line, long offset, int offsetColumn, RowLayout layout)
    {
        var read = Bytes.Length - OffsetBase;
        if (read <= 0) lastRowStart = 0;
        if (offset > MaxPacketLength)
        {
            context.Skip(line, offsetColumn, $"offset {layout.FormatOffset(offset)} is beyond the largest packet a dump can hold ({MaxPacketLength} bytes)");
            return false;
        }
        if (offset < read)
        {
            if (offset < lastRowStart)
            {
                context.Skip(line, offsetColumn, $"offset {layout.FormatOffset(offset)} repeats bytes already read (expected {layout.FormatOffset(read)})");
                return false;
            }
            // The row before held more bytes than its offset allows: the offsets decide.
            Bytes.Truncate(OffsetBase + (int)offset);
            Damaged(context, line, offsetColumn,
                $"offset {layout.FormatOffset(offset)} falls inside the row before (line {lastRowLine}), which held {read - lastRowStart} bytes; its bytes from {layout.FormatOffset(offset)} on are replaced by this row's");
        }
        else if (offset > read)
        {
            var gap = $"bytes {OffsetBase + read}-{OffsetBase + offset - 1}";
            if (CutMarked)
            {
                Comments.Add($"{gap} cut from the source where it says so (before line {context.LineNumber(line)}), not shown");
            }
            else
            {
                Comments.Add($"{gap} not shown in the source (the offsets jump at line {context.LineNumber(line)})");
                context.Damaged(line, offsetColumn, $"offset {layout.FormatOffset(offset)} jumps over {gap}, which the text does not show");
            }
            Bytes.AppendUnknown((int)(offset - read));
        }
        CutMarked = false;
        lastRowStart = offset;
        lastRowLine = context.LineNumber(line);
        return true;
    }

    private void ResetRows()
    {
        OffsetBase = 0;
        CutMarked = false;
        lastRowStart = 0;
        lastRowLine = 0;
    }
}
