namespace TraceImport.Redaction;

/// <summary>
/// Stand-ins for host names, label by label and as long as the original, so that a name replaced
/// inside a packet (a DNS name, a Host header, an FTP banner) leaves every length and offset as it
/// was. The stand-in of a label depends on the labels after it, so two hosts of one domain keep a
/// common domain (fs.nuts.com and www.nuts.com become a.h001.com and h01.h001.com); a generic
/// top-level domain (com, net, local, arpa…) is kept, since it names nobody.
/// </summary>
public sealed class HostNamePseudonyms
{
    private static readonly HashSet<string> GenericTopLevel = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "arpa", "local", "localdomain", "lan", "home",
        "internal", "intranet", "corp", "private", "example", "test", "invalid", "localhost", "in-addr", "ip6",
    };

    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Each label's stand-in, by the (lower-case) domain it is in and the label.</summary>
    private readonly Dictionary<(string Parent, string Label), string> labels = [];
    /// <summary>How many stand-ins of each length each domain has handed out.</summary>
    private readonly Dictionary<(string Parent, int Length, bool Digits), int> counters = [];
    /// <summary>The labels each domain holds in the input, which no stand-in may be.</summary>
    private readonly Dictionary<string, HashSet<string>> originals = [];

    /// <summary>Notes a name the input holds, so that no stand-in is one of its labels.</summary>
    public void Learn(string name)
    {
        var parts = Split(name);
        for (var i = 0; i < parts.Length; i++)
        {
            var parent = string.Join('.', parts.Skip(i + 1));
            if (!originals.TryGetValue(parent, out var set)) originals[parent] = set = new(StringComparer.Ordinal);
            set.Add(parts[i]);
        }
    }

    /// <summary>The stand-in of a name: as many labels, each as long as its original; dots and a trailing dot kept.</summary>
    public string Map(string name)
    {
        var parts = Split(name);
        var mapped = new string[parts.Length];
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            var parent = string.Join('.', parts.Skip(i + 1));
            // A generic top-level domain is kept, alone too (a DNS query for "com" names nobody).
            mapped[i] = i == parts.Length - 1 && GenericTopLevel.Contains(parts[i]) || IsReverseZone(parts, i)
                ? parts[i]
                : Label(parent, parts[i]);
        }
        return string.Join('.', mapped) + (name.EndsWith('.') ? "." : "");
    }

    /// <summary>in-addr.arpa and ip6.arpa are kept, so that a reverse name still reads as one.</summary>
    private static bool IsReverseZone(string[] parts, int i) =>
        i == parts.Length - 2 && parts[^1] == "arpa" && parts[i] is "in-addr" or "ip6";

    private static string[] Split(string name) => name.TrimEnd('.').ToLowerInvariant().Split('.');

    private string Label(string parent, string label)
    {
        if (label.Length == 0) return label;
        if (labels.TryGetValue((parent, label), out var known)) return known;
        var digits = label.All(char.IsAsciiDigit);
        var taken = originals.GetValueOrDefault(parent);
        string candidate;
        var tries = 0;
        do
        {
            var key = (parent, label.Length, digits);
            var next = counters.GetValueOrDefault(key) + 1;
            counters[key] = next;
            candidate = Make(label.Length, next, digits);
        }
        // A stand-in is never the label itself nor another label of the input; past every stand-in of that length, they repeat.
        while ((candidate == label || taken?.Contains(candidate) == true) && ++tries < 1000);
        labels[(parent, label)] = candidate;
        return candidate;
    }

    /// <summary>The n-th stand-in of a length: a, b, c…; h1, h2…; h001, h002…; digits for a label of digits.</summary>
    private static string Make(int length, int n, bool digits)
    {
        if (digits) return (n % (int)Math.Min(int.MaxValue, Math.Pow(10, Math.Min(length, 9)))).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(length, '0');
        if (length == 1) return Letters[(n - 1) % Letters.Length].ToString();
        var chars = new char[length - 1];
        var rest = (long)n;
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = Digits36[(int)(rest % 36)];
            rest /= 36;
        }
        return "h" + new string(chars);
    }
}
