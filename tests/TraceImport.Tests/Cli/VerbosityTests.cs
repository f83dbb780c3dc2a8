using Shouldly;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>--quiet says only what failed; --verbose lists every region and skipped line; the exit code is the same either way.</summary>
public class VerbosityTests
{
    private static string TempFolder() => Directory.CreateTempSubdirectory("traceimport-verbosity-").FullName;

    /// <summary>25 one-packet hex streams, each under a heading: 25 trace regions, more than the summary's first 20.</summary>
    private static string ManyRegions()
    {
        var folder = TempFolder();
        var input = Path.Combine(folder, "many.txt");
        File.WriteAllLines(input, Enumerable.Range(0, 25).SelectMany(i => new[] { $"Packet {i}:", $"000000000000000000000000080045000014000000004006{i:x4}7f0000017f000001", "" }));
        return input;
    }

    private static int RegionLines(string stderr) => stderr.Split('\n').Count(line => line.StartsWith("  region: ", StringComparison.Ordinal));

    [Fact]
    public void By_default_the_summary_lists_the_first_20_regions_and_counts_the_rest()
    {
        var input = ManyRegions();
        var run = TraceimportProcess.Run(null, "convert", input, "-o", Path.ChangeExtension(input, ".pcapng"));
        run.ExitCode.ShouldBe(0, run.Error);
        RegionLines(run.Error).ShouldBe(20);
        run.Error.ShouldContain("  ... and 5 more regions");
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("-v")]
    public void Verbose_lists_every_region(string option)
    {
        var input = ManyRegions();
        var run = TraceimportProcess.Run(null, "convert", input, "-o", Path.ChangeExtension(input, ".pcapng"), option);
        run.ExitCode.ShouldBe(0, run.Error);
        RegionLines(run.Error).ShouldBe(25);
        run.Error.ShouldContain("  region: lines 74-75, hex-stream, 1 packet(s)");
        run.Error.ShouldNotContain("more regions");
    }

    [Theory]
    [InlineData("--quiet")]
    [InlineData("-q")]
    public void Quiet_success_says_nothing_and_writes_the_file(string option)
    {
        var input = ManyRegions();
        var output = Path.ChangeExtension(input, ".pcapng");
        var run = TraceimportProcess.Run(null, option, "convert", input, "-o", output);
        run.ExitCode.ShouldBe(0);
        run.Error.ShouldBeEmpty();
        new FileInfo(output).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Quiet_still_says_why_nothing_could_be_read()
    {
        var folder = TempFolder();
        var input = Path.Combine(folder, "letter.txt");
        File.WriteAllText(input, "Dear support,\nthe FTP server never answers.\n");
        var run = TraceimportProcess.Run(null, "convert", input, "-o", Path.Combine(folder, "out.pcapng"), "--quiet");
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain($"{input}:1:1: error: no packet found in 2 line(s)");
        run.Error.ShouldNotContain("lines:");
    }

    [Fact]
    public void Quiet_decode_prints_the_decode_and_no_warning()
    {
        var run = TraceimportProcess.Run(null, "decode", Repository.Fixture("documents/seed-000-no-ftp-banner.txt"), "-q");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("ip.src");
        run.Error.ShouldBeEmpty();
        TraceimportProcess.Run(null, "decode", Repository.Fixture("documents/seed-000-no-ftp-banner.txt")).Error.ShouldContain("warning: ");
    }

    [Fact]
    public void Quiet_and_verbose_together_are_a_usage_error()
    {
        var run = TraceimportProcess.Run(null, "formats", "--quiet", "--verbose");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("traceimport: --quiet and --verbose ask for opposite things; give one\n");
    }
}
