using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Grammars.VendorCli;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Rebuild;
using TraceImport.Text;

namespace TraceImport.Grammars.CiscoNxos;

/// <summary>What the rebuild of one frame gave: the packet, if any, and whether its time was printed without a zone.</summary>
public readonly record struct RebuiltFrame(Packet? Packet, bool ZonelessTime);

/// <summary>
/// Turns one frame of ethanalyzer's detail view back into bytes: each section's printed values go,
/// through the vocabulary, into the fields of the layer its title names; the data field's bytes (the
/// hex rows tshark 1.x prints of it, or the "Data:" line) go after the headers; the layers are emitted.
/// Fields printed are written as printed (a wrong checksum stays wrong); what the text never states
/// stays unknown.
/// </summary>
public sealed class EthanalyzerRebuild
{
    private readonly LayerStack stack = new();
    private readonly List<(int Section, ProtocolLayer Layer, FieldValues Values)> placed = [];
    private readonly List<string> comments = [];
    private readonly List<(byte[] Address, string Name)> names = [];

    /// <summary>Sequence numbers printed relative to the connection's first, with their lines: unknown unless the raw one is printed too.</summary>
    private readonly List<(string Field, int Line)> relative = [];
    private readonly RegionContext context;
    private readonly EthanalyzerFrame frame;

    /// <summary>"Timestamp from icmp data: …" (later tshark versions): the echo's first 8 data bytes, read as a time.</summary>
    private (ArrivalTime Time, int Line, FieldValues Values)? echoTimestamp;

    private EthanalyzerRebuild(EthanalyzerFrame frame, RegionContext context)
    {
        this.frame = frame;
        this.context = context;
    }

    /// <summary>Rebuilds the frame and finishes it through the record builder.</summary>
    public static RebuiltFrame Build(EthanalyzerFrame frame, RegionContext context, string format, string? capturingOn) =>
        new EthanalyzerRebuild(frame, context).Run(format, capturingOn);

    private RebuiltFrame Run(string format, string? capturingOn)
    {
        var header = frame.Header;
        var (time, zoneless, stated) = FrameFields();

        PlaceLayers();
        if (stack.IsEmpty)
        {
            var first = frame.Sections.FirstOrDefault()?.Title ?? "nothing";
            context.Warn($"{context.Span(frame.FirstLine, frame.LastLine)}: frame {header.Number} starts with '{first}', not a layer this grammar rebuilds: its bytes cannot be placed");
            return new RebuiltFrame(null, false);
        }

        var hexIsData = PlaceData();
        PlaceTrailer();
        SettleEchoTimestamp();
        var image = stack.Emit();
        if (image.Length == header.OnWire) image = stack.Emit(complete: true);
        comments.AddRange(image.Notes);
        if (image.Computed.Any()) comments.Add($"computed from the other layers: {string.Join(", ", image.Computed.Distinct())}");

        var (data, unknown) = image.Build();
        var hexIsFrame = !hexIsData && frame.Hex is { Length: > 0 } rows && rows.Length == header.Captured;
        if (hexIsFrame)
        {
            (data, unknown) = frame.Hex!.Build();
            foreach (var (write, says, holds) in image.Disagreements(data))
            {
                var message = $"line {write.Line}: the decode says {write.Spec.Name} = {says}, the hex holds {holds}";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{message}");
            }
        }
        else if (!hexIsData && frame.Hex is { Length: > 0 } unused)
        {
            var message = $"lines {frame.HexFirstLine}-{frame.LastLine}: {unused.Length} hex bytes that are neither the data field nor the {header.Captured}-byte frame: not used";
            comments.Add(message);
            context.Warn($"{context.SourceName}:{message}");
        }

        var draft = new PacketDraft();
        draft.Start(frame.FirstLine);
        draft.LastLine = frame.LastLine;
        draft.Bytes.Append(data, unknown);
        if (draft.Bytes.Length > header.Captured)
        {
            draft.Bytes.Truncate(header.Captured);
            comments.Add($"the fields describe more than the {header.Captured} bytes captured: cut to them");
        }
        if (header.Captured < header.OnWire) comments.Add($"{header.Captured} of the frame's {header.OnWire} bytes were captured");
        draft.LinkType = Bindings.LinkTypeOf(stack.Layers[0].Layer);
        draft.StatedLength = header.OnWire;
        draft.RebuiltFromFields = !hexIsFrame || header.Captured < header.OnWire;
        draft.Time = time;
        draft.Interface = stated ?? header.Interface ?? capturingOn;
        draft.Heading = header.Text;
        draft.Comments.AddRange(comments);
        draft.Names.AddRange(names);
        return new RebuiltFrame(draft.Finish(context, format), zoneless);
    }

    /// <summary>The frame's own lines: its time (the epoch time later versions print is exact; else the arrival time) and the interface.</summary>
    private (CaptureTime? Time, bool Zoneless, string? Interface) FrameFields()
    {
        var fields = frame.Frame.Lines.Select(l => (Field: l.Content.Content as Field, l.Line)).Where(l => l.Field is not null).ToList();
        var name = fields.LastOrDefault(l => l.Field!.Label == "Interface name").Field?.Value.Trim();
        foreach (var (field, _) in fields.Where(l => l.Field!.Label == "Epoch Time"))
        {
            if (EthanalyzerGrammar.Values.Epoch.ParseLine(field!.Value) is { Success: true, Value: var epoch })
            {
                return (TimeResolver.FromEpoch(epoch.Seconds, epoch.Nanoseconds, epoch.FractionDigits), false, name);
            }
        }
        if (fields.FirstOrDefault(l => l.Field!.Label == "Arrival Time") is not { Field: { } arrivalLine } printed) return (null, false, name);
        if (EthanalyzerGrammar.Values.Arrival.ParseLine(arrivalLine.Value) is not { Success: true, Value: var arrival })
        {
            comments.Add($"line {printed.Line}: the arrival time '{arrivalLine.Value}' is not read: time unknown");
            return (null, false, name);
        }
        if (arrival.Zone == "UTC") return (VendorTime.Utc(arrival.Date, arrival.Time.Nanoseconds, arrival.Time.FractionDigits), false, name);
        comments.Add(arrival.Zone is { } zone ? VendorTime.NamedZoneNote(zone, context.Options) : VendorTime.ZoneNote(context.Options));
        return (context.Times.FromDateAndTime(arrival.Date, arrival.Time.Nanoseconds, arrival.Time.FractionDigits), arrival.Zone is null, name);
    }

    /// <summary>
    /// The sections whose titles name layers, in order, each where it can follow the one before (by the
    /// bindings table; a tunnel's frame after VXLAN). A section the vocabulary does not hold is kept as a
    /// comment, and the sections after it cannot be placed: where they begin is not known.
    /// </summary>
    private void PlaceLayers()
    {
        string? blockedBy = null;
        for (var i = 0; i < frame.Sections.Count; i++)
        {
            var section = frame.Sections[i];
            var layer = section.Layer;
            if (blockedBy is not null || layer is null || !CanFollow(stack, layer))
            {
                comments.Add(blockedBy is null
                    ? $"line {section.Line}: '{section.Title}' is not rebuilt"
                    : $"line {section.Line}: '{section.Title}' is not rebuilt: it follows '{blockedBy}', whose length is not known");
                blockedBy ??= section.Title;
                continue;
            }
            var values = stack.Add(layer);
            placed.Add((i, layer, values));
            Fill(values, layer, section);
        }
    }

    /// <summary>Whether the layer can come next in <paramref name="target"/>: a frame starts with Ethernet, a quoted datagram with IP.</summary>
    private bool CanFollow(LayerStack target, ProtocolLayer layer)
    {
        if (target.IsEmpty) return target == stack ? layer is Ethernet : layer is Ipv4 or Ipv6;
        var previous = target.Layers[^1].Layer;
        if (previous.Next is not { } next) return previous is Vxlan && layer is Ethernet;
        return Bindings.KeyOf(next.Table, layer) is not null;
    }

    /// <summary>
    /// A section's field lines (at its first level) and the bit lines of its fields, into the layer's fields;
    /// under an ICMP error's header, the datagram it quotes, whose layers tshark prints one level down.
    /// </summary>
    private void Fill(FieldValues values, ProtocolLayer layer, FrameSection section)
    {
        if (layer is not IcmpMessage)
        {
            Fill(values, layer, section.Lines);
            return;
        }
        var (own, quoted) = Quoted(section);
        Fill(values, layer, own);
        if (quoted.Count == 0) return;
        var quote = values.Quote = new LayerStack();
        foreach (var inner in quoted)
        {
            if (!CanFollow(quote, inner.Layer!))
            {
                comments.Add($"line {inner.Line}: '{inner.Title}' in the quoted datagram is not rebuilt");
                break;
            }
            Fill(quote.Add(inner.Layer!), inner.Layer!, inner.Lines);
        }
    }

    /// <summary>The ICMP header's own lines, and the quoted datagram's layers, each with its lines one level up.</summary>
    private static (List<(TreeLine Content, int Line)> Own, List<FrameSection> Quoted) Quoted(FrameSection section)
    {
        var own = new List<(TreeLine Content, int Line)>();
        var quoted = new List<FrameSection>();
        FrameSection? current = null;
        foreach (var (line, number) in section.Lines)
        {
            if (line.Indent == 4 && line.Content is TreeText or Field && EthanalyzerVocabulary.LayerOf(line.Text.Trim()) is { } layer)
            {
                current = new FrameSection(line.Text.Trim(), number, layer);
                quoted.Add(current);
                continue;
            }
            if (current is not null && line.Indent > 4)
            {
                current.Lines.Add((line with { Indent = line.Indent - 4 }, number));
                continue;
            }
            current = null;
            own.Add((line, number));
        }
        return (own, quoted);
    }

    private void Fill(FieldValues values, ProtocolLayer layer, List<(TreeLine Content, int Line)> lines)
    {
        int? optionsIndent = null;
        var options = new List<(TcpOption? Option, int Line)>();
        (ulong Flags, int Line)? vxlanFlagByte = null;
        foreach (var (line, number) in lines)
        {
            if (optionsIndent is { } under)
            {
                if (frame.Collapsed == true)
                {
                    // Flattened, an option's own lines ("Kind: …", "Length: 4") no longer sit under it: the options run to the next TCP field.
                    if (OptionOf(line) is { } flat) options.Add((flat, number));
                    if (OptionOf(line) is not null || line.Content is not Field field || EthanalyzerVocabulary.Find(layer, field.Label) is null) continue;
                }
                else if (line.Indent > under)
                {
                    if (line.Indent == under + 4) options.Add((OptionOf(line), number));
                    continue;
                }
                optionsIndent = null;
            }
            switch (line.Content)
            {
                case Field { Label: "Options" } when layer is Tcp && line.Indent == 4:
                    optionsIndent = line.Indent;
                    values.OptionsListed = true;
                    break;
                case Field { Label: "Flags" } flags when layer is Tcp && line.Indent == 4:
                    PutNumber(values, layer, EthanalyzerVocabulary.TcpFlags(HexWidth(flags.Value)), flags.Value, number, raw: true);
                    break;
                case Field { Label: "Flags" } flags when layer is Vxlan && line.Indent == 4:
                    // tshark 1.x prints the flags' first byte alone, and the 24 bits after them as "Reserved".
                    if (HexWidth(flags.Value) <= 2 && Number(flags.Value) is { } flagByte) vxlanFlagByte = (flagByte, number);
                    else PutNumber(values, layer, ["vxlan.flags"], flags.Value, number);
                    break;
                case Field { Label: "Reserved" } reserved when layer is Vxlan && line.Indent == 4:
                    if (vxlanFlagByte is { } first && HexWidth(reserved.Value) == 6 && Number(reserved.Value) is { } rest)
                    {
                        Put(values, layer, EthanalyzerVocabulary.VxlanWords, first.Flags << 24 | rest, number, raw: true);
                        vxlanFlagByte = null;
                    }
                    else PutNumber(values, layer, ["vxlan.reserved8"], reserved.Value, number);
                    break;
                case Field { Label: "Timestamp from icmp data" } timestamp when layer is Icmp && line.Indent == 4:
                    if (EthanalyzerGrammar.Values.Arrival.ParseLine(timestamp.Value) is { Success: true, Value: var sent }) echoTimestamp = (sent, number, values);
                    else comments.Add($"line {number}: the echo's timestamp '{timestamp.Value}' is not read: its 8 bytes left unknown");
                    break;
                case Field field when line.Indent == 4:
                    Put(values, layer, field.Label, field.Value, number, null);
                    break;
                case BitField bits when line.Indent is 4 or 8:
                    Put(values, layer, bits.Label, bits.Value, number, bits);
                    break;
            }
        }
        foreach (var (field, number) in relative.Where(r => !values.Has(r.Field)))
        {
            comments.Add($"line {number}: {field} is printed relative to the connection's first: left unknown");
        }
        relative.Clear();
        if (vxlanFlagByte is { } unpaired) comments.Add($"line {unpaired.Line}: VXLAN's flag byte without the 24 bits after it: left unknown");
        if (!values.OptionsListed) return;
        // An option this grammar does not read leaves the whole option space unknown: the others' places are not known.
        if (options.All(o => o.Option is not null)) values.Options.AddRange(options.Select(o => ((ProtocolOption)o.Option!, o.Line)));
        else
        {
            values.OptionsListed = false;
            comments.Add($"line {options.First(o => o.Option is null).Line}: a TCP option this grammar does not read: the options are left unknown");
        }
    }

    private static TcpOption? OptionOf(TreeLine line)
    {
        var text = line.Content switch
        {
            Field field => $"{field.Label}: {field.Value}",
            TreeText words => words.Text,
            _ => null,
        };
        return text is not null && EthanalyzerGrammar.Values.TcpOption.ParseLine(text) is { Success: true, Value: var option } ? option : null;
    }

    /// <summary>One printed value, through the label the vocabulary has for it under this layer.</summary>
    private void Put(FieldValues values, ProtocolLayer layer, string words, string printed, int line, BitField? bits)
    {
        if (EthanalyzerVocabulary.Find(layer, words) is not { } label) return;
        // A flattened tree no longer says which lines are a layer's own: its first value for a field is taken, not a quoted datagram's.
        if (frame.Collapsed == true && label.Fields.All(values.Has)) return;
        if (label.RelativeIsNotRaw && printed.Contains("relative", StringComparison.Ordinal))
        {
            relative.Add((label.Fields[0], line));
            return;
        }
        switch (label.Shape)
        {
            case PrintedShape.Number:
                var width = label.Fields.Sum(f => layer.FieldNamed(f, values)?.BitLength ?? 0);
                // A bit line shows the field's bits as they lie: they are the value when the pattern holds them all.
                if (bits?.Bits() is { } shown && shown.Width == width) Put(values, layer, label.Fields, shown.Value, line, raw: true);
                else PutNumber(values, layer, label.Fields, printed, line);
                break;
            case PrintedShape.Mac:
                if (EthanalyzerGrammar.Values.Mac.ParseLine(printed) is { Success: true, Value: var mac }) values.Set(label.Fields[0], mac, line);
                else comments.Add($"line {line}: {label.Fields[0]} printed as '{printed}', not a hardware address: left unknown");
                break;
            case PrintedShape.Address:
                if (EthanalyzerGrammar.Values.Address.ParseLine(printed) is not { Success: true, Value: var address }
                    || layer.FieldNamed(label.Fields[0], values) is not { } spec || address.Bytes.Length * 8 != spec.BitLength)
                {
                    comments.Add($"line {line}: {label.Fields[0]} printed as '{printed}', not an address of its kind: left unknown");
                    break;
                }
                values.Set(spec.Name, address.Bytes, line);
                if (address.Name is { } name) names.Add((address.Bytes, name));
                break;
        }
    }

    private void PutNumber(FieldValues values, ProtocolLayer layer, IReadOnlyList<string> fields, string printed, int line, bool raw = false)
    {
        if (Number(printed) is { } number) Put(values, layer, fields, number, line, raw);
        else comments.Add($"line {line}: {fields[0]} printed as '{printed}', not a number: left unknown");
    }

    private void Put(FieldValues values, ProtocolLayer layer, IReadOnlyList<string> fields, ulong value, int line, bool raw)
    {
        if (values.Put(layer, fields, value, line, raw) is { } problem) comments.Add($"line {line}: {problem}: left unknown");
    }

    private static ulong? Number(string printed) =>
        EthanalyzerGrammar.Values.Number.ParseLine(printed) is { Success: true, Value: var number } ? number : null;

    private static int HexWidth(string printed) =>
        EthanalyzerGrammar.Values.HexWidth.ParseLine(printed) is { Success: true, Value: var digits } ? digits : 0;

    /// <summary>
    /// The data field's bytes after the headers of the layer it belongs to: from the hex rows when they
    /// are its bytes (tshark 1.x prints them between "Data (N bytes)" and "Data:"), else from the "Data:"
    /// line, which later versions cut short. Returns whether the hex rows were the data field's.
    /// </summary>
    private bool PlaceData()
    {
        if (frame.Data is not { } data) return false;
        var hexIsData = frame.Hex is { Length: > 0 } rows && frame.HexFirstLine > data.Line && rows.Length == data.Length;
        var owner = placed.Count > 0 && placed[^1].Section == data.Section && placed.Count == LayersBefore(data.Section) ? placed[^1] : default;
        if (owner.Layer is null)
        {
            comments.Add($"line {data.Line}: the {data.Length} data bytes follow a layer that is not rebuilt: their place is not known");
            return hexIsData;
        }

        // An ICMP error's data is the rest of the datagram it quotes, printed under the quoted layers.
        var (layer, values) = owner.Values.Quote is { IsEmpty: false } quote ? quote.Layers[^1] : (owner.Layer, owner.Values);
        var start = layer.HeaderLength(values);
        // tshark shows an echo's first 8 data bytes as a timestamp when they read as one: the data field is what follows.
        if (echoTimestamp is { } timestamp && timestamp.Values == values) start += EchoTimestampLength;
        values.Extent = start + data.Length;
        if (hexIsData)
        {
            var (bytes, unknown) = frame.Hex!.Build();
            AddKnownRuns(values, start, bytes, unknown, frame.HexFirstLine);
            if (data.Printed is { } printed && !bytes.AsSpan().StartsWith(printed.Bytes.Bytes))
            {
                var message = $"line {printed.Line}: the Data line's bytes are not the hex rows' first {printed.Bytes.Bytes.Length}";
                comments.Add(message);
                context.Warn($"{context.SourceName}:{message}");
            }
            return true;
        }
        if (data.Printed is not { } shown)
        {
            comments.Add($"line {data.Line}: the {data.Length} data bytes are not shown: left unknown");
            return false;
        }
        var known = shown.Bytes.Bytes.AsSpan(0, Math.Min(shown.Bytes.Bytes.Length, data.Length)).ToArray();
        values.Data.Add((start, known, shown.Line));
        if (known.Length < data.Length)
        {
            comments.Add($"line {shown.Line}: the Data line shows {known.Length} of the {data.Length} data bytes{(shown.Bytes.Cut ? " (cut short)" : "")}: the other {data.Length - known.Length} left unknown");
        }
        return false;
    }

    private const int EchoTimestampLength = 8;

    /// <summary>
    /// The echo's timestamp back into its 8 bytes: seconds and microseconds, in network or in the sender's
    /// (little-endian) order, as tshark reads them either way. The printed ICMP checksum decides which; where
    /// neither order makes it hold (or the time's zone is not UTC, so the seconds are not known), they stay unknown.
    /// </summary>
    private void SettleEchoTimestamp()
    {
        if (echoTimestamp is not { } timestamp) return;
        var (sent, line, values) = timestamp;
        if (sent.Zone != "UTC")
        {
            comments.Add($"line {line}: the echo's timestamp is printed in a zone whose offset is not known: its 8 bytes left unknown");
            return;
        }
        var seconds = (ulong)(sent.Date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400 + (ulong)(sent.Time.Nanoseconds / 1_000_000_000);
        var microseconds = (ulong)(sent.Time.Nanoseconds % 1_000_000_000 / 1_000);
        var holding = new List<byte[]>();
        foreach (var bigEndian in new[] { true, false })
        {
            var bytes = new byte[EchoTimestampLength];
            Write32(bytes.AsSpan(0, 4), seconds, bigEndian);
            Write32(bytes.AsSpan(4, 4), microseconds, bigEndian);
            values.Data.Add((Icmp.Layer.Header.Length, bytes, line));
            var checksums = stack.Emit().Decode(LinkType.Ethernet).AllFields().Where(f => f.Field.Name == "icmp.checksum").ToList();
            if (checksums.Count > 0 && checksums.All(f => f.Field.Checksum?.Cause == ChecksumCause.Holds)) holding.Add(bytes);
            values.Data.RemoveAt(values.Data.Count - 1);
        }
        if (holding is [var only]) values.Data.Add((Icmp.Layer.Header.Length, only, line));
        else comments.Add($"line {line}: the echo's timestamp gives 8 bytes the printed ICMP checksum does not settle: left unknown");
    }

    private static void Write32(Span<byte> into, ulong value, bool bigEndian)
    {
        if (bigEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(into, (uint)value);
        else System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(into, (uint)value);
    }

    /// <summary>How many of the sections up to and including <paramref name="section"/> were placed: all of them, when nothing blocked the way.</summary>
    private int LayersBefore(int section) => frame.Sections.Take(section + 1).Count(s => s.Layer is not null);

    /// <summary>Bytes the text shows go in as runs of known bytes; a masked or unknown byte between them stays unknown.</summary>
    private static void AddKnownRuns(FieldValues values, int start, byte[] bytes, KnownMask? unknown, int line)
    {
        var run = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && (unknown is null || unknown.IsByteFullyKnown(i))) continue;
            if (i > run) values.Data.Add((start + run, bytes[run..i], line));
            run = i + 1;
        }
    }

    /// <summary>Ethernet's trailer (tshark 1.x) or padding (later versions): the frame's last bytes, before a frame check sequence.</summary>
    private void PlaceTrailer()
    {
        if (placed is not [(var section, Ethernet, var values), ..] || frame.Header.Captured != frame.Header.OnWire) return;
        var lines = frame.Sections[section].Lines;
        var fcs = lines.Any(l => l.Content.Content is Field { Label: "Frame check sequence" or "Frame Check Sequence" }) ? 4 : 0;
        foreach (var (line, number) in lines)
        {
            if (line is not { Indent: 4, Content: Field { Label: "Trailer" or "Padding" } field }) continue;
            if (EthanalyzerGrammar.Values.Bytes.ParseLine(field.Value) is not { Success: true, Value: { Cut: false } trailer }) continue;
            var at = frame.Header.OnWire - fcs - trailer.Bytes.Length;
            if (at >= Ethernet.Layer.Header.Length) values.Data.Add((at, trailer.Bytes, number));
            else comments.Add($"line {number}: a trailer of {trailer.Bytes.Length} bytes does not fit the {frame.Header.OnWire}-byte frame: left out");
        }
    }
}
