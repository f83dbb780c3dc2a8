using System.Buffers.Binary;
using TraceImport.Model;
using TraceImport.Pcapng;

namespace TraceImport.Pcap;

/// <summary>
/// Writes packets as a classic libpcap file (little-endian, version 2.4), for tools that read
/// nothing newer. The format has one link type and one time resolution per file, written in its
/// header before the first packet: the first packet decides both (nanoseconds when its time was
/// printed with more than six decimals). A packet of another link type cannot go into the file
/// and is refused (<see cref="PcapLinkTypeException"/>); a finer time than the file's is cut to
/// its resolution and counted. What pcapng carries beside the bytes (interface names,
/// directions, comments naming masked and unknown bytes, host names) has no place here.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const uint NanosecondMagic = 0xA1B23C4D;

    private readonly Stream output;
    private readonly bool leaveOpen;
    private readonly byte[] record = new byte[16];

    public PcapWriter(Stream output, bool leaveOpen = false)
    {
        this.output = output;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>The file's link type: the first packet's; null before it.</summary>
    public LinkType? LinkType { get; private set; }

    /// <summary>Whether the file's times are in nanoseconds (the first packet printed more than six decimals).</summary>
    public bool Nanoseconds { get; private set; }

    public int PacketsWritten { get; private set; }

    /// <summary>Packets whose time the text printed more finely than the file's resolution holds.</summary>
    public int TimesCut { get; private set; }

    /// <summary>Packets that carried what pcapng would have kept beside the bytes (comments, a direction, names).</summary>
    public int NotesLeftOut { get; private set; }

    /// <summary>Whether the packet can go into this file: it has the file's link type, or is the first.</summary>
    public bool Accepts(Packet packet) => LinkType is not { } linkType || linkType == packet.LinkType;

    public void Write(Packet packet)
    {
        if (LinkType is not { } linkType)
        {
            Nanoseconds = packet.Time is { FractionDigits: > 6 };
            WriteHeader(packet.LinkType);
            linkType = packet.LinkType;
        }
        if (linkType != packet.LinkType) throw new PcapLinkTypeException(linkType, packet);

        var data = packet.Data.AsSpan();
        var largest = PcapngWriter.MaxPacketLengthFor(packet.LinkType);
        if (data.Length > largest) data = data[..largest];
        var nanoseconds = Math.Max(0, packet.Time?.UnixNanoseconds ?? 0);
        var seconds = nanoseconds / CaptureTime.NanosecondsPerSecond;
        var fraction = nanoseconds % CaptureTime.NanosecondsPerSecond;
        if (!Nanoseconds && fraction % 1000 != 0) TimesCut++;
        if (packet.Direction != Direction.Unknown || packet.Names.Count > 0 || PacketComments.For(packet).Any()) NotesLeftOut++;

        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)Math.Min(seconds, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)(Nanoseconds ? fraction : fraction / 1000));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)Math.Max(packet.OriginalLength, packet.Data.Length));
        output.Write(record);
        output.Write(data);
        PacketsWritten++;
    }

    private void WriteHeader(LinkType linkType)
    {
        LinkType = linkType;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Nanoseconds ? NanosecondMagic : MicrosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        // thiszone and sigfigs are 0, as every writer since libpcap 1.0 has them.
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)PcapngWriter.MaxPacketLengthFor(linkType));
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType.Code);
        output.Write(header);
    }

    public void Flush() => output.Flush();

    public void Dispose()
    {
        output.Flush();
        if (!leaveOpen) output.Dispose();
    }
}

/// <summary>A packet whose link type differs from the pcap file's: one file holds one link type.</summary>
public sealed class PcapLinkTypeException(LinkType fileLinkType, Packet packet) : InvalidOperationException(
    $"packet {packet.Number} ({packet.Source.File}:{packet.Source.FirstLine}) is {packet.LinkType.Name} (LINKTYPE {packet.LinkType.Code}), " +
    $"but the pcap file is {fileLinkType.Name} (LINKTYPE {fileLinkType.Code}): a pcap file holds one link type")
{
    public LinkType FileLinkType { get; } = fileLinkType;
    public Packet Packet { get; } = packet;
}
