namespace TraceImport.Decoding.Protocols;

public static class Payload
{
    /// <summary>Bytes no dissector reads: one row of data.</summary>
    public static int? Data(Dissection d, List<DecodedLayer> layers, int start, int end)
    {
        var count = Math.Min(end, d.Bytes.Length) - start;
        if (count <= 0) return null;
        var layer = d.Layer(layers, "data", "Data", start);
        var field = d.Add(layer, new FieldSpec("data.data", "Data", 0, count * 8, FieldFormat.Bytes), start);
        field.Meaning = $"{count} byte(s)";
        layer.Length = count;
        return null;
    }
}

/// <summary>The first line of a text protocol (FTP, SMTP, POP3, IMAP, HTTP), split as Wireshark splits it.</summary>
public static class TextLine
{
    private static readonly Dictionary<string, string> Titles = new()
    {
        ["ftp"] = "File Transfer Protocol", ["smtp"] = "Simple Mail Transfer Protocol", ["pop"] = "Post Office Protocol",
        ["imap"] = "Internet Message Access Protocol", ["http"] = "Hypertext Transfer Protocol",
    };

    public static void Dissect(Dissection d, List<DecodedLayer> layers, string protocol, bool fromServer, int start, int end)
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

        var layer = d.Layer(layers, protocol, Titles[protocol], start);
        var words = Split(bytes.Data, start, textEnd, protocol == "http" && !fromServer ? 3 : protocol == "http" ? 3 : 2);
        var names = FieldNames(protocol, fromServer, words.Count);
        for (var i = 0; i < words.Count && i < names.Length; i++)
        {
            var (from, to) = words[i];
            var field = d.Add(layer, new FieldSpec(names[i], names[i], 0, (to - from) * 8, FieldFormat.Text), from);
            if (i == 0 && protocol is "ftp" or "smtp" && fromServer) field.Meaning = ReplyMeaning(field.Value);
        }
        if (lineEnd < end - 1) Payload.Data(d, layer.Layers, lineEnd + 1, end);
        layer.Length = end - start;
    }

    private static string[] FieldNames(string protocol, bool fromServer, int words) => (protocol, fromServer) switch
    {
        ("ftp", true) => ["ftp.response.code", "ftp.response.arg"],
        ("ftp", false) => ["ftp.request.command", "ftp.request.arg"],
        ("smtp", true) => ["smtp.response.code", "smtp.rsp.parameter"],
        ("smtp", false) => ["smtp.req.command", "smtp.req.parameter"],
        ("pop", true) => ["pop.response.indicator", "pop.response.description"],
        ("pop", false) => ["pop.request.command", "pop.request.parameter"],
        ("imap", true) => ["imap.response"],
        ("imap", false) => ["imap.request"],
        ("http", true) => ["http.response.version", "http.response.code", "http.response.phrase"],
        _ => ["http.request.method", "http.request.uri", "http.request.version"],
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
