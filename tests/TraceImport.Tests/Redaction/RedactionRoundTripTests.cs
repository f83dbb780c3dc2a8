using System.Text;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Pcapng;
using TraceImport.Redaction;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>
/// Redaction round-trips on every fixture, text and capture: the redacted pcapng reads back with the same
/// packets, every checksum has the verdict it had (holding where it held, wrong by the same difference where
/// it was wrong), and no original address or name is left in any packet's bytes, comments or names — searched for as
/// bytes and as people print it (dotted, colon MAC, IPv6 compressed, the name).
/// </summary>
public class RedactionRoundTripTests
{
    public static TheoryData<string> Fixtures() => new(Redacting.AllFixtures());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_redacted_capture_reads_back_with_every_checksum_verdict_kept_and_no_original_left(string fixture)
    {
        var originals = Redacting.Fixture(fixture);
        if (originals.Count == 0) return;
        var result = Redacting.Packets(originals);
        var capture = new MemoryStream();
        using (var writer = new PcapngWriter(capture, "redacted", "test", leaveOpen: true))
        {
            foreach (var redacted in result.Redacted) writer.Write(redacted.Packet);
        }

        var readBack = CaptureReader.Read(new MemoryStream(capture.ToArray()), "redacted.pcapng").ToList();
        readBack.Count.ShouldBe(originals.Count);
        for (var i = 0; i < originals.Count; i++)
        {
            Convert.ToHexString(readBack[i].Data).ShouldBe(Convert.ToHexString(result.Redacted[i].Packet.Data));
            Redacting.ChecksumVerdicts(result.Redacted[i].Packet).ShouldBe(Redacting.ChecksumVerdicts(originals[i]), $"packet {i + 1}");
        }
        Redacting.NoOriginalIn(originals, readBack, result.Map);
    }
}
