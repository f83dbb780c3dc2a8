using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceImport.Redaction;

/// <summary>
/// Finds addresses and host names printed in text — a heading, a packet's comments, the lines of a text
/// protocol inside a packet — and replaces each with its stand-in, printed the same way: dotted (with the
/// author's X octets kept), FTP's comma form, IPv6 compressed, MACs with colons, dashes or Cisco's dots,
/// names of dotted labels. Inside a packet the text must keep its length: a stand-in is padded with
/// leading zeros to fit, and where even its shortest form is longer, its digits are written as x.
/// </summary>
public sealed partial class TextScrubber(RedactionMap map)
{
    /// <summary>Top-level domains a dotted word must end in to be taken for a host name (two letters: a country).</summary>
    private static readonly HashSet<string> TopLevel = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "arpa", "local", "localdomain", "lan", "home", "internal",
        "intranet", "corp", "private", "example", "test", "invalid", "localhost", "io", "app", "dev", "cloud", "online", "site", "xyz",
    };

    [GeneratedRegex(@"(?<![0-9A-Fa-f:.-])[0-9A-Fa-fXx]{2}([:-])(?:[0-9A-Fa-fXx]{2}\1){4}[0-9A-Fa-fXx]{2}(?![0-9A-Fa-f:-])|(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])")]
    private static partial Regex MacPattern();

    private const string Octet = @"(?:25[0-5]|2[0-4]\d|1\d\d|\d\d?|[Xx]{1,3})";

    [GeneratedRegex(@"(?<![\w.])" + Octet + @"(?:\." + Octet + @"){3}(?!\d)")]
    private static partial Regex Ipv4Pattern();

    /// <summary>FTP's PORT argument and PASV reply: h1,h2,h3,h4,p1,p2.</summary>
    [GeneratedRegex(@"(?<![\d,])(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),\d{1,3},\d{1,3}(?![\d,])")]
    private static partial Regex FtpHostPortPattern();

    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?!\w|:[0-9A-Fa-f:])")]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(@"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9](?![\w-])")]
    private static partial Regex DottedNamePattern();

    private Regex? knownNames;
    private int knownNamesCount = -1;

    private enum Kind { Mac, Ipv4, Ipv6, FtpHostPort, Name }

    private readonly record struct Found(int Start, int Length, Kind Kind, string Text);

    /// <summary>
    /// Notes every address and name in the text, before any stand-in is handed out. Dotted words are
    /// taken for host names only in <paramref name="prose"/> (a heading, a text protocol's lines): in
    /// binary data, printable runs such as g.xJ are chance, and only names learned elsewhere are looked for.
    /// </summary>
    public void Learn(string text, bool prose = true)
    {
        foreach (var found in Find(text, prose))
        {
            switch (found.Kind)
            {
                case Kind.Name: map.LearnName(found.Text); break;
                case Kind.FtpHostPort: map.Addresses.Learn(RedactedKind.Ipv4, FtpPattern(found.Text)); break;
                default: map.Addresses.Learn(AddressKind(found.Kind), AddressPattern(found.Kind, found.Text)); break;
            }
        }
    }

    /// <summary>The text with every address and name replaced; <paramref name="fit"/> keeps each the length it was.</summary>
    public string Replace(string text, bool fit = false, bool prose = true)
    {
        var found = Find(text, prose);
        if (found.Count == 0) return text;
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var item in found)
        {
            result.Append(text, at, item.Start - at);
            result.Append(StandIn(item, fit) ?? item.Text);
            at = item.Start + item.Length;
        }
        result.Append(text, at, text.Length - at);
        return result.ToString();
    }

    /// <summary>Text inside a packet (Latin-1, a byte a character): replaced in place, every length kept.</summary>
    public void ReplaceInPlace(Span<byte> bytes, bool prose)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var replaced = Replace(text, fit: true, prose);
        if (replaced.Length != text.Length) throw new InvalidOperationException("a stand-in in a packet's text changed its length");
        Encoding.Latin1.GetBytes(replaced, bytes);
    }

    private string? StandIn(Found found, bool fit)
    {
        switch (found.Kind)
        {
            case Kind.Name:
                var name = map.Name(found.Text);
                name.Places++;
                return name.Pseudonym;
            case Kind.FtpHostPort:
                if (map.Addresses.Map(RedactedKind.Ipv4, FtpPattern(found.Text)) is not { } host) return null;
                host.Places++;
                // The port's two numbers stay: only the host's four are an address.
                var octets = found.Text.Split(',');
                var original = string.Join(',', octets.Take(4));
                return Fitted(host.Pseudonym.Replace('.', ','), original, fit, 4, ',') + "," + string.Join(',', octets.Skip(4));
        }
        var kind = AddressKind(found.Kind);
        if (map.Addresses.Map(kind, AddressPattern(found.Kind, found.Text)) is not { } replacement) return null;
        replacement.Places++;
        return kind switch
        {
            RedactedKind.Mac => MacLike(replacement.Pseudonym, found.Text),
            RedactedKind.Ipv4 => Fitted(Ipv4Like(replacement.Pseudonym, found.Text), found.Text, fit, 4, '.'),
            _ => FittedIpv6(replacement.Pseudonym, found.Text, fit),
        };
    }

    private List<Found> Find(string text, bool prose)
    {
        var all = new List<Found>();
        foreach (Match m in MacPattern().Matches(text)) all.Add(new Found(m.Index, m.Length, Kind.Mac, m.Value));
        foreach (Match m in Ipv4Pattern().Matches(text)) all.Add(new Found(m.Index, m.Length, Kind.Ipv4, m.Value));
        foreach (Match m in FtpHostPortPattern().Matches(text)) all.Add(new Found(m.Index, m.Length, Kind.FtpHostPort, m.Value));
        foreach (Match m in Ipv6Pattern().Matches(text))
        {
            // "fe80::1 > ff02::1:ff00:1: icmp6": a colon after the address is the sentence's, not the address's.
            var candidate = m.Value.EndsWith(':') && !m.Value.EndsWith("::", StringComparison.Ordinal) ? m.Value[..^1] : m.Value;
            if (IsIpv6(candidate)) all.Add(new Found(m.Index, candidate.Length, Kind.Ipv6, candidate));
        }
        foreach (Match m in prose ? DottedNamePattern().Matches(text) : Enumerable.Empty<Match>())
        {
            if (AsHostName(m.Value) is { } name) all.Add(new Found(m.Index, name.Length, Kind.Name, name));
        }
        if (KnownNames() is { } known)
        {
            foreach (Match m in known.Matches(text)) all.Add(new Found(m.Index, m.Length, Kind.Name, m.Value));
        }
        // Of overlapping finds, the one that starts first, then the longest (a name that ends in digits over the address in it).
        var chosen = new List<Found>();
        var end = 0;
        foreach (var found in all.OrderBy(f => f.Start).ThenByDescending(f => f.Length))
        {
            if (found.Start < end) continue;
            chosen.Add(found);
            end = found.Start + found.Length;
        }
        return chosen;
    }

    /// <summary>A dotted word taken for a host name: cut back to its last label that is a top-level domain (host.nuts.com.ftp is host.nuts.com).</summary>
    private string? AsHostName(string word)
    {
        var labels = word.Split('.');
        for (var count = labels.Length; count >= 2; count--)
        {
            var last = labels[count - 1];
            if (!(TopLevel.Contains(last) || last.Length == 2 && last.All(char.IsAsciiLetter))) continue;
            var name = string.Join('.', labels.Take(count));
            return map.NotNames.Contains(name) ? null : name;
        }
        return null;
    }

    /// <summary>
    /// The names learned from the packets (an NRB's, a DNS query's), matched as whole words with any labels
    /// before them: fs alone, fs.nuts.com, and ca.corpus.test where corpus.test was learned.
    /// </summary>
    private Regex? KnownNames()
    {
        if (knownNamesCount != map.NamesLearned && map.KnownNames.Count > 0)
        {
            knownNamesCount = map.NamesLearned;
            var alternatives = map.KnownNames.OrderByDescending(n => n.Length).Select(Regex.Escape);
            // After a name may come anything but more of a name: in binary data a digit is often the next field's byte.
            knownNames = new Regex($@"(?<![\w.-])(?:[A-Za-z0-9_-]{{1,63}}\.)*(?:{string.Join('|', alternatives)})(?![A-Za-z_-]|\.[A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        return knownNames;
    }

    private static bool IsIpv6(string text) =>
        (text.Contains("::", StringComparison.Ordinal) || text.Count(c => c == ':') == 7)
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static RedactedKind AddressKind(Kind kind) => kind switch
    {
        Kind.Mac => RedactedKind.Mac,
        Kind.Ipv6 => RedactedKind.Ipv6,
        _ => RedactedKind.Ipv4,
    };

    private static string AddressPattern(Kind kind, string text) => kind switch
    {
        Kind.Mac when text.Length == 14 => text.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant(),
        Kind.Mac => string.Concat(text.Split(':', '-')).ToLowerInvariant().Replace('x', 'X'),
        Kind.Ipv4 => string.Concat(text.Split('.').Select(o => o.Contains('X', StringComparison.OrdinalIgnoreCase) ? "XX" : byte.Parse(o, CultureInfo.InvariantCulture).ToString("x2", CultureInfo.InvariantCulture))),
        _ => Convert.ToHexStringLower(IPAddress.Parse(text).GetAddressBytes()),
    };

    private static string FtpPattern(string text) =>
        string.Concat(text.Split(',').Take(4).Select(o => Math.Min(255, int.Parse(o, CultureInfo.InvariantCulture)).ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>A MAC stand-in written as the original was: its separator and case.</summary>
    private static string MacLike(string standIn, string original)
    {
        var hex = standIn.Replace(":", "", StringComparison.Ordinal);
        if (original.Length == 14) hex = $"{hex[..4]}.{hex[4..8]}.{hex[8..]}";
        else hex = string.Join(original[2], Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
        return original.Any(char.IsAsciiLetterUpper) && !original.Any(char.IsAsciiLetterLower) ? hex.ToUpperInvariant() : hex;
    }

    /// <summary>A dotted stand-in with the original's masked octets as the author wrote them (XXX).</summary>
    private static string Ipv4Like(string standIn, string original)
    {
        var mine = standIn.Split('.');
        var theirs = original.Split('.');
        return string.Join('.', mine.Select((octet, i) => octet == "X" ? theirs[i] : octet));
    }

    /// <summary>
    /// A stand-in of parts joined by <paramref name="separator"/>, made as long as the original by leading
    /// zeros on its first <paramref name="padded"/> parts, last first; where it is longer, its digits become x.
    /// </summary>
    private static string Fitted(string standIn, string original, bool fit, int padded, char separator)
    {
        if (!fit || standIn.Length == original.Length) return standIn;
        var parts = standIn.Split(separator);
        var missing = original.Length - standIn.Length;
        for (var i = padded - 1; i >= 0 && missing > 0; i--)
        {
            var grow = Math.Min(missing, 3 - parts[i].Length);
            if (grow <= 0 || parts[i].Contains('X', StringComparison.OrdinalIgnoreCase)) continue;
            parts[i] = new string('0', grow) + parts[i];
            missing -= grow;
        }
        var result = string.Join(separator, parts);
        return result.Length == original.Length ? result : Blanked(original);
    }

    private static string FittedIpv6(string standIn, string original, bool fit)
    {
        if (!fit || standIn.Length == original.Length) return standIn;
        if (standIn.Length > original.Length) return Blanked(original);
        // Longer forms of the same address: groups with leading zeros, then the :: written out.
        var groups = new IPAddress(Convert.FromHexString(AddressPseudonyms.Pattern(RedactedKind.Ipv6, standIn))).ToString();
        var missing = original.Length - groups.Length;
        var parts = groups.Split(':').ToList();
        for (var i = parts.Count - 1; i >= 0 && missing > 0; i--)
        {
            if (parts[i].Length == 0) continue;
            var grow = Math.Min(missing, 4 - parts[i].Length);
            parts[i] = new string('0', grow) + parts[i];
            missing -= grow;
        }
        var result = string.Join(':', parts);
        while (missing > 0 && result.Contains("::", StringComparison.Ordinal) && result.Count(c => c == ':') < 7)
        {
            result = result.Replace("::", missing >= 2 ? ":0::" : "::", StringComparison.Ordinal);
            if (missing < 2) break;
            missing -= 2;
        }
        return result.Length == original.Length ? result : Blanked(original);
    }

    /// <summary>The original with every letter and digit written as x: what fits when no stand-in does.</summary>
    private static string Blanked(string original) => new(original.Select(c => char.IsAsciiLetterOrDigit(c) ? 'x' : c).ToArray());
}
