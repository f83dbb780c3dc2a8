using System.Buffers.Binary;
using System.Text;
using TraceImport.Model;

namespace TraceImport.Pcapng;

/// <summary>
/// Writes packets as a pcapng section (little-endian): a Section Header Block, an Interface
/// Description Block for each interface, link type and time resolution as they first appear, and
/// an Enhanced Packet Block per packet with its direction, original length and comments.
/// Every file it writes stays within what Wireshark's reader accepts: a Name Resolution Block
/// only after the first Interface Description Block (editcap and mergecap need one before it), an
/// option no longer than 65,535 bytes (a longer comment is cut, and says so), and a packet no
/// longer than the link type's largest (cut, its original length kept, and a comment saying so).
/// </summary>
public sealed class PcapngWriter : IDisposable
{
    private const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint InterfaceDescriptionType = 0x00000001;
    private const uint NameResolutionType = 0x00000004;
    private const uint EnhancedPacketType = 0x00000006;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    private const ushort OptEndOfOpt = 0;
    private const ushort OptComment = 1;
    private const ushort ShbUserApplication = 4;
    private const ushort IfName = 2;
    private const ushort IfTsResol = 9;
    private const ushort EpbFlags = 2;
    private const ushort NrbRecordIpv4 = 1;
    private const ushort NrbRecordIpv6 = 2;

    /// <summary>An option's length is 16 bits.</summary>
    public const int MaxOptionLength = ushort.MaxValue;

    /// <summary>Wireshark's largest packet for most link types (WTAP_MAX_PACKET_SIZE_STANDARD).</summary>
    public const int MaxPacketLength = 262_144;

    /// <summary>D-Bus messages (LINKTYPE_DBUS) may be up to 128 MiB (WTAP_MAX_PACKET_SIZE_DBUS).</summary>
    private const int MaxDbusPacketLength = 128 * 1024 * 1024;
    private const ushort LinkTypeDbus = 231;

    private readonly Stream output;
    private readonly bool leaveOpen;
    private readonly Dictionary<(string Interface, ushort LinkType, bool Nanoseconds), uint> interfaces = [];
    private readonly BlockBuffer block = new();
    private readonly HashSet<string> namesWritten = [];

    public PcapngWriter(Stream output, string sectionComment, string application, bool leaveOpen = false)
    {
        this.output = output;
        this.leaveOpen = leaveOpen;
        WriteSectionHeader(sectionComment, application);
    }

    public int PacketsWritten { get; private set; }

    public void Write(Packet packet)
    {
        var nanoseconds = packet.Time is { FractionDigits: > 6 };
        var interfaceId = InterfaceFor(packet.Interface, packet.LinkType, nanoseconds);
        WriteNewNames(packet.Names);
        var units = packet.Time is { } time ? ToUnits(time.UnixNanoseconds, nanoseconds) : 0UL;
        var data = packet.Data.AsSpan();
        var largest = MaxPacketLengthFor(packet.LinkType);
        string? cut = null;
        if (data.Length > largest)
        {
            cut = $"cut to {largest:N0} bytes, the most Wireshark reads for link type {packet.LinkType.Name}: the text holds {data.Length:N0}";
            data = data[..largest];
        }

        var body = NewBlock();
        WriteUInt32(body, interfaceId);
        WriteUInt32(body, (uint)(units >> 32));
        WriteUInt32(body, (uint)units);
        WriteUInt32(body, (uint)data.Length);
        WriteUInt32(body, (uint)Math.Max(packet.OriginalLength, packet.Data.Length));
        body.Write(data);
        Pad(body);
        if (packet.Direction != Direction.Unknown)
        {
            Span<byte> flags = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)packet.Direction);
            WriteOption(body, EpbFlags, flags);
        }
        foreach (var comment in PacketComments.For(packet)) WriteTextOption(body, OptComment, comment);
        if (cut is not null) WriteOption(body, OptComment, OptionText(cut));
        WriteOption(body, OptEndOfOpt, []);
        FlushBlock(EnhancedPacketType);
        PacketsWritten++;
    }

    /// <summary>The longest packet Wireshark reads for a link type (wiretap's wtap_max_snaplen_for_encap).</summary>
    public static int MaxPacketLengthFor(LinkType linkType) => linkType.Code == LinkTypeDbus ? MaxDbusPacketLength : MaxPacketLength;

    /// <summary>
    /// A text option's bytes: UTF-8, cut at a character boundary to fit an option when it is
    /// longer, with a marker saying how long it was.
    /// </summary>
    public static byte[] OptionText(string text, int room = MaxOptionLength)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= room) return bytes;
        var marker = Encoding.UTF8.GetBytes($" … [cut: {bytes.Length:N0} bytes, more than a pcapng option holds]");
        var keep = Math.Max(0, room - marker.Length);
        while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) keep--; // not inside a character
        return [.. bytes.AsSpan(0, keep), .. marker.AsSpan(0, Math.Min(marker.Length, room))];
    }

    /// <summary>
    /// Writes a Name Resolution Block for the names not written yet, before the packet that gives
    /// them (and after the packet's interface, so never before the first), so that a streamed
    /// section still names its addresses.
    /// </summary>
    private void WriteNewNames(IReadOnlyList<(byte[] Address, string Name)> names)
    {
        if (names.Count == 0) return; // most packets name no address
        var fresh = names.Where(n => n.Address.Length is 4 or 16 && namesWritten.Add(Convert.ToHexString(n.Address) + " " + n.Name)).ToList();
        if (fresh.Count == 0) return;
        var body = NewBlock();
        foreach (var (address, name) in fresh)
        {
            byte[] value = [.. address, .. OptionText(name, MaxOptionLength - address.Length - 1), 0];
            WriteOption(body, address.Length == 4 ? NrbRecordIpv4 : NrbRecordIpv6, value);
        }
        WriteOption(body, 0, []);
        FlushBlock(NameResolutionType);
    }

    public void Flush() => output.Flush();

    public void Dispose()
    {
        output.Flush();
        if (!leaveOpen) output.Dispose();
        block.Dispose();
    }

    private static ulong ToUnits(long unixNanoseconds, bool nanoseconds)
    {
        var clamped = Math.Max(0, unixNanoseconds);
        return nanoseconds ? (ulong)clamped : (ulong)(clamped / 1000);
    }

    private void WriteSectionHeader(string comment, string application)
    {
        var body = NewBlock();
        WriteUInt32(body, ByteOrderMagic);
        WriteUInt16(body, 1);
        WriteUInt16(body, 0);
        WriteUInt32(body, 0xFFFFFFFF); // section length unknown: the section is written as a stream
        WriteUInt32(body, 0xFFFFFFFF);
        WriteOption(body, OptComment, OptionText(comment));
        WriteOption(body, ShbUserApplication, OptionText(application));
        WriteOption(body, OptEndOfOpt, []);
        FlushBlock(SectionHeaderType);
    }

    private uint InterfaceFor(string name, LinkType linkType, bool nanoseconds)
    {
        var key = (name, linkType.Code, nanoseconds);
        if (interfaces.TryGetValue(key, out var id)) return id;
        id = (uint)interfaces.Count;
        interfaces[key] = id;

        var body = NewBlock();
        WriteUInt16(body, linkType.Code);
        WriteUInt16(body, 0);
        WriteUInt32(body, 0); // no snapshot length limit
        WriteOption(body, IfName, OptionText(name));
        if (nanoseconds) WriteOption(body, IfTsResol, [9]);
        WriteOption(body, OptEndOfOpt, []);
        FlushBlock(InterfaceDescriptionType);
        return id;
    }

    private BlockBuffer NewBlock()
    {
        block.Start();
        return block;
    }

    /// <summary>Fills in the block's type and length around its body and writes it, header, body and trailer, at once.</summary>
    private void FlushBlock(uint type)
    {
        output.Write(block.Finish(type));
    }

    private static void WriteOption(BlockBuffer body, ushort code, ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxOptionLength) throw new ArgumentException($"a pcapng option holds at most {MaxOptionLength} bytes, not {value.Length}", nameof(value));
        WriteUInt16(body, code);
        WriteUInt16(body, (ushort)value.Length);
        body.Write(value);
        Pad(body);
    }

    /// <summary>A text option, encoded straight into the block when it surely fits (<see cref="OptionText"/> cuts one that does not).</summary>
    private static void WriteTextOption(BlockBuffer body, ushort code, string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > MaxOptionLength)
        {
            WriteOption(body, code, OptionText(text));
            return;
        }
        WriteUInt16(body, code);
        var lengthAt = body.Length;
        WriteUInt16(body, 0);
        var length = Encoding.UTF8.GetBytes(text, body.Reserve(Encoding.UTF8.GetMaxByteCount(text.Length)));
        body.Advance(length);
        body.Patch(lengthAt, (ushort)length);
        Pad(body);
    }

    private static void Pad(BlockBuffer body)
    {
        var padding = (4 - body.Length % 4) % 4;
        body.Reserve(padding)[..padding].Clear();
        body.Advance(padding);
    }

    private static void WriteUInt16(BlockBuffer body, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body.Reserve(2), value);
        body.Advance(2);
    }

    private static void WriteUInt32(BlockBuffer body, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(body.Reserve(4), value);
        body.Advance(4);
    }

    /// <summary>
    /// One block being built: a pooled buffer holding the block header's room, the body and the trailer's room, so that a
    /// packet's bytes are copied once, into it, and the block goes to the stream in one write.
    /// </summary>
    private sealed class BlockBuffer : IDisposable
    {
        private const int HeaderLength = 8;
        private byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        private int end;

        /// <summary>Bytes of body written so far.</summary>
        public int Length => end - HeaderLength;

        public void Start() => end = HeaderLength;

        public Span<byte> Reserve(int count)
        {
            if (end + count + 4 > buffer.Length)
            {
                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, end + count + 4));
                buffer.AsSpan(0, end).CopyTo(larger);
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            return buffer.AsSpan(end, count);
        }

        public void Advance(int count) => end += count;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            end += bytes.Length;
        }

        /// <summary>Writes a 16-bit value over body bytes already written (an option's length, once known).</summary>
        public void Patch(int bodyOffset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(HeaderLength + bodyOffset), value);

        public ReadOnlySpan<byte> Finish(uint type)
        {
            var totalLength = (uint)(end + 4);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, type);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), totalLength);
            BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), totalLength);
            return buffer.AsSpan(0, end + 4);
        }

        public void Dispose()
        {
            if (buffer.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
