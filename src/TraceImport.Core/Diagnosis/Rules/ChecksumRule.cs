using TraceImport.Decoding;

namespace TraceImport.Diagnosis.Rules;

/// <summary>Checksums: bad IPv4 header checksums, hosts that answer them, and what a whole trace of wrong checksums means.</summary>
public sealed class ChecksumRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(IReadOnlyList<PacketFacts> packets)
    {
        var editedFormats = EditedFormats(packets);
        foreach (var packet in packets)
        {
            if (packet.Ip?.Checksum is not { Status: FieldStatus.Bad } checksum) continue;
            yield return BadHeaderChecksum(packet, checksum, editedFormats.Contains(packet.Packet.Format));
            if (Answer(packets, packet) is { } answer) yield return Answered(packet, answer);
        }
        foreach (var finding in TraceWide(packets)) yield return finding;
    }

    private static Finding BadHeaderChecksum(PacketFacts packet, DecodedField checksum, bool traceEdited)
    {
        var ffff = checksum.Number == 0xFFFF;
        var explanation = $"Packet {packet.Number} ({packet.Ip!.SourceText} → {packet.Ip.DestinationText}) carries IP header checksum {checksum.Value}; the header's fields give {checksum.Note?.Replace("should be ", "")}. ";
        if (ffff)
        {
            explanation += "0xFFFF is never a correctly computed header checksum: it would need every 16-bit word of the header to sum to 0, " +
                           "which a header starting with version 4 cannot. It is the signature of a checksum updated incrementally the RFC 1141 way, " +
                           "which yields −0 (0xFFFF) where +0 (0x0000) is due — the flaw RFC 1624 §3 describes. The sender (a router rewriting the TTL, as a rule) computes it wrongly, " +
                           "and a receiver that checks the header will drop the datagram.";
            if (traceEdited) explanation += " The other checksums in this text are wrong too, so its addresses were probably edited; that does not explain this one: editing addresses changes the value a checksum should have, it never makes a correct one read 0xFFFF.";
        }
        else if (traceEdited)
        {
            explanation += "Every checksum of this kind in this trace is wrong, so the text was probably edited (addresses anonymised): this verdict is not evidence on its own.";
        }
        else
        {
            explanation += "A receiver must discard the datagram.";
        }
        return new Finding(ffff ? "ip-checksum-ffff" : "ip-checksum-bad", ffff || !traceEdited ? Severity.Error : Severity.Warning,
            ffff ? $"Packet {packet.Number} has IP header checksum 0xFFFF, which no correct computation gives ({checksum.Note})"
                 : $"Packet {packet.Number} has a wrong IP header checksum {checksum.Value} ({checksum.Note})",
            explanation, ffff ? "RFC 1624 §3; RFC 1141; RFC 791 §3.1" : "RFC 791 §3.1; RFC 1071", ffff ? 90 : traceEdited ? 25 : 70)
        {
            Packets = [packet.Ref("bad header checksum")],
            Evidence = [new Evidence(packet.Number, "ip.checksum", checksum.Value ?? checksum.Raw), new Evidence(packet.Number, "expected", checksum.Note?.Replace("should be ", "") ?? "")],
        };
    }

    /// <summary>An ICMP error from the bad datagram's destination back to its source, after it: matched by its quote when there is one, else by addresses.</summary>
    private static PacketFacts? Answer(IReadOnlyList<PacketFacts> packets, PacketFacts bad) =>
        packets.FirstOrDefault(p => p.Number > bad.Number && p.Icmp is { IsError: true } icmp
            && p.Ip!.SourceText == bad.Ip!.DestinationText && p.Ip.DestinationText == bad.Ip.SourceText
            && (icmp.QuotedIp is null || icmp.QuotedIp.Id == bad.Ip.Id));

    private static Finding Answered(PacketFacts bad, PacketFacts answer)
    {
        var icmp = answer.Icmp!;
        var pointer = icmp.Pointer is { Number: { } at } p ? $", pointer {at} = {p.Meaning?.Replace("byte " + at + " of the quoted IP header: ", "")}" : "";
        var matchedBy = icmp.QuotedIp is null ? " (matched by addresses and order: the text does not show the datagram it quotes)" : "";
        return new Finding("rfc1122-answered-bad-checksum", Severity.Error,
            $"{answer.Ip!.SourceText} answered a datagram with a bad header checksum with ICMP {icmp.TypeName ?? $"type {icmp.Type}"}{pointer}",
            $"Packet {bad.Number} arrived at {answer.Ip.SourceText} with a bad IP header checksum, and that host answered it with ICMP {icmp.TypeName} (packet {answer.Number}){matchedBy}. " +
            "RFC 1122 §3.2.1.2: a host MUST verify the header checksum of every datagram it receives and silently discard one that is bad — no ICMP error, " +
            "because a header that fails its checksum cannot be trusted to say where the datagram came from. The host's IP implementation is at fault, whatever is wrong with the sender's checksum.",
            "RFC 1122 §3.2.1.2", 85)
        {
            Packets = [bad.Ref("datagram with the bad checksum"), answer.Ref("the ICMP error that should not have been sent")],
            Evidence = [new Evidence(answer.Number, "icmp.type", $"{icmp.Type}"), new Evidence(answer.Number, "icmp.pointer", icmp.Pointer?.Value ?? "")],
        };
    }

    /// <summary>The grammars (traces) in which every judged checksum of a kind is wrong and none is right, and not by offload.</summary>
    private static HashSet<string> EditedFormats(IReadOnlyList<PacketFacts> packets) =>
        Judged(packets).GroupBy(j => (j.Format, j.Kind))
            .Where(g => g.Count(j => j.Field.Status == FieldStatus.Bad && !Offload(j.Field)) >= 2 && g.All(j => j.Field.Status == FieldStatus.Bad))
            .Select(g => g.Key.Format).ToHashSet();

    private static IEnumerable<(string Format, string Kind, PacketFacts Packet, DecodedField Field)> Judged(IReadOnlyList<PacketFacts> packets) =>
        from packet in packets
        from item in packet.Decode.AllFields()
        where item.Depth == 0 && item.Field.Name.EndsWith(".checksum") && item.Field.Status is FieldStatus.Ok or FieldStatus.Bad
        select (packet.Packet.Format, item.Field.Name, packet, item.Field);

    private static bool Offload(DecodedField field) => field.Note?.Contains("offload") == true;

    private static IEnumerable<Finding> TraceWide(IReadOnlyList<PacketFacts> packets)
    {
        foreach (var group in Judged(packets).GroupBy(j => (j.Format, j.Kind)))
        {
            var bad = group.Where(j => j.Field.Status == FieldStatus.Bad).ToList();
            if (bad.Count >= 2 && bad.Count == group.Count() && bad.All(j => !Offload(j.Field)))
            {
                yield return new Finding("checksums-all-wrong", Severity.Warning,
                    $"Every {group.Key.Kind} in the {group.Key.Format} trace is wrong ({bad.Count} of {bad.Count}): the text was probably edited",
                    $"No {group.Key.Kind} in this trace holds. Real traffic is not wrong that consistently; a text whose addresses or ports were changed by hand (anonymised) is. " +
                    "Checksum verdicts on these packets are therefore not evidence of a fault on the wire.",
                    null, 20)
                {
                    Packets = bad.Select(j => j.Packet.Ref(group.Key.Kind)).ToList(),
                };
            }
            var offload = bad.Where(j => Offload(j.Field)).ToList();
            if (offload.Count > 0)
            {
                yield return new Finding("checksum-offload", Severity.Info,
                    $"{offload.Count} {group.Key.Kind} value(s) in the {group.Key.Format} trace are checksum-offload placeholders",
                    "These packets were captured on the host that sent them, before the network card computed the checksum: the field holds the pseudo-header's sum the card completes. They are not damaged.",
                    null, 5)
                {
                    Packets = offload.Select(j => j.Packet.Ref(group.Key.Kind)).ToList(),
                };
            }
        }
        var hidden = packets.SelectMany(p => p.Decode.AllFields().Where(f => f.Field.Name.EndsWith(".checksum") && f.Field.Status == FieldStatus.Unverifiable && f.Field.Note?.Contains("masked") == true)
            .Select(f => (Packet: p, f.Field))).ToList();
        if (hidden.Count > 0)
        {
            yield return new Finding("masked-bytes-hide-verdict", Severity.Info,
                $"Masked bytes keep {hidden.Count} checksum(s) from being judged",
                "These checksums cover bytes the author hid (X): " + string.Join("; ", hidden.Select(h => $"packet {h.Packet.Number} {h.Field.Name} ({h.Field.Note})")) + ".",
                null, 5)
            {
                Packets = hidden.Select(h => h.Packet.Ref(h.Field.Name)).Distinct().ToList(),
            };
        }
    }
}
