using Shouldly;
using TraceImport.Cli;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>Every command's --help ends with its examples, and the completion function completes from traceimport itself.</summary>
public sealed class HelpAndCompletionTests
{
    public static TheoryData<string> Commands => [.. HelpExamples.ByCommand.Keys];

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpEndsWithTheCommandsExamples(string command)
    {
        string[] arguments = command == "traceimport" ? ["--help"] : [command, "--help"];
        var (exit, output, error) = TraceimportProcess.Run(null, arguments);

        exit.ShouldBe(0, error);
        var examples = output[output.IndexOf("\nExamples:\n", StringComparison.Ordinal)..];
        foreach (var (commandLine, does) in HelpExamples.ByCommand[command])
        {
            examples.ShouldContain("  " + commandLine + "\n");
            examples.ShouldContain("      " + does + "\n");
        }
    }

    [Fact]
    public void EveryCommandHasExamples()
    {
        var (_, output, _) = TraceimportProcess.Run(null, "--help");
        var commands = output[output.IndexOf("Commands:", StringComparison.Ordinal)..output.IndexOf("\nExamples:", StringComparison.Ordinal)]
            .Split('\n').Skip(1).Select(line => line.Trim().Split(' ')[0]).Where(name => name.Length > 0);
        commands.ShouldNotBeEmpty();
        commands.Except(HelpExamples.ByCommand.Keys).ShouldBeEmpty("commands without examples");
    }

    [Theory]
    [InlineData("bash", "traceimport decode --output tshark-", "tshark-ek\ntshark-json\n")]
    [InlineData("bash", "traceimport conv", "convert\n")]
    [InlineData("bash", "traceimport convert x.txt --split ", "interface\nlink-type\nregion\n")]
    public void TheBashFunctionCompletesFromTraceimport(string shell, string typed, string expected)
    {
        // The function calls traceimport by name, as an installed tool is called: here a shell function runs this build.
        var script = shell == "bash" ? CompletionCommand.Bash : CompletionCommand.Zsh;
        var words = typed.Split(' ');
        var session = $$"""
            traceimport() { {{TraceimportProcess.ShellCommand}} "$@"; }
            source <(traceimport completion {{shell}})
            COMP_LINE='{{typed}}'
            COMP_POINT={{typed.Length}}
            COMP_WORDS=({{string.Join(' ', words.Select(w => $"'{w}'"))}})
            COMP_CWORD={{words.Length - 1}}
            _traceimport_complete
            printf '%s\n' "${COMPREPLY[@]}" | sort
            """;
        var (exit, output, error) = TraceimportProcess.RunInShell($"bash -c {Quoted(session)}");
        exit.ShouldBe(0, error);
        output.ShouldBe(expected);
        TraceimportProcess.Run(null, "completion", shell).Output.ShouldBe(script);
    }

    private static string Quoted(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
