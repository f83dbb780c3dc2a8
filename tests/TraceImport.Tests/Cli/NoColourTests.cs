using Shouldly;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>
/// traceimport writes no colour, even on a terminal, so NO_COLOR has nothing to turn off: what a terminal shows is the
/// same with it and without it, and holds no SGR sequence (ESC [ … m, what sets colours and styles).
/// </summary>
public sealed class NoColourTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("decode '{0}'")]
    [InlineData("diagnose '{0}'")]
    [InlineData("list '{0}'")]
    [InlineData("decode --packet 99 '{0}'")]
    public void ATerminalGetsNoEscapeWithOrWithoutNoColor(string arguments)
    {
        var command = TraceimportProcess.ShellCommand + " " + string.Format(arguments, Repository.Fixture("tcpdump/constructed-retyped-bad-hex-digits.txt"));
        var plain = TraceimportProcess.RunOnTerminal(command);
        var noColor = TraceimportProcess.RunOnTerminal("NO_COLOR=1 " + command);

        plain.Output.Length.ShouldBeGreaterThan(0);
        System.Text.RegularExpressions.Regex.IsMatch(plain.Output, "\u001b\\[[0-9;]*m").ShouldBeFalse(plain.Output);
        noColor.Output.ShouldBe(plain.Output);
        noColor.ExitCode.ShouldBe(plain.ExitCode);
    }
}
