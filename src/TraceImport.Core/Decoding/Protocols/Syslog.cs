using System.Globalization;
using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Syslog on UDP port 514: the priority (facility and level), then the message, and within it the header
/// of RFC 5424 (version, timestamp, host name, application, process ID, the rest as the message ID) or of
/// RFC 3164 (timestamp, host name, tag), split where Wireshark splits them.
/// </summary>
public sealed class Syslog() : ProtocolLayer(new HeaderSpec("syslog", "Syslog message", 0, []))
{
    public static readonly Syslog Layer = new();

    private static readonly string[] Facilities =
    [
        "KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS", "UUCP", "CRON", "AUTHPRIV", "FTP", "NTP", "AUDIT", "ALERT", "CRON2",
        "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7",
    ];

    private static readonly string[] Levels = ["EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"];

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var start = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (!d.Bytes.IsKnown(start, end - start))
        {
            Payload.Data(d, into, start, end);
            return null;
        }
        var text = d.Bytes.Data.AsSpan(start, end - start);
        var syslog = d.Layer(into, Protocol, Header.Title, start);
        syslog.Length = end - start;
        var position = start;
        if (Priority(text) is var (priority, length))
        {
            var facility = d.Field(syslog, "syslog.facility", "Facility", start, length, FieldFormat.Text);
            facility.Value = (priority >> 3).ToString(CultureInfo.InvariantCulture);
            facility.Meaning = priority >> 3 < Facilities.Length ? Facilities[priority >> 3] : null;
            var level = d.Field(syslog, "syslog.level", "Level", start, length, FieldFormat.Text);
            level.Value = (priority & 7).ToString(CultureInfo.InvariantCulture);
            level.Meaning = Levels[priority & 7];
            position += length;
        }
        if (position >= end) return null;
        var message = d.Field(syslog, "syslog.msg", "Message", position, end - position, FieldFormat.Text);
        if (!Rfc5424(d, message, position, end)) Rfc3164(d, message, position, end);
        return null;
    }

    /// <summary>"&lt;PRI&gt;": the priority and the bytes it takes, when the message starts with one of up to three digits.</summary>
    private static (int Priority, int Length)? Priority(ReadOnlySpan<byte> text)
    {
        if (text.Length < 3 || text[0] != '<') return null;
        var value = 0;
        var i = 1;
        for (; i < text.Length && i <= 3 && text[i] is >= (byte)'0' and <= (byte)'9'; i++) value = value * 10 + text[i] - '0';
        return i > 1 && i < text.Length && text[i] == '>' && value < 192 ? (value, i + 1) : null;
    }

    /// <summary>The RFC 5424 header: a version, then space-separated timestamp, host name, application and process ID; the rest is the message ID.</summary>
    private static bool Rfc5424(Dissection d, DecodedField message, int start, int end)
    {
        var data = d.Bytes.Data;
        var version = start;
        while (version < end && data[version] is >= (byte)'0' and <= (byte)'9') version++;
        if (version == start || version >= end || data[version] != ' ' || version - start > 2) return false;
        Child(d, message, "syslog.version", "Syslog version", start, version);
        var position = version + 1;
        foreach (var (name, label) in new[] { ("syslog.timestamp", "Syslog timestamp"), ("syslog.hostname", "Syslog hostname"), ("syslog.appname", "Syslog app name"), ("syslog.procid", "Syslog process id") })
        {
            var space = data.AsSpan(position, end - position).IndexOf((byte)' ');
            if (space <= 0) return true;
            var field = Child(d, message, name, label, position, position + space);
            if (name == "syslog.timestamp") field.Value = Timestamp(Encoding.ASCII.GetString(data, position, space)) ?? field.Value;
            position += space + 1;
        }
        if (position < end) Child(d, message, "syslog.msgid", "Syslog message id", position, end);
        return true;
    }

    /// <summary>The RFC 3164 header: "Mmm dd hh:mm:ss", a host name, then a tag up to a colon, bracket or space; the rest is the message ID.</summary>
    private static void Rfc3164(Dissection d, DecodedField message, int start, int end)
    {
        var data = d.Bytes.Data;
        if (end - start < 16 || !IsTimestamp(data.AsSpan(start, 15)) || data[start + 15] != ' ') return;
        Child(d, message, "syslog.timestamp_rfc3164", "Syslog timestamp (RFC3164)", start, start + 15);
        var position = start + 16;
        var space = data.AsSpan(position, end - position).IndexOf((byte)' ');
        if (space <= 0) return;
        Child(d, message, "syslog.hostname", "Syslog hostname", position, position + space);
        position += space + 1;
        var tagEnd = position;
        while (tagEnd < end && data[tagEnd] is not ((byte)':' or (byte)'[' or (byte)' ')) tagEnd++;
        if (tagEnd == position || tagEnd == end) return;
        Child(d, message, "syslog.procid", "Syslog process id", position, tagEnd);
        Child(d, message, "syslog.msgid", "Syslog message id", tagEnd, end);
    }

    private static bool IsTimestamp(ReadOnlySpan<byte> text) =>
        Array.IndexOf(Months, Encoding.ASCII.GetString(text[..3])) >= 0 && text[3] == ' ' && text[6] == ' ' && text[9] == ':' && text[12] == ':';

    private static DecodedField Child(Dissection d, DecodedField parent, string name, string label, int from, int to) =>
        d.Child(parent, new FieldSpec(name, label, 0, (to - from) * 8, FieldFormat.Text), from);

    /// <summary>An RFC 5424 timestamp in UTC as Wireshark shows it; "-" (no time) as the epoch, without a fraction.</summary>
    private static string? Timestamp(string text)
    {
        if (text == "-") return "Jan  1, 1970 00:00:00 UTC";
        var dot = text.IndexOf('.');
        var zone = text.IndexOfAny(['Z', '+', '-'], 19);
        if (zone < 0 || !DateTimeOffset.TryParse(dot > 0 ? text[..dot] + text[zone..] : text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return null;
        var fraction = dot > 0 ? text[(dot + 1)..zone] : "";
        if (fraction.Length > 9 || !fraction.All(char.IsAsciiDigit)) return null;
        var nanoseconds = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        return Structure.AbsoluteTime(time.ToUnixTimeSeconds(), nanoseconds);
    }
}
