using System.Text;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Redaction;

namespace TraceImport.Tests.Redaction;

/// <summary>Redacts a fixture's packets as the command does: every packet learned, then each redacted.</summary>
public static class Redacting
{
    public sealed record Result(List<Packet> Originals, List<RedactedPacket> Redacted, RedactionMap Map);

    public static Result Packets(List<Packet> packets, RedactionOptions? options = null)
    {
        var map = new RedactionMap(options ?? new RedactionOptions());
        var redactor = new PacketRedactor(map);
        foreach (var packet in packets) redactor.Learn(packet);
        return new Result(packets, packets.Select(redactor.Redact).ToList(), map);
    }

    /// <summary>A fixture's packets: a text imported, or a capture read.</summary>
    public static List<Packet> Fixture(string relative)
    {
        var path = Repository.Fixture(relative);
        if (relative.EndsWith(".txt", StringComparison.Ordinal)) return Importing.File(path).Packets;
        using var stream = File.OpenRead(path);
        return CaptureReader.Read(stream, Path.GetFileName(path)).ToList();
    }

    /// <summary>Every text fixture and every capture in fixtures/captures (and its corpus).</summary>
    public static IEnumerable<string> AllFixtures() =>
        Snapshots.FixtureSnapshotTests.FixtureCases().Select(p => Path.GetRelativePath(Repository.Fixtures, p))
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(Repository.Fixtures, p)))
            .Order(StringComparer.Ordinal);

    /// <summary>Each checksum's field, offset and verdict; a wrong one with its difference from the value due.</summary>
    public static List<string> ChecksumVerdicts(Packet packet) =>
        PacketDecoder.Decode(packet).AllFields().Select(f => f.Field).Where(f => f.Checksum is not null)
            .Select(f => $"{f.Name}@{f.ByteOffset}: {f.Checksum!.Cause}" + (f.Checksum is { Cause: ChecksumCause.Wrong, Expected: { } due } && f.Number is { } value
                ? value is 0 or 0xFFFF ? $" as 0x{value:x4}" : $" by {InternetChecksum.Subtract((ushort)value, due):x4}"
                : ""))
            .ToList();

    /// <summary>
    /// Fails naming each original address or name found in the redacted packets: as bytes that survived
    /// where the original packet held them (anywhere: a header, an option, data), or printed in a
    /// packet's text (its bytes, heading, comments and host names).
    /// </summary>
    public static void NoOriginalIn(IReadOnlyList<Packet> originals, IReadOnlyList<Packet> redacted, RedactionMap map)
    {
        var found = new List<string>();
        // (A name kept as it is, a bare generic top-level domain, hides nothing to look for.)
        foreach (var replacement in map.Table.Where(r => r.Places > 0 && r.Original != r.Pseudonym))
        {
            for (var i = 0; i < redacted.Count; i++)
            {
                var text = Encoding.Latin1.GetString(redacted[i].Data) + "\n" +
                           string.Join("\n", redacted[i].Comments.Concat(redacted[i].Names.Select(n => n.Name)).Append(redacted[i].Heading ?? ""));
                found.AddRange(Found(replacement, originals[i].Data, redacted[i].Data, text).Select(f => $"packet {redacted[i].Number}: {f}"));
            }
        }
        found.Distinct().ShouldBeEmpty();
    }

    /// <summary>Where an original is: its bytes surviving at an offset where the original packet held them, or printed in the text.</summary>
    public static IEnumerable<string> Found(Replacement replacement, byte[] original, byte[] redacted, string text)
    {
        if (replacement.Kind == RedactedKind.HostName)
        {
            if (HoldsName(text, replacement.Original)) yield return $"the name {replacement.Original}";
            yield break;
        }
        if (replacement.Original.Contains('X')) yield break; // a masked original: what it shows is checked where it lies, in the redaction tests
        var pattern = AddressPseudonyms.Pattern(replacement.Kind, replacement.Original);
        var address = Convert.FromHexString(pattern);
        // An address of four zero bytes or more (00:00:00:00:00:01) lies in every run of zeros (ff02::1 ends so): only its printed forms tell.
        for (var at = 0; address.Count(b => b == 0) < 4 && at + address.Length <= redacted.Length; at++)
        {
            if (redacted.AsSpan(at, address.Length).SequenceEqual(address) && at + address.Length <= original.Length && original.AsSpan(at, address.Length).SequenceEqual(address))
                yield return $"{replacement.Original} as bytes at {at}";
        }
        foreach (var printed in Printings(replacement.Kind, pattern))
        {
            if (text.Contains(printed, StringComparison.OrdinalIgnoreCase)) yield return $"{replacement.Original} printed as {printed}";
        }
    }

    /// <summary>
    /// Whether the text holds the name as a name: not inside a longer word (the host "host" is not in a
    /// comment's "syslog.hostname"), but as the end of a longer name (a domain left in "www.corpus.test").
    /// </summary>
    public static bool HoldsName(string text, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![A-Za-z0-9_-]){System.Text.RegularExpressions.Regex.Escape(name)}(?![A-Za-z0-9_-])", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Fails naming each original address or name printed anywhere in <paramref name="text"/> (a redacted paste).</summary>
    public static void NoOriginalPrinted(string text, RedactionMap map)
    {
        var found = new List<string>();
        // (A name kept as it is, a bare generic top-level domain, hides nothing to look for.)
        foreach (var replacement in map.Table.Where(r => r.Places > 0 && r.Original != r.Pseudonym))
        {
            if (replacement.Kind == RedactedKind.HostName)
            {
                if (HoldsName(text, replacement.Original)) found.Add($"the name {replacement.Original}");
                continue;
            }
            if (replacement.Original.Contains('X')) continue;
            foreach (var printed in Printings(replacement.Kind, AddressPseudonyms.Pattern(replacement.Kind, replacement.Original)))
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\w.:]){System.Text.RegularExpressions.Regex.Escape(printed)}(?![\w:]|\.\d)", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                    found.Add($"{replacement.Original} printed as {printed}");
            }
        }
        found.ShouldBeEmpty();
    }

    /// <summary>How people print an address: dotted; colon, dash and Cisco-dot MACs; IPv6 compressed and in full.</summary>
    public static IEnumerable<string> Printings(RedactedKind kind, string pattern)
    {
        var printed = AddressPseudonyms.Printed(kind, pattern);
        yield return kind == RedactedKind.Ipv4 ? $"{printed}" : printed;
        if (kind == RedactedKind.Mac)
        {
            yield return printed.Replace(':', '-');
            yield return $"{pattern[..4]}.{pattern[4..8]}.{pattern[8..]}";
        }
        if (kind == RedactedKind.Ipv6) yield return string.Join(':', Enumerable.Range(0, 8).Select(i => pattern.Substring(i * 4, 4)));
    }
}
