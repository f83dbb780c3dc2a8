using System.Globalization;
using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// SNMP (RFC 3416, RFC 3412, RFC 3414) on UDP ports 161 and 162, read from its BER encoding: version 1
/// and 2c messages (version, community, PDU), version 3 messages (global data, the user-based security
/// parameters with the engine ID's parts, the scoped PDU, or the encrypted one), PDUs and their variable
/// bindings, each value by its type. Spans are Wireshark's: a value's field covers its contents, a choice
/// its whole encoding. A tag or length that is masked ends the walk: what follows is left as data.
/// </summary>
public sealed class Snmp() : ProtocolLayer(new HeaderSpec("snmp", "Simple Network Management Protocol", 0, []))
{
    public static readonly Snmp Layer = new();

    private static readonly string[] Pdus =
    [
        "get-request", "get-next-request", "get-response", "set-request", "trap", "getBulkRequest", "informRequest", "snmpV2-trap", "report",
    ];

    private static readonly string[] PduElements =
    [
        "snmp.get_request_element", "snmp.get_next_request_element", "snmp.get_response_element", "snmp.set_request_element", "snmp.trap_element",
        "snmp.getBulkRequest_element", "snmp.informRequest_element", "snmp.snmpV2_trap_element", "snmp.report_element",
    ];

    private static readonly IReadOnlyDictionary<ulong, string> ErrorStatus = new Dictionary<ulong, string>
    {
        [0] = "noError", [1] = "tooBig", [2] = "noSuchName", [3] = "badValue", [4] = "readOnly", [5] = "genErr", [6] = "noAccess", [7] = "wrongType",
        [8] = "wrongLength", [9] = "wrongEncoding", [10] = "wrongValue", [11] = "noCreation", [12] = "inconsistentValue", [13] = "resourceUnavailable",
        [14] = "commitFailed", [15] = "undoFailed", [16] = "authorizationError", [17] = "notWritable", [18] = "inconsistentName",
    };

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var snmp = d.Layer(into, Protocol, Header.Title, slot.Offset);
        snmp.Length = end - slot.Offset;
        var ber = new Ber(d);
        if (ber.Read(slot.Offset, end) is not { Tag: 0x30 } message)
        {
            d.Rest(snmp, slot.Offset, end, "not a BER sequence");
            return null;
        }
        var position = message.Content;
        if (ber.Read(position, message.End) is not { Tag: 0x02 } version)
        {
            d.Rest(snmp, position, end, "no version");
            return null;
        }
        if (ber.Integer(version) == 3) Version3(ber, snmp, version, message.End);
        else Community(ber, snmp, version, message.End);
        if (message.End < end) d.Rest(snmp, message.End, end, "after the SNMP message");
        return null;
    }

    /// <summary>Version 1 and 2c: version, community, PDU.</summary>
    private static void Community(Ber ber, DecodedLayer snmp, Ber.Element version, int end)
    {
        ber.Signed(snmp, "snmp.version", "version", version).Meaning = ber.Integer(version) switch { 0 => "version-1", 1 => "v2c", _ => null };
        if (ber.Read(version.End, end) is not { Tag: 0x04 } community) return;
        ber.Text(snmp, "snmp.community", "community", community);
        if (ber.Read(community.End, end) is { } pdu) Pdu(ber, snmp, pdu);
    }

    /// <summary>Version 3 (RFC 3412 §6): global data, security parameters (RFC 3414 §2.4), and the scoped PDU or its encryption.</summary>
    private static void Version3(Ber ber, DecodedLayer snmp, Ber.Element version, int end)
    {
        ber.Signed(snmp, "snmp.msgVersion", "msgVersion", version).Meaning = "snmpv3";
        if (ber.Read(version.End, end) is not { Tag: 0x30 } global) return;
        var globalData = ber.D.Sub(snmp, "snmp.msgGlobalData_element", "msgGlobalData", global.Start, global.End - global.Start);
        var id = ber.Read(global.Content, global.End);
        if (id is null) return;
        ber.Unsigned(globalData, "snmp.msgID", "msgID", id);
        var maxSize = ber.Read(id.End, global.End);
        if (maxSize is null) return;
        ber.Unsigned(globalData, "snmp.msgMaxSize", "msgMaxSize", maxSize);
        var flags = ber.Read(maxSize.End, global.End);
        if (flags is null) return;
        var flagsField = ber.Bytes(globalData, "snmp.msgFlags", "msgFlags", flags);
        if (flags.Length == 1)
        {
            ber.D.Child(flagsField, FieldSpec.Flag("snmp.v3.flags.report", "Reportable", 5), flags.Content);
            ber.D.Child(flagsField, FieldSpec.Flag("snmp.v3.flags.crypt", "Encrypted", 6), flags.Content);
            ber.D.Child(flagsField, FieldSpec.Flag("snmp.v3.flags.auth", "Authenticated", 7), flags.Content);
        }
        if (ber.Read(flags.End, global.End) is { } model) ber.Unsigned(globalData, "snmp.msgSecurityModel", "msgSecurityModel", model).Meaning = ber.Integer(model) == 3 ? "USM" : null;

        if (ber.Read(global.End, end) is not { Tag: 0x04 } parameters) return;
        if (ber.Read(parameters.Content, parameters.End) is { Tag: 0x30 } usm) SecurityParameters(ber, snmp, usm);
        if (ber.Read(parameters.End, end) is not { } data) return;
        var msgData = ber.D.Field(snmp, "snmp.msgData", "msgData", data.Start, data.End - data.Start, FieldFormat.Bytes);
        if (data.Tag == 0x04)
        {
            msgData.Value = "1";
            msgData.Meaning = "encryptedPDU";
            ber.Bytes(snmp, "snmp.encryptedPDU", "encryptedPDU", data);
            return;
        }
        msgData.Value = "0";
        msgData.Meaning = "plaintext";
        if (data.Tag != 0x30) return;
        var plaintext = ber.D.Sub(snmp, "snmp.plaintext_element", "plaintext", data.Start, data.End - data.Start);
        if (ber.Read(data.Content, data.End) is not { } engine) return;
        EngineId(ber, ber.Bytes(plaintext, "snmp.contextEngineID", "contextEngineID", engine), engine);
        if (ber.Read(engine.End, data.End) is not { } context) return;
        ber.Text(plaintext, "snmp.contextName", "contextName", context);
        if (ber.Read(context.End, data.End) is { } pdu) Pdu(ber, plaintext, pdu);
    }

    private static void SecurityParameters(Ber ber, DecodedLayer snmp, Ber.Element usm)
    {
        var position = usm.Content;
        var names = new[]
        {
            "snmp.msgAuthoritativeEngineID", "snmp.msgAuthoritativeEngineBoots", "snmp.msgAuthoritativeEngineTime", "snmp.msgUserName",
            "snmp.msgAuthenticationParameters", "snmp.msgPrivacyParameters",
        };
        foreach (var name in names)
        {
            if (ber.Read(position, usm.End) is not { } element) return;
            var label = name[5..];
            switch (name)
            {
                case "snmp.msgAuthoritativeEngineID": EngineId(ber, ber.Bytes(snmp, name, label, element), element); break;
                case "snmp.msgAuthoritativeEngineBoots" or "snmp.msgAuthoritativeEngineTime": ber.Unsigned(snmp, name, label, element); break;
                case "snmp.msgUserName": ber.Text(snmp, name, label, element); break;
                default: ber.Bytes(snmp, name, label, element); break;
            }
            position = element.End;
        }
    }

    /// <summary>An SNMP engine ID (RFC 3411 §5, SnmpEngineID): conformance, enterprise, format and the data that format gives.</summary>
    private static void EngineId(Ber ber, DecodedField field, Ber.Element element)
    {
        var d = ber.D;
        var at = element.Content;
        if (element.Length < 5 || d.Peek(at, 1) is not { } first || (first & 0x80) == 0) return;
        d.Child(field, FieldSpec.Flag("snmp.engineid.conform", "Engine ID Conformance", 0), at);
        var enterprise = d.Child(field, FieldSpec.Number("snmp.engineid.enterprise", "Engine Enterprise ID", 0, 32), at);
        if (enterprise.Number is { } value) enterprise.Value = (value & 0x7FFFFFFF).ToString(CultureInfo.InvariantCulture);
        var format = d.Child(field, FieldSpec.Number("snmp.engineid.format", "Engine ID Format", 0, 8), at + 4).Number;
        var dataStart = at + 5;
        var dataLength = element.End - dataStart;
        if (dataLength <= 0) return;
        if (format == 1 && dataLength == 4) d.Child(field, new FieldSpec("snmp.engineid.ipv4", "Engine ID Data: IPv4 address", 0, 32, FieldFormat.Ipv4), dataStart);
        else if (format == 2 && dataLength == 16) d.Child(field, new FieldSpec("snmp.engineid.ipv6", "Engine ID Data: IPv6 address", 0, 128, FieldFormat.Ipv6), dataStart);
        else if (format == 3 && dataLength == 6) d.Child(field, new FieldSpec("snmp.engineid.mac", "Engine ID Data: MAC address", 0, 48, FieldFormat.Mac), dataStart);
        else if (format == 4) d.Child(field, new FieldSpec("snmp.engineid.text", "Engine ID Data: Text", 0, dataLength * 8, FieldFormat.Text), dataStart);
        else if (format == 128 && enterprise.Number is { } number && (number & 0x7FFFFFFF) == 8072 && dataLength == 12)
        {
            // Net-SNMP's random engine ID: four random bytes, then its creation time in the host's (little-endian) order.
            d.Child(field, new FieldSpec("snmp.engineid.data", "Engine ID Data", 0, 32, FieldFormat.Bytes), dataStart);
            d.Child(field, new FieldSpec("snmp.engineid.time", "Engine ID Data: Creation Time", 0, 64, FieldFormat.Bytes), dataStart + 4)
                .ShowAs(d.Bytes, b => Structure.AbsoluteTime((long)((uint)b[0] | (uint)b[1] << 8 | (uint)b[2] << 16 | (uint)b[3] << 24)));
        }
        else d.Child(field, new FieldSpec("snmp.engineid.data", "Engine ID Data", 0, dataLength * 8, FieldFormat.Bytes), dataStart);
    }

    /// <summary>A PDU (RFC 3416 §3): its choice, then the request ID, error status and index (or bulk's counts) and the variable bindings; a version 1 trap's own fields.</summary>
    private static void Pdu(Ber ber, DecodedLayer parent, Ber.Element pdu)
    {
        var index = pdu.Tag - 0xA0;
        if (index is < 0 or > 8)
        {
            ber.D.Rest(parent, pdu.Start, pdu.End, $"tag 0x{pdu.Tag:x2} is not an SNMP PDU");
            return;
        }
        var data = ber.D.Field(parent, "snmp.data", "data", pdu.Start, pdu.End - pdu.Start, FieldFormat.Bytes);
        data.Value = index.ToString(CultureInfo.InvariantCulture);
        data.Meaning = Pdus[index];
        var element = ber.D.Sub(parent, PduElements[index], Pdus[index], pdu.Content, pdu.End - pdu.Content);
        var position = pdu.Content;
        var fields = index switch
        {
            4 => new[] { "snmp.enterprise", "snmp.agent_addr", "snmp.generic_trap", "snmp.specific_trap", "snmp.time_stamp" },
            5 => ["snmp.request_id", "snmp.non_repeaters", "snmp.max_repetitions"],
            _ => ["snmp.request_id", "snmp.error_status", "snmp.error_index"],
        };
        foreach (var name in fields)
        {
            if (ber.Read(position, pdu.End) is not { } value) return;
            var label = name[5..].Replace('_', '-');
            switch (name)
            {
                case "snmp.enterprise": ber.Oid(element, name, label, value); break;
                case "snmp.agent_addr" when value.Length == 4: ber.D.Field(element, name, label, value.Content, 4, FieldFormat.Ipv4); break;
                case "snmp.non_repeaters" or "snmp.max_repetitions" or "snmp.time_stamp": ber.Unsigned(element, name, label, value); break;
                case "snmp.error_status": ber.Signed(element, name, label, value).Meaning = ErrorStatus.GetValueOrDefault((ulong)ber.Integer(value)); break;
                default: ber.Signed(element, name, label, value); break;
            }
            position = value.End;
        }
        if (ber.Read(position, pdu.End) is { Tag: 0x30 } bindings) VariableBindings(ber, element, bindings);
    }

    private static void VariableBindings(Ber ber, DecodedLayer element, Ber.Element bindings)
    {
        var d = ber.D;
        var list = d.Field(element, "snmp.variable_bindings", "variable-bindings", bindings.Content, bindings.Length, FieldFormat.Bytes);
        var count = 0;
        var items = new List<(Ber.Element Binding, Ber.Element? Name, Ber.Element? Value)>();
        for (var position = bindings.Content; position < bindings.End;)
        {
            if (ber.Read(position, bindings.End) is not { Tag: 0x30 } binding) break;
            var name = ber.Read(binding.Content, binding.End);
            items.Add((binding, name, name is null ? null : ber.Read(name.End, binding.End)));
            count++;
            position = binding.End;
        }
        list.Value = count.ToString(CultureInfo.InvariantCulture);
        list.Meaning = count == 1 ? "1 item" : $"{count} items";
        foreach (var (binding, name, value) in items)
        {
            var oid = name is { Tag: 0x06 } ? ber.OidText(name) : null;
            var layer = d.Sub(element, "snmp", $"{oid ?? "?"}: {(value is null ? "?" : TypeName(value.Tag))}", binding.Content, binding.Length);
            if (name is not { Tag: 0x06 }) continue;
            ber.Oid(layer, "snmp.name", "Object Name", name);
            if (value is not null) Value(ber, layer, value);
        }
    }

    /// <summary>A value by its type (RFC 2578 §7.1; RFC 3416 §3 for the exceptions).</summary>
    private static void Value(Ber ber, DecodedLayer binding, Ber.Element value)
    {
        switch (value.Tag)
        {
            case 0x02: ber.Signed(binding, "snmp.value.int", "Value (Integer32)", value); break;
            case 0x04:
                var octets = ber.Bytes(binding, "snmp.value.octets", "Value (OctetString)", value);
                // Wireshark shows every octet string as text too, up to its first NUL byte.
                if (value.Length > 0)
                {
                    ber.D.Child(octets, new FieldSpec("snmp.var-bind_str", "Variable-binding-string", 0, value.Length * 8, FieldFormat.Text), value.Content)
                        .ShowAs(ber.D.Bytes, Structure.UpToNul);
                }
                break;
            case 0x05: break;
            case 0x06: ber.Oid(binding, "snmp.value.oid", "Value (OID)", value); break;
            case 0x40 when value.Length == 4: ber.D.Field(binding, "snmp.value.ipv4", "Value (IpAddress)", value.Content, 4, FieldFormat.Ipv4); break;
            case 0x41: ber.Unsigned(binding, "snmp.value.counter", "Value (Counter32)", value); break;
            case 0x42: ber.Unsigned(binding, "snmp.value.g32", "Value (Gauge32)", value); break;
            case 0x43: ber.Unsigned(binding, "snmp.value.timeticks", "Value (Timeticks)", value).Meaning = "hundredths of a second"; break;
            case 0x44: ber.Bytes(binding, "snmp.value.opaque", "Value (Opaque)", value); break;
            case 0x46: ber.Unsigned(binding, "snmp.value.counter", "Value (Counter64)", value); break;
            case 0x47: ber.Unsigned(binding, "snmp.value.u32", "Value (Unsigned32)", value); break;
            case 0x80 or 0x81 or 0x82: break;
            default: ber.Bytes(binding, "snmp.value.unk", "Value (Unknown)", value); break;
        }
    }

    private static string TypeName(int tag) => tag switch
    {
        0x02 => "Integer32", 0x04 => "OctetString", 0x05 => "Null", 0x06 => "OID", 0x40 => "IpAddress", 0x41 => "Counter32", 0x42 => "Gauge32",
        0x43 => "Timeticks", 0x44 => "Opaque", 0x46 => "Counter64", 0x47 => "Unsigned32", 0x80 => "noSuchObject", 0x81 => "noSuchInstance",
        0x82 => "endOfMibView", _ => $"tag 0x{tag:x2}",
    };
}

/// <summary>
/// A reader of BER (ITU-T X.690 §8.1) elements with one-byte tags: where an element starts, where its
/// contents start and end. An element whose tag or length is masked, or that runs past its container,
/// is not read.
/// </summary>
internal sealed class Ber(Dissection d)
{
    public Dissection D { get; } = d;

    public sealed record Element(int Start, int Tag, int Content, int Length)
    {
        public int End => Content + Length;
    }

    public Element? Read(int position, int end)
    {
        end = Math.Min(end, D.Bytes.Length);
        if (position + 2 > end || D.Peek(position, 2) is not { } head) return null;
        var tag = (int)(head >> 8);
        var first = (int)(head & 0xFF);
        var content = position + 2;
        long length = first;
        if (first > 0x80)
        {
            var count = first & 0x7F;
            if (count > 4 || D.Peek(content, count) is not { } longLength) return null;
            length = (long)longLength;
            content += count;
        }
        else if (first == 0x80) return null;
        if (content + length > end)
        {
            // Cut by the packet's end: the contents that are there are read; a length past the message is not.
            if (end < D.Bytes.Length || content > end) return null;
            length = end - content;
        }
        return new Element(position, tag, content, (int)length);
    }

    /// <summary>An INTEGER's value, or 0 when its bytes are not known.</summary>
    public long Integer(Element element) =>
        element.Length is > 0 and <= 8 && D.Peek(element.Content, element.Length) is { } raw
            ? (long)(raw << (64 - 8 * element.Length)) >> (64 - 8 * element.Length)
            : 0;

    public DecodedField Signed(DecodedLayer layer, string name, string label, Element element)
    {
        var field = D.Field(layer, name, label, element.Content, element.Length, FieldFormat.Bytes);
        return field.ShowAs(D.Bytes, b => b.Length <= 8 ? Integer(element).ToString(CultureInfo.InvariantCulture) : null);
    }

    public DecodedField Unsigned(DecodedLayer layer, string name, string label, Element element) =>
        D.Field(layer, name, label, element.Content, element.Length, FieldFormat.Bytes)
            .ShowAs(D.Bytes, b => b.Length <= 9 ? Structure.Unsigned(b.Length == 9 ? b[1..] : b).ToString(CultureInfo.InvariantCulture) : null);

    public DecodedField Bytes(DecodedLayer layer, string name, string label, Element element) =>
        D.Field(layer, name, label, element.Content, element.Length, FieldFormat.Bytes);

    public DecodedField Text(DecodedLayer layer, string name, string label, Element element) =>
        D.Field(layer, name, label, element.Content, element.Length, FieldFormat.Text);

    public DecodedField Oid(DecodedLayer layer, string name, string label, Element element) =>
        D.Field(layer, name, label, element.Content, element.Length, FieldFormat.Bytes).ShowAs(D.Bytes, OidText);

    public string? OidText(Element element) =>
        D.Bytes.IsKnown(element.Content, element.Length) && element.Content + element.Length <= D.Bytes.Length
            ? OidText(D.Bytes.Data.AsSpan(element.Content, element.Length))
            : null;

    /// <summary>An object identifier in dotted form (X.690 §8.19): base-128 sub-identifiers, the first two joined as 40 × X + Y.</summary>
    public static string? OidText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return null;
        var text = new StringBuilder();
        ulong value = 0;
        var first = true;
        foreach (var b in bytes)
        {
            value = value << 7 | (uint)(b & 0x7F);
            if ((b & 0x80) != 0) continue;
            if (first)
            {
                var x = Math.Min(value / 40, 2);
                text.Append(x).Append('.').Append(value - 40 * x);
                first = false;
            }
            else text.Append('.').Append(value);
            value = 0;
        }
        return (bytes[^1] & 0x80) != 0 ? null : text.ToString();
    }
}
