using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// SDP (RFC 8866), the session description a SIP message carries: one field per "x=" line, named as
/// Wireshark names it, with the parts of the origin, connection, time, media and attribute lines.
/// </summary>
internal static class Sdp
{
    private static readonly Dictionary<char, (string Field, string Label)> Lines = new()
    {
        ['v'] = ("sdp.version", "Session Description Protocol Version (v)"), ['o'] = ("sdp.owner", "Owner/Creator, Session Id (o)"),
        ['s'] = ("sdp.session_name", "Session Name (s)"), ['i'] = ("sdp.session_info", "Session Information (i)"),
        ['u'] = ("sdp.uri", "URI of Description (u)"), ['e'] = ("sdp.email", "E-mail Address (e)"), ['p'] = ("sdp.phone", "Phone Number (p)"),
        ['c'] = ("sdp.connection_info", "Connection Information (c)"), ['b'] = ("sdp.bandwidth", "Bandwidth Information (b)"),
        ['z'] = ("sdp.timezone", "Time Zone Adjustments (z)"), ['k'] = ("sdp.encryption_key", "Encryption Key (k)"),
        ['a'] = ("sdp.session_attr", "Session Attribute (a)"), ['t'] = ("sdp.time", "Time Description, active time (t)"),
        ['r'] = ("sdp.repeat_time", "Repeat Time (r)"), ['m'] = ("sdp.media", "Media Description, name and address (m)"),
    };

    /// <summary>The static RTP payload types (RFC 3551 §6) as Wireshark names them.</summary>
    private static readonly Dictionary<string, string> PayloadTypes = new()
    {
        ["0"] = "ITU-T G.711 PCMU", ["3"] = "GSM 06.10", ["4"] = "ITU-T G.723", ["5"] = "DVI4 8000Hz", ["6"] = "DVI4 16000Hz", ["7"] = "Exp. from Xerox PARC",
        ["8"] = "ITU-T G.711 PCMA", ["9"] = "ITU-T G.722", ["10"] = "16-bit uncomp. audio, stereo", ["11"] = "16-bit uncomp. audio, monaural",
        ["12"] = "Qualcomm Code Excited Linear Predictive coding", ["13"] = "Comfort noise (CN)", ["14"] = "MPEG-I/II Audio", ["15"] = "ITU-T G.728",
        ["16"] = "DVI4 11025Hz", ["17"] = "DVI4 22050Hz", ["18"] = "ITU-T G.729", ["25"] = "Sun CellB video encoding", ["26"] = "JPEG-compressed video",
        ["28"] = "'nv' program", ["31"] = "ITU-T H.261", ["32"] = "MPEG-I/II Video", ["33"] = "MPEG-II transport streams", ["34"] = "ITU-T H.263",
    };

    public static void Dissect(Dissection d, DecodedLayer body, int start, int end)
    {
        if (!d.Bytes.IsKnown(start, end - start)) return;
        var sdp = d.Sub(body, "sdp", "Session Description Protocol", start, end - start);
        var inMedia = false;
        for (var position = start; position < end;)
        {
            var newline = Array.IndexOf(d.Bytes.Data, (byte)'\n', position, end - position);
            var lineEnd = newline < 0 ? end : newline;
            var textEnd = lineEnd > position && d.Bytes.Data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            var line = Encoding.ASCII.GetString(d.Bytes.Data, position, textEnd - position);
            if (line.Length >= 2 && line[1] == '=' && Lines.TryGetValue(line[0], out var kind))
            {
                inMedia |= line[0] == 'm';
                var (name, label) = line[0] == 'a' && inMedia ? ("sdp.media_attr", "Media Attribute (a)") : line[0] == 'i' && inMedia ? ("sdp.media_title", "Media Title (i)") : kind;
                var value = line[2..];
                var field = d.Field(sdp, name, label, position, textEnd - position, FieldFormat.Text);
                field.Value = value;
                Parts(d, field, name, position + 2, value);
            }
            position = newline < 0 ? end : newline + 1;
        }
    }

    private static void Parts(Dissection d, DecodedField field, string name, int at, string value)
    {
        switch (name)
        {
            case "sdp.owner": Words(d, field, at, value, "sdp.owner.username", "sdp.owner.sessionid", "sdp.owner.version", "sdp.owner.network_type", "sdp.owner.address_type", "sdp.owner.address"); break;
            case "sdp.connection_info": Words(d, field, at, value, "sdp.connection_info.network_type", "sdp.connection_info.address_type", "sdp.connection_info.address"); break;
            case "sdp.time": Words(d, field, at, value, "sdp.time.start", "sdp.time.stop"); break;
            case "sdp.bandwidth":
                var colon = value.IndexOf(':');
                if (colon < 0) break;
                Child(d, field, "sdp.bandwidth.modifier", at, value[..colon]);
                Child(d, field, "sdp.bandwidth.value", at + colon + 1, value[(colon + 1)..]);
                break;
            case "sdp.media": Media(d, field, at, value); break;
            case "sdp.session_attr" or "sdp.media_attr": Attribute(d, field, name, at, value); break;
        }
    }

    /// <summary>Space-separated parts, named in order.</summary>
    private static void Words(Dissection d, DecodedField field, int at, string value, params string[] names)
    {
        var words = value.Split(' ');
        for (var i = 0; i < words.Length && i < names.Length; i++)
        {
            Child(d, field, names[i], at, words[i]);
            at += words[i].Length + 1;
        }
    }

    private static void Media(Dissection d, DecodedField field, int at, string value)
    {
        var words = value.Split(' ');
        if (words.Length < 3) return;
        Child(d, field, "sdp.media.media", at, words[0]);
        at += words[0].Length + 1;
        var port = Child(d, field, "sdp.media.port", at, words[1].Split('/')[0]);
        port.Value = words[1].Split('/')[0];
        at += words[1].Length + 1;
        Child(d, field, "sdp.media.proto", at, words[2]);
        at += words[2].Length + 1;
        foreach (var format in words.Skip(3))
        {
            Child(d, field, "sdp.media.format", at, format).Value = PayloadTypes.GetValueOrDefault(format) ?? format;
            at += format.Length + 1;
        }
    }

    /// <summary>An attribute: its name and value; an rtpmap's payload type, encoding and clock rate as Wireshark splits them.</summary>
    private static void Attribute(Dissection d, DecodedField field, string name, int at, string value)
    {
        var colon = value.IndexOf(':');
        var key = colon < 0 ? value : value[..colon];
        var (keyField, valueField) = name == "sdp.media_attr" ? ("sdp.media_attribute.field", "sdp.media_attribute.value") : ("sdp.session_attr.field", "sdp.session_attr.value");
        Child(d, field, keyField, at, key);
        if (colon < 0) return;
        var rest = value[(colon + 1)..];
        var restAt = at + colon + 1;
        if (key == "rtpmap" && rest.IndexOf(' ') is var space and > 0)
        {
            Child(d, field, "sdp.media.format", restAt, rest[..space]);
            var encoding = rest[(space + 1)..];
            var slash = encoding.IndexOf('/');
            Child(d, field, "sdp.mime.type", restAt + space + 1, slash < 0 ? encoding : encoding[..slash]);
            if (slash >= 0)
            {
                var rate = encoding[(slash + 1)..].Split('/')[0];
                Child(d, field, "sdp.sample_rate", restAt + space + 2 + slash, rate);
            }
            return;
        }
        Child(d, field, valueField, restAt, rest);
    }

    private static DecodedField Child(Dissection d, DecodedField parent, string name, int at, string value)
    {
        var child = d.Child(parent, new FieldSpec(name, name, 0, Encoding.ASCII.GetByteCount(value) * 8, FieldFormat.Text), at);
        if (child.Status == FieldStatus.Ok) child.Value = value;
        return child;
    }
}
