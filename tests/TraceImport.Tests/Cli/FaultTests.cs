using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Shouldly;
using TraceImport.Cli;
using TraceImport.Import;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>
/// The command under faults: outputs that are devices, FIFOs, sockets, folders or the input itself,
/// a full disk, a closed pipe, signals, and inputs that are not text. Every failure is one line on
/// stderr with the exit code README.md gives, no stack trace, and no temporary file left. The
/// destructive cases run against files the test makes (mknod, mkfifo, a small tmpfs): the tests
/// run as root, as CI does.
/// </summary>
public class FaultTests
{
    private static readonly string Seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");

    private static string Folder() => Directory.CreateTempSubdirectory("traceimport-faults-").FullName;

    /// <summary>About 3 MB of tcpdump -x text: more than a pipe holds, so that a closed one is noticed.</summary>
    private static string LargeInput(string folder)
    {
        var path = Path.Combine(folder, "large.txt");
        var text = File.ReadAllText(Repository.Fixture("tcpdump/print-x.out.txt"));
        File.WriteAllText(path, string.Concat(Enumerable.Repeat(text, 150)));
        return path;
    }

    private static void Tool(string program, params string[] arguments)
    {
        var result = ExternalTool.Run(program, arguments);
        result.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {result.StandardError} (these tests make devices and mounts: run them as root)");
    }

    /// <summary>One line on stderr, the one given, and nothing of a .NET stack trace.</summary>
    private static void ShouldSayOnly(string error, string line)
    {
        error.ShouldNotContain("   at ");
        error.ShouldBe(line + "\n");
    }

    private static void NoTemporaryFileIn(string folder) =>
        Directory.GetFiles(folder, "*.partial", SearchOption.AllDirectories).ShouldBeEmpty("no temporary file survives");

    [Fact]
    public void A_null_device_is_written_into_and_stays_a_device()
    {
        var folder = Folder();
        var device = Path.Combine(folder, "null");
        Tool("mknod", device, "c", "1", "3");

        var run = TraceimportProcess.Run(null, "convert", Seed, "-o", device);

        run.ExitCode.ShouldBe(0, run.Error);
        FileIdentity.Of(device).Kind.ShouldBe(FileKind.CharacterDevice);
        Directory.GetFileSystemEntries(folder).ShouldBe([device]);
    }

    [Fact]
    public void A_full_device_fails_in_one_line_and_stays_a_device()
    {
        var folder = Folder();
        var device = Path.Combine(folder, "full");
        Tool("mknod", device, "c", "1", "7");

        var run = TraceimportProcess.Run(null, "convert", Seed, "-o", device);

        run.ExitCode.ShouldBe(2);
        ShouldSayOnly(run.Error, $"traceimport: cannot write {device}: No space left on device");
        FileIdentity.Of(device).Kind.ShouldBe(FileKind.CharacterDevice);
        Directory.GetFileSystemEntries(folder).ShouldBe([device]);
    }

    [Fact]
    public async Task A_fifo_is_written_into_and_its_reader_gets_the_capture()
    {
        var folder = Folder();
        var fifo = Path.Combine(folder, "capture.fifo");
        Tool("mkfifo", fifo);
        var reader = Task.Run(() => File.ReadAllBytesAsync(fifo));

        var run = TraceimportProcess.Run(null, "convert", Seed, "-o", fifo);

        run.ExitCode.ShouldBe(0, run.Error);
        var received = Path.Combine(folder, "received.pcapng");
        await File.WriteAllBytesAsync(received, await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        TsharkReader.Frames(received).Count.ShouldBe(11);
        FileIdentity.Of(fifo).Kind.ShouldBe(FileKind.Fifo);
    }

    [Fact]
    public async Task A_socket_is_connected_to_and_its_listener_gets_the_capture()
    {
        var folder = Folder();
        var path = Path.Combine(folder, "capture.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var receiving = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            using var stream = new NetworkStream(connection);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            return bytes.ToArray();
        });

        var run = TraceimportProcess.Run(null, "convert", Seed, "-o", path);

        run.ExitCode.ShouldBe(0, run.Error);
        var received = Path.Combine(folder, "received.pcapng");
        await File.WriteAllBytesAsync(received, await receiving.WaitAsync(TimeSpan.FromSeconds(30)));
        TsharkReader.Frames(received).Count.ShouldBe(11);
        FileIdentity.Of(path).Kind.ShouldBe(FileKind.Socket);
    }

    [Theory]
    [InlineData("same name")]
    [InlineData("another name")]
    [InlineData("hard link")]
    [InlineData("symbolic link")]
    public void An_output_that_is_the_input_is_refused_before_it_is_read(string how)
    {
        var folder = Folder();
        var input = Path.Combine(folder, "notes.txt");
        File.Copy(Seed, input);
        var output = how switch
        {
            "same name" => input,
            "another name" => Path.Combine(folder, ".", "notes.txt"),
            "hard link" => Path.Combine(folder, "hard.txt"),
            _ => Path.Combine(folder, "link.pcapng"),
        };
        if (how == "hard link") Tool("ln", input, output);
        if (how == "symbolic link") File.CreateSymbolicLink(output, input);

        var run = TraceimportProcess.Run(null, "convert", input, "-o", output);

        run.ExitCode.ShouldBe(2);
        ShouldSayOnly(run.Error, $"traceimport: {output} is the same file as the input {input}; writing it would destroy what is being read: name another output");
        File.ReadAllBytes(input).ShouldBe(File.ReadAllBytes(Seed));
        NoTemporaryFileIn(folder);
    }

    [Fact]
    public void Standard_output_appended_to_the_input_is_refused()
    {
        var folder = Folder();
        var input = Path.Combine(folder, "notes.txt");
        File.Copy(Seed, input);

        var run = TraceimportProcess.RunInShell($"{TraceimportProcess.ShellCommand} convert '{input}' -o - >> '{input}'");

        run.ExitCode.ShouldBe(2);
        ShouldSayOnly(run.Error, $"traceimport: standard output is the same file as the input {input}; writing it would destroy what is being read: name another output");
        File.ReadAllBytes(input).ShouldBe(File.ReadAllBytes(Seed));
    }

    [Fact]
    public void A_folder_named_as_the_output_of_one_input_is_a_clear_error()
    {
        var folder = Folder();
        var output = Directory.CreateDirectory(Path.Combine(folder, "captures")).FullName;

        var run = TraceimportProcess.Run(null, "convert", Seed, "-o", output);

        run.ExitCode.ShouldBe(2);
        ShouldSayOnly(run.Error, $"traceimport: -o {output} is a folder; with one input, -o names the capture file to write (several inputs, or a folder of inputs, are written into a folder)");
        Directory.GetFileSystemEntries(output).ShouldBeEmpty();
    }

    [Fact]
    public void A_full_disk_fails_in_one_line_and_leaves_the_old_capture_and_no_temporary_file()
    {
        var folder = Folder();
        var disk = Directory.CreateDirectory(Path.Combine(folder, "disk")).FullName;
        Tool("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk);
        try
        {
            var output = Path.Combine(disk, "out.pcapng");
            File.WriteAllText(output, "the capture written yesterday");

            var run = TraceimportProcess.Run(null, "convert", LargeInput(folder), "-o", output);

            run.ExitCode.ShouldBe(2);
            ShouldSayOnly(run.Error, $"traceimport: cannot write {output}: No space left on device");
            File.ReadAllText(output).ShouldBe("the capture written yesterday");
            Directory.GetFileSystemEntries(disk).ShouldBe([output]);
        }
        finally
        {
            Tool("umount", disk);
        }
    }

    [Theory]
    [InlineData("convert", "-o", "-")]
    [InlineData("decode")]
    [InlineData("list")]
    public async Task Standard_output_closed_early_stops_in_one_line(params string[] command)
    {
        var input = LargeInput(Folder());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "traceimport.dll"), command[0], input, .. command[1..]]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();

        // As `| head -c 1000` does: read a little, then close the pipe.
        var some = new char[1000];
        process.StandardOutput.ReadBlock(some, 0, some.Length);
        process.StandardOutput.Close();
        process.WaitForExit(60_000).ShouldBeTrue("the command stops once nobody reads it");

        process.ExitCode.ShouldBe(2);
        ShouldSayOnly(await error, "traceimport: cannot write standard output: Broken pipe");
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    [InlineData("HUP", 129)]
    [InlineData("QUIT", 131)]
    public async Task A_signal_mid_conversion_leaves_no_temporary_file(string signal, int exitCode)
    {
        var folder = Folder();
        var input = Path.Combine(folder, "input.fifo");
        var output = Path.Combine(folder, "out.pcapng");
        Tool("mkfifo", input);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "traceimport.dll"), "convert", input, "-o", output]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();

        // Half a trace, then silence: the conversion waits for the rest with its temporary file open.
        using (var writer = new StreamWriter(input))
        {
            writer.Write(File.ReadAllText(Repository.Fixture("tcpdump/print-x.out.txt")));
            writer.Flush();
            var waited = Stopwatch.StartNew();
            while (Directory.GetFiles(folder, "*.partial").Length == 0 && waited.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(50);
            Directory.GetFiles(folder, "*.partial").Length.ShouldBe(1, "the conversion has begun its temporary file");
            Tool("sh", "-c", $"kill -s {signal} {process.Id}");
            process.WaitForExit(30_000).ShouldBeTrue();
        }

        process.ExitCode.ShouldBe(exitCode);
        (await error).ShouldBe($"traceimport: stopped by SIG{signal}; 1 unfinished capture(s) removed, nothing more written\n");
        Directory.GetFileSystemEntries(folder).ShouldBe([input]);
    }

    [Fact]
    public void A_capture_file_given_as_text_is_named_and_nothing_is_written()
    {
        var folder = Folder();
        var capture = Path.Combine(Repository.Fixtures, "captures", "loopback-http.pcap");
        var output = Path.Combine(folder, "out.pcapng");

        var run = TraceimportProcess.Run(null, "convert", capture, "-o", output);

        run.ExitCode.ShouldBe(1);
        ShouldSayOnly(run.Error, $"traceimport: {capture}: this is a pcap capture file; open it with Wireshark");
        Directory.GetFileSystemEntries(folder).ShouldBeEmpty();
    }

    [Fact]
    public void Two_hundred_megabytes_of_zero_bytes_are_refused_at_once()
    {
        var folder = Folder();
        var zeros = Path.Combine(folder, "zeros.bin");
        using (var file = File.Create(zeros)) file.SetLength(200_000_000);

        var run = TraceimportProcess.Run(null, "decode", zeros);

        run.ExitCode.ShouldBe(1);
        ShouldSayOnly(run.Error, $"traceimport: {zeros}: this is binary data, not text (a NUL byte at offset 0); if it is a capture, open it with Wireshark");
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_read_and_said()
    {
        var folder = Folder();
        var input = Path.Combine(folder, "utf16.txt");
        File.WriteAllBytes(input, Encoding.Unicode.GetBytes(File.ReadAllText(Seed)));
        var output = Path.Combine(folder, "out.pcapng");

        var run = TraceimportProcess.Run(null, "convert", input, "-o", output);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldStartWith($"traceimport: {input}: it has no byte-order mark but its zero bytes fall as UTF-16LE's do; read as UTF-16LE\n");
        TsharkReader.Frames(output).Count.ShouldBe(11);
    }

    [Fact]
    public void A_line_too_long_to_read_is_named_with_its_length()
    {
        var folder = Folder();
        var input = Path.Combine(folder, "long.txt");
        File.WriteAllText(input, File.ReadAllText(Seed) + "\n" + new string('f', 2_500_000) + "\n");
        var output = Path.Combine(folder, "out.pcapng");

        var run = TraceimportProcess.Run(null, "convert", input, "-o", output);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain($"skipped {input}:219:1: a line of 2,500,000 characters, longer than the 1,000,000 a line may have; not read");
        TsharkReader.Frames(output).Count.ShouldBe(11);
    }

    [Fact]
    public void A_folder_given_as_input_to_decode_cannot_be_opened()
    {
        var folder = Folder();
        var run = TraceimportProcess.Run(null, "decode", folder);
        run.ExitCode.ShouldBe(2);
        ShouldSayOnly(run.Error, $"traceimport: cannot open {folder}: it is a folder");
    }

    [Fact]
    public void In_a_batch_an_input_that_is_not_text_fails_alone()
    {
        var inputs = Folder();
        File.Copy(Seed, Path.Combine(inputs, "seed.txt"));
        File.WriteAllBytes(Path.Combine(inputs, "noise.bin"), new byte[4096]);
        var outputs = Path.Combine(Folder(), "captures");

        var run = TraceimportProcess.Run(null, "convert", inputs, "-o", outputs);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain($"traceimport: {Path.Combine(inputs, "noise.bin")}: this is binary data, not text (a NUL byte at offset 0)");
        run.Error.ShouldContain("1 of 2 input(s) converted into");
        Directory.GetFiles(outputs).Select(Path.GetFileName).ShouldBe(["seed.pcapng"]);
    }
}

/// <summary>What reaches the user when something unforeseen fails: one line, said to be a bug, the trace only with --debug.</summary>
public class FailureReportTests
{
    private static (int Code, string Text) Report(Exception e, bool debug = false)
    {
        var error = new StringWriter();
        var code = Failures.Report(e, debug, error);
        return (code, error.ToString());
    }

    private static Exception Thrown(Exception e)
    {
        try
        {
            throw e;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [Fact]
    public void An_internal_error_is_one_line_that_says_it_is_a_bug()
    {
        var (code, text) = Report(new AggregateException(new PacketSinkException(Thrown(new InvalidOperationException("Sequence contains no elements")))));
        code.ShouldBe(ExitCodes.Unreadable);
        text.ShouldBe("traceimport: internal error: InvalidOperationException: Sequence contains no elements (a bug in traceimport; --debug shows where)\n");
    }

    [Fact]
    public void Debug_adds_the_stack_trace()
    {
        var (_, text) = Report(Thrown(new InvalidOperationException("boom")), debug: true);
        text.ShouldStartWith("traceimport: internal error: InvalidOperationException: boom");
        text.ShouldContain("   at TraceImport.Tests.Cli.FailureReportTests.Thrown");
    }

    [Fact]
    public void An_output_that_failed_while_packets_were_written_is_named()
    {
        var (code, text) = Report(new PacketSinkException(new OutputFailedException("cannot write out.pcapng: No space left on device")));
        code.ShouldBe(ExitCodes.Usage);
        text.ShouldBe("traceimport: cannot write out.pcapng: No space left on device\n");
    }

    [Fact]
    public void An_input_that_failed_while_read_is_named()
    {
        var (code, text) = Report(new InputReadException(new IOException("cannot read /mnt/trace.txt: Input/output error")));
        code.ShouldBe(ExitCodes.Usage);
        text.ShouldBe("traceimport: cannot read /mnt/trace.txt: Input/output error\n");
    }
}
