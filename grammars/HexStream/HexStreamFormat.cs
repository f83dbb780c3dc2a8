using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.HexStream;

/// <summary>One packet per line of continuous hex: Wireshark's "Copy as Hex Stream", "\x" escapes.</summary>
public sealed class HexStreamFormat : ITraceFormat
{
    public string Name => "hex-stream";

    public string Description => "one packet per line of continuous hex (Wireshark's Copy as Hex Stream), optional 0x or \\x prefixes";

    public double RecognizeStart(LineWindow window) => ReadStream(window.Current.Text) is not null ? 0.65 : 0;

    private static HexRun? ReadStream(string line)
    {
        if (!HexStreamGrammar.IsOneToken(line)) return null;
        var stream = HexStreamGrammar.Stream.ParseLine(HexStreamGrammar.WithoutEscapes(line));
        return stream.WasSuccessful ? stream.Value : null;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private bool headingTaken;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.Used;
            if (ReadStream(line.Text) is not { } stream) return LineVerdict.NotMine;
            draft.Start(line.Number);
            if (!headingTaken) draft.TakeRegionHeading(context);
            headingTaken = true;
            draft.Bytes.Append(stream);
            draft.Finish(context, format);
            return LineVerdict.Used;
        }

        public void Close() => draft.Finish(context, format);
    }
}
