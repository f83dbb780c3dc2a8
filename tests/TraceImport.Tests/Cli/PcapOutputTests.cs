using Shouldly;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Cli;

/// <summary>
/// convert's classic pcap output (-o NAME.pcap, --pcap) and --split, read back by capinfos and
/// tshark: the same frames and times as the pcapng of the same input, one link type per file.
/// </summary>
public class PcapOutputTests
{
    private const string MixedLinkTypes = "documents/seed-000-no-ftp-banner.txt"; // 7 raw-ip packet_monitor records, 4 Ethernet hex blocks
    private const string TwoInterfaces = "tcpdump/constructed-any-sll2-tttt-xx.txt"; // tcpdump -i any: 3 frames on eth0, 3 on lo
    private const string NanosecondTimes = "cisco-nxos/constructed-tshark4-detail-ps-inb.txt"; // 5 Ethernet frames, times to the nanosecond

    private static string TempFolder() => Directory.CreateTempSubdirectory("traceimport-pcap-").FullName;

    /// <summary>capinfos' tab-separated table: file type, encapsulation, packet count, per file.</summary>
    private static string Capinfos(string path)
    {
        var run = ExternalTool.Run("capinfos", "-T", "-r", "-t", "-E", "-c", path);
        run.ExitCode.ShouldBe(0, run.StandardError);
        return run.StandardOutput.Trim();
    }

    /// <summary>Every frame as tshark reads it: time, captured and original length, bytes.</summary>
    private static string Frames(params string[] paths) =>
        string.Join("\n", paths.Select(path =>
        {
            var run = ExternalTool.Run("tshark", "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len");
            run.ExitCode.ShouldBe(0, run.StandardError);
            ExternalTool.TsharkWarnings(run.StandardError).ShouldBeEmpty();
            var bytes = ExternalTool.Run("tshark", "-r", path, "-x");
            return run.StandardOutput + bytes.StandardOutput;
        }));

    private static string Pcapng(string fixture, string folder)
    {
        var output = Path.Combine(folder, "reference.pcapng");
        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture(fixture), "-o", output);
        run.ExitCode.ShouldBe(0, run.Error);
        return output;
    }

    [Theory]
    [InlineData("-o", "nxos.pcap")]
    [InlineData("--pcap", "-o", "nxos.cap")]
    public void A_pcap_file_holds_the_frames_and_nanosecond_times_of_the_pcapng(params string[] arguments)
    {
        var folder = TempFolder();
        var output = Path.Combine(folder, arguments[^1]);
        var run = TraceimportProcess.Run(null, ["convert", Repository.Fixture(NanosecondTimes), .. arguments[..^1], output]);

        run.ExitCode.ShouldBe(0, run.Error);
        Capinfos(output).ShouldBe($"{output}\tnsecpcap\tether\t5");
        File.ReadAllBytes(output)[..4].ShouldBe(new byte[] { 0x4D, 0x3C, 0xB2, 0xA1 }, "the nanosecond magic, little-endian: the text printed nine decimals");
        Frames(output).ShouldBe(Frames(Pcapng(NanosecondTimes, folder)));
        run.Error.ShouldContain("packet(s) carry notes pcap has no place for");
    }

    [Fact]
    public void Packets_of_two_link_types_are_refused_from_one_pcap_file_and_nothing_is_written()
    {
        var folder = TempFolder();
        var output = Path.Combine(folder, "seed.pcap");

        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture(MixedLinkTypes), "-o", output);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("packet 8 (");
        run.Error.ShouldContain("seed-000-no-ftp-banner.txt:71) is ethernet (LINKTYPE 1), but the pcap file is raw-ip (LINKTYPE 101): a pcap file holds one link type");
        run.Error.ShouldContain("--split link-type");
        Directory.GetFiles(folder).ShouldBeEmpty("a refused file leaves nothing behind, not even its temporary name");
    }

    [Fact]
    public void Split_by_link_type_writes_one_pcap_per_link_type_holding_all_the_packets()
    {
        var folder = TempFolder();
        var output = Path.Combine(folder, "seed.pcap");

        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture(MixedLinkTypes), "-o", output, "--split", "link-type");

        run.ExitCode.ShouldBe(0, run.Error);
        var rawIp = Path.Combine(folder, "seed-raw-ip.pcap");
        var ethernet = Path.Combine(folder, "seed-ethernet.pcap");
        Directory.GetFiles(folder).Order().ShouldBe([ethernet, rawIp]);
        Capinfos(rawIp).ShouldBe($"{rawIp}\tpcap\trawip\t7");
        Capinfos(ethernet).ShouldBe($"{ethernet}\tpcap\tether\t4");
        run.Error.ShouldContain($"file: {rawIp}: link type raw-ip, 7 packet(s)");
        Frames(rawIp, ethernet).ShouldBe(SplitReference(MixedLinkTypes, folder, "frame.encap_type == 7", "frame.encap_type == 1"));
    }

    [Fact]
    public void Split_by_region_writes_one_file_per_trace_region_in_the_order_of_the_text()
    {
        var folder = TempFolder();
        var output = Path.Combine(folder, "seed.pcapng");

        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture(MixedLinkTypes), "-o", output, "--split", "region");

        run.ExitCode.ShouldBe(0, run.Error);
        var parts = Enumerable.Range(1, 5).Select(n => Path.Combine(folder, $"seed-{n}.pcapng")).ToArray();
        Directory.GetFiles(folder).Order().ShouldBe(parts);
        parts.Select(Capinfos).ShouldBe([
            $"{parts[0]}\tpcapng\trawip\t7",
            $"{parts[1]}\tpcapng\tether\t1",
            $"{parts[2]}\tpcapng\tether\t1",
            $"{parts[3]}\tpcapng\tether\t1",
            $"{parts[4]}\tpcapng\tether\t1",
        ]);
        run.Error.ShouldContain("seed-000-no-ftp-banner.txt:176, hex-block, 1 packet(s), ethernet");
    }

    [Fact]
    public void Split_by_interface_names_each_file_after_its_interface()
    {
        var folder = TempFolder();
        var output = Path.Combine(folder, "any.pcap");

        var run = TraceimportProcess.Run(null, "convert", Repository.Fixture(TwoInterfaces), "-o", output, "--split", "interface");

        run.ExitCode.ShouldBe(0, run.Error);
        var eth0 = Path.Combine(folder, "any-eth0.pcap");
        var lo = Path.Combine(folder, "any-lo.pcap");
        Capinfos(eth0).ShouldBe($"{eth0}\tpcap\tlinux-sll2\t3");
        Capinfos(lo).ShouldBe($"{lo}\tpcap\tlinux-sll2\t3");
        Frames(eth0, lo).ShouldBe(SplitReference(TwoInterfaces, folder, "frame.interface_name == \"eth0\"", "frame.interface_name == \"lo\""));
    }

    [Theory]
    [InlineData("--split", "vlan")]
    [InlineData("--merge", "--split", "region")]
    public void Split_asked_wrongly_is_a_usage_error(params string[] arguments)
    {
        var folder = TempFolder();
        var run = TraceimportProcess.Run(null, ["convert", Repository.Fixture(MixedLinkTypes), "-o", Path.Combine(folder, "x.pcap"), .. arguments]);
        run.ExitCode.ShouldBe(2);
        Directory.GetFiles(folder).ShouldBeEmpty();
    }

    /// <summary>The pcapng of the whole input, cut by tshark's display filters into the parts expected, in order.</summary>
    private static string SplitReference(string fixture, string folder, params string[] filters)
    {
        var reference = Pcapng(fixture, folder);
        var parts = filters.Select((filter, i) =>
        {
            var part = Path.Combine(folder, $"reference-{i}.pcapng");
            ExternalTool.Run("tshark", "-r", reference, "-Y", filter, "-w", part).ExitCode.ShouldBe(0);
            return part;
        }).ToArray();
        var frames = Frames(parts);
        foreach (var part in parts) File.Delete(part);
        File.Delete(reference);
        return frames;
    }
}
