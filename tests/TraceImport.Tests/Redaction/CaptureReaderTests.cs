using System.Globalization;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Model;
using TraceImport.Pcapng;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>The capture reader against tshark: every frame of every capture in fixtures/captures, its bytes, time and link type.</summary>
public class CaptureReaderTests
{
    public static TheoryData<string> Captures() => new(Directory.EnumerateFiles(Repository.Fixture("captures"), "*.pcap*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(Repository.Fixtures, p)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_frame_reads_as_tshark_reads_it(string capture)
    {
        var path = Repository.Fixture(capture);
        using var stream = File.OpenRead(path);
        var packets = CaptureReader.Read(stream, Path.GetFileName(path)).ToList();
        var frames = TsharkReader.Frames(path);
        packets.Select(p => Convert.ToHexStringLower(p.Data)).ShouldBe(frames.Select(f => f.RawHex));
        if (path.EndsWith(".pcap", StringComparison.Ordinal)) packets.Select(p => (int)p.LinkType.Code).Distinct().ShouldBe([PcapLinkType(path)]);
        packets.Select(p => Epoch(p.Time!.Value)).ShouldBe(frames.Select(f => f.EpochTime));
        packets.Select(p => p.Number).ShouldBe(Enumerable.Range(1, packets.Count));
    }

    /// <summary>The link type a pcap file's header states: its last field, in the file's byte order.</summary>
    private static int PcapLinkType(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        var swapped = header[0] is 0xd4 or 0x4d;
        var network = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
        return (int)(swapped ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(network) : network);
    }

    private static string Epoch(CaptureTime time) =>
        (time.UnixNanoseconds / CaptureTime.NanosecondsPerSecond).ToString(CultureInfo.InvariantCulture) + "." +
        (time.UnixNanoseconds % CaptureTime.NanosecondsPerSecond).ToString("D9", CultureInfo.InvariantCulture);

    [Fact]
    public void What_the_pcapng_writer_writes_reads_back_with_its_comments_direction_names_and_nanoseconds()
    {
        var packet = new Packet
        {
            Data = Convert.FromHexString("4500001400010000400100000a0000010a000002"), LinkType = LinkType.RawIp, OriginalLength = 40,
            Time = new CaptureTime(1_700_000_000_123_456_789, 9, DateOrigin.Given), Direction = Direction.Outbound,
            Interface = "eth7", Format = "hex-stream", Source = new SourceSpan("x.txt", 3, 3), Heading = "a heading",
            Names = [([10, 0, 0, 1], "host.example")],
        };
        var file = new MemoryStream();
        using (var writer = new PcapngWriter(file, "section", "test", leaveOpen: true)) writer.Write(packet);
        var read = CaptureReader.Read(new MemoryStream(file.ToArray()), "written.pcapng").Single();
        (read.Time, read.Direction, read.Interface, read.OriginalLength, read.LinkType).ShouldBe((packet.Time, Direction.Outbound, "eth7", 40, LinkType.RawIp));
        read.Comments.ShouldContain("heading: a heading");
        read.Names.Single().Name.ShouldBe("host.example");
    }

    /// <summary>A big-endian nanosecond pcap, as a SPARC or a POWER machine writes it, built from the little-endian fixture's first frame.</summary>
    [Fact]
    public void A_big_endian_nanosecond_pcap_reads_as_its_little_endian_twin()
    {
        var little = File.ReadAllBytes(Repository.Fixture("captures/tcp-handshake-nano.pcap"));
        var first = CaptureReader.Read(new MemoryStream(little), "little.pcap").First();
        var big = new MemoryStream();
        void Write32(uint value) { var b = new byte[4]; System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, value); big.Write(b); }
        void Write16(ushort value) { var b = new byte[2]; System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(b, value); big.Write(b); }
        Write32(0xA1B23C4D);
        Write16(2);
        Write16(4);
        Write32(0);
        Write32(0);
        Write32(262144);
        Write32(first.LinkType.Code);
        var nanoseconds = first.Time!.Value.UnixNanoseconds;
        Write32((uint)(nanoseconds / 1_000_000_000));
        Write32((uint)(nanoseconds % 1_000_000_000));
        Write32((uint)first.Data.Length);
        Write32((uint)first.OriginalLength);
        big.Write(first.Data);
        var read = CaptureReader.Read(new MemoryStream(big.ToArray()), "big.pcap").Single();
        (Convert.ToHexString(read.Data), read.Time, read.LinkType, read.OriginalLength).ShouldBe((Convert.ToHexString(first.Data), first.Time, first.LinkType, first.OriginalLength));
    }

    [Fact]
    public void A_capture_cut_short_says_where_after_the_packets_before_it()
    {
        var bytes = File.ReadAllBytes(Repository.Fixture("captures/tcp-handshake-nano.pcap"));
        var cut = bytes[..(bytes.Length - 5)];
        var read = new List<Packet>();
        var failure = Should.Throw<CaptureFormatException>(() => read.AddRange(CaptureReader.Read(new MemoryStream(cut), "cut.pcap")));
        failure.Message.ShouldMatch(@"^cut\.pcap: byte \d+: the file ends inside packet \d+$");
        read.Count.ShouldBeGreaterThan(0);
    }
}
