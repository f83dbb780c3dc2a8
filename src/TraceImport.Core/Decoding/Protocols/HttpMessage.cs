using System.Globalization;
using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// An HTTP/1 (RFC 9112) or SIP (RFC 3261) message, whose syntax the two share: a request or status line,
/// header lines to an empty line, then a body. Fields are Wireshark's: the start line split, each header
/// line (a known header also under its own name, with its parts: SIP's Via, From, To, Contact and CSeq), and
/// the body (SIP's SDP decoded). A segment whose first line is neither a request nor a status line
/// continues a message begun in another packet: it is data.
/// </summary>
internal static class HttpMessage
{
    /// <summary>Headers Wireshark's HTTP dissector names, by lower-case header name.</summary>
    private static readonly Dictionary<string, string> HttpHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["authorization"] = "http.authorization", ["proxy-authenticate"] = "http.proxy_authenticate", ["proxy-authorization"] = "http.proxy_authorization",
        ["www-authenticate"] = "http.www_authenticate", ["content-type"] = "http.content_type", ["content-length"] = "http.content_length_header",
        ["content-encoding"] = "http.content_encoding", ["transfer-encoding"] = "http.transfer_encoding", ["upgrade"] = "http.upgrade",
        ["user-agent"] = "http.user_agent", ["host"] = "http.host", ["connection"] = "http.connection", ["cookie"] = "http.cookie",
        ["accept"] = "http.accept", ["referer"] = "http.referer", ["accept-language"] = "http.accept_language", ["accept-encoding"] = "http.accept_encoding",
        ["date"] = "http.date", ["cache-control"] = "http.cache_control", ["server"] = "http.server", ["location"] = "http.location",
        ["sec-websocket-accept"] = "http.sec_websocket_accept", ["sec-websocket-extensions"] = "http.sec_websocket_extensions",
        ["sec-websocket-key"] = "http.sec_websocket_key", ["sec-websocket-protocol"] = "http.sec_websocket_protocol",
        ["sec-websocket-version"] = "http.sec_websocket_version", ["set-cookie"] = "http.set_cookie", ["last-modified"] = "http.last_modified",
        ["x-forwarded-for"] = "http.x_forwarded_for", ["http2-settings"] = "http.http2_settings",
    };

    /// <summary>SIP's compact header forms (RFC 3261 §7.3.3 and its extensions).</summary>
    private static readonly Dictionary<string, string> SipCompact = new(StringComparer.Ordinal)
    {
        ["v"] = "Via", ["f"] = "From", ["t"] = "To", ["i"] = "Call-ID", ["m"] = "Contact", ["l"] = "Content-Length", ["c"] = "Content-Type",
        ["k"] = "Supported", ["s"] = "Subject", ["e"] = "Content-Encoding", ["o"] = "Event", ["r"] = "Refer-To", ["b"] = "Referred-By", ["u"] = "Allow-Events",
    };

    /// <summary>SIP headers as Wireshark spells their field names (sip.Call-ID, sip.CSeq), by lower-case name.</summary>
    private static readonly Dictionary<string, string> SipHeaders = new[]
    {
        "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events", "Authentication-Info", "Authorization", "Call-ID",
        "Call-Info", "Contact", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date",
        "Diversion", "Error-Info", "Event", "Expires", "From", "In-Reply-To", "Max-Forwards", "Min-Expires", "Min-SE", "MIME-Version",
        "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Priority", "Privacy", "Proxy-Authenticate",
        "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-To", "Referred-By", "Reply-To", "Require",
        "Retry-After", "Route", "RSeq", "Server", "Session-Expires", "Subject", "Subscription-State", "Supported", "Timestamp", "To",
        "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
    }.ToDictionary(h => h, h => $"sip.{h}", StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<int, string> StatusTexts = new()
    {
        [100] = "Continue", [101] = "Switching Protocols", [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content",
        [206] = "Partial Content", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other", [304] = "Not Modified",
        [307] = "Temporary Redirect", [308] = "Permanent Redirect", [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden",
        [404] = "Not Found", [405] = "Method Not Allowed", [406] = "Not Acceptable", [407] = "Proxy Authentication Required",
        [408] = "Request Time-out", [409] = "Conflict", [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed",
        [413] = "Request Entity Too Large", [414] = "Request-URI Too Long", [415] = "Unsupported Media Type", [416] = "Requested Range Not Satisfiable",
        [417] = "Expectation Failed", [418] = "I'm a teapot", [425] = "Too Early", [426] = "Upgrade Required", [428] = "Precondition Required",
        [429] = "Too Many Requests", [431] = "Request Header Fields Too Large", [500] = "Internal Server Error", [501] = "Not Implemented",
        [502] = "Bad Gateway", [503] = "Service Unavailable", [504] = "Gateway Time-out", [505] = "HTTP Version not supported",
    };

    /// <summary>
    /// Decodes a message at <paramref name="start"/>; false when its first line is not a request or status line.
    /// <paramref name="cut"/> says the packet's capture ends before the message does: its last line, without its line end, is cut short.
    /// </summary>
    public static bool Dissect(Dissection d, List<DecodedLayer> into, string protocol, string title, int start, int end, bool cut)
    {
        var bytes = d.Bytes;
        end = Math.Min(end, bytes.Length);
        var lineEnd = LineEnd(bytes.Data, start, end);
        var textEnd = TrimEnd(bytes.Data, start, lineEnd);
        if (textEnd <= start || !bytes.IsKnown(start, textEnd - start)) return false;
        var line = Encoding.ASCII.GetString(bytes.Data, start, textEnd - start);
        var sip = protocol == "sip";
        var version = sip ? "SIP/" : "HTTP/";
        var words = line.Split(' ', 3);
        var isResponse = line.StartsWith(version, StringComparison.Ordinal) && words.Length >= 2 && words[1].Length == 3 && words[1].All(char.IsAsciiDigit);
        var isRequest = !isResponse && words.Length == 3 && words[2].StartsWith(version, StringComparison.Ordinal) && words[0].Length > 0 && words[0].All(c => c is >= 'A' and <= 'Z' or '-' or '_');
        if (!isRequest && !isResponse) return false;

        var layer = d.Layer(into, protocol, sip ? $"{title} ({(isRequest ? words[0] : words[1])})" : title, start);
        layer.Length = end - start;
        if (sip) SipStartLine(d, layer, start, textEnd, words, isRequest);
        else HttpStartLine(d, layer, start, words, isRequest);

        var position = Math.Min(lineEnd + 1, end);
        var headersStart = position;
        var contentLength = (int?)null;
        var contentType = (string?)null;
        var headers = new List<(int Start, int LineEnd, int TextEnd)>();
        while (position < end)
        {
            var next = LineEnd(bytes.Data, position, end);
            var text = TrimEnd(bytes.Data, position, next);
            if (text == position)
            {
                position = Math.Min(next + 1, end);
                break;
            }
            headers.Add((position, Math.Min(next + 1, end), text));
            position = Math.Min(next + 1, end);
        }
        var container = layer;
        if (sip && headers.Count > 0)
        {
            var block = d.Field(layer, "sip.msg_hdr", "Message Header", headersStart, position - headersStart, FieldFormat.Text);
            block.Value = bytes.IsKnown(headersStart, end - headersStart) ? FieldCodec.Printable(bytes.Data.AsSpan(headersStart, end - headersStart)) : null;
            if (cut && position == end) MarkCut([block]);
            container = d.Sub(layer, "sip", "Message Header", headersStart, position - headersStart);
        }
        if (cut && lineEnd == end) MarkCut(layer.Fields);
        foreach (var (at, next, text) in headers)
        {
            var before = container.Fields.Count;
            var header = Header(d, container, sip, isRequest, at, next, text);
            if (cut && next == end && !(next > at && bytes.Data[next - 1] == '\n')) MarkCut(container.Fields.Skip(before));
            if (header is ("content-length", var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)) contentLength = length;
            if (header is ("content-type", var type)) contentType = type;
        }
        if (position < end) Body(d, layer, sip, position, end, contentLength, contentType, cut);
        return true;
    }

    /// <summary>A segment that continues an HTTP message begun in an earlier packet: its bytes are the message's, as file data.</summary>
    public static void Continuation(Dissection d, List<DecodedLayer> into, string title, int start, int end)
    {
        end = Math.Min(end, d.Bytes.Length);
        if (start >= end) return;
        var layer = d.Layer(into, "http", $"{title} (continuation)", start);
        layer.Length = end - start;
        d.Field(layer, "http.file_data", "File Data", start, end - start, FieldFormat.Text).Note = "continues a message begun in an earlier packet";
    }

    private static void HttpStartLine(Dissection d, DecodedLayer layer, int start, string[] words, bool isRequest)
    {
        var at = start;
        if (isRequest)
        {
            Text(d, layer, "http.request.method", "Request Method", at, words[0]);
            at += words[0].Length + 1;
            var uri = Text(d, layer, "http.request.uri", "Request URI", at, words[1]);
            var query = words[1].IndexOf('?');
            if (query >= 0)
            {
                Child(d, uri, "http.request.uri.path", "Request URI Path", at, words[1][..query]);
                Child(d, uri, "http.request.uri.query", "Request URI Query", at + query + 1, words[1][(query + 1)..]);
                var parameterAt = at + query + 1;
                foreach (var parameter in words[1][(query + 1)..].Split('&'))
                {
                    Child(d, uri, "http.request.uri.query.parameter", "Request URI Query Parameter", parameterAt, parameter);
                    parameterAt += parameter.Length + 1;
                }
            }
            at += words[1].Length + 1;
            Text(d, layer, "http.request.version", "Request Version", at, words[2]);
            return;
        }
        Text(d, layer, "http.response.version", "Response Version", at, words[0]);
        at += words[0].Length + 1;
        var code = Text(d, layer, "http.response.code", "Status Code", at, words[1]);
        var status = int.Parse(words[1], CultureInfo.InvariantCulture);
        if (StatusTexts.TryGetValue(status, out var description))
        {
            code.Meaning = description;
            Text(d, layer, "http.response.code.desc", "Status Code Description", at, words[1]).Value = description;
        }
        if (words.Length == 3) Text(d, layer, "http.response.phrase", "Response Phrase", at + 4, words[2]);
    }

    private static void SipStartLine(Dissection d, DecodedLayer layer, int start, int end, string[] words, bool isRequest)
    {
        var line = d.Field(layer, isRequest ? "sip.Request-Line" : "sip.Status-Line", isRequest ? "Request-Line" : "Status-Line", start, end - start, FieldFormat.Text);
        if (isRequest)
        {
            Child(d, line, "sip.Method", "Method", start, words[0]);
            var uri = Child(d, line, "sip.r-uri", "Request-URI", start + words[0].Length + 1, words[1]);
            UriParts(d, uri, "sip.r-uri", "Request-URI", start + words[0].Length + 1, words[1]);
        }
        else
        {
            Child(d, line, "sip.Status-Code", "Status-Code", start + words[0].Length + 1, words[1]);
        }
    }

    /// <summary>One header line: the line itself (HTTP) and, for a header Wireshark knows, its value under its own name. Returns its lower-case name and value.</summary>
    private static (string Name, string Value)? Header(Dissection d, DecodedLayer layer, bool sip, bool isRequest, int start, int lineEnd, int textEnd)
    {
        var bytes = d.Bytes;
        if (!bytes.IsKnown(start, textEnd - start))
        {
            if (!sip) d.Field(layer, isRequest ? "http.request.line" : "http.response.line", "Header", start, lineEnd - start, FieldFormat.Text);
            return null;
        }
        var text = Encoding.ASCII.GetString(bytes.Data, start, textEnd - start);
        var colon = text.IndexOf(':');
        var name = colon > 0 ? text[..colon].Trim() : "";
        var valueAt = colon + 1;
        while (valueAt < text.Length && text[valueAt] is ' ' or '\t') valueAt++;
        var value = colon > 0 ? text[valueAt..] : "";
        if (sip)
        {
            var full = SipCompact.GetValueOrDefault(name) ?? name;
            if (colon > 0 && SipHeaders.TryGetValue(full, out var field))
            {
                var header = Text(d, layer, field, full, start, value, lineEnd - start);
                SipHeaderParts(d, header, field, start + valueAt, value);
            }
            return (full.ToLowerInvariant(), value);
        }
        if (colon > 0 && HttpHeaders.TryGetValue(name, out var known))
        {
            var header = Text(d, layer, known, name, start, value, lineEnd - start);
            if (known == "http.content_length_header" && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                var child = d.Child(header, new FieldSpec("http.content_length", "Content length", 0, (lineEnd - start) * 8, FieldFormat.Text), start);
                child.Value = length.ToString(CultureInfo.InvariantCulture);
            }
        }
        d.Field(layer, isRequest ? "http.request.line" : "http.response.line", isRequest ? "Request line" : "Response line", start, lineEnd - start, FieldFormat.Text);
        return (name.ToLowerInvariant(), value);
    }

    /// <summary>The parts of the SIP headers Wireshark splits: Via's transport, sent-by and parameters; From, To and Contact's address; CSeq; Call-ID.</summary>
    private static void SipHeaderParts(Dissection d, DecodedField header, string field, int at, string value)
    {
        switch (field)
        {
            case "sip.Via": Via(d, header, at, value); break;
            case "sip.From" or "sip.To": NameAddress(d, header, field == "sip.From" ? "sip.from" : "sip.to", field == "sip.From" ? "from" : "to", at, value); break;
            case "sip.Contact": Contact(d, header, at, value); break;
            case "sip.CSeq":
                var space = value.IndexOf(' ');
                if (space <= 0) break;
                Child(d, header, "sip.CSeq.seq", "Sequence Number", at, value[..space]);
                Child(d, header, "sip.CSeq.method", "Method", at + space + 1, value[(space + 1)..].Trim());
                break;
            case "sip.Call-ID":
                d.Child(header, new FieldSpec("sip.call_id_generated", "Generated Call-ID", 0, header.BitLength, FieldFormat.Text), header.ByteOffset).Value = value;
                break;
        }
    }

    private static void Via(Dissection d, DecodedField header, int at, string value)
    {
        // "SIP/2.0/UDP host:port;branch=…" (RFC 3261 §20.42).
        var space = value.IndexOf(' ');
        var slash = value.LastIndexOf('/', space < 0 ? value.Length - 1 : space);
        if (space < 0 || slash < 0) return;
        Child(d, header, "sip.Via.transport", "Transport", at + slash + 1, value[(slash + 1)..space]);
        var sentBy = value[(space + 1)..];
        var parameters = sentBy.IndexOf(';');
        var hostPort = parameters < 0 ? sentBy : sentBy[..parameters];
        var colon = hostPort.LastIndexOf(':');
        var hostAt = at + space + 1;
        Child(d, header, "sip.Via.sent-by.address", "Sent-by Address", hostAt, colon < 0 ? hostPort : hostPort[..colon]);
        if (colon >= 0) Child(d, header, "sip.Via.sent-by.port", "Sent-by port", hostAt + colon + 1, hostPort[(colon + 1)..]);
        if (parameters < 0) return;
        var parameterAt = hostAt + parameters + 1;
        foreach (var parameter in sentBy[(parameters + 1)..].Split(';'))
        {
            var equals = parameter.IndexOf('=');
            var key = (equals < 0 ? parameter : parameter[..equals]).Trim().ToLowerInvariant();
            if (key is "branch" or "received" or "rport" or "maddr" or "ttl" && equals >= 0)
            {
                Child(d, header, $"sip.Via.{key}", key, parameterAt + equals + 1, parameter[(equals + 1)..]);
            }
            parameterAt += parameter.Length + 1;
        }
    }

    /// <summary>From and To (RFC 3261 §20.20, §20.39): display name, address and its parts, tag.</summary>
    private static void NameAddress(Dissection d, DecodedField header, string prefix, string label, int at, string value)
    {
        var open = value.IndexOf('<');
        var close = open < 0 ? -1 : value.IndexOf('>', open);
        int uriAt;
        string uri;
        string rest;
        if (open >= 0 && close > open)
        {
            if (open > 0) Child(d, header, $"{prefix}.display.info", $"SIP {label} display info", at, value[..open]);
            uriAt = at + open + 1;
            uri = value[(open + 1)..close];
            rest = value[(close + 1)..];
        }
        else
        {
            var semicolon = value.IndexOf(';');
            uriAt = at;
            uri = semicolon < 0 ? value : value[..semicolon];
            rest = semicolon < 0 ? "" : value[semicolon..];
        }
        var address = Child(d, header, $"{prefix}.addr", $"SIP {label} address", uriAt, uri);
        UriParts(d, address, prefix, $"SIP {label} address", uriAt, uri);
        var tag = rest.IndexOf(";tag=", StringComparison.OrdinalIgnoreCase);
        if (tag < 0) return;
        var tagValue = rest[(tag + 5)..];
        var end = tagValue.IndexOf(';');
        Child(d, header, $"{prefix}.tag", $"SIP {label} tag", at + (value.Length - rest.Length) + tag + 5, end < 0 ? tagValue : tagValue[..end]);
    }

    private static void Contact(Dissection d, DecodedField header, int at, string value)
    {
        var open = value.IndexOf('<');
        var close = open < 0 ? -1 : value.IndexOf('>', open);
        var (uriAt, uri, rest, restAt) = open >= 0 && close > open
            ? (at + open + 1, value[(open + 1)..close], value[(close + 1)..], at + close + 1)
            : (at, value.Split(';')[0], value[value.Split(';')[0].Length..], at + value.Split(';')[0].Length);
        var contact = Child(d, header, "sip.contact.uri", "Contact URI", uriAt, uri);
        UriParts(d, contact, "sip.contact", "Contact URI", uriAt, uri);
        var parameterAt = restAt;
        foreach (var parameter in rest.Split(';'))
        {
            if (parameter.Length > 0) Child(d, header, "sip.contact.param", "Contact parameter", parameterAt, parameter);
            parameterAt += parameter.Length + 1;
        }
    }

    /// <summary>A SIP URI's user, host and port (RFC 3261 §19.1.1), named under <paramref name="prefix"/>.</summary>
    private static void UriParts(Dissection d, DecodedField uriField, string prefix, string label, int at, string uri)
    {
        var schemeEnd = uri.IndexOf(':');
        if (schemeEnd < 0) return;
        var start = schemeEnd + 1;
        var end = uri.IndexOfAny([';', '?', '>'], start);
        if (end < 0) end = uri.Length;
        var userEnd = uri.IndexOf('@', start, end - start);
        var hostStart = start;
        if (userEnd >= 0)
        {
            var password = uri.IndexOf(':', start, userEnd - start);
            Child(d, uriField, $"{prefix}.user", $"{label} User Part", at + start, uri[start..(password >= 0 ? password : userEnd)]);
            hostStart = userEnd + 1;
        }
        var portColon = uri.IndexOf(':', hostStart, end - hostStart);
        Child(d, uriField, $"{prefix}.host", $"{label} Host Part", at + hostStart, uri[hostStart..(portColon >= 0 ? portColon : end)]);
        if (portColon >= 0) Child(d, uriField, $"{prefix}.port", $"{label} Host Port", at + portColon + 1, uri[(portColon + 1)..end]);
        if (prefix != "sip.contact" || end >= uri.Length || uri[end] != ';') return;
        var parameterAt = at + end + 1;
        foreach (var parameter in uri[(end + 1)..].Split(';'))
        {
            if (parameter.Length > 0) Child(d, uriField, "sip.contact.param", "Contact URI parameter", parameterAt, parameter);
            parameterAt += parameter.Length + 1;
        }
    }

    private static void Body(Dissection d, DecodedLayer layer, bool sip, int start, int end, int? contentLength, string? contentType, bool cut)
    {
        var bodyEnd = contentLength is { } length && start + length < end ? start + length : end;
        if (sip)
        {
            var body = d.Sub(layer, "sip.msg_body", "Message Body", start, bodyEnd - start);
            if (contentType?.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase) == true) Sdp.Dissect(d, body, start, bodyEnd);
            return;
        }
        var data = d.Field(layer, "http.file_data", "File Data", start, bodyEnd - start, FieldFormat.Text);
        if (contentLength is { } declared && declared > end - start) data.Note = $"{end - start} of the {declared} bytes the Content-Length gives; the rest is {(cut ? "not captured" : "in later packets")}";
        else if (cut) data.Note = "the packet's capture ends before the body does";
    }

    /// <summary>Fields of a line the packet's end cuts short: what they would hold is not known.</summary>
    private static void MarkCut(IEnumerable<DecodedField> fields)
    {
        foreach (var field in fields)
        {
            field.Status = FieldStatus.Truncated;
            field.Note = "the packet ends inside this line";
            MarkCut(field.Bits);
        }
    }

    private static int LineEnd(byte[] data, int start, int end)
    {
        var at = Array.IndexOf(data, (byte)'\n', start, end - start);
        return at < 0 ? end : at;
    }

    private static int TrimEnd(byte[] data, int start, int lineEnd) => lineEnd > start && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;

    /// <summary>A text field of the bytes at <paramref name="at"/> (the given count, or the text's length), shown as <paramref name="value"/>.</summary>
    private static DecodedField Text(Dissection d, DecodedLayer layer, string name, string label, int at, string value, int? count = null)
    {
        var field = d.Field(layer, name, label, at, count ?? Encoding.ASCII.GetByteCount(value), FieldFormat.Text);
        if (field.Status == FieldStatus.Ok) field.Value = value;
        return field;
    }

    private static DecodedField Child(Dissection d, DecodedField parent, string name, string label, int at, string value)
    {
        var field = d.Child(parent, new FieldSpec(name, label, 0, Encoding.ASCII.GetByteCount(value) * 8, FieldFormat.Text), at);
        if (field.Status == FieldStatus.Ok) field.Value = value;
        return field;
    }
}
