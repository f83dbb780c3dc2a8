using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.HexBlock;

/// <summary>
/// Hex pasted into tickets, forum posts and books: words of any grouping, X for masked nibbles,
/// with or without addresses; one packet per block of rows, a block ending at a blank or prose line.
/// </summary>
public sealed class HexBlockFormat : ITraceFormat
{
    /// <summary>Fewer bytes than an Ethernet header are not taken for a packet.</summary>
    public const int MinimumPacketBytes = 14;

    public string Name => "hex-block";

    public string Description => "hex blocks from tickets and books: words of any width, X-masked nibbles, optional addresses; one packet per block";

    public double RecognizeStart(LineWindow window)
    {
        var bytes = 0;
        for (var ahead = 0; window.TryGet(ahead, out var line); ahead++)
        {
            var row = HexBlockGrammar.Row.ParseLine(line.Text);
            if (!row.WasSuccessful) break;
            bytes += row.Value.Bytes.Bytes.Length;
            if (bytes >= MinimumPacketBytes) return 0.6;
        }
        return 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (line.IsBlank) return LineVerdict.NotMine;
            var row = HexBlockGrammar.Row.ParseLine(line.Text);
            if (!row.WasSuccessful) return LineVerdict.NotMine;
            if (!draft.IsStarted)
            {
                draft.Start(line.Number);
                draft.TakeRegionHeading(context);
            }
            draft.Bytes.Append(row.Value.Bytes);
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        public void Close() => draft.Finish(context, format);
    }
}
