using System.Text;
using BenchmarkDotNet.Attributes;
using TraceImport.Grammars;
using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.Tshark;
using TraceImport.Import;
using TraceImport.Text;

namespace TraceImport.Benchmarks;

/// <summary>
/// The hex grammars (tshark, offset-hex, hex-block, hex-stream): a line through the grammar that defines
/// it, and whole documents of each through the importer, so that a change of parser library or of the
/// line reader shows in both.
/// </summary>
[MemoryDiagnoser]
public class GrammarBenchmarks
{
    private const string TsharkRow = "0010  00 3c a5 59 40 00 40 06 97 60 7f 00 00 01 7f 00   .<.Y@.@..`......";
    private const string OdRow = "0000020 00 01 da 70 00 50 37 58 89 7e 00 00 00 00 a0 02";
    private const string BlockRow = "XXXXXXXX 820EXXXX XXXX8E60 08004500";
    private const string HandDecode = "Total Length\t003C\t60";
    private const string Stream = "00000000000000000000000008004500003c1b684000400621527f0000017f000001da7000503758897e00000000a0027fff142100000204400c0402080a4ddc92160000000001030302";

    [Benchmark]
    public int TsharkRowByGrammar() => TsharkGrammar.HexRow.ParseLine(TsharkRow).Value.Bytes.Bytes.Length;

    [Benchmark]
    public int OffsetHexRowByGrammar() => OffsetHexGrammar.Row.ParseLine(OdRow).Value.Bytes!.Bytes.Length;

    [Benchmark]
    public int HexBlockRowByGrammar() => HexBlockGrammar.Row.ParseLine(BlockRow).Value.Bytes.Bytes.Length;

    [Benchmark]
    public int HandDecodeLineByGrammar() => HexBlockGrammar.HandDecode.ParseLine(HandDecode).Value.Label.Length;

    [Benchmark]
    public int HexStreamLineByGrammar() => HexStreamGrammar.Stream.ParseLine(Stream).Value.Bytes.Length;
}

/// <summary>
/// Documents of about a megabyte in each hex shape, imported whole: the frames of a real tshark -x dump
/// (the repository's loopback HTTP capture), printed again as each format prints them.
/// </summary>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private const int DocumentSize = 1_000_000;

    [Params("tshark", "offset-hex", "hex-block", "hex-stream")]
    public string Shape { get; set; } = "tshark";

    private string document = "";

    [GlobalSetup]
    public void Setup()
    {
        var dump = File.ReadAllText(Path.Combine(Fixtures.Folder, "tshark", "loopback-http-x.txt"));
        var frames = new List<byte[]>();
        new DocumentImporter(FormatRegistry.All).Import(new StringReader(dump), "dump", new ImportOptions(), packet => frames.Add(packet.Data));
        var one = Shape switch
        {
            "tshark" => dump,
            "offset-hex" => string.Concat(frames.Select(OffsetRows)),
            "hex-block" => string.Concat(frames.Select(BlockWords)),
            _ => string.Concat(frames.Select(frame => Convert.ToHexStringLower(frame) + "\n")),
        };
        var text = new StringBuilder();
        while (text.Length < DocumentSize) text.Append(one);
        document = text.ToString();
    }

    [Benchmark]
    public int Import() =>
        new DocumentImporter(FormatRegistry.All).Import(new StringReader(document), "bench", new ImportOptions(), _ => { }).Packets;

    /// <summary>od -Ax -tx1 -v: a six-digit offset and sixteen bytes a row, the length alone last.</summary>
    private static string OffsetRows(byte[] frame)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset < frame.Length; offset += 16)
        {
            text.Append(offset.ToString("x6"));
            foreach (var b in frame.AsSpan(offset, Math.Min(16, frame.Length - offset))) text.Append(' ').Append(b.ToString("x2"));
            text.Append('\n');
        }
        return text.Append(frame.Length.ToString("x6")).Append('\n').ToString();
    }

    /// <summary>Words of four bytes, four words a row, a blank line after the block, as pasted into tickets.</summary>
    private static string BlockWords(byte[] frame)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset < frame.Length; offset += 4)
        {
            text.Append(Convert.ToHexString(frame, offset, Math.Min(4, frame.Length - offset)));
            text.Append(offset % 16 == 12 || offset + 4 >= frame.Length ? '\n' : ' ');
        }
        return text.Append('\n').ToString();
    }
}

/// <summary>The repository's fixtures, found upward from where the benchmark runs.</summary>
internal static class Fixtures
{
    public static string Folder { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TraceImport.sln"))) return Path.Combine(folder.FullName, "fixtures");
        }
        throw new DirectoryNotFoundException($"no TraceImport.sln above {AppContext.BaseDirectory}");
    }
}
