using System.Buffers.Binary;
using System.Diagnostics;
using TraceImport.Decoding;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;

namespace TraceImport.Parity;

/// <summary>What became of one field tshark shows: named by the decoder too, and if so whether they agree.</summary>
public enum Outcome
{
    Unnamed,
    Agrees,
    /// <summary>Named at the same offset, but over other bytes.</summary>
    OtherBytes,
    /// <summary>Named over the same bytes, with another value.</summary>
    OtherValue,
}

/// <summary>A field tshark shows in a frame, and what the decoder made of it.</summary>
public sealed record FieldResult(string Capture, int Frame, TsharkField Field, Outcome Outcome, string? Ours);

/// <summary>A capture's frames and what became of each field tshark shows in them.</summary>
public sealed record CaptureResult(string Capture, int Frames, List<FieldResult> Fields);

/// <summary>
/// Field parity with tshark: a capture is dumped with `tshark -x` and the dump read and decoded as a
/// paste is, then every field `tshark -T pdml` shows with bytes behind it is looked for among the
/// decoder's fields (and the option and extension-header layers it names as tshark names them) by
/// name and offset. A field found is named; a named field agrees when it covers the same bytes (a
/// bit field: bits inside tshark's bytes) and shows the same value.
/// </summary>
public static class Measure
{
    /// <summary>
    /// Fields tshark computes from other frames of the capture or from its own settings, not from the
    /// frame's bytes: a paste of the frame cannot hold them.
    /// </summary>
    public static readonly IReadOnlySet<string> Derived = new HashSet<string>(StringComparer.Ordinal)
    {
        // Relative to the connection's first segment (tcp.seq_raw and tcp.ack_raw are the numbers the frame holds).
        "tcp.seq", "tcp.ack", "tcp.options.sack_le", "tcp.options.sack_re", "tcp.options.sack.dsack_le", "tcp.options.sack.dsack_re",
        // Scaled by the shift the connection's SYN announced.
        "tcp.window_size", "tcp.window_size_scalefactor",
        // The length of an application's message, from reassembly's bookkeeping.
        "tcp.pdu.size",
        // Shown only when an echo's first data bytes read as a time near the frame's capture time.
        "icmp.data_time", "icmp.data_time_relative",
    };

    /// <summary>
    /// Preferences for tshark's reading: no reassembly, so that every field it shows lies in one frame,
    /// as in a paste of that frame.
    /// </summary>
    private static readonly string[] TsharkOptions =
    [
        "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
    ];

    /// <summary>Dumps a capture with `tshark -x`, reads the dump as a paste at the capture's link type, and measures it.</summary>
    public static CaptureResult Capture(string path)
    {
        var linkType = CaptureFile.LinkTypeOf(path);
        var dump = Run("tshark", ["-r", path, "-x", .. TsharkOptions]);
        var packets = new List<Packet>();
        var options = new ImportOptions { Format = "tshark", LinkType = LinkType.Known.FirstOrDefault(k => k.Code == linkType, new LinkType(linkType, $"linktype-{linkType}")) };
        new DocumentImporter(FormatRegistry.All).Import(new StringReader(dump), Path.GetFileName(path), options, packets.Add);
        return Packets(packets, path);
    }

    /// <summary>
    /// Reads a text fixture as a paste is read and measures it against tshark's reading of the capture
    /// written from it; null when some byte is masked or not shown (tshark would read the capture's
    /// zeros there) or no packet's link type is one the decoder reads.
    /// </summary>
    public static CaptureResult? Text(string path)
    {
        var packets = new List<Packet>();
        using (var reader = new StreamReader(path)) new DocumentImporter(FormatRegistry.All).Import(reader, Path.GetFileName(path), new ImportOptions(), packets.Add);
        if (packets.Count == 0 || packets.Any(p => p.Unknown is not null || Bindings.Find(BindingTable.LinkType, p.LinkType.Code) is null)) return null;
        var capture = Path.Combine(Path.GetTempPath(), $"field-parity-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(path)}.pcapng");
        try
        {
            using (var file = File.Create(capture))
            using (var writer = new Pcapng.PcapngWriter(file, $"converted from {Path.GetFileName(path)}", "field parity"))
            {
                foreach (var packet in packets) writer.Write(packet);
            }
            return Packets(packets, capture, Path.GetFileName(path));
        }
        finally
        {
            File.Delete(capture);
        }
    }

    /// <summary>Measures decoded packets against tshark's reading of the capture that holds the same frames.</summary>
    public static CaptureResult Packets(IReadOnlyList<Packet> packets, string capture, string? name = null) =>
        Against(packets, new StringReader(Run("tshark", ["-r", capture, "-T", "pdml", .. TsharkOptions])), name ?? Path.GetFileName(capture));

    /// <summary>Measures decoded packets against tshark's PDML for the same frames, in order.</summary>
    public static CaptureResult Against(IReadOnlyList<Packet> packets, TextReader pdml, string capture)
    {
        var results = new List<FieldResult>();
        var frame = 0;
        foreach (var theirs in Pdml.Packets(pdml))
        {
            if (frame >= packets.Count) throw new InvalidDataException($"{capture}: tshark reads more frames than the {packets.Count} the dump gave");
            var packet = packets[frame++];
            var ours = Index(PacketDecoder.Decode(packet));
            // A protocol one of whose fields does not lie on the frame's bytes was read from another data source (a reassembly): none of its fields do.
            var elsewhere = theirs.Where(f => Shown(f) && f.Position + f.Size <= packet.Data.Length && !OnFrame(f, packet.Data)).Select(f => f.ProtocolInstance).ToHashSet();
            foreach (var field in theirs.Where(f => HasBytes(f, packet.Data) && !elsewhere.Contains(f.ProtocolInstance)))
            {
                results.Add(Compare(capture, frame, field, ours));
            }
        }
        if (frame != packets.Count) throw new InvalidDataException($"{capture}: the dump gave {packets.Count} frames, tshark reads {frame}");
        return new CaptureResult(capture, frame, results);
    }

    /// <summary>
    /// A field tshark shows with bytes of this frame behind it: not hidden, not expert information nor
    /// a checksum's verdict, not derived from other frames, and not in another data source (a reassembled
    /// or decrypted buffer), which its bytes then do not match.
    /// </summary>
    private static bool HasBytes(TsharkField field, byte[] frame) =>
        Shown(field) && field.Position + field.Size <= frame.Length && OnFrame(field, frame);

    private static bool Shown(TsharkField field) =>
        !field.Hidden && field.Size > 0 && field.Name.Length > 0 && !field.Name.StartsWith("_ws.", StringComparison.Ordinal)
        && !field.Name.EndsWith(".status", StringComparison.Ordinal) && !Derived.Contains(field.Name);

    /// <summary>Whether the bytes tshark gives for the field are the frame's at its position (a field without them is taken to be).</summary>
    private static bool OnFrame(TsharkField field, byte[] frame)
    {
        var bytes = Convert.ToHexStringLower(frame, field.Position, field.Size);
        if (field.UnmaskedValue is { } unmasked && unmasked.Length == field.Size * 2) return string.Equals(unmasked, bytes, StringComparison.OrdinalIgnoreCase);
        if (!field.IsBitField && field.Value is { } value && value.Length == field.Size * 2 && IsHex(value)) return string.Equals(value, bytes, StringComparison.OrdinalIgnoreCase);
        return true;
    }

    private static bool IsHex(string text) => text.All(Uri.IsHexDigit);

    /// <summary>One thing the decoder names: a field or bit field, or a layer (an option, an extension header) named as tshark names it.</summary>
    private sealed record Named(string Name, int BitOffset, int BitLength, string? Value, bool IsLayer)
    {
        public bool Used { get; set; }
    }

    private static Dictionary<string, List<Named>> Index(PacketDecode decode)
    {
        var index = new Dictionary<string, List<Named>>(StringComparer.Ordinal);
        void Add(Named named)
        {
            if (!index.TryGetValue(named.Name, out var list)) index[named.Name] = list = [];
            list.Add(named);
        }
        void Walk(DecodedLayer layer)
        {
            Add(new Named(layer.Protocol, layer.Offset * 8, layer.Length * 8, null, IsLayer: true));
            foreach (var field in layer.Fields)
            {
                if (field.Status == FieldStatus.Truncated) continue;
                Add(new Named(field.Name, field.BitOffset, field.BitLength, field.Value, IsLayer: false));
                foreach (var bit in field.Bits.Where(b => b.Status != FieldStatus.Truncated)) Add(new Named(bit.Name, bit.BitOffset, bit.BitLength, bit.Value, IsLayer: false));
            }
            foreach (var nested in layer.Layers) Walk(nested);
        }
        foreach (var layer in decode.Layers) Walk(layer);
        return index;
    }

    /// <summary>
    /// The decoder's field of the same name at the same offset: for a bit field, tshark's offset is its
    /// container's, so the decoder's field may start at any byte of it.
    /// </summary>
    private static FieldResult Compare(string capture, int frame, TsharkField field, Dictionary<string, List<Named>> ours)
    {
        var start = field.Position * 8;
        var end = start + field.Size * 8;
        bool AtOffset(Named c) => field.IsBitField ? c.BitOffset >= start && c.BitOffset < end : c.BitOffset / 8 == field.Position;
        if (!ours.TryGetValue(field.Name, out var candidates) || candidates.FirstOrDefault(c => !c.Used && AtOffset(c)) is not { } named)
        {
            return new FieldResult(capture, frame, field, Outcome.Unnamed, null);
        }
        named.Used = true;
        var sameBytes = named.IsLayer || named.BitOffset % 8 == 0 && named.BitLength % 8 == 0 && !field.IsBitField
            ? named.BitOffset == start && named.BitLength == field.Size * 8
            : named.BitOffset >= start && named.BitOffset + named.BitLength <= end;
        if (!sameBytes) return new FieldResult(capture, frame, field, Outcome.OtherBytes, $"bits {named.BitOffset}+{named.BitLength}");
        var sameValue = named.IsLayer || field.Show.Length == 0 || SameValue(named.Value, field.Show);
        return new FieldResult(capture, frame, field, sameValue ? Outcome.Agrees : Outcome.OtherValue, named.Value);
    }

    /// <summary>The values agree as shown, or as bytes once tshark's separators are left out (04:02 and 0402).</summary>
    private static bool SameValue(string? ours, string theirs) =>
        ours == theirs || ours is not null && string.Equals(ours.Replace(":", ""), theirs.Replace(":", ""), StringComparison.OrdinalIgnoreCase);

    private static string Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        return output;
    }
}

/// <summary>The link type a pcap or pcapng file records (pcapng: its first interface's).</summary>
public static class CaptureFile
{
    public static ushort LinkTypeOf(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[24];
        file.ReadExactly(header);
        var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        switch (magic)
        {
            case 0xa1b2c3d4 or 0xa1b23c4d: return (ushort)BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
            case 0xd4c3b2a1 or 0x4d3cb2a1: return (ushort)BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            case 0x0a0d0d0a: return FirstInterface(file, bigEndian: BinaryPrimitives.ReadUInt32BigEndian(header[8..]) == 0x1a2b3c4d);
            default: throw new InvalidDataException($"{path} is neither pcap nor pcapng");
        }
    }

    private static ushort FirstInterface(FileStream file, bool bigEndian)
    {
        file.Position = 0;
        Span<byte> block = stackalloc byte[10];
        while (true)
        {
            var at = file.Position;
            file.ReadExactly(block);
            var type = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(block) : BinaryPrimitives.ReadUInt32LittleEndian(block);
            var length = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(block[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
            if (type == 1) return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(block[8..]) : BinaryPrimitives.ReadUInt16LittleEndian(block[8..]);
            file.Position = at + length;
        }
    }
}
