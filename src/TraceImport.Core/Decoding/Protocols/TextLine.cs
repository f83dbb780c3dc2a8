namespace TraceImport.Decoding.Protocols;

/// <summary>
/// The first line of a text protocol (FTP, SMTP, POP3, IMAP), split as Wireshark splits it: bound to the
/// protocol's TCP ports, which also say whether the server sent it. HTTP and SIP messages are read whole,
/// start line, headers and body (<see cref="HttpMessage"/>).
/// </summary>
public sealed class TextLine(string protocol, string title) : ProtocolLayer(new HeaderSpec(protocol, title, 0, []))
{
    public static readonly TextLine Ftp = new("ftp", "File Transfer Protocol");
    public static readonly TextLine Smtp = new("smtp", "Simple Mail Transfer Protocol");
    public static readonly TextLine Pop = new("pop", "Post Office Protocol");
    public static readonly TextLine Imap = new("imap", "Internet Message Access Protocol");
    public static readonly TextLine Http = new("http", "Hypertext Transfer Protocol");
    public static readonly TextLine Sip = new("sip", "Session Initiation Protocol");

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        if (Protocol is "http" or "sip")
        {
            if (HttpMessage.Dissect(d, into, Protocol, Header.Title, slot.Offset, slot.End, slot.CutShort(d))) return null;
            // A segment that does not start with a request or status line continues a message from an earlier packet.
            if (Protocol == "http") HttpMessage.Continuation(d, into, Header.Title, slot.Offset, slot.End);
            else Payload.Data(d, into, slot.Offset, slot.End);
            return null;
        }
        Dissect(d, into, slot.FromServer, slot.Offset, slot.End);
        return null;
    }

    private void Dissect(Dissection d, List<DecodedLayer> layers, bool fromServer, int start, int end)
    {
        var bytes = d.Bytes;
        var lineEnd = start;
        while (lineEnd < end && bytes.Data[lineEnd] != (byte)'\n') lineEnd++;
        var textEnd = lineEnd > start && bytes.Data[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
        if (!bytes.IsKnown(start, textEnd - start) || !IsText(bytes.Data.AsSpan(start, textEnd - start)))
        {
            Payload.Data(d, layers, start, end);
            return;
        }

        var layer = d.Layer(layers, Protocol, Header.Title, start);
        var words = Split(bytes.Data, start, textEnd, 2);
        var names = FieldNames(Protocol, fromServer);
        for (var i = 0; i < words.Count && i < names.Length; i++)
        {
            var (from, to) = words[i];
            var field = d.Add(layer, new FieldSpec(names[i], names[i], 0, (to - from) * 8, FieldFormat.Text), from);
            if (i == 0 && Protocol is "ftp" or "smtp" && fromServer) field.Meaning = ReplyMeaning(field.Value);
        }
        if (lineEnd < end - 1) Payload.Data(d, layer.Layers, lineEnd + 1, end);
        layer.Length = end - start;
    }

    private static string[] FieldNames(string protocol, bool fromServer) => (protocol, fromServer) switch
    {
        ("ftp", true) => ["ftp.response.code", "ftp.response.arg"],
        ("ftp", false) => ["ftp.request.command", "ftp.request.arg"],
        ("smtp", true) => ["smtp.response.code", "smtp.rsp.parameter"],
        ("smtp", false) => ["smtp.req.command", "smtp.req.parameter"],
        ("pop", true) => ["pop.response.indicator", "pop.response.description"],
        ("pop", false) => ["pop.request.command", "pop.request.parameter"],
        ("imap", true) => ["imap.response"],
        _ => ["imap.request"],
    };

    private static string? ReplyMeaning(string? code) => code?.Length == 3 ? code[0] switch
    {
        '1' => "positive preliminary reply",
        '2' => "positive completion reply",
        '3' => "positive intermediate reply",
        '4' => "transient negative reply",
        '5' => "permanent negative reply",
        _ => null,
    } : null;

    /// <summary>Splits at the first <paramref name="parts"/> − 1 spaces; the last part takes the rest of the line.</summary>
    private static List<(int From, int To)> Split(byte[] data, int start, int end, int parts)
    {
        var result = new List<(int, int)>();
        var from = start;
        for (var i = start; i < end && result.Count < parts - 1; i++)
        {
            if (data[i] != (byte)' ') continue;
            result.Add((from, i));
            from = i + 1;
        }
        if (from < end) result.Add((from, end));
        return result;
    }

    private static bool IsText(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0) return false;
        foreach (var b in line)
        {
            if (b is < 0x20 and not (byte)'\t' || b >= 0x7F) return false;
        }
        return true;
    }
}
