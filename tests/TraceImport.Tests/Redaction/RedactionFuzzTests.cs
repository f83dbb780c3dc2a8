using System.Text;
using Shouldly;
using TraceImport.Grammars;
using TraceImport.Model;
using TraceImport.Redaction;
using TraceImport.Tests.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Redaction;

/// <summary>
/// Redaction of damaged input: every fixture mutated as the fuzz tests mutate it (texts), or its packets'
/// bytes flipped and cut (captures), is redacted, written as pcapng comments and text, without an error
/// and within a time bound; every checksum keeps its verdict. The mutations come from the fuzz tests'
/// fixed seed (TRACEIMPORT_FUZZ_SEED).
/// </summary>
public class RedactionFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 8;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Fixtures() => new(Redacting.AllFixtures());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Damaged_input_is_redacted_without_an_error_and_with_every_checksum_verdict_kept(string fixture)
    {
        output.WriteLine($"TRACEIMPORT_FUZZ_SEED={Mutator.Seed}");
        var random = Mutator.For("redaction " + fixture);
        for (var i = 0; i < Mutations; i++)
        {
            var packets = fixture.EndsWith(".txt", StringComparison.Ordinal)
                ? Importing.Text(Encoding.UTF8.GetString(Mutator.Mutate(File.ReadAllBytes(Repository.Fixture(fixture)), i % Mutator.Kinds, random))).Packets
                : Redacting.Fixture(fixture).Select(p => Damaged(p, random)).ToList();
            var where = $"{fixture}, mutation {i}, TRACEIMPORT_FUZZ_SEED={Mutator.Seed}";
            var run = Task.Run(() => Exercise(packets, i % 2 == 1));
            (await Task.WhenAny(run, Task.Delay(Bound))).ShouldBe(run, $"{where}: no answer within {Bound.TotalSeconds} s");
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

    private static void Exercise(List<Packet> packets, bool prefixPreserving)
    {
        var result = Redacting.Packets(packets, new RedactionOptions { PrefixPreserving = prefixPreserving, Key = "fuzz", Payloads = !prefixPreserving });
        for (var i = 0; i < packets.Count; i++)
        {
            Redacting.ChecksumVerdicts(result.Redacted[i].Packet).ShouldBe(Redacting.ChecksumVerdicts(packets[i]), $"packet {i + 1}");
        }
        TextWriters.Write(result.Redacted.Select(r => r.Packet), new StringWriter());
    }

    /// <summary>A packet with a few bytes flipped, and now and then cut short.</summary>
    private static Packet Damaged(Packet packet, Random random)
    {
        var data = (byte[])packet.Data.Clone();
        for (var flips = random.Next(1, 6); flips > 0 && data.Length > 0; flips--) data[random.Next(data.Length)] ^= (byte)random.Next(1, 256);
        if (random.Next(4) == 0 && data.Length > 1) data = data[..random.Next(1, data.Length)];
        return new Packet
        {
            Data = data, LinkType = packet.LinkType, OriginalLength = Math.Max(data.Length, packet.OriginalLength), Time = packet.Time,
            Interface = packet.Interface, Format = packet.Format, Source = packet.Source, Number = packet.Number,
        };
    }
}
