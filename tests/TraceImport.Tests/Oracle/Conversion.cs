using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Pcapng;

namespace TraceImport.Tests.Oracle;

/// <summary>Converts text to a pcapng file in a temporary folder, as 'traceimport convert' does.</summary>
public static class Conversion
{
    public static (string Path, ImportReport Report) ToPcapng(string text, string name, ImportOptions? options = null)
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("traceimport-oracle-").FullName, name + ".pcapng");
        using var file = File.Create(path);
        using var writer = new PcapngWriter(file, $"converted from {name}", "traceimport tests");
        var report = new DocumentImporter(FormatRegistry.All).Import(new StringReader(text), name, options ?? new ImportOptions(), writer.Write);
        return (path, report);
    }
}
