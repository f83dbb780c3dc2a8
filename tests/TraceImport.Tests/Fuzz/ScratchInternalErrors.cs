using System.Text;
using TraceImport.Grammars;
using TraceImport.Import;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Fuzz;

public class ScratchInternalErrors(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var seen = new HashSet<string>();
        foreach (var path in Snapshots.FixtureSnapshotTests.FixtureCases())
        {
            var original = File.ReadAllBytes(path);
            var random = new Random(path.Length);
            for (var i = 0; i < 300; i++)
            {
                var mutated = Mutator.Mutate(original, i % Mutator.Kinds, random);
                using var reader = new StreamReader(new MemoryStream(mutated), Encoding.UTF8, true);
                var report = new DocumentImporter(FormatRegistry.All).Import(reader, "fuzz.txt", new ImportOptions(), _ => { });
                foreach (var e in report.InternalErrors)
                {
                    var key = e.Format + e.Exception.StackTrace?.Split('\n')[0];
                    if (seen.Add(key)) output.WriteLine($"{Path.GetFileName(path)} {e}\n{e.Exception.StackTrace}\n");
                }
            }
        }
    }
}
