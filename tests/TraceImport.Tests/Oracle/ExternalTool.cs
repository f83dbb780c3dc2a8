using Shouldly;
using System.Diagnostics;

namespace TraceImport.Tests.Oracle;

/// <summary>Runs the tools the oracle tests compare against (tshark, tcpdump, od, hexdump), installed by .ci/run.</summary>
public static class ExternalTool
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError);

    public static Output Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} is not installed; the oracle tests need it (apt-get install tshark tcpdump bsdextrautils)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return new Output(process.ExitCode, stdout.Result, stderr);
        }
    }

    /// <summary>tshark's stderr less the notice it prints whenever it runs as root, which is not about the file.</summary>
    public static string TsharkWarnings(string stderr) =>
        string.Join("\n", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("Running as user \"root\"", StringComparison.Ordinal))
            // tshark's display-tree depth limit (gui.max_tree_depth): a damaged packet (the soak's mutations) can nest
            // more headers than tshark shows, and it says so as a "dissector bug"; the file itself is sound.
            .Where(line => !line.Contains("saved_layers_len < prefs.gui_max_tree_depth", StringComparison.Ordinal)));

    /// <summary>
    /// A line per frame the display filter <paramref name="frames"/> picks (every frame when empty): the values of
    /// <paramref name="fields"/> as tshark shows them, each field's first occurrence (its outer header), joined by '|'.
    /// </summary>
    public static List<string> TsharkFields(string capture, string[] fields, string frames = "")
    {
        var arguments = new List<string> { "-r", capture, "-T", "fields", "-E", "occurrence=f", "-E", "separator=|" };
        if (frames.Length > 0) arguments.AddRange(["-Y", frames]);
        foreach (var field in fields) arguments.AddRange(["-e", field]);
        var result = Run("tshark", [.. arguments]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"tshark {string.Join(' ', arguments)}: exit {result.ExitCode}: {result.StandardError}");
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>
    /// Asserts that tshark reads the named fields of the picked frames alike from a capture and from the packets rebuilt
    /// from its text: as many frames, each frame's values equal.
    /// </summary>
    public static void TsharkFieldsShouldMatch(string capture, string rebuilt, string[] fields, string frames = "")
    {
        var expected = TsharkFields(capture, fields, frames);
        var actual = TsharkFields(rebuilt, fields, frames);
        expected.ShouldNotBeEmpty();
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++) actual[i].ShouldBe(expected[i], $"frame {i + 1} of those picked ({string.Join(' ', fields)})");
    }
}
