using BenchmarkDotNet.Attributes;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Tshark;
using TraceImport.Text;

namespace TraceImport.Benchmarks;

/// <summary>The grammars' hot path, a row of hex bytes: the hand-tuned reader (which also finds where a row breaks its layout) against the grammar that defines the row.</summary>
[MemoryDiagnoser]
public class HexRowBenchmarks
{
    private const string TsharkRow = "0010  00 3c a5 59 40 00 40 06 97 60 7f 00 00 01 7f 00   .<.Y@.@..`......";
    private const string TcpdumpLine = "\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000  .....p.P7X.~....";
    private readonly PacketBuilder builder = new();

    [Benchmark(Baseline = true)]
    public int TsharkRowWithPidgin() => TsharkGrammar.HexRow.ParseLine(TsharkRow).Value.Bytes.Bytes.Length;

    [Benchmark]
    public int TsharkRowHandTuned()
    {
        builder.Clear();
        HexRunParser.TryReadOffset(TsharkRow, 0, 4, 8, out _, out var end);
        return HexRowScanner.Scan(TsharkRow, end + 2, TsharkGrammar.RowBytes, builder).Bytes;
    }

    [Benchmark]
    public int TcpdumpLineWithPidgin() => TcpdumpGrammar.HexLine.ParseLine(TcpdumpLine).Value.Bytes.Bytes.Length;

    [Benchmark]
    public int TcpdumpLineHandTuned()
    {
        builder.Clear();
        HexRunParser.TryReadOffset(TcpdumpLine, 3, 1, 8, out _, out var end);
        return HexRowScanner.Scan(TcpdumpLine, end + 1, TcpdumpGrammar.LineBytes, builder).Bytes;
    }
}
