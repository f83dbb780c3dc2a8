using System.Diagnostics;
using Shouldly;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>The traceimport command as a user runs it: exit codes, messages, files left behind.</summary>
public class CommandLineTests
{
    private static string TempFolder() => Directory.CreateTempSubdirectory("traceimport-cli-").FullName;

    /// <summary>A new folder holding one input file, and the path of the capture to write beside it.</summary>
    private static (string Folder, string Input, string Output) InputInFolder(string name, string text)
    {
        var folder = TempFolder();
        var input = Path.Combine(folder, name);
        File.WriteAllText(input, text);
        return (folder, input, Path.Combine(folder, "out.pcapng"));
    }

    [Fact]
    public void Convert_writes_the_file_and_accounts_for_the_lines_on_stderr()
    {
        var output = Path.Combine(TempFolder(), "seed.pcapng");
        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture("documents/seed-000-no-ftp-banner.txt"), "-o", output);
        run.ExitCode.ShouldBe(0, run.Error);
        File.Exists(output).ShouldBeTrue();
        run.Error.ShouldContain("11 packets (hex-block 4, packet-monitor 7) written to");
        run.Error.ShouldContain("lines: 218 total: 182 used, 23 blank, 13 prose, 0 skipped");
        Directory.GetFiles(Path.GetDirectoryName(output)!).ShouldBe([output], "no temporary file is left behind");
    }

    [Fact]
    public void Input_with_no_trace_exits_1_naming_file_line_and_column_and_writes_nothing()
    {
        var (folder, input, output) = InputInFolder("letter.txt", "Dear support,\nthe FTP server never answers.\n");

        var run = TraceimportProcess.Run(null, "convert", input, "-o", output);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain($"{input}:1:1: error: no packet found in 2 line(s); expected one of:");
        run.Error.ShouldContain("hex-block");
        Directory.GetFiles(folder).ShouldBe([input]);
    }

    [Fact]
    public void Strict_fails_on_a_damaged_row_inside_a_trace()
    {
        var (_, input, output) = InputInFolder("damaged.txt", "03:57:35.938066 IP x > y\n\t0x0000:  4500 0014 0000 0000 4006 0000 7f00 0001\n\t0x0010:  zz00 0001\n");

        var lenient = TraceimportProcess.Run(null, "convert", input, "-o", output);
        lenient.ExitCode.ShouldBe(0);
        lenient.Error.ShouldContain($"damaged {input}:3:11: 'z' is not a hex digit; its nibble is unknown");

        File.Delete(output);
        var strict = TraceimportProcess.Run(null, "convert", input, "-o", output, "--strict");
        strict.ExitCode.ShouldBe(1);
        strict.Error.ShouldContain($"--strict: 1 row(s) were read with damage in {input}; nothing written");
        File.Exists(output).ShouldBeFalse();
    }

    [Fact]
    public void Standard_input_and_output_are_dashes()
    {
        var run = TraceimportProcess.Run("000000000000000000000000080045000034\n", "convert", "-", "-o", "-");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Length.ShouldBeGreaterThan(0);
        run.Error.ShouldContain("stdin: 1 packet (hex-stream 1) written to standard output");
    }

    [Theory]
    [InlineData("convert", "x.txt")]
    [InlineData("convert", "x.txt", "-o", "y.pcapng", "--date", "06/04/2003")]
    [InlineData("convert", "x.txt", "-o", "y.pcapng", "--format", "nonesuch")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_2(params string[] arguments)
    {
        var run = TraceimportProcess.Run(null, arguments);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldStartWith("traceimport: ");
    }

    [Fact]
    public void A_missing_input_file_is_a_usage_error()
    {
        var run = TraceimportProcess.Run(null, "list", "/nonexistent/trace.txt");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("cannot open /nonexistent/trace.txt");
    }

    [Fact]
    public void Formats_lists_every_grammar()
    {
        var run = TraceimportProcess.Run(null, "formats");
        run.ExitCode.ShouldBe(0);
        run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])
            .ShouldBe(TraceImport.Grammars.FormatRegistry.All.Select(f => f.Name));
    }

    [Fact]
    public void Detect_names_each_region_and_how_sure_it_is()
    {
        var run = TraceimportProcess.Run(null, "detect", Repository.Fixture("documents/constructed-mixed-link-types.txt"));
        run.ExitCode.ShouldBe(0);
        run.Output.ShouldContain("tcpdump (sure 1.00), 2 packet(s) in 2 region(s)");
        run.Output.ShouldContain("lines 13-18: tcpdump (sure 1.00), 1 packet(s)");
    }
}

public class DecodeCommandTests
{
    private const string PastedSyn =
        "XXXXXXXX 820EXXXX XXXX8E60 08004500\n003C7772 00003E06 0271C0A8 821DAC10\n14030419 0015DBC1 0ED30000 0000A002\n" +
        "80002BE7 00000204 05640103 03000101\n080A738E 68450000 0000\n";

    [Fact]
    public void A_hex_dump_pasted_on_standard_input_is_decoded_as_a_table()
    {
        var (exitCode, output, error) = TraceimportProcess.Run(PastedSyn, "decode");
        exitCode.ShouldBe(0, error);
        output.ShouldContain("packet 1 · 74 bytes · ethernet · lines 1-5");
        output.ShouldContain("tcp.options.mss_val");
        output.ShouldMatch(@"eth\.dst +XXXXXXXX820e +XX:XX:XX:XX:82:0e +masked");
    }

    [Fact]
    public void Json_output_parses_and_packet_selects()
    {
        var (exitCode, output, _) = TraceimportProcess.Run(null, "decode", Repository.Fixture("documents/seed-000-no-ftp-banner.txt"), "--output", "json", "--packet", "2,4");
        exitCode.ShouldBe(0);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        json.RootElement.GetProperty("packets").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()).ShouldBe([2, 4]);
    }

    [Fact]
    public void A_selection_that_matches_nothing_is_a_usage_error()
    {
        var (exitCode, _, error) = TraceimportProcess.Run(PastedSyn, "decode", "--packet", "7");
        exitCode.ShouldBe(2);
        error.ShouldContain("--packet selects none of the 1 packet(s) read");
    }

    [Theory]
    [InlineData("--output", "xml")]
    [InlineData("--packet", "0")]
    [InlineData("--packet", "3-1")]
    public void Bad_options_are_usage_errors(string option, string value) =>
        TraceimportProcess.Run(PastedSyn, "decode", option, value).ExitCode.ShouldBe(2);
}

public class BatchConvertTests
{
    private static string Folder(params (string Name, string Fixture)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("traceimport-batch-").FullName;
        foreach (var (name, fixture) in files) File.Copy(Repository.Fixture(fixture), Path.Combine(folder, name));
        return folder;
    }

    [Fact]
    public void A_folder_converts_to_one_capture_per_input_and_names_the_input_that_failed()
    {
        var inputs = Folder(("a.txt", "tcpdump/print-x.out.txt"), ("b.txt", "snoop/erg-abdn-packet-decode5-tcp-ack.txt"), ("notes.txt", "README.md"));
        var outputs = Path.Combine(Directory.CreateTempSubdirectory("traceimport-out-").FullName, "pcaps");

        var run = TraceimportProcess.Run(null, "convert", inputs, "-o", outputs);

        run.ExitCode.ShouldBe(1, "one input held no trace");
        Directory.GetFiles(outputs).Select(Path.GetFileName).Order().ShouldBe(["a.pcapng", "b.pcapng"]);
        run.Error.ShouldContain("2 of 3 input(s) converted into");
        run.Error.ShouldContain($"{Path.Combine(inputs, "notes.txt")}:1:1: error: no packet found");
        Oracle.TsharkReader.Frames(Path.Combine(outputs, "a.pcapng")).Count.ShouldBe(10);
    }

    [Fact]
    public void Merge_writes_every_input_into_one_capture_in_order()
    {
        var inputs = Folder(("a.txt", "tcpdump/print-x.out.txt"), ("b.txt", "documents/seed-002-checksum-ffff.txt"));
        var merged = Path.Combine(Directory.CreateTempSubdirectory("traceimport-merge-").FullName, "all.pcapng");

        var run = TraceimportProcess.Run(null, "convert", Path.Combine(inputs, "a.txt"), Path.Combine(inputs, "b.txt"), "--merge", "-o", merged);

        run.ExitCode.ShouldBe(0, run.Error);
        var frames = Oracle.TsharkReader.Frames(merged);
        frames.Count.ShouldBe(12);
        frames.Select(f => f.LinkType).ShouldBe([.. Enumerable.Repeat(7, 10), 1, 1], "ten raw-IP packets from tcpdump -x, then two Ethernet frames from snoop");
    }
}
