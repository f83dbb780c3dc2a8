using TraceImport.Grammars.HexBlock;
using TraceImport.Grammars.HexStream;
using TraceImport.Grammars.OffsetHex;
using TraceImport.Grammars.PacketMonitor;
using TraceImport.Grammars.Snoop;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Tshark;
using TraceImport.Import;

namespace TraceImport.Grammars;

/// <summary>Every grammar, in one list: detection asks each of them and takes the surest.</summary>
public static class FormatRegistry
{
    public static IReadOnlyList<ITraceFormat> All { get; } =
    [
        new TcpdumpFormat(),
        new TsharkFormat(),
        new OffsetHexFormat(),
        new HexBlockFormat(),
        new HexStreamFormat(),
        new SnoopFormat(),
        new PacketMonitorFormat(),
    ];
}
