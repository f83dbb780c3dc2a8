using System.Text.Json;
using TraceImport.Diagnosis;

namespace TraceImport.Output;

/// <summary>
/// Findings as text (for a terminal), Markdown (for a ticket) or JSON. JSON shape:
/// { "source": name, "packets": n, "findings": [ { code, severity, title, explanation, rfc, packetCount,
/// packets: [ { number, file, firstLine, lastLine, role } ], evidence: [ { packet, field, value } ] } ] }, where
/// packetCount is how many packets the finding concerns in all and packets lists the first of them.
/// </summary>
public static class DiagnosisReport
{
    public static void WriteText(TextWriter writer, string source, int packetCount, IReadOnlyList<Finding> findings)
    {
        writer.WriteLine($"{source}: {packetCount} packet(s), {findings.Count} finding(s)");
        writer.WriteLine();
        var number = 0;
        foreach (var finding in findings)
        {
            writer.WriteLine($"{++number}. [{finding.Severity.ToString().ToLowerInvariant()}] {finding.Code}: {finding.Title}");
            foreach (var line in Wrap(finding.Explanation, 96)) writer.WriteLine($"   {line}");
            if (finding.Packets.Count > ListedOneByOne)
                writer.WriteLine($"   packets: {Counted(finding)}: {string.Join("; ", ByRole(finding.Packets).Select(r => r.Role.Length > 0 ? $"{r.Role}: {r.Numbers}" : r.Numbers))}");
            else if (finding.Packets.Count > 0)
                writer.WriteLine($"   packets: {string.Join("; ", finding.Packets.Select(p => $"{p.Number}{(p.Role.Length > 0 ? $" {p.Role}" : "")} (lines {p.Source.FirstLine}-{p.Source.LastLine})"))}");
            if (finding.Evidence.Count > 0)
                writer.WriteLine($"   evidence: {string.Join("; ", finding.Evidence.Select(e => $"packet {e.Packet} {e.Field} = {e.Value}"))}");
            if (finding.Rfc is not null) writer.WriteLine($"   rests on: {finding.Rfc}");
            writer.WriteLine();
        }
    }

    public static void WriteMarkdown(TextWriter writer, string source, int packetCount, IReadOnlyList<Finding> findings)
    {
        writer.WriteLine($"## Diagnosis of {source}");
        writer.WriteLine();
        writer.WriteLine($"{packetCount} packet(s), {findings.Count} finding(s).");
        writer.WriteLine();
        var number = 0;
        foreach (var finding in findings)
        {
            writer.WriteLine($"### {++number}. {finding.Title}");
            writer.WriteLine();
            writer.WriteLine($"**{finding.Severity}** · `{finding.Code}`{(finding.Rfc is null ? "" : $" · {finding.Rfc}")}");
            writer.WriteLine();
            writer.WriteLine(finding.Explanation);
            writer.WriteLine();
            if (finding.Packets.Count > ListedOneByOne)
            {
                writer.WriteLine($"Packets ({Counted(finding)}):");
                writer.WriteLine();
                foreach (var (role, numbers) in ByRole(finding.Packets)) writer.WriteLine($"- {(role.Length > 0 ? $"{role}: " : "")}{numbers}");
                writer.WriteLine();
            }
            else if (finding.Packets.Count > 0)
            {
                writer.WriteLine("| packet | role | lines |");
                writer.WriteLine("|---:|---|---|");
                foreach (var p in finding.Packets) writer.WriteLine($"| {p.Number} | {p.Role} | {p.Source.FirstLine}-{p.Source.LastLine} |");
                writer.WriteLine();
            }
            if (finding.Evidence.Count > 0)
            {
                writer.WriteLine("Evidence: " + string.Join(", ", finding.Evidence.Select(e => $"packet {e.Packet} `{e.Field}` = `{e.Value}`")));
                writer.WriteLine();
            }
        }
    }

    public static void WriteJson(Stream output, string source, int packetCount, IReadOnlyList<Finding> findings)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("source", source);
        json.WriteNumber("packets", packetCount);
        json.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteString("code", finding.Code);
            json.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
            json.WriteString("title", finding.Title);
            json.WriteString("explanation", finding.Explanation);
            json.WriteString("rfc", finding.Rfc);
            json.WriteNumber("packetCount", finding.PacketCount);
            json.WriteStartArray("packets");
            foreach (var p in finding.Packets)
            {
                json.WriteStartObject();
                json.WriteNumber("number", p.Number);
                json.WriteString("file", p.Source.File);
                json.WriteNumber("firstLine", p.Source.FirstLine);
                json.WriteNumber("lastLine", p.Source.LastLine);
                json.WriteString("role", p.Role);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("evidence");
            foreach (var e in finding.Evidence)
            {
                json.WriteStartObject();
                json.WriteNumber("packet", e.Packet);
                json.WriteString("field", e.Field);
                json.WriteString("value", e.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A finding naming more packets than this lists them by role, numbers in runs, rather than one a line.</summary>
    public const int ListedOneByOne = 12;

    /// <summary>"13 packets" or "1,234 packets, the first 1,000 listed".</summary>
    private static string Counted(Finding finding) =>
        finding.PacketCount > finding.Packets.Count ? $"{finding.PacketCount:N0} packets, the first {finding.Packets.Count:N0} listed" : $"{finding.Packets.Count:N0} packets";

    /// <summary>The packets grouped by role in order of first appearance, each group's numbers in runs ("7–9, 12").</summary>
    private static IEnumerable<(string Role, string Numbers)> ByRole(IEnumerable<PacketRef> packets) =>
        packets.GroupBy(p => p.Role).Select(g => (g.Key, Say.Packets(g.Select(p => p.Number))));

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
