using System.Text;

namespace TraceImport.Redaction;

/// <summary>A host name as DNS writes it (RFC 1035 §3.1, §4.1.4): its labels written here, and the whole name they and any pointer make.</summary>
public sealed record LabelName(int Start, IReadOnlyList<(int At, int Length)> Labels, string Name);

/// <summary>
/// Finds host names written as DNS labels in bytes no layer decodes — a DNS message (until a DNS layer
/// decodes it), NetBIOS, mDNS, a DHCP option 81 — so that they are replaced as names are elsewhere. A
/// name counts when at least two labels of letters, digits, hyphens and underscores end in a zero or a
/// pointer; a pointer is followed from the start of the bytes (a DNS message's first byte), as far as
/// it leads to labels. Random bytes make such a run about once a megabyte.
/// </summary>
public static class DnsLabelNames
{
    private const int MostPointers = 16;

    public static List<LabelName> Find(byte[] data, int start, int end)
    {
        var names = new List<LabelName>();
        for (var i = start; i < end; i++)
        {
            if (Read(data, i, start, end) is not { } name) continue;
            names.Add(name);
            var last = name.Labels[^1];
            i = last.At + last.Length; // the zero or the pointer after the last label
        }
        return names;
    }

    private static LabelName? Read(byte[] data, int at, int messageStart, int end)
    {
        var labels = new List<(int, int)>();
        var words = new List<string>();
        var position = at;
        var pointers = 0;
        var literal = true;
        while (position < end)
        {
            var length = data[position];
            if (length == 0) break;
            if (length >= 0xC0)
            {
                if (position + 1 >= end || ++pointers > MostPointers) return null;
                var target = messageStart + ((length & 0x3F) << 8 | data[position + 1]);
                if (target >= position || target < messageStart) return null;
                position = target;
                literal = false;
                continue;
            }
            if (length > 63 || position + 1 + length > end) return null;
            for (var i = position + 1; i <= position + length; i++)
            {
                if (!(char.IsAsciiLetterOrDigit((char)data[i]) || data[i] is (byte)'-' or (byte)'_')) return null;
            }
            if (literal) labels.Add((position, length));
            words.Add(Encoding.ASCII.GetString(data, position + 1, length));
            position += 1 + length;
        }
        if (position >= end || words.Count < 2 || labels.Count == 0 || !words.Any(w => w.Any(char.IsAsciiLetter))) return null;
        return new LabelName(at, labels, string.Join('.', words));
    }

    /// <summary>Writes a name's stand-in over the labels written here, label for label (each as long as before).</summary>
    public static void Write(byte[] data, LabelName name, string standIn)
    {
        var labels = standIn.Split('.');
        for (var i = 0; i < name.Labels.Count && i < labels.Length; i++)
        {
            var (at, length) = name.Labels[i];
            for (var c = 0; c < length && c < labels[i].Length; c++) data[at + 1 + c] = (byte)labels[i][c];
        }
    }
}
