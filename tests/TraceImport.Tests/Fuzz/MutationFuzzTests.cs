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

namespace TraceImport.Tests.Fuzz;

/// <summary>
/// Mutated fixtures never crash or hang the importer, and every line of them is still accounted for.
/// A bounded number of mutations runs by default; set TRACEIMPORT_FUZZ_MUTATIONS for more.
/// </summary>
public class MutationFuzzTests
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
        var original = File.ReadAllBytes(Repository.Fixture(fixture));
        var random = new Random(fixture.GetHashCode(StringComparison.Ordinal) ^ 0x5eed);
        for (var i = 0; i < Mutations; i++)
        {
            var kind = i % Mutator.Kinds;
            var mutated = Mutator.Mutate(original, kind, random);
            var run = Task.Run(() => Exercise(mutated));
            var finished = await Task.WhenAny(run, Task.Delay(Bound));
            finished.ShouldBe(run, $"{fixture}, mutation {i} ({Mutator.Name(kind)}): no answer within {Bound.TotalSeconds} s");
            await run; // an exception escaping the importer fails the test here, naming the fixture below

        }
    }

    [Fact]
    public void Random_binary_is_rejected_with_every_line_counted()
    {
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);
            Exercise(bytes);
        }
    }

    [Fact]
    public void A_line_of_a_megabyte_is_read_as_prose_not_a_crash()
    {
        var text = new string('4', 1 << 20) + "z\n" + File.ReadAllText(Repository.Fixture("tshark/wireshark-print-text2pcap-hash-eol.txt"));
        var report = Exercise(Encoding.UTF8.GetBytes(text));
        report.ProseLines.ShouldBeGreaterThanOrEqualTo(1);
        report.Packets.ShouldBe(1);
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

    /// <summary>Reads the bytes as the CLI does, writes pcapng, decodes and diagnoses; checks the line account.</summary>
    private static ImportReport Exercise(byte[] input)
    {
        var packets = new List<Packet>();
        using var output = new MemoryStream();
        ImportReport report;
        using (var writer = new PcapngWriter(output, "fuzz", "fuzz", leaveOpen: true))
        using (var reader = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
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
        using (var count = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            while (count.ReadLine() is not null) lines++;
        }
        report.TotalLines.ShouldBe(lines);
        (report.UsedLines + report.BlankLines + report.ProseLines + report.SkippedLines).ShouldBe(lines);
        report.Skipped.ShouldAllBe(s => s.Line >= 1 && s.Line <= lines && s.Column >= 1);
        return report;
    }
}
