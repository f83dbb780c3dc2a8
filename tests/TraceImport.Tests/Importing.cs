using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;

namespace TraceImport.Tests;

/// <summary>Runs the importer over text as the CLI does, collecting the packets.</summary>
public static class Importing
{
    public sealed record Result(List<Packet> Packets, ImportReport Report);

    public static Result Text(string text, ImportOptions? options = null, string name = "input.txt") =>
        Reader(new StringReader(text), options, name);

    public static Result File(string path, ImportOptions? options = null) =>
        Reader(new StreamReader(path), options, Path.GetFileName(path));

    private static Result Reader(TextReader reader, ImportOptions? options, string name)
    {
        var packets = new List<Packet>();
        var report = new DocumentImporter(FormatRegistry.All).Import(reader, name, options ?? new ImportOptions(), packets.Add);
        reader.Dispose();
        return new Result(packets, report);
    }

    public static string Hex(this Packet packet) => Convert.ToHexStringLower(packet.Data);
}
