using System.Text;
using Shouldly;
using TraceImport.Tests.Cli;
using TraceImport.Tests.Snapshots;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Fuzz;

/// <summary>
/// A large mixed corpus — every fixture, and mutations of each, in an order drawn from the fuzz
/// seed — converted twice by two separate processes running side by side (each with its own
/// string hashing and thread timing): the two captures must be identical, byte for byte, and so
/// must the two diagnoses.
/// </summary>
public class SoakTests(ITestOutputHelper output)
{
    private const int CorpusBytes = 4_000_000;

    [Fact]
    public async Task A_large_mixed_corpus_converts_the_same_twice()
    {
        output.WriteLine($"TRACEIMPORT_FUZZ_SEED={Mutator.Seed}");
        var folder = Directory.CreateTempSubdirectory("traceimport-soak-").FullName;
        var corpus = Path.Combine(folder, "corpus.txt");
        File.WriteAllBytes(corpus, Corpus());

        var captures = new[] { "first.pcapng", "second.pcapng" }.Select(name => Path.Combine(folder, name)).ToList();
        // Side by side: two processes at once, each with its own timing.
        var runs = await Task.WhenAll(captures.Select(capture => Task.Run(() => TraceimportProcess.Run(null, "convert", corpus, "-o", capture))));
        var diagnoses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => TraceimportProcess.Run(null, "diagnose", corpus, "--output", "json"))));

        foreach (var run in runs.Concat(diagnoses)) run.ExitCode.ShouldBe(0, $"TRACEIMPORT_FUZZ_SEED={Mutator.Seed}: {run.Error}");
        runs[0].Error.ShouldBe(runs[1].Error.Replace(captures[1], captures[0]), "the same account of the same lines");
        File.ReadAllBytes(captures[0]).ShouldBe(File.ReadAllBytes(captures[1]), $"the same capture twice (TRACEIMPORT_FUZZ_SEED={Mutator.Seed})");
        diagnoses[0].Output.ShouldBe(diagnoses[1].Output);
        output.WriteLine(runs[0].Error.Split('\n')[0]);
        Oracle.TsharkReader.Frames(captures[0]).Count.ShouldBeGreaterThan(1000);
    }

    /// <summary>Fixtures whole and mutated (every kind but those that make a text another encoding or binary, and the huge lines, which would make most of it), shuffled, to the size wanted.</summary>
    private static byte[] Corpus()
    {
        var random = Mutator.For("soak");
        var fixtures = FixtureSnapshotTests.FixtureCases().Select(File.ReadAllBytes).ToList();
        var wholeText = new[] { "UTF-16 with CR line endings", "another encoding", "binary noise in place of the text", "insert NULs and tabs", "insert random binary", "a huge line" };
        var kinds = Enumerable.Range(0, Mutator.Kinds).Where(k => !wholeText.Contains(Mutator.Name(k))).ToList();
        using var corpus = new MemoryStream();
        // First a whole document longer than what is looked at to tell text from binary: a flipped bit may make a NUL later on.
        corpus.Write(File.ReadAllBytes(Repository.Fixture("documents/seed-000-no-ftp-banner.txt")));
        while (corpus.Length < CorpusBytes)
        {
            var fixture = fixtures[random.Next(fixtures.Count)];
            var piece = random.Next(3) == 0 ? fixture : Mutator.Mutate(fixture, kinds[random.Next(kinds.Count)], random);
            corpus.Write(piece);
            corpus.Write("\n\n"u8);
        }
        return corpus.ToArray();
    }
}
