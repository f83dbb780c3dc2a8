using System.Diagnostics;
using System.Text.Json;
using Shouldly;
using TraceImport.Import;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// The text trace formats Wireshark reads itself (CoSine, DBS Etherwatch, VMS, Toshiba, iSeries,
/// Ascend, K12 text): tshark reads each sample, and our conversion of it, and both readings must
/// agree frame by frame — count, bytes, captured and original lengths, time, the protocols tshark
/// dissects (so the link type leads to the same dissector) and the direction. Each variant of a
/// sample (without its header, wrapped, joined, collapsed) must read as the sample does.
/// </summary>
public class WiretapTextOracleTests
{
    private static readonly string[] Folders = ["cosine", "dbs-etherwatch", "vms", "toshiba", "iseries", "ascend", "k12text"];

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var path in TextTraceFixtures().Where(p => !Path.GetFileName(p).StartsWith("constructed-", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(Repository.Fixtures, path));
        }
        return data;
    }

    private static IEnumerable<string> TextTraceFixtures() =>
        FixtureSnapshotTests.FixtureCases().Where(p => Folders.Contains(Path.GetFileName(Path.GetDirectoryName(p))));

    /// <summary>
    /// Wireshark's K12 text reader dates every frame 2000-01-01 in UTC+1 (it adds 946681200 seconds to
    /// the time of day); --date and --utc-offset say the same to us.
    /// </summary>
    private static ImportOptions OptionsFor(string fixture) =>
        fixture.StartsWith("k12text/", StringComparison.Ordinal)
            ? new ImportOptions { Date = new DateOnly(2000, 1, 1), UtcOffset = TimeSpan.FromHours(1) }
            : new ImportOptions();

    /// <summary>
    /// Wireshark counts an Ascend trace's uptimes from the text file's modification time when no
    /// Date: line anchors them, so only the times between its frames, and their fractions, compare.
    /// </summary>
    private static TimeCheck TimeCheckFor(string fixture) =>
        fixture.StartsWith("ascend/", StringComparison.Ordinal) && !File.ReadAllText(Repository.Fixture(fixture)).Contains("Date:", StringComparison.Ordinal)
            ? TimeCheck.Relative
            : TimeCheck.Exact;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Tshark_reads_our_conversion_as_it_reads_the_original(string fixture)
    {
        var original = TsharkDissection.Read(Repository.Fixture(fixture));
        original.ShouldNotBeEmpty($"tshark reads no frame from {fixture}");

        var (capture, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture), OptionsFor(fixture));
        var ours = TsharkDissection.Read(capture);

        ours.Count.ShouldBe(original.Count, "frames");
        CompareFrames(original, ours, TimeCheckFor(fixture), fixture);
    }

    /// <summary>What a variant holds: frames of one or more samples, and how far their times can be compared.</summary>
    private sealed record Part(string Sample, int[]? Frames, TimeCheck Times);

    private const string Cosine = "cosine/cosine-c-L69-99-ppp-lcp-icmp-truncated.wiretap-comment-excerpt.txt";
    private const string Etherwatch = "dbs-etherwatch/dbs-etherwatch-c-L27-43-ascii-and-hex.wiretap-comment-excerpt.txt";
    private const string Vms = "vms/vms-c-L33-51-tcpiptrace-udp-portmap.wiretap-comment-excerpt.txt";
    private const string Toshiba = "toshiba/toshiba-c-L28-76-tr600-snoop-dump-b1.wiretap-comment-excerpt.txt";
    private const string IseriesFormatted = "iseries/iseries-c-L29-54+L85-99-ipv4-formatted.wiretap-comment-excerpt.txt";
    private const string IseriesUnformatted = "iseries/iseries-c-L29-54+L131-136-unformatted.wiretap-comment-excerpt.txt";
    private const string K12 = "k12text/yakuhito-unbreakable2-notclear-head25.k12text.txt";

    private static readonly Dictionary<string, Part[]> Variants = new()
    {
        ["cosine/constructed-wrapped-80-columns.txt"] = [new(Cosine, null, TimeCheck.Exact)],
        ["cosine/constructed-prompt-glued-gap-control.txt"] = [new(Cosine, [0, 1, 3, 4], TimeCheck.Exact)],
        ["dbs-etherwatch/constructed-hex-only-no-banner.txt"] = [new(Etherwatch, null, TimeCheck.Exact)],
        ["dbs-etherwatch/constructed-mail-joined-lines.txt"] = [new(Etherwatch, null, TimeCheck.Exact)],
        ["vms/constructed-forum-no-header-collapsed.txt"] = [new(Vms, null, TimeCheck.Absent)],
        ["toshiba/constructed-records-only-wrapped-80.txt"] = [new(Toshiba, null, TimeCheck.Exact)],
        ["iseries/constructed-no-header-page-wrapped-80.txt"] = [new(IseriesFormatted, null, TimeCheck.TimeOfDay)],
        ["iseries/constructed-two-records-one-header-page.txt"] = [new(IseriesFormatted, null, TimeCheck.Exact), new(IseriesUnformatted, null, TimeCheck.Exact)],
        ["ascend/constructed-wrapped-80-columns.txt"] =
        [
            new("ascend/ascend-parser-L20-23-pridisp-two-paragraph.wiretap-comment-excerpt.txt", null, TimeCheck.Relative),
            new("ascend/ascend-parser-L82-91-taos8-wandisp.wiretap-comment-excerpt.txt", null, TimeCheck.Relative),
        ],
        ["ascend/constructed-mail-wdd-then-wandisp.txt"] =
        [
            new("ascend/ascend-parser-L51-57-wdd-dated.wiretap-comment-excerpt.txt", null, TimeCheck.Exact),
            new("ascend/ascend-parser-L61-75-max-7.2.3-wandisp.wiretap-comment-excerpt.txt", null, TimeCheck.Relative),
        ],
        ["k12text/constructed-collapsed-no-rule.txt"] = [new(K12, [0, 1], TimeCheck.Exact)],
        ["k12text/constructed-wrapped-80-crlf.txt"] = [new(K12, null, TimeCheck.Exact)],
    };

    public static TheoryData<string> VariantNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Variants.Keys.Order(StringComparer.Ordinal)) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_variant_fixture_names_the_samples_it_was_made_from() =>
        TextTraceFixtures()
            .Where(p => Path.GetFileName(p).StartsWith("constructed-", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Repository.Fixtures, p))
            .Order(StringComparer.Ordinal)
            .ShouldBe(Variants.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void A_variant_reads_as_tshark_reads_the_sample_it_was_made_from(string variant)
    {
        var (capture, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(variant)), Path.GetFileName(variant), OptionsFor(variant));
        var ours = TsharkDissection.Read(capture);

        var at = 0;
        foreach (var part in Variants[variant])
        {
            var sample = TsharkDissection.Read(Repository.Fixture(part.Sample));
            var expected = part.Frames is null ? sample : part.Frames.Select(i => sample[i]).ToList();
            ours.Count.ShouldBeGreaterThanOrEqualTo(at + expected.Count, $"frames from {part.Sample}");
            CompareFrames(expected, ours.Skip(at).Take(expected.Count).ToList(), part.Times, $"{variant} ({part.Sample})");
            at += expected.Count;
        }
        ours.Count.ShouldBe(at, "frames");
    }

    private enum TimeCheck
    {
        /// <summary>The same instant.</summary>
        Exact,
        /// <summary>The same time of day: the variant lost the line that gave the date.</summary>
        TimeOfDay,
        /// <summary>No time: the variant lost the only line that gave one.</summary>
        Absent,
        /// <summary>The same intervals from the first frame and the same fractions of a second (uptimes).</summary>
        Relative,
    }

    private static void CompareFrames(List<DissectedFrame> original, List<DissectedFrame> ours, TimeCheck times, string what)
    {
        for (var i = 0; i < original.Count; i++)
        {
            var (theirs, mine) = (original[i], ours[i]);
            var frame = $"{what} frame {i + 1}";
            var (wrapper, skipped) = Wrapper(theirs.Protocols);

            mine.Protocols.ShouldBe(theirs.Protocols[wrapper.Length..], $"{frame}: the protocols tshark dissects (the link type)");
            mine.Hex.ShouldBe(theirs.Hex[(skipped * 2)..], $"{frame}: bytes");
            mine.CapturedLength.ShouldBe(theirs.CapturedLength - skipped, $"{frame}: captured length");
            mine.Length.ShouldBe(theirs.Length - skipped, $"{frame}: original length");
            if (theirs.Direction is { } direction) mine.Direction.ShouldBe(direction, $"{frame}: direction (0 sent, 1 received)");

            switch (times)
            {
                case TimeCheck.Exact:
                    mine.Epoch.ShouldBe(theirs.Epoch, $"{frame}: time");
                    break;
                case TimeCheck.TimeOfDay:
                    (mine.Epoch % DayNanoseconds).ShouldBe(theirs.Epoch % DayNanoseconds, $"{frame}: time of day");
                    break;
                case TimeCheck.Absent:
                    mine.Epoch.ShouldBe(0, $"{frame}: the variant prints no time");
                    break;
                case TimeCheck.Relative:
                    (mine.Epoch - ours[0].Epoch).ShouldBe(theirs.Epoch - original[0].Epoch, $"{frame}: time since the first frame");
                    (mine.Epoch % SecondNanoseconds).ShouldBe(theirs.Epoch % SecondNanoseconds, $"{frame}: fraction of a second");
                    break;
            }
        }
    }

    private const long SecondNanoseconds = 1_000_000_000;
    private const long DayNanoseconds = 86_400 * SecondNanoseconds;

    /// <summary>
    /// What Wireshark's own encapsulation adds before the frame, which a pcapng link type does not
    /// carry: the pseudo-header's protocol, and for CoSine PPP the 4-byte channel handle its
    /// dissector skips. Only the encapsulations the samples hold are listed.
    /// </summary>
    private static (string Protocol, int Bytes) Wrapper(string protocols) => protocols switch
    {
        _ when protocols.StartsWith("cosine:ppp", StringComparison.Ordinal) => ("cosine:", 4),
        _ when protocols.StartsWith("cosine:", StringComparison.Ordinal) => throw new InvalidOperationException($"no sample has a CoSine frame of this encapsulation: {protocols}"),
        _ when protocols.StartsWith("ascend:", StringComparison.Ordinal) => ("ascend:", 0),
        _ when protocols.StartsWith("isdn:", StringComparison.Ordinal) => ("isdn:", 0),
        _ => ("", 0),
    };
}

/// <summary>A frame as tshark dissects it (read with TZ=UTC, as the readers of these formats use local time).</summary>
/// <param name="Direction">tshark's frame.p2p_dir (0 sent, 1 received), or for an Ascend frame the direction its record type gives.</param>
public sealed record DissectedFrame(string Hex, int Length, int CapturedLength, long Epoch, string Protocols, string? Direction);

public static class TsharkDissection
{
    public static List<DissectedFrame> Read(string capture)
    {
        var start = new ProcessStartInfo("tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-r", capture, "-T", "ek", "-x" }) start.ArgumentList.Add(argument);
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"tshark could not read {capture}: {errors}");
        ExternalTool.TsharkWarnings(errors).ShouldBeEmpty($"tshark warned while reading {capture}");

        var frames = new List<DissectedFrame>();
        foreach (var line in output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("layers", out var layers)) continue;
            var frame = layers.GetProperty("frame");
            frames.Add(new DissectedFrame(
                layers.GetProperty("frame_raw").GetString()!,
                int.Parse(frame.GetProperty("frame_frame_len").GetString()!),
                int.Parse(frame.GetProperty("frame_frame_cap_len").GetString()!),
                Nanoseconds(frame.GetProperty("frame_frame_time_epoch").GetString()!),
                frame.GetProperty("frame_frame_protocols").GetString()!,
                frame.TryGetProperty("frame_frame_p2p_dir", out var direction) ? direction.GetString() : AscendDirection(layers)));
        }
        return frames;
    }

    /// <summary>"949429224.010000000" as nanoseconds since the epoch.</summary>
    private static long Nanoseconds(string epoch)
    {
        var parts = epoch.Split('.');
        var fraction = parts.Length > 1 ? parts[1].PadRight(9, '0')[..9] : "0";
        return long.Parse(parts[0]) * 1_000_000_000 + long.Parse(fraction);
    }

    /// <summary>The Ascend dissector's record types 1 and 4 are transmitted (PPP, ISDN), 2 and 5 received.</summary>
    private static string? AscendDirection(JsonElement layers) =>
        layers.TryGetProperty("ascend", out var ascend) && ascend.TryGetProperty("ascend_ascend_type", out var type)
            ? type.GetString() switch { "1" or "4" => "0", "2" or "5" => "1", _ => null }
            : null;
}
