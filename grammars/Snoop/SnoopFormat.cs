using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.Snoop;

/// <summary>Solaris snoop -v (and -x, -V around it): the verbose decode of each packet, rebuilt into bytes.</summary>
public sealed class SnoopFormat : IPrecheckedFormat
{
    public string Name => "snoop";

    public string Description => "Solaris snoop -v verbose decode (ETHER:, IP:, TCP: … lines), with its -x hex when present; packets rebuilt from the fields";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeTaggedOrOffsetLine(window.Current.Span);

    /// <summary>
    /// <see cref="SnoopGrammar.MayBeLine"/>'s test without its table of tags: before the first colon, a
    /// decimal offset, or a word shaped as every tag snoop prints is (an upper-case letter first, then
    /// letters, digits, '_' or '-').
    /// </summary>
    private static bool MayBeTaggedOrOffsetLine(ReadOnlySpan<char> line)
    {
        var text = line.TrimStart(" \t");
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var head = text[..colon];
        if (!head.ContainsAnyExceptInRange('0', '9')) return true;
        if (!char.IsAsciiLetterUpper(head[0])) return false;
        foreach (var c in head)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-') return false;
        }
        return true;
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (!SnoopGrammar.MayBeLine(line)) return 0;
        if (SnoopGrammar.TryLine(line) is { } snoop) return snoop.Content is SectionStart ? 0.95 : 0.7;
        // snoop -x prints the hex before the decode.
        if (SnoopGrammar.HexRow.ParseLine(line) is { Success: true, Value.Offset: 0 })
        {
            for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
            {
                if (SnoopGrammar.TryLine(next.Text) is not null) return 1.0;
                if (!next.IsBlank && !SnoopGrammar.HexRow.ParseLine(next.Text).Success) return 0;
            }
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private SnoopPacket packet = new();
        private SnoopSection? section;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;

            if (SnoopGrammar.TryLine(line.Text) is { } snoop) return ReadVerbose(line, snoop);
            var hex = SnoopGrammar.HexRow.ParseLine(line.Text);
            if (hex.Success) return ReadHex(line, hex.Value);
            if (line.Text.TrimStart().StartsWith("____", StringComparison.Ordinal)) return LineVerdict.Used; // -V separator
            return LineVerdict.NotMine;
        }

        private LineVerdict ReadVerbose(SourceLine line, SnoopLine snoop)
        {
            switch (snoop.Content)
            {
                case SectionStart start:
                    // An Ether header begins a packet (its -x hex, when printed, came just before).
                    if (snoop.Protocol == "ETHER" && packet.Sections.Count > 0) Finish();
                    if (packet.IsEmpty) packet.FirstLine = line.Number;
                    section = new SnoopSection(snoop.Protocol, start.Title, line.Number);
                    packet.Sections.Add(section);
                    break;
                case Arrival arrival:
                    packet.Arrival = arrival;
                    break;
                default:
                    if (section is null || section.Protocol != snoop.Protocol)
                    {
                        // A line of a layer whose section header is missing (cut from a paste): a section of its own.
                        section = new SnoopSection(snoop.Protocol, snoop.Protocol, line.Number);
                        packet.Sections.Add(section);
                    }
                    section.Lines.Add((snoop.Content, line.Number));
                    break;
            }
            if (packet.FirstLine == 0) packet.FirstLine = line.Number;
            packet.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private LineVerdict ReadHex(SourceLine line, SnoopHexRow row)
        {
            if (row.Offset == 0)
            {
                if (!packet.IsEmpty) Finish();
                packet.FirstLine = line.Number;
                packet.Hex = new PacketBuilder();
            }
            if (packet.Hex is null) return context.Skip(line, 1, $"snoop -x row at offset {row.Offset} with no row at offset 0 before it");
            if (row.Offset != packet.Hex.Length) return context.Skip(line, 1, $"offset {row.Offset} does not follow on from the {packet.Hex.Length} bytes read");
            packet.Hex.Append(row.Bytes);
            packet.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private void Finish()
        {
            if (!packet.IsEmpty)
            {
                if (SnoopRebuild.Build(packet, context, format) is null) context.Warn($"{context.Span(packet.FirstLine, packet.LastLine)}: a snoop packet with no field that could be rebuilt");
            }
            packet = new SnoopPacket();
            section = null;
        }

        public void Close() => Finish();
    }
}
