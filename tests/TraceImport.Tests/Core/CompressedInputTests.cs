using System.Diagnostics;
using System.IO.Compression;
using Shouldly;
using TraceImport.Import;
using TraceImport.Tests.Cli;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>
/// Compressed input is recognised by its first bytes and read through its decompressor; the
/// compressed files are made by the system's own gzip, bzip2, xz, zstd and zip, so the test does
/// not check our reader against our own writer.
/// </summary>
public class CompressedInputTests
{
    private static readonly string Seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");
    private static readonly string SeedText = File.ReadAllText(Seed);

    private static string Folder() => Directory.CreateTempSubdirectory("traceimport-compressed-").FullName;

    /// <summary>The seed compressed by a system tool that writes to standard output (gzip -c and the like).</summary>
    private static string Compressed(string tool, string extension, string? input = null)
    {
        var path = Path.Combine(Folder(), "seed.txt" + extension);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", input ?? Seed]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using (var file = File.Create(path)) process.StandardOutput.BaseStream.CopyTo(file);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{tool} -c {input ?? Seed}");
        return path;
    }

    private static string Zipped(params string[] files)
    {
        var folder = Folder();
        foreach (var file in files) File.Copy(Seed, Path.Combine(folder, file));
        var run = TraceimportProcess.RunInShell($"cd '{folder}' && zip -q archive.zip {string.Join(' ', files)}");
        run.ExitCode.ShouldBe(0, run.Error);
        return Path.Combine(folder, "archive.zip");
    }

    private static TextInput.Opened Open(string path, bool seekable = true)
    {
        var bytes = File.ReadAllBytes(path);
        return TextInput.Open(seekable ? new MemoryStream(bytes) : new OneWay(bytes), Path.GetFileName(path));
    }

    [Theory]
    [InlineData("gzip", ".gz")]
    [InlineData("bzip2", ".bz2")]
    [InlineData("xz", ".xz")]
    [InlineData("zstd", ".zst")]
    public void Compressed_text_reads_as_the_text_itself(string tool, string extension)
    {
        var opened = Open(Compressed(tool, extension), seekable: false);
        opened.Note.ShouldBe($"read through {tool}");
        opened.Reader.ReadToEnd().ShouldBe(SeedText);
    }

    [Fact]
    public void A_zip_archive_of_one_file_reads_as_that_file()
    {
        var opened = Open(Zipped("seed.txt"));
        opened.Note.ShouldBe("read through zip");
        opened.Reader.ReadToEnd().ShouldBe(SeedText);
    }

    [Fact]
    public void It_is_the_content_not_the_name_that_decides()
    {
        var misnamed = Path.Combine(Folder(), "trace.txt");
        File.Move(Compressed("bzip2", ".bz2"), misnamed);
        Open(misnamed).Reader.ReadToEnd().ShouldBe(SeedText);

        var plain = Path.Combine(Folder(), "trace.gz");
        File.Copy(Seed, plain);
        Open(plain).Note.ShouldBeNull();
    }

    [Fact]
    public void Gzip_members_one_after_another_are_read_in_turn()
    {
        var once = File.ReadAllBytes(Compressed("gzip", ".gz"));
        var twice = Path.Combine(Folder(), "twice.gz");
        File.WriteAllBytes(twice, [.. once, .. once]);
        Open(twice, seekable: false).Reader.ReadToEnd().ShouldBe(SeedText + SeedText);
    }

    [Fact]
    public void A_compressed_file_inside_another_is_unwrapped_and_said()
    {
        var inner = Compressed("xz", ".xz");
        var opened = Open(Compressed("gzip", ".gz", inner));
        opened.Note.ShouldBe("read through gzip, then xz");
        opened.Reader.ReadToEnd().ShouldBe(SeedText);
    }

    [Theory]
    [InlineData("gzip", ".gz", "its gzip data ends without the trailer that closes it")]
    [InlineData("bzip2", ".bz2", "its bzip2 data is damaged or cut short")]
    [InlineData("xz", ".xz", "its xz data is damaged or cut short")]
    [InlineData("zstd", ".zst", "its zstd data is damaged or cut short")]
    public void Compressed_data_cut_short_fails_naming_the_input(string tool, string extension, string reason)
    {
        var whole = File.ReadAllBytes(Compressed(tool, extension));
        var cut = Path.Combine(Folder(), "cut" + extension);
        File.WriteAllBytes(cut, whole[..(whole.Length * 2 / 3)]);
        var failure = Should.Throw<NamedReadException>(() => Open(cut, seekable: false).Reader.ReadToEnd());
        failure.Message.ShouldStartWith($"cannot read cut{extension}: {reason}");
    }

    [Fact]
    public void A_damaged_gzip_fails_on_its_checksum()
    {
        var bytes = File.ReadAllBytes(Compressed("gzip", ".gz"));
        bytes[^6] ^= 0xFF; // inside the CRC-32 of the trailer
        var damaged = Path.Combine(Folder(), "damaged.gz");
        File.WriteAllBytes(damaged, bytes);
        Should.Throw<NamedReadException>(() => Open(damaged).Reader.ReadToEnd()).Message.ShouldStartWith("cannot read damaged.gz: its gzip data is damaged");
    }

    [Fact]
    public void A_zip_archive_of_several_files_is_refused_naming_them()
    {
        Should.Throw<NotTextException>(() => Open(Zipped("a.txt", "b.txt"))).Message
            .ShouldBe("this is a zip archive of 2 files (a.txt, b.txt); extract the one to read (unzip -p ARCHIVE NAME | traceimport … -)");
    }

    [Fact]
    public void A_zip_archive_that_cannot_be_read_back_from_its_end_is_refused()
    {
        Should.Throw<NotTextException>(() => Open(Zipped("seed.txt"), seekable: false)).Message.ShouldStartWith("this is a zip archive, read from a stream that cannot go back");
    }

    [Fact]
    public void A_compressed_tar_archive_is_named()
    {
        var folder = Folder();
        File.Copy(Seed, Path.Combine(folder, "seed.txt"));
        TraceimportProcess.RunInShell($"cd '{folder}' && tar czf seed.tar.gz seed.txt").ExitCode.ShouldBe(0);
        Should.Throw<NotTextException>(() => Open(Path.Combine(folder, "seed.tar.gz"))).Message
            .ShouldBe("this is a tar archive (gzip); extract the text from it first");
    }

    [Fact]
    public void A_compressed_capture_is_named_as_the_capture_it_holds()
    {
        var capture = Compressed("gzip", ".gz", Repository.Fixture("captures/loopback-http.pcap"));
        Should.Throw<NotTextException>(() => Open(capture)).Message.ShouldBe("this is a pcap capture file; open it with Wireshark");
    }

    [Fact]
    public void A_gzip_bomb_is_read_as_the_text_it_expands_to_a_buffer_at_a_time()
    {
        // 64 MB of one character in 64 KB: read as lines without ever holding the text (peak memory: bench/peak-memory.sh).
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var line = new byte[1 << 20];
            Array.Fill(line, (byte)'a');
            line[^1] = (byte)'\n';
            for (var i = 0; i < 64; i++) gzip.Write(line);
        }
        compressed.Length.ShouldBeLessThan(1 << 17);
        compressed.Position = 0;
        var reader = new BoundedLineReader(TextInput.Open(compressed, "bomb.gz").Reader, BoundedLineReader.MaxLineLength);
        var lines = 0;
        while (reader.TryReadLine(out var text, out var length))
        {
            lines++;
            length.ShouldBe((1 << 20) - 1);
            text.Length.ShouldBeLessThanOrEqualTo(BoundedLineReader.MaxLineLength);
        }
        lines.ShouldBe(64);
    }

    [Fact]
    public void The_command_converts_a_compressed_file_and_says_it_was()
    {
        var output = Path.Combine(Folder(), "seed.pcapng");
        var run = TraceimportProcess.Run(null, "convert", Compressed("xz", ".xz"), "-o", output);
        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain("seed.txt.xz: read through xz");
        run.Error.ShouldContain("11 packets (hex-block 4, packet-monitor 7) written to");
    }

    [Fact]
    public void The_command_fails_with_exit_2_on_compressed_data_cut_short()
    {
        var whole = File.ReadAllBytes(Compressed("gzip", ".gz"));
        var cut = Path.Combine(Folder(), "cut.gz");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        var output = Path.Combine(Folder(), "cut.pcapng");
        var run = TraceimportProcess.Run(null, "convert", cut, "-o", output);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"traceimport: cannot read {cut}: its gzip data ends without the trailer that closes it");
        run.Error.ShouldNotContain($"cannot read {cut}: cannot read");
        File.Exists(output).ShouldBeFalse();
    }

    private sealed class OneWay(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}
