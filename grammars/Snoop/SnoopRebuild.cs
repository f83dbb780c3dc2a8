using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;

namespace TraceImport.Grammars.Snoop;

/// <summary>
/// Turns snoop's verbose decode back into bytes: each section's labelled values go, through snoop's
/// vocabulary, into the fields of the layer the section describes, and the layers are emitted.
/// Checksums are written as printed, never recomputed: a wrong one is evidence.
/// </summary>
public sealed class SnoopRebuild
{
    private readonly LayerStack stack = new();
    private readonly List<string> comments = [];
    private readonly List<(byte[] Address, string Name)> names = [];
    private readonly List<(FieldValues Values, int Line, IReadOnlyList<ulong> Readings)> identifications = [];
    private readonly RegionContext context;
    private LayerStack? quote;
    private int? ipTotalLength;
    private int? packetSize;

    private SnoopRebuild(RegionContext context) => this.context = context;

    /// <summary>Rebuilds the packet and emits it through the record builder; null when nothing could be rebuilt.</summary>
    public static Packet? Build(SnoopPacket packet, RegionContext context, string format) =>
        new SnoopRebuild(context).Run(packet, format);

    private Packet? Run(SnoopPacket packet, string format)
    {
        foreach (var section in packet.Sections)
        {
            var quoted = quote is not null;
            if (Layer(section.Protocol) is { } layer) Fill(Place(layer), section, layer, quoted);
            else comments.Add($"snoop {section.Protocol}: " + string.Join("; ", section.Texts()));
        }
        SettleIdentifications();

        var image = stack.Emit();
        comments.AddRange(image.Notes);
        if (image.Computed.Any()) comments.Add($"computed from the other layers: {string.Join(", ", image.Computed)}");
        byte[] data;
        KnownMask? unknown;
        if (packet.Hex is { Length: > 0 } hex)
        {
            (data, unknown) = hex.Build();
            foreach (var (write, says, holds) in image.Disagreements(data))
            {
                var message = $"line {write.Line}: snoop's decode says {write.Spec.Name} = {says}, its hex holds {holds}";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{message}");
            }
        }
        else
        {
            if (image.Length == 0) return null;
            (data, unknown) = image.Build();
        }

        var hasEther = stack.Layers is [{ Layer: Ethernet }, ..];
        var original = packetSize ?? (ipTotalLength is { } total ? total + (hasEther ? 14 : 0) : data.Length);
        if (packetSize is { } size && ipTotalLength is { } ipLength && Disagree(size, ipLength + (hasEther ? 14 : 0), hasEther))
        {
            var warning = $"snoop's packet size ({size} bytes) disagrees with the IP total length ({ipLength} bytes{(hasEther ? " + 14 of Ethernet header" : "")})";
            comments.Add(warning);
            context.Warn($"{context.Span(packet.FirstLine, packet.LastLine)}: {warning}");
        }

        var draft = new PacketDraft();
        draft.Start(packet.FirstLine);
        draft.LastLine = packet.LastLine;
        draft.Bytes.Append(data, unknown);
        // The decode starts with the Ethernet header or, without one, with the IP header: the text says the link type.
        draft.LinkType = stack.IsEmpty ? null : Bindings.LinkTypeOf(stack.Layers[0].Layer);
        draft.StatedLength = Math.Max(original, data.Length);
        draft.RebuiltFromFields = packet.Hex is null;
        draft.Time = packet.Arrival is { } arrival ? context.Times.FromTimeOfDay(arrival.Time.Nanoseconds, arrival.Time.FractionDigits) : null;
        draft.Interface = "snoop";
        draft.Heading = packet.Summary ?? (packet.Arrival is { } a ? $"Packet {a.Number} arrived at {FormatTime(a)}" : null);
        draft.Comments.AddRange(comments);
        draft.Names.AddRange(names);
        return draft.Finish(context, format);
    }

    /// <summary>
    /// The layer a section describes, where it can stand: Ethernet first; a transport header or ICMP
    /// after an IP header; and after an ICMP header, the datagram the error quotes. Null keeps the section as a comment.
    /// </summary>
    private ProtocolLayer? Layer(string protocol)
    {
        if (!SnoopVocabulary.Layers.TryGetValue(protocol, out var layer)) return null;
        var target = quote ?? stack;
        var afterIp = target.Layers.Any(l => l.Layer is Ipv4 or Ipv6);
        return layer switch
        {
            Ethernet when !stack.IsEmpty => null,
            Tcp or Udp when !afterIp => null,
            Icmp or Icmpv6 when !afterIp || quote is not null => null,
            _ => layer,
        };
    }

    /// <summary>Adds the layer to the packet, or after an ICMP header to the datagram it quotes.</summary>
    private FieldValues Place(ProtocolLayer layer)
    {
        var values = (quote ?? stack).Add(layer);
        if (layer is Icmp or Icmpv6) quote = values.Quote = new LayerStack();
        return values;
    }

    /// <summary>Every labelled value of the section into the layer's fields, by snoop's vocabulary.</summary>
    private void Fill(FieldValues values, SnoopSection section, ProtocolLayer layer, bool quoted)
    {
        foreach (var (printed, line, bits) in section.Values())
        {
            var label = printed.Label;
            switch (printed.Value)
            {
                case SnoopValue.Number { Value: var size } when label == SnoopVocabulary.PacketSize:
                    packetSize = (int)Math.Min(size, int.MaxValue);
                    break;
                case SnoopValue.Number { Value: var number }:
                    Put(values, layer, label, number, line);
                    if (label.Fields is ["ip.len"] && !quoted) ipTotalLength = (int)Math.Min(number, int.MaxValue);
                    if (label.Fields is ["ipv6.plen"] && !quoted) ipTotalLength = (int)Math.Min(number + 40, int.MaxValue);
                    break;
                case SnoopValue.EitherRadix { Readings: var readings }:
                    var fitting = readings.Where(r => r <= 0xFFFF).ToList();
                    if (fitting.Count > 0) identifications.Add((values, line, fitting));
                    break;
                case SnoopValue.Hardware { Bytes: var bytes }:
                    values.Set(label.Fields[0], bytes, line);
                    break;
                case SnoopValue.Address { Bytes: var address, Name: var name }:
                    if (layer.FieldNamed(label.Fields[0], values) is not { } spec || address.Length * 8 != spec.BitLength) break;
                    values.Set(spec.Name, address, line);
                    if (name is not null) names.Add((address, name));
                    break;
                case SnoopValue.Unreadable when label == SnoopVocabulary.IpFlags:
                    // "Flags = 0X": the bit lines under it say what the value does not.
                    foreach (var single in bits.Select(b => b.SingleBit()).OfType<(int Position, int Value)>().Where(b => b.Position < SnoopVocabulary.IpFlagBits.Count))
                        values.Set(SnoopVocabulary.IpFlagBits[single.Position], (ulong)single.Value, line);
                    break;
                case SnoopValue.Unreadable { Text: var text } when label.Shape is ValueShape.Decimal or ValueShape.Hex or ValueShape.DecimalOrHex:
                    comments.Add($"line {line}: {label.Fields.FirstOrDefault() ?? label.Words} printed as '{text}', which is not a number: left unknown");
                    break;
            }
        }
        var options = section.Lines.Select(l => (Option: (l.Content as OptionLine)?.Option, l.Line, IsOption: l.Content is OptionLine)).Where(o => o.IsOption).ToList();
        // An option line snoop's words are not read for leaves the whole option space unknown: the others' places are not known.
        if (options.All(o => o.Option is not null)) values.Options.AddRange(options.Select(o => ((ProtocolOption)o.Option!, o.Line)));
        values.OptionsListed = options.Count > 0 && options.All(o => o.Option is not null) || section.Lines.Any(l => l.Content is TextLine { Text: "No options" });
    }

    private void Put(FieldValues values, ProtocolLayer layer, SnoopLabel label, ulong printed, int line)
    {
        if (label.Fields.Length == 0) return;
        if ((label.Convert is { } convert ? convert(printed) : printed) is not { } value)
        {
            comments.Add($"line {line}: {label.Fields[0]} = {printed} is not a value the field can hold: left unknown");
            return;
        }
        // snoop prints values as Wireshark shows them (header length in bytes): the schema scales them.
        if (values.Put(layer, label.Fields, value, line) is { } problem) comments.Add($"line {line}: {problem}: left unknown");
    }

    /// <summary>snoop prints the ID in decimal, some versions in hex: where the digits read both ways, the printed checksum decides.</summary>
    private void SettleIdentifications()
    {
        foreach (var (values, line, readings) in identifications)
        {
            var chosen = readings[0];
            if (readings.Count > 1 && Bindings.LinkTypeOf(stack.Layers[0].Layer) is { } linkType)
            {
                var best = -1;
                foreach (var reading in readings)
                {
                    values.Set("ip.id", reading, line);
                    var holding = stack.Emit().Decode(linkType).AllFields().Count(f => f.Field is { Name: "ip.checksum", Checksum.Cause: ChecksumCause.Holds });
                    if (holding <= best) continue;
                    best = holding;
                    chosen = reading;
                }
            }
            values.Set("ip.id", chosen, line);
        }
    }

    /// <summary>A frame longer than its datagram is only padded when it is the Ethernet minimum of 60 bytes.</summary>
    private static bool Disagree(int packetSize, int datagramFrame, bool ethernet) =>
        packetSize != datagramFrame && !(ethernet && packetSize == Ethernet.MinimumFrame && datagramFrame < Ethernet.MinimumFrame);

    private static string FormatTime(Arrival arrival)
    {
        var seconds = arrival.Time.Nanoseconds / 1_000_000_000;
        var fraction = (arrival.Time.Nanoseconds % 1_000_000_000).ToString("D9")[..arrival.Time.FractionDigits];
        return $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}" + (fraction.Length > 0 ? "." + fraction : "");
    }
}
