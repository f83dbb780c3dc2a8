using System.Buffers.Binary;
using System.Text;
using Shouldly;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Pcapng;
using TraceImport.Tests.Snapshots;
using Xunit;

namespace TraceImport.Tests.Oracle;

/// <summary>Every pcapng the tool writes is read back by tshark without a warning and holds what the text held.</summary>
public class ReadBackTests
{
    public static TheoryData<string> FixturesWithPackets()
    {
        var data = new TheoryData<string>();
        foreach (var path in FixtureSnapshotTests.FixtureCases())
        {
            if (Importing.File(path).Packets.Count > 0) data.Add(Path.GetRelativePath(Repository.Fixtures, path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesWithPackets))]
    public void Tshark_reads_every_fixture_back_with_the_same_bytes(string fixture)
    {
        var imported = Importing.File(Repository.Fixture(fixture));
        var (path, _) = Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileName(fixture));

        var frames = TsharkReader.Frames(path);
        frames.Select(f => f.RawHex).ShouldBe(imported.Packets.Select(p => p.Hex()));
    }

    [Fact]
    public void Seed_000_yields_four_ethernet_frames_with_their_masked_nibbles_named()
    {
        var seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");
        var (path, report) = Conversion.ToPcapng(File.ReadAllText(seed), "seed-000");

        // Its packet_monitor records come first (7 raw-IP packets), then the four hex blocks.
        var frames = TsharkReader.Frames(path).Skip(7).ToList();
        frames.Select(f => f.RawHex.Length / 2).ShouldBe([74, 60, 60, 70]);
        frames.ShouldAllBe(f => f.LinkType == 1);
        report.ProseLines.ShouldBe(13, "the case study's prose; its hand-made decodes are read beside their blocks");
        report.SkippedLines.ShouldBe(0);

        var comments = Fields(path, "frame.comment").Skip(7).ToList();
        comments[0].ShouldContain("heading: SYN from 192.168.130.29 port 1049 to 172.16.20.3 port 21");
        comments[0].ShouldContain("masked in the source (X), written as 0: bytes 0-3, 6-9");
        comments[3].ShouldContain("bytes 0-3, 6-9, 27-28");
        comments[3].ShouldContain("seed-000:176-180");
    }

    [Fact]
    public void One_file_holds_raw_ip_and_ethernet_packets_on_two_interfaces()
    {
        var text = File.ReadAllText(Repository.Fixture("documents/constructed-mixed-link-types.txt"));
        var (path, _) = Conversion.ToPcapng(text, "mixed");

        TsharkReader.Frames(path).Select(f => f.LinkType).ShouldBe([7, 1], "tshark's encapsulations for raw IP and Ethernet");
        Fields(path, "frame.interface_id").ShouldBe(["0", "1"]);
    }

    [Fact]
    public void Direction_nanosecond_time_and_original_length_reach_tshark()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("traceimport-writer-").FullName, "written.pcapng");
        using (var file = File.Create(path))
        using (var writer = new PcapngWriter(file, "test section", "traceimport tests"))
        {
            writer.Write(Packet(Direction.Inbound, new CaptureTime(1_120_622_255_938_066_123, 9, DateOrigin.Given), originalLength: 1514));
            writer.Write(Packet(Direction.Outbound, new CaptureTime(1_120_622_255_938_066_000, 6, DateOrigin.Given), originalLength: 66));
        }

        TsharkReader.Frames(path).Select(f => f.EpochTime).ShouldBe(["1120622255.938066123", "1120622255.938066000"]);
        Fields(path, "frame.packet_flags_direction").ShouldBe(["0x00000001", "0x00000002"], "epb_flags: 1 inbound, 2 outbound");
        Fields(path, "frame.len").ShouldBe(["1514", "66"]);
        Fields(path, "frame.cap_len").ShouldBe(["66", "66"]);
    }

    [Fact]
    public void Capinfos_editcap_and_mergecap_accept_every_fixture_s_capture()
    {
        var captures = FixtureSnapshotTests.FixtureCases().Where(path => Importing.File(path).Packets.Count > 0)
            .Select(path => Path.GetRelativePath(Repository.Fixtures, path))
            .Select(fixture => Conversion.ToPcapng(File.ReadAllText(Repository.Fixture(fixture)), Path.GetFileNameWithoutExtension(fixture)).Path)
            .ToList();
        var folder = Directory.CreateTempSubdirectory("traceimport-wiretap-").FullName;

        var info = ExternalTool.Run("capinfos", ["-c", "-M", .. captures]);
        info.ExitCode.ShouldBe(0, info.StandardError);
        ExternalTool.TsharkWarnings(info.StandardError).ShouldBeEmpty();
        var counts = PacketCounts(info.StandardOutput);
        counts.Count.ShouldBe(captures.Count);
        var refused = new List<string>();
        foreach (var capture in captures)
        {
            var edited = ExternalTool.Run("editcap", capture, Path.Combine(folder, "edited.pcapng"));
            if (edited.ExitCode != 0 || ExternalTool.TsharkWarnings(edited.StandardError).Length > 0) refused.Add($"{Path.GetFileName(capture)}: {edited.StandardError.Trim()}");
        }
        refused.ShouldBeEmpty("editcap must read every capture written");
        var merged = Path.Combine(folder, "merged.pcapng");
        var merge = ExternalTool.Run("mergecap", ["-w", merged, .. captures]);
        merge.ExitCode.ShouldBe(0, merge.StandardError);
        ExternalTool.TsharkWarnings(merge.StandardError).ShouldBeEmpty();
        PacketCounts(ExternalTool.Run("capinfos", "-c", "-M", merged).StandardOutput).ShouldBe([counts.Sum()]);
    }

    /// <summary>The "Number of packets" capinfos -c gives for each file.</summary>
    private static List<int> PacketCounts(string capinfos) =>
        capinfos.Split('\n').Where(l => l.StartsWith("Number of packets:", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(':')[1].Trim())).ToList();

    [Fact]
    public void Names_are_written_after_the_first_interface_block_they_need()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("traceimport-writer-").FullName, "names.pcapng");
        using (var file = File.Create(path))
        using (var writer = new PcapngWriter(file, "test section", "traceimport tests"))
        {
            var named = Packet(Direction.Unknown, new CaptureTime(1_120_622_255_938_066_000, 6, DateOrigin.Given), 66);
            writer.Write(new Packet
            {
                Data = named.Data, LinkType = named.LinkType, OriginalLength = 66, Interface = "eth0", Format = "test", Source = named.Source,
                Names = [([127, 0, 0, 1], "localhost")],
            });
        }

        BlockTypes(File.ReadAllBytes(path)).ShouldBe([0x0A0D0D0Au, 1u, 4u, 6u], "section header, interface, name resolution, packet");
        ExternalTool.Run("editcap", path, path + ".edited").ExitCode.ShouldBe(0);
        Fields(path, "frame.len").ShouldBe(["66"]);
    }

    [Fact]
    public void A_heading_longer_than_a_pcapng_option_is_cut_and_says_so()
    {
        // 70,000 characters of prose before a hex stream: its heading comment would overflow the option's 16-bit length.
        var heading = "The capture below " + string.Concat(Enumerable.Repeat("was taken on the router's inside interface; ", 1600));
        var text = heading + "\n" + "000000000000000000000000080045000014000000004006000000000000000000000000\n";
        var (path, report) = Conversion.ToPcapng(text, "long-heading");
        report.Packets.ShouldBe(1);

        var read = ExternalTool.Run("tshark", "-r", path, "-T", "fields", "-e", "frame.comment");
        read.ExitCode.ShouldBe(0, read.StandardError);
        ExternalTool.TsharkWarnings(read.StandardError).ShouldBeEmpty();
        var comment = read.StandardOutput[..read.StandardOutput.IndexOf(",source: ", StringComparison.Ordinal)]; // tshark joins comments with commas
        comment.ShouldStartWith("heading: The capture below was taken");
        comment.ShouldEndWith($" … [cut: {Encoding.UTF8.GetByteCount("heading: " + heading.Trim()):N0} bytes, more than a pcapng option holds]");
        Encoding.UTF8.GetByteCount(comment).ShouldBeLessThanOrEqualTo(PcapngWriter.MaxOptionLength);
    }

    [Fact]
    public void A_packet_longer_than_wireshark_reads_is_cut_keeping_its_length_and_saying_so()
    {
        // A hex stream of 300,000 bytes: an Ethernet frame no link carries, but the text holds it.
        var frame = "000000000000000000000000" + "0800" + new string('0', 2 * (300_000 - 14));
        var (path, _) = Conversion.ToPcapng(frame + "\n", "jumbo");

        var read = ExternalTool.Run("tshark", "-r", path, "-T", "fields", "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.comment");
        read.ExitCode.ShouldBe(0, read.StandardError);
        ExternalTool.TsharkWarnings(read.StandardError).ShouldBeEmpty();
        var fields = read.StandardOutput.Trim().Split('\t');
        fields[0].ShouldBe("300000");
        fields[1].ShouldBe("262144");
        fields[2].ShouldContain("cut to 262,144 bytes, the most Wireshark reads for link type ethernet: the text holds 300,000");
    }

    /// <summary>The type of each block of a little-endian pcapng file, in order.</summary>
    private static List<uint> BlockTypes(byte[] file)
    {
        var types = new List<uint>();
        for (var at = 0; at + 8 <= file.Length; at += (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4)))
        {
            types.Add(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)));
        }
        return types;
    }

    private static Packet Packet(Direction direction, CaptureTime time, int originalLength)
    {
        // Frame 3 of tcpdump's print-flags capture: an ACK with timestamps, 66 bytes.
        var data = Convert.FromHexString(
            "000000000000000000000000080045000034" + "1b6a400040062158" + "7f0000017f000001" +
            "da7000503758897f377a8df28010200037d00000" + "0101080a4ddc92164ddc9216");
        return new Packet
        {
            Data = data,
            LinkType = LinkType.Ethernet,
            OriginalLength = originalLength,
            Time = time,
            Direction = direction,
            Interface = "eth0",
            Format = "test",
            Source = new SourceSpan("test.txt", 1, 1),
        };
    }

    private static List<string> Fields(string capture, string field)
    {
        var result = ExternalTool.Run("tshark", "-r", capture, "-T", "fields", "-e", field);
        result.ExitCode.ShouldBe(0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
