using System.Net;
using TraceImport.Decoding;
using TraceImport.Model;

namespace TraceImport.Diagnosis.Rules;

/// <summary>
/// A summary line printed above a packet's hex (<c>tshark -P -x</c>) that states another value than the bytes hold: the
/// tool printed both from the same bytes, so the text was edited after it was printed. The packet's checksums tell which
/// part: where they all hold, the hex is as captured and the line was edited; where one fails, the hex was edited.
/// </summary>
public sealed class SummaryContradictsBytesRule : IDiagnosisRule
{
    private sealed record Edited(PacketRef Packet, List<(StatedField Stated, string Held)> Differences, List<string> FailingChecksums);

    private readonly FirstFew<Edited> lineEdited = new(Finding.ListedLimit);
    private readonly FirstFew<Edited> hexEdited = new(Finding.ListedLimit);
    /// <summary>Packets whose summary agrees with the bytes but whose checksums fail: the edits' checksums are not the only bad ones.</summary>
    private readonly FirstFew<PacketRef> failingElsewhere = new(Finding.ListedLimit);
    private int checkedPackets;

    public void Observe(ObservedPacket observed)
    {
        if (observed.Packet.Stated.Count == 0) return;
        checkedPackets++;
        var differences = new List<(StatedField, string)>();
        foreach (var stated in observed.Packet.Stated)
        {
            if (Held(observed, stated.Field) is not { } held || Same(stated, held)) continue;
            differences.Add((stated, held));
        }
        var failing = FailingChecksums(observed.Decode);
        if (differences.Count == 0)
        {
            if (failing.Count > 0) failingElsewhere.Add(observed.Facts.Ref("checksum fails, summary agrees"));
            return;
        }
        var fields = string.Join(", ", differences.Select(d => d.Item1.Field));
        var edited = new Edited(observed.Facts.Ref(failing.Count > 0 ? $"hex edited: {fields}" : $"summary edited: {fields}"), differences, failing);
        (failing.Count > 0 ? hexEdited : lineEdited).Add(edited);
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        var elsewhere = failingElsewhere.Count == 0
            ? $" In the other {checkedPackets - lineEdited.Count - hexEdited.Count:N0} packet(s) the summary and the hex agree and every checksum holds."
            : $" {failingElsewhere.Count:N0} packet(s) whose summary agrees with the hex fail a checksum too (packets {Say.Packets(failingElsewhere.Items.Select(p => p.Number))}{(failingElsewhere.Omitted > 0 ? ", …" : "")}): those are not explained by an edit the summary shows.";
        if (lineEdited.Count > 0)
        {
            yield return new Finding("summary-contradicts-bytes", Severity.Warning,
                $"{Lines(lineEdited)} disagree{(lineEdited.Count == 1 ? "s" : "")} with the hex below {(lineEdited.Count == 1 ? "it" : "them")}, whose checksums hold: the summary was edited",
                "tshark prints each summary line from the same bytes as the hex below it, so the two cannot differ as printed: " + Differences(lineEdited) +
                ". Every checksum of " + (lineEdited.Count == 1 ? "that packet" : "those packets") + " holds over the hex, and the checksums cover the addresses, " +
                "ports and lengths: the hex is as captured and the summary line was changed afterwards (an address or port anonymised in the summary only, a " +
                "length retyped). Read the hex, not the summary." + elsewhere + lineEdited.OmittedNote("packets"),
                "RFC 1071 (the checksums that vouch for the hex)", 34)
            {
                Packets = lineEdited.Items.Select(e => e.Packet).ToList(),
                PacketCount = lineEdited.Count,
                Evidence = Evidence(lineEdited),
            };
        }
        if (hexEdited.Count > 0)
        {
            yield return new Finding("summary-contradicts-bytes", Severity.Warning,
                $"The hex of {Say.Count(hexEdited.Count, "packet", "packets")} ({Say.Packets(hexEdited.Items.Select(e => e.Packet.Number))}) was edited after tshark printed it: " +
                (hexEdited.Count == 1 ? "its summary line disagrees and its checksums fail" : "their summary lines disagree and their checksums fail"),
                "tshark prints each summary line from the same bytes as the hex below it, so the two cannot differ as printed: " + Differences(hexEdited) +
                ". In " + (hexEdited.Count == 1 ? "that packet" : "each of those packets") + " a checksum fails over the hex (" +
                string.Join("; ", hexEdited.Items.Take(10).Select(e => $"packet {e.Packet.Number}: {string.Join(", ", e.FailingChecksums)}")) +
                "): the bytes were changed and their checksums not carried, so the summary holds the value captured. Those checksum verdicts are evidence of the " +
                "edit, not of damage on the wire." + elsewhere + hexEdited.OmittedNote("packets"),
                "RFC 1071; RFC 1624 (how a change to the data shifts the checksum)", 36)
            {
                Packets = hexEdited.Items.Select(e => e.Packet).ToList(),
                PacketCount = hexEdited.Count,
                Evidence = Evidence(hexEdited),
            };
        }
    }

    private static string Lines(FirstFew<Edited> edited) =>
        edited.Count == 1 ? $"The summary line of packet {edited.Items[0].Packet.Number}" : $"The summary lines of {edited.Count:N0} packets ({Say.Packets(edited.Items.Select(e => e.Packet.Number))})";

    private static string Differences(FirstFew<Edited> edited) =>
        string.Join("; ", edited.Items.Take(10).SelectMany(e => e.Differences.Select(d =>
            $"packet {e.Packet.Number}, line {d.Stated.Line}:{d.Stated.Column}, the summary says {d.Stated.Field} {d.Stated.Value} where the hex holds {d.Held}")));

    private static List<Evidence> Evidence(FirstFew<Edited> edited) =>
        edited.Items.Take(20).SelectMany(e => e.Differences.Select(d => new Evidence(e.Packet.Number, d.Stated.Field, $"{d.Held} (summary, line {d.Stated.Line}:{d.Stated.Column}: {d.Stated.Value})"))).ToList();

    /// <summary>The value the bytes hold for a field the line states; null where the bytes do not show it (masked, unknown, not captured).</summary>
    private static string? Held(ObservedPacket observed, string name)
    {
        switch (name)
        {
            case "frame.len": return $"{observed.Packet.OriginalLength}";
            // A segment whose datagram runs past the bytes shown has a length the bytes cannot bear out or deny.
            case "tcp.len": return observed.Facts.Tcp?.PayloadLength is { } length && !RunsPastBytes(observed) ? $"{length}" : null;
        }
        DecodedField? field = null;
        foreach (var (candidate, depth) in observed.Fields)
        {
            if (depth == 0 && candidate.Name == name) field = candidate; // the last: a tunnel's inner datagram, which the summary names
        }
        if (field is null)
        {
            // A summary that names a protocol the bytes do not hold disagrees with them; one the capture did not reach does not.
            var protocol = name.Split('.')[0];
            return observed.Decode.Layers.Any(l => l.Protocol == protocol) || observed.Packet.Data.Length < observed.Packet.OriginalLength ? null : $"no {protocol} header";
        }
        return field.Status is FieldStatus.Ok or FieldStatus.Bad ? field.Value ?? field.Raw : null;
    }

    private static bool RunsPastBytes(ObservedPacket observed) =>
        observed.Decode.Layers.FirstOrDefault(l => l.Protocol is "ip" or "ipv6") is { } ip && observed.Facts.Ip?.DatagramLength is { } datagram
        && ip.Offset + (long)datagram > observed.Packet.Data.Length;

    private static bool Same(StatedField stated, string held) =>
        string.Equals(stated.Value, held, StringComparison.OrdinalIgnoreCase)
        || stated.Field.StartsWith("ipv6.", StringComparison.Ordinal) && IPAddress.TryParse(stated.Value, out var a) && IPAddress.TryParse(held, out var b) && a.Equals(b);

    private static List<string> FailingChecksums(PacketDecode decode) =>
        decode.AllFields().Where(f => f.Depth == 0 && f.Field.Checksum is { Cause: ChecksumCause.Wrong }).Select(f => f.Field.Name).ToList();
}
