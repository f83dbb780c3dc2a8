using System.Text.RegularExpressions;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Tests.Cli;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>traceimport redact as a user runs it, its captures read by tshark.</summary>
public sealed class RedactCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("traceimport-redact-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly string Seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");

    /// <summary>What tshark judges wrong in a capture, frame by frame: the checksum fields whose status is bad.</summary>
    private static List<string> BadChecksums(string capture)
    {
        var fields = new[] { "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "icmp.checksum_bad" };
        var run = ExternalTool.Run("tshark", ["-r", capture, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-T", "fields", "-e", "frame.number", .. fields.SelectMany(f => new[] { "-e", f })]);
        ExternalTool.TsharkWarnings(run.StandardError).ShouldBeEmpty();
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Split('\t').Skip(1).Any(v => v.Split(',').Contains("0"))).ToList();
    }

    [Fact]
    public void The_seed_redacted_reads_in_tshark_with_the_same_bad_checksums_and_none_of_its_addresses()
    {
        var redacted = Path.Combine(folder, "seed.pcapng");
        var original = Path.Combine(folder, "original.pcapng");
        TraceimportProcess.Run(null, "convert", Seed, "-o", original).ExitCode.ShouldBe(0);
        var (exit, _, error) = TraceimportProcess.Run(null, "redact", Seed, "-o", redacted);
        exit.ShouldBe(0, error);

        ExternalTool.Run("capinfos", "-c", "-M", redacted).StandardOutput.ShouldContain("11");
        BadChecksums(redacted).ShouldBe(BadChecksums(original));
        BadChecksums(original).Count.ShouldBe(4, "three TCP checksums of the seed's hex blocks are wrong, and the ICMP error's IP header is written with its masked bytes as zeros");
        var addresses = ExternalTool.Run("tshark", "-r", redacted, "-T", "fields", "-e", "ip.addr").StandardOutput;
        foreach (var address in new[] { "192.168.130.29", "172.16.30.3", "172.16.20.3" }) addresses.ShouldNotContain(address);
        Regex.Matches(addresses, @"192\.0\.2\.\d+").Count.ShouldBeGreaterThan(0);

        error.ShouldContain("11 packet(s) redacted");
        error.ShouldContain("ipv4\t172.16.20.3\t192.0.2.3", Case.Sensitive, "the table of stand-ins goes to stderr when --map is not given");
    }

    [Fact]
    public void With_map_the_table_goes_to_its_file_and_stderr_names_no_original()
    {
        var table = Path.Combine(folder, "table.tsv");
        var (exit, _, error) = TraceimportProcess.Run(null, "redact", Seed, "-o", Path.Combine(folder, "seed.pcapng"), "--map", table);
        exit.ShouldBe(0, error);
        File.ReadAllText(table).ShouldContain("ipv4\t192.168.130.29\t192.0.2.1");
        error.ShouldNotContain("192.168.130.29");
        error.ShouldContain("keep it private");
    }

    [Fact]
    public void The_redacted_text_reads_back_to_the_frames_of_the_redacted_capture()
    {
        var text = Path.Combine(folder, "seed.txt");
        var capture = Path.Combine(folder, "seed.pcapng");
        TraceimportProcess.Run(null, "redact", Seed, "-o", capture).ExitCode.ShouldBe(0);
        var (exit, _, error) = TraceimportProcess.Run(null, "redact", Seed, "-o", text, "--text");
        exit.ShouldBe(0, error);
        error.ShouldContain("packet-monitor has no text form of its own here: its packets are written as tcpdump -tttt -xx");

        var fromText = Path.Combine(folder, "from-text.pcapng");
        TraceimportProcess.Run(null, "convert", text, "-o", fromText).ExitCode.ShouldBe(0);
        Frames(fromText).ShouldBe(Frames(capture));
        File.ReadAllText(text).ShouldNotContain("172.16.");
    }

    private static List<string> Frames(string capture)
    {
        using var stream = File.OpenRead(capture);
        return CaptureReader.Read(stream, capture).Select(p => Convert.ToHexString(p.Data)).ToList();
    }

    [Fact]
    public void A_capture_is_redacted_too_and_its_dns_names_with_it()
    {
        var redacted = Path.Combine(folder, "dns.pcapng");
        var (exit, _, error) = TraceimportProcess.Run(null, "redact", Repository.Fixture("captures/corpus/dns.pcap"), "-o", redacted);
        exit.ShouldBe(0, error);
        var names = ExternalTool.Run("tshark", "-r", redacted, "-T", "fields", "-e", "dns.qry.name", "-e", "dns.resp.name", "-e", "ip.addr").StandardOutput;
        names.ShouldNotContain("corpus");
        names.ShouldNotContain("10.0.0.");
        Frames(redacted).Count.ShouldBe(Frames(Repository.Fixture("captures/corpus/dns.pcap")).Count);
        BadChecksums(redacted).ShouldBeEmpty();
    }

    [Fact]
    public void Prefix_preserving_stand_ins_are_the_same_in_every_run_with_the_same_key()
    {
        string Table(string key)
        {
            var (exit, _, error) = TraceimportProcess.Run(null, "redact", Seed, "-o", Path.Combine(folder, "seed.pcapng"), "--prefix-preserving", "--key", key);
            exit.ShouldBe(0, error);
            return string.Join('\n', error.Split('\n').Where(l => l.StartsWith("ipv4\t", StringComparison.Ordinal)));
        }
        var first = Table("the same passphrase");
        first.ShouldNotContain("192.0.2.");
        Table("the same passphrase").ShouldBe(first);
        Table("another passphrase").ShouldNotBe(first);
    }

    [Fact]
    public void Standard_input_is_read_twice_as_a_file_is()
    {
        var (exit, output, error) = TraceimportProcess.Run(File.ReadAllText(Seed), "redact", "-", "-o", "-", "--text");
        exit.ShouldBe(0, error);
        output.ShouldContain("SYN from 192.0.2.1 port 1049 to 192.0.2.3 port 21");
    }

    [Fact]
    public void A_compressed_input_is_read_through_its_compression_as_the_text_is()
    {
        var compressed = Path.Combine(folder, "seed.txt.gz");
        using (var file = File.Create(compressed))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest)) gzip.Write(File.ReadAllBytes(Seed));
        var (exit, _, error) = TraceimportProcess.Run(null, "redact", compressed, "-o", Path.Combine(folder, "from-gzip.pcapng"));
        exit.ShouldBe(0, error);
        (exit, _, error) = TraceimportProcess.Run(null, "redact", Seed, "-o", Path.Combine(folder, "from-text.pcapng"));
        exit.ShouldBe(0, error);
        List<byte[]> Frames(string name)
        {
            using var stream = File.OpenRead(Path.Combine(folder, name));
            return TraceImport.Capture.CaptureReader.Read(stream, name).Select(p => p.Data).ToList();
        }
        var fromText = Frames("from-text.pcapng");
        fromText.Count.ShouldBe(11);
        Frames("from-gzip.pcapng").ShouldBe(fromText);
    }
}
