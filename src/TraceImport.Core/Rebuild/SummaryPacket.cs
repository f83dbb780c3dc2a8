using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Import;
using TraceImport.Model;

namespace TraceImport.Rebuild;

/// <summary>
/// What a one-line summary (tcpdump, tshark, snoop, EtherPeek) says of one packet: its layers with the
/// values the line states, how many bytes follow the last header, the frame's length, and what the
/// packet's comment must say (values taken on an assumption, names without their addresses).
/// <see cref="Finish"/> emits the layers and finishes the packet through the record builder: a summary
/// prints no payload, so the packet holds the headers and its original length counts the rest.
/// </summary>
public sealed class SummaryPacket
{
    public LayerStack Layers { get; } = new();

    /// <summary>Bytes after the last layer's header (a TCP segment's data, an ICMP message's body), when the line says how many.</summary>
    public int? PayloadLength { get; set; }

    /// <summary>The frame's length on the wire, when the line states it (tcpdump -e, tshark's Length column).</summary>
    public int? FrameLength { get; set; }

    /// <summary>Values written on an assumption the text implies but does not state, each with why.</summary>
    public List<string> Assumptions { get; } = [];

    public List<string> Comments { get; } = [];

    /// <summary>Host names the text pairs with addresses, for the Name Resolution Block.</summary>
    public List<(byte[] Address, string Name)> Names { get; } = [];

    /// <summary>Adds a layer after the others; returns its values for the line to fill.</summary>
    public FieldValues Add(ProtocolLayer layer) => Layers.Add(layer);

    /// <summary>The values of the last layer of a kind, if the packet has one.</summary>
    public FieldValues? Values<T>() where T : ProtocolLayer => Layers.Layers.LastOrDefault(l => l.Layer is T).Values;

    /// <summary>
    /// Emits the layers and hands the packet to the record builder: the headers as bytes (what the line
    /// did not state unknown), the original length from the frame length, or from the headers and the
    /// payload the line counts. Returns the packet, or null when the line gave nothing to emit.
    /// </summary>
    public Packet? Finish(PacketDraft draft, RegionContext context, string format)
    {
        if (Layers.IsEmpty)
        {
            context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: a {format} line with nothing that could be rebuilt");
            return null;
        }
        var complete = SetExtent();
        var image = Layers.Emit(complete);
        ComputeHiddenHeaderChecksums(image);
        var (data, unknown) = image.Build();
        draft.Bytes.Append(data, unknown);
        draft.Bytes.Truncate(HeadersEnd(image));

        var whole = complete ? image.Length : draft.Bytes.Length;
        if (FrameLength is { } frame && complete && frame < whole)
        {
            var warning = $"the line says the frame is {frame} bytes, but its headers and the payload it counts make {whole}";
            draft.Comments.Add(warning);
            context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: {warning}");
        }
        draft.StatedLength = Math.Max(FrameLength ?? whole, draft.Bytes.Length);
        draft.RebuiltFromFields = true;
        draft.LinkType ??= Bindings.LinkTypeOf(Layers.Layers[0].Layer);
        draft.Comments.AddRange(Comments);
        foreach (var assumption in Assumptions) draft.Comments.Add($"assumed: {assumption}");
        draft.Comments.AddRange(image.Notes);
        if (image.Computed.Distinct().ToList() is { Count: > 0 } computed) draft.Comments.Add($"computed from the other layers: {string.Join(", ", computed)}");
        draft.Names.AddRange(Names);
        return draft.Finish(context, format);
    }

    /// <summary>
    /// Says how far the last layer reaches, when the line tells: its header and the payload counted, or
    /// what an IP header's stated length leaves for it. Then the image holds the whole packet (unknown
    /// where the line is silent), and emit counts the lengths the line left unset.
    /// </summary>
    private bool SetExtent()
    {
        CountTcpHeader();
        if (!LastExtentKnown())
        {
            LengthFromFrame();
            // The IP length the frame gave counts the TCP header, when the line counts the data after it.
            CountTcpHeader();
        }
        return SetLastExtent();
    }

    private bool LastExtentKnown() => PayloadLength is not null && HeaderLengthKnown(Layers.Layers[^1].Layer, Layers.Layers[^1].Values) || CarriedLength() is not null;

    /// <summary>
    /// A TCP header whose options the line does not spell out all of: its length is what the IP header's
    /// length leaves after the payload the line counts.
    /// </summary>
    private void CountTcpHeader()
    {
        var (last, values) = Layers.Layers[^1];
        if (last is not Tcp || HeaderLengthKnown(last, values) || PayloadLength is not { } payload || CarriedLength() is not { } segment) return;
        var header = segment - payload;
        if (header is < 20 or > 60 || header % 4 != 0) return;
        values.Set("tcp.hdr_len", (ulong)header, 0);
        Comments.Add($"tcp.hdr_len = {header}: what the IP length leaves after the {payload} bytes of data");
    }

    /// <summary>
    /// The frame's stated length gives the IP header's length field when nothing else does, if no trailer
    /// follows the datagram: none can on a link without a minimum frame, and Ethernet pads only frames
    /// shorter than 60 bytes, so a longer one is taken to end with its datagram (and said so).
    /// </summary>
    private void LengthFromFrame()
    {
        if (FrameLength is not { } frame) return;
        var offset = 0;
        foreach (var (layer, values) in Layers.Layers)
        {
            if (layer is Ipv4 or Ipv6)
            {
                var ipv4 = layer is Ipv4;
                if (ipv4 ? values.Has("ip.len") : values.Has("ipv6.plen")) return;
                if (Layers.Layers[0].Layer is Ethernet && frame <= Ethernet.MinimumFrame) return;
                var length = frame - offset - (ipv4 ? 0 : 40);
                if (length < (ipv4 ? 20 : 0) || length > ushort.MaxValue) return;
                values.Set(ipv4 ? "ip.len" : "ipv6.plen", (ulong)length, 0);
                Assumptions.Add($"{(ipv4 ? "ip.len" : "ipv6.plen")} = {length}: the frame's {frame} bytes less the headers before it (no trailer after the datagram)");
                return;
            }
            if (!HeaderLengthKnown(layer, values)) return;
            offset += layer.HeaderLength(values);
        }
    }

    /// <summary>What the IP header's stated length leaves for the last layer, when the last layer follows it directly.</summary>
    private long? CarriedLength()
    {
        if (Layers.Layers.Count < 2) return null;
        var (carrier, carrierValues) = Layers.Layers[^2];
        return carrier switch
        {
            Ipv4 when carrier.ValueOf("ip.len", carrierValues) is { } total && HeaderLengthKnown(carrier, carrierValues) =>
                (long)total - carrier.HeaderLength(carrierValues),
            Ipv6 when carrier.ValueOf("ipv6.plen", carrierValues) is { } payloadLength => (long)payloadLength,
            _ => null,
        };
    }

    private bool SetLastExtent()
    {
        var (last, values) = Layers.Layers[^1];
        if (PayloadLength is { } payload && HeaderLengthKnown(last, values))
        {
            values.Extent = last.HeaderLength(values) + payload;
            return true;
        }
        if (!HeaderLengthKnown(last, values) || CarriedLength() is not { } extent || extent < last.HeaderLength(values)) return false;
        values.Extent = (int)extent;
        return true;
    }

    /// <summary>
    /// An IPv4 header behind a header the decoder does not read (an MPLS label stack, IPsec's AH) is out of
    /// emit's reach, which takes checksums from the decode: its checksum is computed here, when every other
    /// byte of the header is known — what the decoder would do could it reach it.
    /// </summary>
    private void ComputeHiddenHeaderChecksums(PacketImage image)
    {
        var offset = 0;
        var hidden = false;
        foreach (var (layer, values) in Layers.Layers)
        {
            if (layer is Ipv4 && hidden && !values.Has("ip.checksum") && HeaderLengthKnown(layer, values))
            {
                var length = layer.HeaderLength(values);
                if (!image.IsWritten(offset + 10, 2) && image.IsWritten(offset, 10) && image.IsWritten(offset + 12, length - 12))
                {
                    var header = image.Build().Data.AsSpan(offset, length).ToArray();
                    header[10] = header[11] = 0;
                    image.Write(Ipv4.Field("ip.checksum"), offset, InternetChecksum.Compute(header), line: 0, computed: true);
                }
            }
            hidden |= layer is StatedHeader;
            if (!HeaderLengthKnown(layer, values)) return;
            offset += layer.HeaderLength(values);
        }
    }

    /// <summary>Whether the layer's header length is known: stated, or counted from options the line lists in full.</summary>
    public static bool HeaderLengthKnown(ProtocolLayer layer, FieldValues values) => layer switch
    {
        Tcp => values.Has("tcp.hdr_len") || values.OptionsListed,
        Ipv4 => values.Has("ip.hdr_len") || values.OptionsListed,
        _ => true,
    };

    /// <summary>Where the headers end: after the last header, or the last byte a field was written to (an ICMP error's quote).</summary>
    private int HeadersEnd(PacketImage image)
    {
        var end = 0;
        foreach (var (layer, values) in Layers.Layers) end += layer.HeaderLength(values);
        foreach (var write in image.Writes) end = Math.Max(end, (write.HeaderOffset * 8 + write.Spec.EndBit + 7) / 8);
        return Math.Min(end, image.Length);
    }
}
