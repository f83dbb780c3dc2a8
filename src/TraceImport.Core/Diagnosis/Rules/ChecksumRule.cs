using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Diagnosis.Rules;

/// <summary>Checksums: bad IPv4 header checksums, hosts that answer them, and what a whole trace of wrong checksums means.</summary>
public sealed class ChecksumRule : IDiagnosisRule
{
    private sealed class BadHeader(PacketFacts packet, DecodedField checksum)
    {
        public PacketFacts Packet { get; } = packet;
        public DecodedField Checksum { get; } = checksum;
        public PacketFacts? Answer { get; set; }
    }

    /// <summary>The checksums of one kind in one trace, counted as they are judged.</summary>
    private sealed class Judgements
    {
        public int Judged { get; set; }
        public FirstFew<PacketRef> Bad { get; } = new(Finding.ListedLimit);
        public FirstFew<PacketRef> Offload { get; } = new(Finding.ListedLimit);
        public bool Edited => Bad.Count >= 2 && Bad.Count == Judged && Offload.Count == 0;
    }

    private readonly Dictionary<string, FirstFew<BadHeader>> badHeaders = [];
    private readonly List<BadHeader> awaitingAnswer = [];
    private readonly Dictionary<(string Format, string Kind), Judgements> judgements = [];
    private readonly FirstFew<(PacketRef Packet, DecodedField Field)> hidden = new(Finding.ListedLimit);

    public void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        if (packet is { Icmp.IsError: true, Ip: not null }) Answer(packet);
        var checksums = observed.Checksums;
        for (var i = 0; i < checksums.Count; i++) // an index loop: a foreach over the IReadOnlyList would box an enumerator for every packet
        {
            var (field, depth) = checksums[i];
            if (field.Checksum is not { } verdict) continue;
            if (depth == 0 && verdict.Cause is ChecksumCause.Holds or ChecksumCause.Wrong or ChecksumCause.Offload) Judge(packet, field, verdict);
            if (verdict is { Status: FieldStatus.Unverifiable, HiddenByMask: true }) hidden.Add((packet.Ref(field.Name), field));
        }
        if (packet.Ip?.Checksum is not { Checksum.Cause: ChecksumCause.Wrong } checksum) return;
        // A header whose checksum is off by just what its transport checksum is off by had an address edited: that finding says so.
        if (observed.AddressShift is not null) return;
        var bad = new BadHeader(packet, checksum);
        if (!badHeaders.TryGetValue(packet.Format, out var bads)) badHeaders[packet.Format] = bads = new(Finding.ListedLimit);
        bads.Add(bad);
        if (bads.Omitted == 0) awaitingAnswer.Add(bad);
    }

    private void Judge(PacketFacts packet, DecodedField field, ChecksumVerdict verdict)
    {
        var key = (packet.Format, field.Name);
        if (!judgements.TryGetValue(key, out var judged)) judgements[key] = judged = new Judgements();
        judged.Judged++;
        if (verdict.Cause == ChecksumCause.Holds) return;
        judged.Bad.Add(packet.Ref(field.Name));
        if (verdict.Cause == ChecksumCause.Offload) judged.Offload.Add(packet.Ref(field.Name));
    }

    /// <summary>An ICMP error from the bad datagram's destination back to its source, after it: matched by its quote when there is one, else by addresses.</summary>
    private void Answer(PacketFacts error)
    {
        foreach (var bad in awaitingAnswer)
        {
            if (error.Ip!.SourceText == bad.Packet.Ip!.DestinationText && error.Ip.DestinationText == bad.Packet.Ip.SourceText
                && (error.Icmp!.QuotedIp is null || error.Icmp.QuotedIp.Id == bad.Packet.Ip.Id))
                bad.Answer = error;
        }
        awaitingAnswer.RemoveAll(b => b.Answer is not null);
    }

    public IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations)
    {
        var editedFormats = judgements.Where(j => j.Value.Edited).Select(j => j.Key.Format).ToHashSet();
        foreach (var (format, bads) in badHeaders)
        {
            foreach (var bad in bads.Items)
            {
                yield return BadHeaderChecksum(bad.Packet, bad.Checksum, editedFormats.Contains(format));
                if (bad.Answer is { } answer) yield return Answered(bad.Packet, answer);
            }
            if (bads.Omitted > 0) yield return MoreBadHeaders(format, bads);
        }
        foreach (var finding in TraceWide()) yield return finding;
    }

    private static Finding MoreBadHeaders(string format, FirstFew<BadHeader> bads) =>
        new("ip-checksum-bad-more", Severity.Warning,
            $"{bads.Omitted:N0} more packets in the {format} trace have a wrong IP header checksum",
            $"The first {bads.Items.Count} are reported one by one; {bads.Count:N0} packets in all have a wrong IP header checksum.",
            "RFC 791 §3.1", 20);

    private static Finding BadHeaderChecksum(PacketFacts packet, DecodedField checksum, bool traceEdited)
    {
        var verdict = checksum.Checksum!;
        var ffff = verdict.NegativeZero;
        var explanation = $"Packet {packet.Number} ({packet.Ip!.SourceText} → {packet.Ip.DestinationText}) carries IP header checksum {checksum.Value ?? checksum.Raw}; the header's fields give {verdict.ExpectedText}. ";
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
            ffff ? $"Packet {packet.Number} has IP header checksum 0xFFFF, which no correct computation gives ({verdict.Note()})"
                 : $"Packet {packet.Number} has a wrong IP header checksum {checksum.Value ?? checksum.Raw} ({verdict.Note()})",
            explanation, ffff ? "RFC 1624 §3; RFC 1141; RFC 791 §3.1" : "RFC 791 §3.1; RFC 1071", ffff ? 90 : traceEdited ? 25 : 70)
        {
            Packets = [packet.Ref("bad header checksum")],
            Evidence = [new Evidence(packet.Number, "ip.checksum", checksum.Value ?? checksum.Raw), new Evidence(packet.Number, "expected", verdict.ExpectedText)],
            GroupKey = $"{packet.Format}|{traceEdited}",
            GroupTitle = n => ffff ? $"{n} packets in the {packet.Format} trace have IP header checksum 0xFFFF, which no correct computation gives"
                                   : $"{n} packets in the {packet.Format} trace have a wrong IP header checksum",
        };
    }

    private static Finding Answered(PacketFacts bad, PacketFacts answer)
    {
        var icmp = answer.Icmp!;
        var pointer = icmp.Pointer is { Number: { } at } ? $", pointer {at} = {PointerTarget.Describe((int)at, icmp.PointerTargets, quotedHeader: false)}" : "";
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
            GroupKey = answer.Ip.SourceText,
            GroupTitle = n => $"{answer.Ip.SourceText} answered {n} datagrams with bad header checksums with ICMP errors",
        };
    }

    private IEnumerable<Finding> TraceWide()
    {
        foreach (var ((format, kind), judged) in judgements)
        {
            var bad = judged.Bad;
            if (judged.Edited)
            {
                yield return new Finding("checksums-all-wrong", Severity.Warning,
                    $"Every {kind} in the {format} trace is wrong ({bad.Count} of {bad.Count}): the text was probably edited",
                    $"No {kind} in this trace holds. Real traffic is not wrong that consistently; a text whose addresses or ports were changed by hand (anonymised) is. " +
                    "Checksum verdicts on these packets are therefore not evidence of a fault on the wire." + bad.OmittedNote("packets"),
                    null, 20)
                {
                    Packets = bad.Items.ToList(),
                };
            }
            var offload = judged.Offload;
            if (offload.Count > 0)
            {
                yield return new Finding("checksum-offload", Severity.Info,
                    $"{offload.Count} {kind} value(s) in the {format} trace are checksum-offload placeholders",
                    "These packets were captured on the host that sent them, before the network card computed the checksum: the field holds the pseudo-header's sum the card completes. They are not damaged." + offload.OmittedNote("packets"),
                    null, 5)
                {
                    Packets = offload.Items.ToList(),
                };
            }
        }
        if (hidden.Count > 0)
        {
            yield return new Finding("masked-bytes-hide-verdict", Severity.Info,
                $"Masked bytes keep {hidden.Count} checksum(s) from being judged",
                "These checksums cover bytes the author hid (X): " + string.Join("; ", hidden.Items.Select(h => $"packet {h.Packet.Number} {h.Field.Name} ({h.Field.Checksum!.Note()})")) + "." + hidden.OmittedNote("checksums"),
                null, 5)
            {
                Packets = hidden.Items.Select(h => h.Packet).Distinct().ToList(),
            };
        }
    }
}
