using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.HexStream;

/// <summary>One packet per line of continuous hex: Wireshark's "Copy as Hex Stream", "\x" escapes.</summary>
public sealed class HexStreamFormat : IPrecheckedFormat
{
    public string Name => "hex-stream";

    public string Description => "one packet per line of continuous hex (Wireshark's Copy as Hex Stream), optional 0x or \\x prefixes";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeStream(window.Current.Span);

    /// <summary>
    /// A stream is one token (<see cref="HexStreamGrammar.IsOneToken"/>) read by the hex scanner, which takes
    /// nothing without a hex digit or a mask in it, and of <see cref="HexStreamGrammar.MinimumDigits"/> (a
    /// constant, not a static) at least: two characters to a byte, more where "\x" escapes are cut out.
    /// </summary>
    private static bool MayBeStream(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return text.Length >= HexStreamGrammar.MinimumDigits && text.IndexOfAny(' ', '\t') < 0 && text.IndexOfAny("0123456789abcdefABCDEFXx") >= 0;
    }

    public double RecognizeByGrammar(LineWindow window) => HexStreamGrammar.Read(window.Current.Span) is not null ? Confidence : 0;

    /// <summary>What <see cref="RecognizeByGrammar"/> says of a line that is a stream.</summary>
    private const double Confidence = 0.65;

    public double MostConfident(LineWindow window) => Confidence;

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private bool headingTaken;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;
            if (HexStreamGrammar.Read(line.Span) is not { } stream) return ReadDamaged(line);
            draft.Start(line.Number);
            if (!headingTaken) draft.TakeRegionHeading(context);
            headingTaken = true;
            draft.Bytes.Append(stream);
            draft.Finish(context, format);
            return LineVerdict.Used;
        }

        /// <summary>
        /// A line of the region that is a stream but for a few characters that are not hex digits: read,
        /// those nibbles unknown, and said. Anything else ends the region.
        /// </summary>
        private LineVerdict ReadDamaged(SourceLine line)
        {
            if (!HexStreamGrammar.IsOneToken(line.Text)) return LineVerdict.NotMine;
            var text = HexStreamGrammar.WithoutEscapes(line.Text);
            var start = 0;
            while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
            if (text.AsSpan(start).StartsWith("0x", StringComparison.OrdinalIgnoreCase)) start += 2;
            var digits = text.AsSpan(start).Trim();
            var hex = 0;
            foreach (var c in digits)
            {
                if (char.IsAsciiHexDigit(c) || c is 'X' or 'x') hex++;
            }
            if (digits.Length < HexStreamGrammar.MinimumDigits || digits.Length % 2 != 0 || hex * 10 < digits.Length * 9) return LineVerdict.NotMine;

            draft.Start(line.Number);
            var scan = HexRowScanner.Scan(text, start, new HexRunRules(TokenDigits: 0, GapEndsRun: 0, AllowMask: true, MaxBytes: 0), draft.Bytes);
            // Columns name the line as written, before any \x escapes were taken out.
            var column = text.Length == line.Text.Length ? scan.FaultColumn : 1;
            context.Damaged(line, column, scan.Fault!);
            draft.Comments.Add($"{context.Where(line, column)}: {scan.Fault}");
            draft.Finish(context, format);
            return LineVerdict.Used;
        }

        public void Close() => draft.Finish(context, format);
    }
}
