using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// PPP (RFC 1661) in HDLC-like framing (RFC 1662; LINKTYPE_PPP 9 and PPP_HDLC 50): address and control
/// (left out when compressed), then the protocol (one byte when compressed); inside PPPoE only the
/// protocol. What follows is looked up in the PPP protocol bindings (IPv4, IPv6, LCP, IPCP, multilink).
/// </summary>
public sealed class Ppp : ProtocolLayer
{
    private static readonly FieldSpec Address = FieldSpec.Hex("ppp.address", "Address", 0, 8);
    private static readonly FieldSpec Control = FieldSpec.Hex("ppp.control", "Control", 8, 8);

    // After the fields the headers declare: static fields are initialised in the order they are written.
    public static readonly Ppp Hdlc = new(framed: true);

    /// <summary>PPP carried by PPPoE: the protocol field alone.</summary>
    public static readonly Ppp Unframed = new(framed: false);

    private readonly bool framed;

    private Ppp(bool framed) : base(new HeaderSpec("ppp", "Point-to-Point Protocol", framed ? 4 : 2,
        framed ? [Address, Control, ProtocolField(16, 16)] : [ProtocolField(0, 16)])) => this.framed = framed;

    private static FieldSpec ProtocolField(int bitOffset, int bitLength) =>
        FieldSpec.Named("ppp.protocol", "Protocol", bitOffset, bitLength, FieldFormat.Hex, Names.PppProtocols) with { HexDigits = 4 };

    public override NextLayer Next { get; } = new(BindingTable.PppProtocol, "ppp.protocol");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var ppp = d.Layer(into, Header.Protocol, Header.Title, offset);
        var at = 0;
        // Address and control are left out when compressed (RFC 1661 §6.6): the frame then starts at the protocol.
        if (framed && d.Bytes.IsKnown(offset, 1) && offset < d.Bytes.Length && d.Bytes.Data[offset] == 0xFF)
        {
            d.Add(ppp, Address, offset);
            d.Add(ppp, Control, offset);
            at = 2;
        }
        // A protocol whose first byte is odd is one byte long (protocol field compression, RFC 1661 §6.5).
        var compressed = offset + at < d.Bytes.Length && d.Bytes.IsKnown(offset + at, 1) && (d.Bytes.Data[offset + at] & 1) == 1;
        var protocol = d.Add(ppp, ProtocolField(at * 8, compressed ? 8 : 16), offset).Number;
        var length = at + (compressed ? 1 : 2);
        ppp.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - offset));
        var payload = slot with { Offset = offset + length };
        if (payload.Offset >= Math.Min(slot.End, d.Bytes.Length) || protocol is not { } key) return null;
        return d.Next(into, BindingTable.PppProtocol, key, payload);
    }

    /// <summary>Address and control when the text gives them (else the frame starts at the protocol), and a two-byte protocol.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) => framed && values.Has("ppp.address") ? Header.Fields : [ProtocolField(0, 16)];

    public override int HeaderLength(FieldValues values) => Fields(values).Max(f => f.EndBit) / 8;
}

/// <summary>
/// A PPP control protocol packet (LCP RFC 1661, IPCP RFC 1332): code, identifier, length, then the
/// configuration options of a Configure request, ack, nak or reject, or an echo's magic number.
/// </summary>
public sealed class PppControl : ProtocolLayer
{
    public static readonly PppControl Lcp = new("lcp", "PPP Link Control Protocol");
    public static readonly PppControl Ipcp = new("ipcp", "PPP IP Control Protocol");

    private PppControl(string protocol, string title) : base(new HeaderSpec(protocol, title, 4,
    [
        FieldSpec.Named("ppp.code", "Code", 0, 8, FieldFormat.Decimal, Names.PppCodes),
        FieldSpec.Number("ppp.identifier", "Identifier", 8, 8),
        FieldSpec.Number("ppp.length", "Length", 16, 16),
    ]))
    {
    }

    public override LengthField Length { get; } = new("ppp.length");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var packet = d.Header(into, Header, offset);
        var length = (int?)Dissection.NumberOf(packet, "ppp.length");
        var end = Math.Min(length is { } l ? offset + l : slot.End, Math.Min(slot.End, d.Bytes.Length));
        var code = Dissection.NumberOf(packet, "ppp.code");
        var position = offset + 4;
        if (code is >= 1 and <= 4)
        {
            while (position + 2 <= end) position = Option(d, packet, position, end);
        }
        else if (code is >= 9 and <= 11 && Protocol == "lcp" && position + 4 <= end)
        {
            d.Add(packet, FieldSpec.Hex("lcp.magic_number", "Magic number", 32, 32), offset);
            position += 4;
        }
        else if (code == 8 && Protocol == "lcp" && position + 2 <= end)
        {
            d.Add(packet, FieldSpec.Named("lcp.rej_proto", "Rejected protocol", 32, 16, FieldFormat.Hex, Names.PppProtocols), offset);
            position += 2;
        }
        if (position < end) d.Add(packet, new FieldSpec($"{Protocol}.data", "Data", (position - offset) * 8, (end - position) * 8, FieldFormat.Bytes), offset);
        packet.Length = Math.Max(0, end - offset);
        return length is { } declared ? new DeclaredExtent(offset, declared) : null;
    }

    /// <summary>The header, an echo's magic number or a protocol reject's protocol, and the data after them, as long as the text gives it.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values)
    {
        var fields = new List<FieldSpec>(Header.Fields);
        var at = 32;
        if (Protocol == "lcp" && values.Has("lcp.magic_number")) fields.Add(FieldSpec.Hex("lcp.magic_number", "Magic number", at, 32));
        else if (Protocol == "lcp" && values.Has("lcp.rej_proto")) fields.Add(FieldSpec.Hex("lcp.rej_proto", "Rejected protocol", at, 16));
        at = fields.Max(f => f.EndBit);
        if (values.All.TryGetValue($"{Protocol}.data", out var data) && data.Bytes is { } bytes) fields.Add(new FieldSpec($"{Protocol}.data", "Data", at, bytes.Length * 8, FieldFormat.Bytes));
        return fields;
    }

    public override int HeaderLength(FieldValues values) => Fields(values).Max(f => f.EndBit) / 8;

    /// <summary>One configuration option: type, length, and its value as the type says.</summary>
    private int Option(Dissection d, DecodedLayer packet, int position, int end)
    {
        var option = d.Layer(packet.Layers, $"{Protocol}.opt", $"{Header.Title} option", position);
        var type = d.Add(option, FieldSpec.Named($"{Protocol}.opt.type", "Type", 0, 8, FieldFormat.Decimal, Protocol == "lcp" ? Names.LcpOptions : Names.IpcpOptions), position).Number;
        var length = (int?)d.Add(option, FieldSpec.Number($"{Protocol}.opt.length", "Length", 8, 8), position).Number;
        if (type is null || length is null or < 2)
        {
            option.Length = 2;
            return end;
        }
        foreach (var spec in OptionValue(Protocol, (int)type, length.Value)) d.Add(option, spec, position);
        option.Length = Math.Min(length.Value, end - position);
        return position + length.Value;
    }

    private static IReadOnlyList<FieldSpec> OptionValue(string protocol, int type, int length) => (protocol, type, length) switch
    {
        ("lcp", 1, 4) => [FieldSpec.Number("lcp.opt.mru", "Maximum receive unit", 16, 16)],
        ("lcp", 2, 6) => [FieldSpec.Hex("lcp.opt.asyncmap", "Async control character map", 16, 32)],
        ("lcp", 3, >= 4) => [FieldSpec.Hex("lcp.opt.auth_protocol", "Authentication protocol", 16, 16), .. length == 5 ? [FieldSpec.Number("lcp.opt.algorithm", "Algorithm", 32, 8)] : (FieldSpec[])[]],
        ("lcp", 4, >= 4) => [FieldSpec.Hex("lcp.opt.quality_protocol", "Quality protocol", 16, 16)],
        ("lcp", 5, 6) => [FieldSpec.Hex("lcp.opt.magic_number", "Magic number", 16, 32)],
        ("lcp", 17, 4) => [FieldSpec.Number("lcp.opt.mrru", "MRRU", 16, 16)],
        ("ipcp", 3, 6) => [new FieldSpec("ipcp.opt.ip_address", "IP address", 16, 32, FieldFormat.Ipv4)],
        ("ipcp", 2, >= 4) => [FieldSpec.Hex("ipcp.opt.compress_proto", "IP compression protocol", 16, 16)],
        ("ipcp", 129, 6) => [new FieldSpec("ipcp.opt.pri_dns_address", "Primary DNS address", 16, 32, FieldFormat.Ipv4)],
        ("ipcp", 130, 6) => [new FieldSpec("ipcp.opt.pri_nbns_address", "Primary NBNS address", 16, 32, FieldFormat.Ipv4)],
        ("ipcp", 131, 6) => [new FieldSpec("ipcp.opt.sec_dns_address", "Secondary DNS address", 16, 32, FieldFormat.Ipv4)],
        ("ipcp", 132, 6) => [new FieldSpec("ipcp.opt.sec_nbns_address", "Secondary NBNS address", 16, 32, FieldFormat.Ipv4)],
        (_, _, > 2) => [new FieldSpec($"{protocol}.opt.data", "Data", 16, (length - 2) * 8, FieldFormat.Bytes)],
        _ => [],
    };
}

/// <summary>
/// The PPP multilink header (RFC 1990, protocol 0x003D), long-sequence form: begin and end bits and a
/// 24-bit sequence number. The fragment it carries is data: it is one piece of a datagram.
/// </summary>
public sealed class PppMultilink() : ProtocolLayer(new HeaderSpec("mp", "PPP Multilink Protocol", 4,
[
    // Wireshark shows the byte's six flag bits (mask 0xFC) shifted down; the field holds the whole byte, its two reserved bits too.
    FieldSpec.Hex("mp.frag", "Fragment", 0, 8) with
    {
        Render = v => $"0x{(v & 0xFC) >> 2:x2}",
        Bits =
        [
            FieldSpec.Flag("mp.first", "First fragment", 0), FieldSpec.Flag("mp.last", "Last fragment", 1),
            FieldSpec.Number("mp.sequence_num_cls", "Class", 2, 4), FieldSpec.Number("mp.sequence_num_reserved", "Reserved", 6, 2),
        ],
    },
    FieldSpec.Number("mp.seq", "Sequence number", 8, 24),
]))
{
    public static readonly PppMultilink Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        d.Header(into, Header, slot.Offset);
        var payload = slot.Offset + Header.Length;
        if (payload < Math.Min(slot.End, d.Bytes.Length)) Payload.Data(d, into, payload, slot.End);
        return null;
    }
}

/// <summary>
/// PPPoE (RFC 2516) over Ethernet: discovery (EtherType 0x8863) with its tags, and session (0x8864)
/// carrying PPP. The header's fields are named pppoe.* in both, as Wireshark names them.
/// </summary>
public sealed class Pppoe : ProtocolLayer
{
    public static readonly Pppoe Discovery = new("pppoed", "PPP-over-Ethernet Discovery");
    public static readonly Pppoe Session = new("pppoes", "PPP-over-Ethernet Session");

    private Pppoe(string protocol, string title) : base(new HeaderSpec(protocol, title, 6,
    [
        FieldSpec.Number("pppoe.version", "Version", 0, 4),
        FieldSpec.Number("pppoe.type", "Type", 4, 4),
        FieldSpec.Named("pppoe.code", "Code", 8, 8, FieldFormat.Hex, Names.PppoeCodes),
        FieldSpec.Hex("pppoe.session_id", "Session ID", 16, 16),
        FieldSpec.Number("pppoe.payload_length", "Payload length", 32, 16),
    ]))
    {
    }

    public override LengthField Length { get; } = new("pppoe.payload_length", Excluding: 6);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var pppoe = d.Header(into, Header, offset);
        var length = (int?)Dissection.NumberOf(pppoe, "pppoe.payload_length");
        var payload = offset + Header.Length;
        var end = Math.Min(length is { } l ? payload + l : slot.End, Math.Min(slot.End, d.Bytes.Length));
        DeclaredExtent? declared = length is { } stated ? new DeclaredExtent(offset, Header.Length + stated) : null;
        if (payload >= end) return declared;
        if (this == Session)
        {
            Ppp.Unframed.Parse(d, into, slot with { Offset = payload, End = end });
            return declared;
        }
        Tags(d, pppoe, payload, end);
        return declared;
    }

    /// <summary>Discovery tags: type, length, value as the type says; all of them under pppoed.tags.</summary>
    private static void Tags(Dissection d, DecodedLayer pppoe, int start, int end)
    {
        var tags = d.Layer(pppoe.Layers, "pppoed.tags", "PPPoE tags", start);
        tags.Length = end - start;
        var position = start;
        while (position + 4 <= end)
        {
            var tag = d.Layer(tags.Layers, "pppoed.tag.item", "Tag", position);
            var type = d.Add(tag, FieldSpec.Named("pppoed.tag", "Tag", 0, 16, FieldFormat.Hex, Names.PppoeTags), position).Number;
            var length = (int?)d.Add(tag, FieldSpec.Number("pppoed.tag_length", "Tag length", 16, 16), position).Number;
            if (type is null || length is null) break;
            if (length > 0 && position + 4 + length <= end)
            {
                var (name, format) = type switch
                {
                    0x0101 => ("pppoed.tags.service_name", FieldFormat.Text),
                    0x0102 => ("pppoed.tags.ac_name", FieldFormat.Text),
                    0x0103 => ("pppoed.tags.host_uniq", FieldFormat.Bytes),
                    0x0104 => ("pppoed.tags.ac_cookie", FieldFormat.Bytes),
                    0x0110 => ("pppoed.tags.relay_session_id", FieldFormat.Bytes),
                    0x0201 => ("pppoed.tags.service_name_error", FieldFormat.Text),
                    0x0202 => ("pppoed.tags.ac_system_error", FieldFormat.Text),
                    0x0203 => ("pppoed.tags.generic_error", FieldFormat.Text),
                    _ => ("pppoed.tag.unknown_data", FieldFormat.Bytes),
                };
                d.Add(tag, new FieldSpec(name, "Value", 32, length.Value * 8, format), position);
            }
            tag.Length = Math.Min(4 + length.Value, end - position);
            position += 4 + length.Value;
        }
    }
}

/// <summary>Cisco HDLC (LINKTYPE_C_HDLC 104): address (0x0F unicast, 0x8F broadcast), control, and an EtherType.</summary>
public sealed class CiscoHdlc() : ProtocolLayer(new HeaderSpec("chdlc", "Cisco HDLC", 4,
[
    FieldSpec.Named("chdlc.address", "Address", 0, 8, FieldFormat.Hex, new Dictionary<ulong, string> { [0x0F] = "Unicast", [0x8F] = "Broadcast" }),
    FieldSpec.Hex("chdlc.control", "Control", 8, 8),
    FieldSpec.Named("chdlc.protocol", "Protocol", 16, 16, FieldFormat.Hex, Names.EtherTypes),
]))
{
    public static readonly CiscoHdlc Layer = new();

    public override NextLayer Next { get; } = new(BindingTable.EtherType, "chdlc.protocol");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var chdlc = d.Header(into, Header, slot.Offset);
        var payload = slot.Offset + Header.Length;
        if (payload >= Math.Min(slot.End, d.Bytes.Length) || Dissection.NumberOf(chdlc, "chdlc.protocol") is not { } protocol) return null;
        return d.Next(into, BindingTable.EtherType, protocol, slot with { Offset = payload });
    }
}

/// <summary>
/// Frame Relay (LINKTYPE_FRELAY 107): a two-byte Q.922 address (DLCI, C/R, FECN, BECN, DE), then RFC 2427
/// encapsulation (control 0x03 and an NLPID; after a pad byte, NLPID 0x80 and a SNAP header) or, where the
/// byte after the address is not 0x03, Cisco's (an EtherType), as Wireshark guesses; named as it names them.
/// </summary>
public sealed class FrameRelay() : ProtocolLayer(new HeaderSpec("fr", "Frame Relay", 2,
[
    FieldSpec.Hex("fr.first_addr_octet", "First address octet", 0, 8) with
    {
        Bits = [FieldSpec.Hex("fr.upper_dlci", "Upper DLCI", 0, 6), FieldSpec.Flag("fr.cr", "Command/Response", 6), FieldSpec.Flag("fr.ea", "EA", 7)],
    },
    FieldSpec.Hex("fr.second_addr_octet", "Second address octet", 8, 8) with
    {
        Bits =
        [
            FieldSpec.Hex("fr.second_dlci", "Second DLCI", 8, 4), FieldSpec.Flag("fr.fecn", "FECN", 12), FieldSpec.Flag("fr.becn", "BECN", 13),
            FieldSpec.Flag("fr.de", "DE", 14), FieldSpec.Flag("fr.ea", "EA", 15),
        ],
    },
    // The DLCI joins the first octet's six bits and the second's four.
    FieldSpec.Number("fr.dlci", "DLCI", 0, 16) with { Render = v => ((v >> 10) << 4 | (v >> 4 & 0xF)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
]))
{
    public static readonly FrameRelay Layer = new();

    private static readonly IReadOnlyDictionary<ulong, string> Nlpids = new Dictionary<ulong, string>
    {
        [0x00] = "Pad", [0x08] = "Q.933", [0x80] = "SNAP", [0x81] = "ISO 8473 CLNP", [0x82] = "ISO 9542 ES-IS", [0x83] = "ISO 10589 IS-IS", [0xCC] = "IP", [0x8E] = "IPv6",
    };

    private static readonly FieldSpec Control = FieldSpec.Hex("fr.control", "Control", 16, 8) with
    {
        Bits = [FieldSpec.Hex("fr.control.u_modifier_cmd", "Command", 16, 6) with { Render = v => $"0x{v & 0x3B:x2}" }, FieldSpec.Hex("fr.control.ftype", "Frame type", 22, 2)],
    };

    private static FieldSpec Nlpid(int byteOffset) => FieldSpec.Named("fr.nlpid", "NLPID", byteOffset * 8, 8, FieldFormat.Hex, Nlpids);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var fr = d.Header(into, Header, offset);
        var end = Math.Min(slot.End, d.Bytes.Length);
        var at = offset + 2;
        if (at >= end || !d.Bytes.IsKnown(at, 1)) return null;
        if (d.Bytes.Data[at] != 0x03)
        {
            var cisco = d.Add(fr, FieldSpec.Named("fr.chdlctype", "Type", 16, 16, FieldFormat.Hex, Names.EtherTypes), offset).Number;
            fr.Length = Math.Min(4, end - offset);
            return cisco is { } type && offset + 4 < end ? d.Next(into, BindingTable.EtherType, type, slot with { Offset = offset + 4 }) : null;
        }
        d.Add(fr, Control, offset);
        at = offset + 3;
        var nlpid = d.Add(fr, Nlpid(3), offset).Number;
        at++;
        if (nlpid == 0 && at < end)
        {
            // A pad byte, which Wireshark shows as an NLPID of 0, before the SNAP header's NLPID.
            nlpid = d.Add(fr, Nlpid(4), offset).Number;
            at++;
        }
        ulong? etherType = nlpid switch { 0xCC => 0x0800, 0x8E => 0x86DD, _ => null };
        if (nlpid == 0x80 && at + 5 <= end)
        {
            var oui = d.Add(fr, FieldSpec.Named("fr.snap.oui", "Organization code", (at - offset) * 8, 24, FieldFormat.Decimal, Names.Ouis), offset).Number;
            var pid = d.Add(fr, oui == 0
                ? FieldSpec.Named("fr.snaptype", "Type", (at + 3 - offset) * 8, 16, FieldFormat.Hex, Names.EtherTypes)
                : FieldSpec.Hex("fr.snap.pid", "Protocol ID", (at + 3 - offset) * 8, 16), offset).Number;
            etherType = oui == 0 ? pid : null;
            at += 5;
        }
        fr.Length = at - offset;
        if (etherType is { } ethertype && at < end) return d.Next(into, BindingTable.EtherType, ethertype, slot with { Offset = at });
        if (at < end) Payload.Data(d, into, at, end);
        return null;
    }

    /// <summary>The address, and either encapsulation's fields: RFC 2427's (with a pad and SNAP) or Cisco's.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
    [
        .. Header.Fields, Control, Nlpid(3), FieldSpec.Hex("fr.chdlctype", "Type", 16, 16), FieldSpec.Number("fr.snap.oui", "Organization code", 40, 24),
        FieldSpec.Hex("fr.snaptype", "Type", 64, 16), FieldSpec.Hex("fr.snap.pid", "Protocol ID", 64, 16),
    ];

    public override int HeaderLength(FieldValues values) =>
        values.Has("fr.snap.oui") ? 10 : values.Has("fr.control") || values.Has("fr.chdlctype") ? 4 : 2;

    /// <summary>The DLCI only joins the address's bits.</summary>
    public override bool IsView(string name) => name == "fr.dlci";
}

/// <summary>
/// LAPD (Q.921; LINKTYPE_LAPD 203): the address (SAPI, C/R, TEI) and the control field, two bytes for
/// information and supervisory frames (least significant first, as Wireshark reads them), one for
/// unnumbered frames. What follows (Q.931 for SAPI 0) is data.
/// </summary>
public sealed class Lapd() : ProtocolLayer(new HeaderSpec("lapd", "Link Access Procedure, Channel D (LAPD)", 2,
[
    FieldSpec.Hex("lapd.address", "Address field", 0, 16) with
    {
        Bits =
        [
            FieldSpec.Named("lapd.sapi", "SAPI", 0, 6, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Q.931 call control", [16] = "X.25", [63] = "Layer 2 management" }),
            FieldSpec.Number("lapd.cr", "C/R", 6, 1), FieldSpec.Number("lapd.ea1", "EA1", 7, 1),
            FieldSpec.Number("lapd.tei", "TEI", 8, 7), FieldSpec.Number("lapd.ea2", "EA2", 15, 1),
        ],
    },
]))
{
    public static readonly Lapd Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var lapd = d.Header(into, Header, offset);
        var first = FieldCodec.Read(FieldSpec.Hex("control", "", 16, 8), d.Bytes, offset).Number;
        // The C/R bit means command on one side and response on the other (Q.921 §3.3.2): a received frame reads it inverted, as Wireshark does.
        var response = (Dissection.NumberOf(lapd, "lapd.cr") == 1) != (d.Direction == Model.Direction.Inbound);
        var length = 2;
        if (first is { } control)
        {
            var spec = (control & 3) == 3 ? Unnumbered(response, (control & 0x10) != 0) : Numbered((control & 1) == 0, response);
            d.Add(lapd, spec, offset);
            length += spec.BitLength / 8;
        }
        lapd.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - offset));
        if (offset + length < Math.Min(slot.End, d.Bytes.Length)) Payload.Data(d, into, offset + length, slot.End);
        return null;
    }

    /// <summary>An information (N(S), N(R)) or supervisory (type, N(R)) frame's control: two bytes, the first least significant.</summary>
    private static FieldSpec Numbered(bool information, bool response) => FieldSpec.Hex("lapd.control", "Control field", 16, 16) with
    {
        LittleEndian = true,
        Bits =
        [
            .. information
                ? [FieldSpec.Number("lapd.control.n_s", "N(S)", 16, 7)]
                : (FieldSpec[])[FieldSpec.Hex("lapd.control.s_ftype", "Supervisory frame type", 20, 2) with { HexDigits = 4 }],
            FieldSpec.Number("lapd.control.n_r", "N(R)", 24, 7),
            FieldSpec.Flag(response ? "lapd.control.f" : "lapd.control.p", response ? "Final" : "Poll", 31),
            FieldSpec.Hex("lapd.control.ftype", "Frame type", 23, 1) with { HexDigits = 4 },
        ],
    };

    /// <summary>An unnumbered frame's one-byte control, as LLC's: modifier, poll or final, frame type.</summary>
    private static FieldSpec Unnumbered(bool response, bool pollOrFinal) => FieldSpec.Hex("lapd.control", "Control field", 16, 8) with
    {
        HexDigits = 4,
        Meaning = v => Names.LlcUnnumbered.GetValueOrDefault(v & 0xEF),
        Bits =
        [
            FieldSpec.Hex(response ? "lapd.control.u_modifier_resp" : "lapd.control.u_modifier_cmd", response ? "Response" : "Command", 16, 6) with { Render = v => $"0x{v & 0x3B:x2}" },
            .. pollOrFinal ? [FieldSpec.Flag(response ? "lapd.control.f" : "lapd.control.p", response ? "Final" : "Poll", 19)] : (FieldSpec[])[],
            FieldSpec.Hex("lapd.control.ftype", "Frame type", 22, 2),
        ],
    };

    /// <summary>The address and the control field the value a text gives for it calls for: one byte for an unnumbered frame, else two.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
        [.. Header.Fields, values.All.TryGetValue("lapd.control", out var control) && (control.Number & 3) == 3 ? Unnumbered(false, false) : Numbered(information: true, response: false)];

    public override int HeaderLength(FieldValues values) => Fields(values).Max(f => f.EndBit) / 8;
}
