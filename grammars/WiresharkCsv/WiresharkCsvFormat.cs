using System.Globalization;
using CsvHelper;
using Pidgin;
using TraceImport.Grammars.TsharkSummary;
using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Grammars.WiresharkCsv;

/// <summary>
/// Wireshark's File → Export Packet Dissections → As CSV: a header of the packet list's column titles, then a
/// row a packet, every value double-quoted. The default columns (No., Time, Source, Destination, Protocol,
/// Length, Info) are tshark's summary columns: each row is rebuilt as a tshark summary line is.
/// </summary>
public sealed class WiresharkCsvFormat : IPrecheckedFormat
{
    /// <summary>The titles Wireshark gives the default columns; the export may add others, which are left unread.</summary>
    private static readonly string[] Columns = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"];

    public string Name => "wireshark-csv";

    public string Description => "Wireshark's CSV export of the packet list (\"No.\",\"Time\",\"Source\",\"Destination\",\"Protocol\",\"Length\",\"Info\"): packets rebuilt as from tshark's summaries";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => NamesNumberColumn(window.Current.Span);

    /// <summary>The header holds every default column's title, "No." among them, as written (no quote in it to double).</summary>
    private static bool NamesNumberColumn(ReadOnlySpan<char> line) => line.Contains("No.", StringComparison.Ordinal);

    public double RecognizeByGrammar(LineWindow window) => Header(window.Current.Text) is not null ? 0.95 : 0;

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    /// <summary>The CSV fields of one line, or null when it is not a row of double-quoted values.</summary>
    private static List<string>? Fields(string line)
    {
        var text = line.Trim().TrimStart('\uFEFF');
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"') return null;
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { HasHeader = false }, leaveOpen: false);
        if (!csv.Read()) return null;
        var fields = new List<string>(csv.FieldCount);
        for (var i = 0; i < csv.FieldCount; i++) fields.Add(csv.GetString(i));
        return fields;
    }

    /// <summary>Where each default column is in a header line, or null when the line is not one holding them all.</summary>
    private static int[]? Header(string line) =>
        Fields(line) is { } titles && Columns.All(titles.Contains) ? [.. Columns.Select(c => titles.IndexOf(c))] : null;

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly TsharkSummaryPackets packets = new(context, format);
        private int[]? columns;
        private int width;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            if (columns is null)
            {
                columns = Header(line.Text);
                width = Fields(line.Text)!.Count;
                return LineVerdict.Used;
            }
            if (line.IsBlank) return window.TryGetNonBlank(1, out var next, out _) && Fields(next.Text) is { } after && after.Count == width ? LineVerdict.Used : LineVerdict.NotMine;
            if (Fields(line.Text) is not { } row || row.Count != width) return LineVerdict.NotMine;
            string Column(int i) => row[columns[i]];
            if (!int.TryParse(Column(0), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return context.Skip(line, 1, $"the No. column holds '{Column(0)}', not a frame number");
            if (TsharkSummaryGrammar.Time.Before(Parser<char>.End).Parse(Column(1)) is not { Success: true } time)
                return context.Skip(line, 1, $"the Time column holds '{Column(1)}', not a time Wireshark prints");
            if (!int.TryParse(Column(5), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                return context.Skip(line, 1, $"the Length column holds '{Column(5)}', not a frame length");
            packets.Add(new TsharkSummaryLine(number, time.Value, Column(2), Column(3), Column(4), length, Column(6)), line);
            return LineVerdict.Used;
        }

        public void Close() => packets.Close();
    }
}
