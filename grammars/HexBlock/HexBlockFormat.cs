using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.HexBlock;

/// <summary>
/// Hex pasted into tickets, forum posts and books: words of any grouping, X for masked nibbles,
/// with or without addresses; one packet per block of rows, a block ending at a blank or prose line.
/// </summary>
public sealed class HexBlockFormat : IPrecheckedFormat
{
    /// <summary>Fewer bytes than an Ethernet header are not taken for a packet.</summary>
    public const int MinimumPacketBytes = 14;

    public string Name => "hex-block";

    public string Description => "hex blocks from tickets and books: words of any width, X-masked nibbles, optional addresses; one packet per block";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => StartsWithHexWord(window.Current.Span);

    /// <summary>What <see cref="RecognizeByGrammar"/> says of rows that start a packet.</summary>
    private const double Confidence = 0.6;

    public double MostConfident(LineWindow window) => Confidence;

    /// <summary>
    /// The first line must be a row. After its indentation, its first token is an address (hex digits and
    /// ':') or a word, which the hex scanner reads only when it is hex digits or masks throughout, an even
    /// number of them.
    /// </summary>
    private static bool StartsWithHexWord(ReadOnlySpan<char> line)
    {
        var start = LineStart.Unindented(line);
        var end = start.IndexOfAny(' ', '\t');
        var token = end < 0 ? start : start[..end];
        if (token.Length > 1 && token[^1] == ':' && !token[..^1].ContainsAnyExcept(HexDigits)) return true;
        return token.Length > 0 && token.Length % 2 == 0 && !token.ContainsAnyExcept(HexDigitsAndMasks);
    }

    private const string HexDigits = "0123456789abcdefABCDEF";

    private const string HexDigitsAndMasks = HexDigits + "Xx";

    public double RecognizeByGrammar(LineWindow window)
    {
        var bytes = 0;
        var width = 0;
        for (var ahead = 0; window.TryGet(ahead, out var line); ahead++)
        {
            var row = HexBlockGrammar.Row.ParseLine(line.Span);
            if (row.Success)
            {
                bytes += row.Value.Bytes.Bytes.Length;
                width = HexBlockGrammar.WordWidth(line.Span);
            }
            else if (ahead > 0 && HexBlockGrammar.DamagedRowStart(line.Span, width) is not null)
            {
                bytes += line.Text.Trim().Length / (width + 1) * width / 2; // about its bytes: a damaged row counts as one
            }
            else
            {
                break;
            }
            if (bytes >= MinimumPacketBytes) return Confidence;
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private bool inHandDecode;
        private int wordWidth;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank)
            {
                // A hand-made decode of the block may follow after a blank line; otherwise the block ends here.
                return draft.IsStarted && window.TryGetNonBlank(1, out var next, out var at) && at <= 2 && IsHandDecode(window, next, at)
                    ? LineVerdict.Used
                    : LineVerdict.NotMine;
            }
            if (!inHandDecode && HexBlockGrammar.Row.ParseLine(line.Span) is { Success: true } row)
            {
                if (!draft.IsStarted)
                {
                    draft.Start(line.Number);
                    draft.TakeRegionHeading(context);
                }
                draft.Bytes.Append(row.Value.Bytes);
                draft.LastLine = line.Number;
                wordWidth = row.Value.Bytes.Bytes.Length == 0 ? wordWidth : HexBlockGrammar.WordWidth(line.Span);
                return LineVerdict.Used;
            }
            if (!inHandDecode && draft.IsStarted && HexBlockGrammar.DamagedRowStart(line.Span, wordWidth) is { } start)
            {
                // A row of the block with a character that is not a hex digit in a word: read, the nibble unknown, and said.
                var scan = HexRowScanner.Scan(line.Text, start, new HexRunRules(TokenDigits: wordWidth, GapEndsRun: 2, AllowMask: true, MaxBytes: 0), draft.Bytes);
                context.Damaged(line, scan.FaultColumn, scan.Fault!);
                draft.Comments.Add($"{context.Where(line, scan.FaultColumn)}: {scan.Fault}");
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            if (draft.IsStarted && IsHandDecode(window, line, 0))
            {
                inHandDecode = true;
                draft.HandDecode.Add(HexBlockGrammar.HandDecode.ParseLine(line.Text).Value with { Line = line.Number });
                return LineVerdict.Used;
            }
            return LineVerdict.NotMine;
        }

        /// <summary>A hand-decode line: a label and a hex value, or a short label alone ("Triggering Packet") before one.</summary>
        private static bool IsHandDecode(LineWindow window, SourceLine line, int at)
        {
            var parsed = HexBlockGrammar.HandDecode.ParseLine(line.Text);
            if (!parsed.Success) return false;
            if (parsed.Value.Hex is not null) return true;
            return parsed.Value.Label.Split(' ').Length <= 3 && window.TryGet(at + 1, out var after)
                && HexBlockGrammar.HandDecode.ParseLine(after.Text) is { Success: true, Value.Hex: not null };
        }

        public void Close() => draft.Finish(context, format);
    }
}
