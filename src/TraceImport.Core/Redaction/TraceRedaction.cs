using System.Globalization;
using TraceImport.Model;

namespace TraceImport.Redaction;

/// <summary>
/// One redaction of a whole trace, read twice: every packet is learned first (<see cref="Learn"/>),
/// then each is redacted (<see cref="Redact"/>), so that the stand-ins are chosen knowing every
/// original and the same original gets the same stand-in throughout. It keeps the counts the summary
/// gives and the mapping table the user keeps.
/// </summary>
public sealed class TraceRedaction : IDisposable
{
    private readonly PacketRedactor redactor;

    public TraceRedaction(RedactionOptions options)
    {
        Map = new RedactionMap(options);
        redactor = new PacketRedactor(Map);
    }

    public RedactionMap Map { get; }

    public int Packets { get; private set; }

    /// <summary>How many checksums came to each outcome.</summary>
    public Dictionary<ChecksumOutcome, int> Checksums { get; } = [];

    /// <summary>The link types of the packets redacted, for what a text output cannot say.</summary>
    public HashSet<LinkType> LinkTypes { get; } = [];

    public void Learn(Packet packet) => redactor.Learn(packet);

    public Packet Redact(Packet packet)
    {
        var redacted = redactor.Redact(packet);
        Packets++;
        LinkTypes.Add(packet.LinkType);
        foreach (var checksum in redacted.Checksums) Checksums[checksum.Outcome] = Checksums.GetValueOrDefault(checksum.Outcome) + 1;
        return redacted.Packet;
    }

    /// <summary>The section comment of a redacted capture: what was done, never from what.</summary>
    public static string SectionComment(string application) =>
        $"redacted by {application}: addresses and host names replaced by stand-ins (each packet's comment says which fields)";

    /// <summary>"11 packets redacted: 6 addresses and 2 host names replaced in 58 places; 20 checksums recomputed".</summary>
    public string Summary()
    {
        var used = Map.Table.Where(r => r.Places > 0).ToList();
        var addresses = used.Count(r => r.Kind != RedactedKind.HostName);
        var names = used.Count - addresses;
        var text = $"{Packets} packet(s) redacted: {addresses} address(es) and {names} host name(s) replaced in {used.Sum(r => r.Places)} place(s)";
        var outcomes = new (ChecksumOutcome, string)[]
        {
            (ChecksumOutcome.Recomputed, "checksum(s) recomputed"),
            (ChecksumOutcome.KeptWrongByItsDifference, "wrong checksum(s) kept wrong by the same difference"),
            (ChecksumOutcome.KeptAsWritten, "wrong checksum(s) kept as written (0x0000, 0xFFFF)"),
            (ChecksumOutcome.OffloadSumCarried, "checksum-offload sum(s) carried"),
        };
        foreach (var (outcome, what) in outcomes)
        {
            if (Checksums.GetValueOrDefault(outcome) is > 0 and var count) text += $"; {count} {what}";
        }
        return text;
    }

    /// <summary>The mapping table, tab-separated: kind, original, stand-in, places. It undoes the redaction: keep it private.</summary>
    public void WriteTable(TextWriter output)
    {
        output.WriteLine("# what each stand-in replaces; this table undoes the redaction: keep it to yourself");
        output.WriteLine("kind\toriginal\tstand-in\tplaces");
        foreach (var replacement in Map.Table.Where(r => r.Places > 0))
        {
            var kind = replacement.Kind switch
            {
                RedactedKind.Mac => "mac",
                RedactedKind.Ipv4 => "ipv4",
                RedactedKind.Ipv6 => "ipv6",
                _ => "name",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}\t{replacement.Original}\t{replacement.Pseudonym}\t{replacement.Places}"));
        }
    }

    public void Dispose() => Map.Dispose();
}
