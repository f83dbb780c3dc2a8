using Shouldly;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>A conversion that takes more than a moment shows its progress on a terminal, and nothing in a pipe.</summary>
public sealed class ProgressTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("traceimport-progress-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Half a real dump, a second's pause, the rest: the conversion is still running when the progress is due.</summary>
    private string SlowConversion(string output)
    {
        var lines = File.ReadAllLines(Repository.Fixture("tshark/loopback-http-x.txt"));
        var half = Array.FindIndex(lines, lines.Length / 2, string.IsNullOrWhiteSpace);
        File.WriteAllLines(Path.Combine(folder, "first.txt"), lines[..half]);
        File.WriteAllLines(Path.Combine(folder, "rest.txt"), lines[half..]);
        return $"(cat '{folder}/first.txt'; sleep 1.5; cat '{folder}/rest.txt') | {TraceimportProcess.ShellCommand} convert - -o '{folder}/{output}'";
    }

    [Fact]
    public void A_terminal_sees_bytes_read_packets_written_and_the_rate()
    {
        var (exitCode, terminal, _) = TraceimportProcess.RunOnTerminal(SlowConversion("out.pcapng"));

        exitCode.ShouldBe(0, terminal);
        terminal.ShouldMatch(@"\r\d+\.\d MB read, \d+ packets, \d+\.\d MB/s");
        terminal.ShouldContain("32 packets (tshark 32) written to");
    }

    [Fact]
    public void A_pipe_gets_the_summary_and_no_progress()
    {
        var (exitCode, _, _) = TraceimportProcess.RunInShell(SlowConversion("out.pcapng") + $" 2> '{folder}/stderr.txt'");

        exitCode.ShouldBe(0);
        var stderr = File.ReadAllText(Path.Combine(folder, "stderr.txt"));
        stderr.ShouldContain("32 packets (tshark 32) written to");
        stderr.ShouldNotContain("MB read");
    }
}
