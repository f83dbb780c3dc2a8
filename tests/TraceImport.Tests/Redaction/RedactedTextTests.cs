using Shouldly;
using TraceImport.Grammars;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>
/// The redacted text of every text fixture reads back to the redacted packets: as many, the same bytes
/// (a nibble not shown written as X, read back as masked), the same times where the format prints
/// them, and no original address or name in it — as bytes read back, or printed anywhere in the text.
/// </summary>
public class RedactedTextTests
{
    public static TheoryData<string> TextFixtures() => new(Redacting.AllFixtures().Where(f => f.EndsWith(".txt", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(TextFixtures))]
    public void The_redacted_text_reads_back_to_the_redacted_packets(string fixture)
    {
        var originals = Redacting.Fixture(fixture);
        if (originals.Count == 0) return;
        var result = Redacting.Packets(originals);
        var redacted = result.Redacted.Select(r => r.Packet).ToList();
        var text = new StringWriter();
        TextWriters.Write(redacted, text);

        var readBack = Importing.Text(text.ToString(), name: "redacted.txt").Packets;
        readBack.Select(Shown).ShouldBe(redacted.Select(Shown), text.ToString());
        for (var i = 0; i < redacted.Count; i++)
        {
            if (TextWriters.For(redacted[i]).Format is "tcpdump" or "tshark")
                (readBack[i].Time?.UnixNanoseconds, readBack[i].Time?.FractionDigits).ShouldBe((redacted[i].Time?.UnixNanoseconds, redacted[i].Time?.FractionDigits), $"packet {i + 1}");
        }
        Redacting.NoOriginalIn(originals, readBack, result.Map);
        Redacting.NoOriginalPrinted(text.ToString(), result.Map);
    }

    /// <summary>A packet's bytes as hex, X for any nibble not known (masked or not shown).</summary>
    private static string Shown(Packet packet) =>
        string.Concat(Enumerable.Range(0, packet.Data.Length * 2).Select(n =>
            packet.Unknown?.IsNibbleKnown(n) == false ? 'X' : Convert.ToHexStringLower(packet.Data)[n]));
}
