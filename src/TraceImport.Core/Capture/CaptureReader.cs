using System.Buffers.Binary;
using System.Text;
using TraceImport.Model;

namespace TraceImport.Capture;

/// <summary>A capture file that cannot be read as far as it goes: where (file and byte offset) and why.</summary>
public sealed class CaptureFormatException(string message) : Exception(message);

/// <summary>
/// Reads pcap (microsecond and nanosecond, either byte order) and pcapng (every section, its
/// interfaces' link types, names and time resolutions; enhanced, simple and obsolete packet blocks;
/// name resolution blocks; packet comments and directions) into the canonical <see cref="Packet"/>,
/// one at a time, so that a capture's packets are decoded, diagnosed and redacted as a text's are.
/// A file that ends inside a block, or holds a block that cannot be, stops the reading with a
/// <see cref="CaptureFormatException"/> naming the byte offset, after the packets before it.
/// </summary>
public static class CaptureReader
{
    private const uint PcapMicroseconds = 0xA1B2C3D4;
    private const uint PcapNanoseconds = 0xA1B23C4D;
    private const uint SectionHeader = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    /// <summary>Whether the bytes start as a pcap or pcapng file does.</summary>
    public static bool IsCapture(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4) return false;
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
        var swapped = BinaryPrimitives.ReverseEndianness(magic);
        return magic is PcapMicroseconds or PcapNanoseconds or SectionHeader || swapped is PcapMicroseconds or PcapNanoseconds;
    }

    /// <summary>The packets of a capture, in the file's order, numbered from 1.</summary>
    public static IEnumerable<Packet> Read(Stream stream, string name)
    {
        var reader = new BlockReader(stream, name);
        var head = reader.Take(4, "the file's header") ?? throw new CaptureFormatException($"{name}: empty, not a capture");
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
        return magic == SectionHeader ? ReadPcapng(reader, head) : ReadPcap(reader, head);
    }

    private static IEnumerable<Packet> ReadPcap(BlockReader reader, byte[] magicBytes)
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(magicBytes);
        var little = magic is PcapMicroseconds or PcapNanoseconds;
        if (!little && BinaryPrimitives.ReverseEndianness(magic) is not (PcapMicroseconds or PcapNanoseconds))
        {
            throw new CaptureFormatException($"{reader.Name}: not a pcap or pcapng file (it starts 0x{magic:x8})");
        }
        var nanoseconds = (little ? magic : BinaryPrimitives.ReverseEndianness(magic)) == PcapNanoseconds;
        var header = reader.Take(20, "the pcap file header")!;
        var linkType = LinkTypeOf((ushort)(Read32(header, 16, little) & 0xFFFF));
        var number = 0;
        while (reader.Take(16, $"the header of packet {number + 1}", atEnd: true) is { } record)
        {
            number++;
            var (seconds, fraction) = (Read32(record, 0, little), Read32(record, 4, little));
            var (captured, original) = (Read32(record, 8, little), Read32(record, 12, little));
            if (captured > 0x4000000) throw new CaptureFormatException($"{reader.Name}: byte {reader.Position - 16}: packet {number} claims {captured} bytes, more than a capture holds");
            var data = reader.Take((int)captured, $"packet {number}")!;
            var units = nanoseconds ? 1L : 1000L;
            yield return new Packet
            {
                Data = data, LinkType = linkType, OriginalLength = (int)Math.Max(original, captured),
                Time = new CaptureTime(seconds * CaptureTime.NanosecondsPerSecond + fraction * units, nanoseconds ? 9 : 6, DateOrigin.Given),
                Interface = "capture", Format = "pcap", Source = new SourceSpan(reader.Name, number, number), Number = number,
            };
        }
    }

    private sealed record Interface(LinkType LinkType, string Name, long UnitsPerSecond, int Digits);

    private static IEnumerable<Packet> ReadPcapng(BlockReader reader, byte[] firstType)
    {
        var little = true;
        var interfaces = new List<Interface>();
        var names = new List<(byte[] Address, string Name)>();
        var number = 0;
        var type = firstType;
        while (true)
        {
            var blockStart = reader.Position - 4;
            var lengthBytes = reader.Take(4, "a block's length")!;
            if (BinaryPrimitives.ReadUInt32LittleEndian(type) == SectionHeader)
            {
                var order = reader.Take(4, "the section's byte-order magic")!;
                little = BinaryPrimitives.ReadUInt32LittleEndian(order) == ByteOrderMagic;
                if (!little && BinaryPrimitives.ReadUInt32BigEndian(order) != ByteOrderMagic) throw new CaptureFormatException($"{reader.Name}: byte {blockStart}: a section header without the byte-order magic");
                reader.Unread(order);
                interfaces.Clear();
            }
            var length = Read32(lengthBytes, 0, little);
            if (length < 12 || length % 4 != 0 || length > 0x8000000) throw new CaptureFormatException($"{reader.Name}: byte {blockStart}: a block of length {length} cannot be");
            var body = reader.Take((int)length - 12, "a block")!;
            reader.Take(4, "a block's trailing length");
            var blockType = Read32(type, 0, little);
            switch (blockType)
            {
                case 1: // interface description
                    var options = Options(body, 8, little);
                    var (units, digits) = Resolution(options.TryGetValue(9, out var resolution) ? resolution : null);
                    interfaces.Add(new Interface(LinkTypeOf(Read16(body, 0, little)), options.TryGetValue(2, out var ifName) ? Encoding.UTF8.GetString(ifName) : $"interface {interfaces.Count}", units, digits));
                    break;
                case 4: // name resolution
                    names.AddRange(NameRecords(body, little));
                    break;
                case 6 or 3 or 2: // enhanced, simple, obsolete packet
                    number++;
                    yield return PacketOf(blockType, body, little, interfaces, reader, blockStart, number, names);
                    names = [];
                    break;
            }
            if (reader.Take(4, "the next block", atEnd: true) is not { } next) yield break;
            type = next;
        }
    }

    private static Packet PacketOf(uint type, byte[] body, bool little, List<Interface> interfaces, BlockReader reader, long at, int number, List<(byte[], string)> names)
    {
        int interfaceId, captured, original, dataStart;
        long timestamp = 0;
        if (type == 3)
        {
            (interfaceId, original, dataStart) = (0, (int)Read32(body, 0, little), 4);
            captured = Math.Min(original, body.Length - 4);
        }
        else
        {
            interfaceId = type == 6 ? (int)Read32(body, 0, little) : Read16(body, 0, little);
            timestamp = (long)((ulong)Read32(body, 4, little) << 32 | Read32(body, 8, little));
            (captured, original, dataStart) = ((int)Read32(body, 12, little), (int)Read32(body, 16, little), 20);
        }
        if (interfaceId >= interfaces.Count) throw new CaptureFormatException($"{reader.Name}: byte {at}: packet {number} names interface {interfaceId}, which no interface block describes");
        if (captured < 0 || dataStart + captured > body.Length) throw new CaptureFormatException($"{reader.Name}: byte {at}: packet {number} claims {captured} bytes, more than its block holds");
        var face = interfaces[interfaceId];
        var options = type == 3 ? [] : Options(body, dataStart + (captured + 3) / 4 * 4, little);
        var direction = options.TryGetValue(2, out var flags) && flags.Length >= 4 ? (Direction)(Read32(flags, 0, little) & 3) : Direction.Unknown;
        var seconds = Math.DivRem(timestamp, face.UnitsPerSecond, out var rest);
        return new Packet
        {
            Data = body.AsSpan(dataStart, captured).ToArray(), LinkType = face.LinkType, OriginalLength = Math.Max(original, captured),
            Time = type == 3 ? null : new CaptureTime(seconds * CaptureTime.NanosecondsPerSecond + (long)((decimal)rest * CaptureTime.NanosecondsPerSecond / face.UnitsPerSecond), face.Digits, DateOrigin.Given),
            Direction = direction is Direction.Inbound or Direction.Outbound ? direction : Direction.Unknown,
            Interface = face.Name, Format = "pcapng", Source = new SourceSpan(reader.Name, number, number), Number = number,
            Comments = CommentsOf(body, dataStart + (captured + 3) / 4 * 4, little),
            Names = names,
        };
    }

    /// <summary>if_tsresol: 10^-n, or 2^-n with the top bit set; microseconds when absent.</summary>
    private static (long UnitsPerSecond, int Digits) Resolution(byte[]? option)
    {
        if (option is not [var value, ..]) return (1_000_000, 6);
        var exponent = value & 0x7F;
        if ((value & 0x80) != 0) return (1L << Math.Min(exponent, 62), Math.Min(9, (int)Math.Ceiling(exponent * Math.Log10(2))));
        return ((long)Math.Pow(10, Math.Min(exponent, 18)), Math.Min(exponent, 9));
    }

    /// <summary>A block's options from <paramref name="start"/>, code to value (the last of a code wins).</summary>
    private static Dictionary<ushort, byte[]> Options(byte[] body, int start, bool little)
    {
        var options = new Dictionary<ushort, byte[]>();
        foreach (var (code, value) in OptionList(body, start, little)) options[code] = value;
        return options;
    }

    private static List<string> CommentsOf(byte[] body, int start, bool little) =>
        OptionList(body, start, little).Where(o => o.Code == 1).Select(o => Encoding.UTF8.GetString(o.Value)).ToList();

    private static IEnumerable<(ushort Code, byte[] Value)> OptionList(byte[] body, int start, bool little)
    {
        var position = start;
        while (position + 4 <= body.Length)
        {
            var code = Read16(body, position, little);
            var length = Read16(body, position + 2, little);
            if (code == 0 || position + 4 + length > body.Length) yield break;
            yield return (code, body.AsSpan(position + 4, length).ToArray());
            position += 4 + (length + 3) / 4 * 4;
        }
    }

    private static IEnumerable<(byte[] Address, string Name)> NameRecords(byte[] body, bool little)
    {
        var position = 0;
        while (position + 4 <= body.Length)
        {
            var type = Read16(body, position, little);
            var length = Read16(body, position + 2, little);
            if (type == 0 || position + 4 + length > body.Length) yield break;
            var size = type switch { 1 => 4, 2 => 16, _ => 0 };
            if (size > 0 && length > size)
            {
                var address = body.AsSpan(position + 4, size).ToArray();
                var text = Encoding.UTF8.GetString(body, position + 4 + size, length - size);
                foreach (var name in text.Split('\0', StringSplitOptions.RemoveEmptyEntries)) yield return (address, name);
            }
            position += 4 + (length + 3) / 4 * 4;
        }
    }

    private static LinkType LinkTypeOf(ushort code) => LinkType.Known.FirstOrDefault(k => k.Code == code, new LinkType(code, $"linktype-{code}"));

    private static uint Read32(byte[] bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    private static ushort Read16(byte[] bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));

    /// <summary>Reads whole pieces of the stream, knowing where it is, and says what was cut short.</summary>
    private sealed class BlockReader(Stream stream, string name)
    {
        private byte[]? unread;

        public string Name => name;

        public long Position { get; private set; }

        public void Unread(byte[] bytes)
        {
            unread = bytes;
            Position -= bytes.Length;
        }

        /// <summary>The next <paramref name="count"/> bytes; null at a clean end when <paramref name="atEnd"/> allows one.</summary>
        public byte[]? Take(int count, string what, bool atEnd = false)
        {
            var bytes = new byte[count];
            var read = 0;
            if (unread is not null)
            {
                var fromUnread = Math.Min(count, unread.Length);
                unread.AsSpan(0, fromUnread).CopyTo(bytes);
                unread = fromUnread < unread.Length ? unread[fromUnread..] : null;
                read = fromUnread;
            }
            while (read < count)
            {
                var n = stream.Read(bytes, read, count - read);
                if (n == 0) break;
                read += n;
            }
            Position += read;
            if (read == count) return bytes;
            if (read == 0 && atEnd) return null;
            throw new CaptureFormatException($"{name}: byte {Position}: the file ends inside {what}");
        }
    }
}
