using System.Text;
using Shouldly;
using TraceImport.Decoding;
using TraceImport.Diagnosis;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Output;
using TraceImport.Pcapng;
using TraceImport.Tests.Snapshots;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Fuzz;

/// <summary>
/// Mutated fixtures never crash or hang the importer, and every line of them is still accounted for.
/// A bounded number of mutations runs by default; set TRACEIMPORT_FUZZ_MUTATIONS for more. The
/// mutations are drawn from a fixed seed, printed with each test and named in each failure;
/// TRACEIMPORT_FUZZ_SEED replays another.
/// </summary>
public class MutationFuzzTests(ITestOutputHelper output)
{
    private static readonly int Mutations = int.TryParse(Environment.GetEnvironmentVariable("TRACEIMPORT_FUZZ_MUTATIONS"), out var n) ? n : 30;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in FixtureSnapshotTests.FixtureCases()) data.Add(Path.GetRelativePath(Repository.Fixtures, path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Mutated_fixtures_are_read_or_rejected_cleanly(string fixture)
    {
        output.WriteLine($"TRACEIMPORT_FUZZ_SEED={Mutator.Seed}");
        var original = File.ReadAllBytes(Repository.Fixture(fixture));
        var random = Mutator.For(fixture);
        for (var i = 0; i < Mutations; i++)
        {
            var kind = i % Mutator.Kinds;
            var mutated = Mutator.Mutate(original, kind, random);
            var where = $"{fixture}, mutation {i} ({Mutator.Name(kind)}), TRACEIMPORT_FUZZ_SEED={Mutator.Seed}";
            var run = Task.Run(() => Exercise(mutated));
            var finished = await Task.WhenAny(run, Task.Delay(Bound));
            finished.ShouldBe(run, $"{where}: no answer within {Bound.TotalSeconds} s");
            try
            {
                await run;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{where}: {e.Message}", e);
            }
        }
    }

    [Fact]
    public void Random_binary_is_rejected_with_every_line_counted()
    {
        output.WriteLine($"TRACEIMPORT_FUZZ_SEED={Mutator.Seed}");
        var random = Mutator.For("random binary");
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);
            Exercise(bytes);
        }
    }

    [Fact]
    public void A_line_just_under_the_limit_is_read_and_one_over_it_is_skipped_with_its_length()
    {
        var trace = File.ReadAllText(Repository.Fixture("tshark/wireshark-print-text2pcap-hash-eol.txt"));
        var under = Exercise(Encoding.UTF8.GetBytes(new string('4', BoundedLineReader.MaxLineLength - 1) + "z\n" + trace));
        under.ProseLines.ShouldBeGreaterThanOrEqualTo(1);
        under.SkippedLines.ShouldBe(0);
        under.Packets.ShouldBe(1);

        var over = Exercise(Encoding.UTF8.GetBytes(new string('4', 4 * BoundedLineReader.MaxLineLength) + "z\n" + trace));
        over.Skipped.ShouldHaveSingleItem().Reason.ShouldStartWith("a line of 4,000,001 characters");
        over.Packets.ShouldBe(1);
    }

    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void A_fixture_s_random_source_hangs_on_its_name_alone(string name, uint fnv1a)
    {
        // The published FNV-1a test vectors: the same in every process, unlike string.GetHashCode.
        Mutator.StableHash(name).ShouldBe(fnv1a);
    }

    [Fact]
    public void The_same_seed_draws_the_same_mutations()
    {
        var original = File.ReadAllBytes(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        var (first, second) = (Mutator.For("tcpdump/print-x.out.txt"), Mutator.For("tcpdump/print-x.out.txt"));
        for (var kind = 0; kind < Mutator.Kinds; kind++)
        {
            Mutator.Mutate(original, kind, first).ShouldBe(Mutator.Mutate(original, kind, second), Mutator.Name(kind));
        }
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-8-bom")]
    public void Byte_order_marked_encodings_read_like_utf8(string encoding)
    {
        var text = File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        var bytes = encoding == "utf-8-bom" ? Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray()
            : Encoding.GetEncoding(encoding).GetPreamble().Concat(Encoding.GetEncoding(encoding).GetBytes(text)).ToArray();
        Exercise(bytes).Packets.ShouldBe(11);
    }

    /// <summary>
    /// Reads the bytes as the CLI does (or, when the CLI would refuse them as not text, as UTF-8
    /// anyway: the grammars must survive any text), writes pcapng, decodes and diagnoses; checks the line account.
    /// </summary>
    private static ImportReport Exercise(byte[] input)
    {
        var packets = new List<Packet>();
        using var output = new MemoryStream();
        ImportReport report;
        using (var writer = new PcapngWriter(output, "fuzz", "fuzz", leaveOpen: true))
        using (var reader = Text(input))
        {
            report = new DocumentImporter(FormatRegistry.All).Import(reader, "fuzz.txt", new ImportOptions(), packet =>
            {
                writer.Write(packet);
                DecodeTable.Write(TextWriter.Null, PacketDecoder.Decode(packet));
                packets.Add(packet);
            });
        }
        DiagnosisReport.WriteText(TextWriter.Null, "fuzz.txt", packets.Count, DiagnosisEngine.Diagnose(packets));
        PacketListing.WriteReport(TextWriter.Null, report);

        var lines = 0;
        using (var count = Text(input))
        {
            while (count.ReadLine() is not null) lines++;
        }
        // A grammar that throws is a bug, not a line it did not understand: the fuzz tests fail on it.
        report.InternalErrors.ShouldBeEmpty(string.Join("\n", report.InternalErrors.Select(e => $"{e}\n{e.Exception}")));
        report.TotalLines.ShouldBe(lines);
        (report.UsedLines + report.BlankLines + report.ProseLines + report.SkippedLines + report.FailedLines).ShouldBe(lines);
        report.Skipped.ShouldAllBe(s => s.Line >= 1 && s.Line <= lines && s.Column >= 1);
        return report;
    }

    private static TextReader Text(byte[] input)
    {
        try
        {
            return TextInput.Open(new MemoryStream(input), "fuzz.txt").Reader;
        }
        catch (NotTextException)
        {
            return new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
    }
}
