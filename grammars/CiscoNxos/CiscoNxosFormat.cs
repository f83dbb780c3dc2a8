using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.CiscoNxos;

/// <summary>Cisco NX-OS "ethanalyzer local interface … detail": tshark's protocol tree printed by the switch, rebuilt into frames.</summary>
public sealed class CiscoNxosFormat : IPrecheckedFormat
{
    /// <summary>The width of the terminal the pastes were printed on: a longer line went on at the start of the next.</summary>
    private const int TerminalWidth = 80;

    public string Name => "cisco-nxos";

    public string Description => "Cisco NX-OS 'ethanalyzer … detail': tshark's protocol tree (1.x and later layouts) and the data field's hex; frames rebuilt from the fields";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeEthanalyzerLine(window.Current.Span);

    /// <summary>
    /// <see cref="HoldsEthanalyzerMark"/> on the line as cleaned, where that is the line after any pager prompt
    /// (a line holding what only <see cref="PastedLine.Clean"/> undoes is let through).
    /// </summary>
    private static bool MayBeEthanalyzerLine(ReadOnlySpan<char> line) => !PastedLine.TryCleanInPlace(line, out var shown) || HoldsEthanalyzerMark(shown);

    public double RecognizeByGrammar(LineWindow window)
    {
        var text = PastedLine.Clean(window.Current.Text);
        if (!HoldsEthanalyzerMark(text)) return 0;
        switch (EthanalyzerGrammar.Read(text))
        {
            case CommandLine or CapturingOn:
                // The command or its "Capturing on" line, and ethanalyzer's output after it.
                return window.TryGetNonBlank(1, out var next, out _) && EthanalyzerGrammar.Read(PastedLine.Clean(next.Text))
                    is CapturingOn or FrameHeader or DissectorNote or BriefSummary ? 1.0 : 0;
            case DissectorNote:
                return 1.0;
            case FrameHeader frame:
                // A frame pasted without the command: tshark's layout, under the frame's first line.
                if (!window.TryGetNonBlank(1, out var first, out _) || EthanalyzerGrammar.Read(PastedLine.Clean(first.Text)) is not TreeLine { Content: Field }) return 0;
                return frame.Text.Contains(" bytes on wire, ", StringComparison.Ordinal) ? 0.9 : 0.8;
            default:
                return 0;
        }
    }

    /// <summary>A cheap look before any parser runs: every line of every document is asked.</summary>
    private static bool HoldsEthanalyzerMark(ReadOnlySpan<char> text)
    {
        var line = text.TrimStart(' ');
        return line.StartsWith("Frame ", StringComparison.Ordinal) || line.StartsWith("Capturing on ", StringComparison.Ordinal)
            || line.StartsWith("wireshark-cisco-", StringComparison.OrdinalIgnoreCase) || line.Contains("ethanalyzer", StringComparison.OrdinalIgnoreCase);
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private EthanalyzerFrame? frame;
        private FrameSection? section;
        private string? capturingOn;
        private int packets;
        private int summaries;
        private int? captured;
        private bool zoneless;
        private int joined;
        private int firstLine;
        private int lastLine;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (firstLine == 0) firstLine = line.Number;
            // The rest of a line the terminal wrapped, read with it.
            if (line.Number == joined) return LineVerdict.Used;
            var text = PastedLine.Clean(line.Text);
            if (string.IsNullOrWhiteSpace(text)) return LineVerdict.Used;
            if (text.Length == TerminalWidth && window.TryGet(1, out var next) && Continues(window, PastedLine.Clean(next.Text)))
            {
                text += PastedLine.Clean(next.Text);
                joined = next.Number;
            }
            var verdict = ReadText(window, line, text);
            if (verdict != LineVerdict.NotMine) lastLine = joined > line.Number ? joined : line.Number;
            return verdict;
        }

        /// <summary>Whether the line after an 80-column one is its end, wrapped by the terminal: not a line of the tree's own shape.</summary>
        private static bool Continues(LineWindow window, string next)
        {
            if (string.IsNullOrWhiteSpace(next)) return false;
            var parsed = EthanalyzerGrammar.Read(next);
            if (parsed is not TreeLine tree) return false;
            if (tree.Indent % 4 != 0) return true;
            if (tree.Indent > 0 || tree.Content is DataTitle || EthanalyzerVocabulary.LayerOf(tree.Text) is not null) return false;
            // A protocol's title at the margin has its fields indented under it.
            var title = char.IsAsciiLetterUpper(tree.Text[0]) && window.TryGet(2, out var after) && EthanalyzerGrammar.Read(PastedLine.Clean(after.Text)) is TreeLine { Indent: 4 };
            return !title;
        }

        private LineVerdict ReadText(LineWindow window, SourceLine line, string text)
        {
            switch (EthanalyzerGrammar.Read(text))
            {
                case CommandLine command:
                    Finish();
                    capturingOn ??= command.Interface;
                    return LineVerdict.Used;
                case CapturingOn capturing:
                    Finish();
                    capturingOn = capturing.Interface;
                    return LineVerdict.Used;
                case DissectorNote:
                    return LineVerdict.Used;
                case FrameHeader header:
                    Finish();
                    if (Math.Max(header.OnWire, header.Captured) > PacketDraft.MaxPacketLength)
                    {
                        return context.Skip(line, 1, $"a frame of {Math.Max(header.OnWire, header.Captured):N0} bytes, more than the {PacketDraft.MaxPacketLength:N0} a packet may have: damage, not a frame");
                    }
                    frame = new EthanalyzerFrame(header, line.Number);
                    section = frame.Frame;
                    return LineVerdict.Used;
                case PacketsCaptured count:
                    Finish();
                    captured = (captured ?? 0) + count.Count;
                    return LineVerdict.Used;
                case Prompt:
                    Finish();
                    return LineVerdict.Used;
                case HexRow row:
                    return ReadRow(line, row);
                case BriefSummary:
                    Finish();
                    summaries++;
                    return context.Skip(line, 1, "a line of ethanalyzer's brief view: it prints a summary of each packet and none of its bytes, so no packet can be rebuilt from it (the detail view prints the fields)");
                case TreeLine tree:
                    return ReadTree(window, line, tree);
                default:
                    return LineVerdict.NotMine;
            }
        }

        private LineVerdict ReadRow(SourceLine line, HexRow row)
        {
            if (frame is null) return context.Skip(line, 1, "a row of hex bytes outside any frame");
            if (frame.Hex is null)
            {
                if (row.Offset != 0) return context.Skip(line, 1, $"a row at offset 0x{row.Offset:x4} with no row at offset 0 before it");
                frame.Hex = new();
                frame.HexFirstLine = line.Number;
            }
            if (row.Offset != frame.Hex.Length) return context.Skip(line, 1, $"row offset 0x{row.Offset:x4} does not follow on from the {frame.Hex.Length} bytes read");
            frame.Hex.Append(row.Bytes);
            frame.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private LineVerdict ReadTree(LineWindow window, SourceLine line, TreeLine tree)
        {
            if (frame is null || section is null) return LineVerdict.NotMine;
            // tshark indents a frame's own lines by four spaces; a page that collapsed them leaves the tree flat.
            frame.Collapsed ??= tree.Indent < 4 && EthanalyzerVocabulary.LayerOf(tree.Text) is null;
            if (frame.Collapsed == true && tree.Indent < 4 && Flattened(window, tree) is { } level) tree = level;
            if (tree.Content is DataTitle title)
            {
                if (title.Length > PacketDraft.MaxPacketLength) return context.Skip(line, 1, $"{title.Length:N0} data bytes, more than a packet may have");
                frame.Data = new DataField(title.Length, line.Number, tree.Indent, frame.Sections.Count - 1);
            }
            else if (tree.Indent == 0)
            {
                var layer = EthanalyzerVocabulary.LayerOf(tree.Text);
                // Prose after a frame is not a protocol's title: a title has its fields under it.
                if (layer is null && !(char.IsAsciiLetterOrDigit(tree.Text[0]) && window.TryGet(1, out var next)
                        && EthanalyzerGrammar.Read(PastedLine.Clean(next.Text)) is TreeLine under && (under.Indent >= 4 || frame.Collapsed == true && under.Content is Field or BitField or Generated)))
                {
                    Finish();
                    return LineVerdict.NotMine;
                }
                section = new FrameSection(tree.Text, line.Number, layer);
                frame.Sections.Add(section);
            }
            else if (frame.Data is { Printed: null } data && tree.Indent > data.Indent && tree.Content is Field { Label: "Data" } bytes)
            {
                if (EthanalyzerGrammar.Values.Bytes.ParseLine(bytes.Value) is { Success: true, Value: var printed }) data.Printed = (printed, line.Number);
                else return context.Skip(line, 1, $"the Data line's value '{bytes.Value}' is not hex bytes");
            }
            else
            {
                section.Lines.Add((tree, line.Number));
            }
            frame.LastLine = joined > line.Number ? joined : line.Number;
            return LineVerdict.Used;
        }

        /// <summary>
        /// A line of a flattened tree, at the level its kind says it was printed at: a field under its
        /// protocol's title, a bit line or a TCP option under its field. Null for a protocol's title, which
        /// stays at the margin: one the vocabulary names, or words without a colon that fields follow.
        /// </summary>
        private static TreeLine? Flattened(LineWindow window, TreeLine tree)
        {
            if (tree.Content is DataTitle || EthanalyzerVocabulary.LayerOf(tree.Text) is not null) return null;
            var text = tree.Text.Trim();
            var option = EthanalyzerGrammar.Values.TcpOption.ParseLine(text).Success;
            return tree.Content switch
            {
                Field when !option => tree with { Indent = 4 },
                Field or BitField or Generated => tree with { Indent = 8 },
                _ when option => tree with { Indent = 8 },
                _ when window.TryGet(1, out var next) && EthanalyzerGrammar.Read(PastedLine.Clean(next.Text)) is TreeLine { Content: Field or BitField or Generated } => null,
                _ => tree with { Indent = 8 },
            };
        }

        private void Finish()
        {
            if (frame is not null)
            {
                var rebuilt = EthanalyzerRebuild.Build(frame, context, format, capturingOn);
                if (rebuilt.Packet is not null) packets++;
                zoneless |= rebuilt.ZonelessTime;
            }
            frame = null;
            section = null;
        }

        public void Close()
        {
            Finish();
            if (captured is { } count && count != packets + summaries)
            {
                context.Warn($"{context.Span(firstLine, lastLine)}: ethanalyzer says {count} packet(s) captured; {packets + summaries} were read");
            }
            if (zoneless) context.Warn(VendorTime.ZoneWarning(context, firstLine, lastLine, "ethanalyzer"));
        }
    }
}
