using System.Globalization;

namespace TraceImport.Parity;

/// <summary>One protocol's figures: tshark's fields with bytes behind them, how many the decoder names, how many of those agree.</summary>
public sealed record ProtocolFigures(string Protocol, string Group, int Fields, int Named, int Agreeing)
{
    /// <summary>The share of tshark's fields the decoder names.</summary>
    public double Coverage => Fields == 0 ? 1 : (double)Named / Fields;

    /// <summary>The share of the named fields that agree with tshark.</summary>
    public double Agreement => Named == 0 ? 1 : (double)Agreeing / Named;
}

/// <summary>The figures per protocol, grouped as issue 19 lists the protocols.</summary>
public static class Report
{
    public const string Lower = "link, network, transport";
    public const string Upper = "applications";
    public const string Other = "other";

    /// <summary>tshark's protocol names (PDML proto elements) for the protocols the decoder is to read as tshark does.</summary>
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["eth"] = Lower, ["llc"] = Lower, ["vlan"] = Lower, ["ieee8021ad"] = Lower, ["sll"] = Lower, ["null"] = Lower, ["raw"] = Lower,
        ["ppp"] = Lower, ["pppoed"] = Lower, ["pppoes"] = Lower, ["chdlc"] = Lower, ["fr"] = Lower, ["lapd"] = Lower, ["atm"] = Lower,
        ["arp"] = Lower, ["ip"] = Lower, ["ipv6"] = Lower, ["ipv6.hopopts"] = Lower, ["ipv6.routing"] = Lower, ["ipv6.fraghdr"] = Lower,
        ["ipv6.dstopts"] = Lower, ["gre"] = Lower, ["erspan"] = Lower, ["vxlan"] = Lower, ["geneve"] = Lower, ["mpls"] = Lower,
        ["esp"] = Lower, ["ah"] = Lower, ["igmp"] = Lower, ["icmp"] = Lower, ["icmpv6"] = Lower, ["tcp"] = Lower, ["mptcp"] = Lower, ["udp"] = Lower,

        ["dns"] = Upper, ["mdns"] = Upper, ["dhcp"] = Upper, ["dhcpv6"] = Upper, ["ntp"] = Upper, ["snmp"] = Upper, ["syslog"] = Upper,
        ["tftp"] = Upper, ["http"] = Upper, ["sip"] = Upper, ["tls"] = Upper, ["lldp"] = Upper, ["cdp"] = Upper, ["stp"] = Upper,
        ["ospf"] = Upper, ["bfd"] = Upper, ["rip"] = Upper, ["ripng"] = Upper, ["pim"] = Upper,
    };

    public static string GroupOf(string protocol) => Groups.GetValueOrDefault(protocol, Other);

    public static List<ProtocolFigures> Figures(IEnumerable<FieldResult> results) =>
        results.GroupBy(r => r.Field.Protocol)
            .Select(g => new ProtocolFigures(g.Key, GroupOf(g.Key), g.Count(), g.Count(r => r.Outcome != Outcome.Unnamed), g.Count(r => r.Outcome == Outcome.Agrees)))
            .OrderBy(f => f.Group == Lower ? 0 : f.Group == Upper ? 1 : 2).ThenByDescending(f => f.Fields).ThenBy(f => f.Protocol, StringComparer.Ordinal)
            .ToList();

    /// <summary>The figures of a group (or of all protocols the issue lists, for null) together.</summary>
    public static ProtocolFigures Total(IEnumerable<ProtocolFigures> figures, string? group)
    {
        var chosen = figures.Where(f => group is null ? f.Group != Other : f.Group == group).ToList();
        return new ProtocolFigures(group ?? "issue 19's protocols", group ?? "", chosen.Sum(f => f.Fields), chosen.Sum(f => f.Named), chosen.Sum(f => f.Agreeing));
    }

    /// <summary>A Markdown table: a row per protocol, then the totals.</summary>
    public static void Write(TextWriter output, IReadOnlyList<ProtocolFigures> figures, bool withOthers)
    {
        output.WriteLine("| protocol | group | tshark's fields | named | agreeing |");
        output.WriteLine("|---|---|---:|---:|---:|");
        foreach (var row in figures.Where(f => withOthers || f.Group != Other)) WriteRow(output, row.Protocol, row);
        foreach (var group in new[] { Lower, Upper }) WriteRow(output, $"**{group}**", Total(figures, group));
        WriteRow(output, "**all of issue 19's**", Total(figures, null));
    }

    private static void WriteRow(TextWriter output, string name, ProtocolFigures row) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {(name.StartsWith('*') ? "" : row.Group)} | {row.Fields:N0} | {row.Coverage:P1} ({row.Named:N0}) | {row.Agreement:P1} ({row.Agreeing:N0}) |"));

    /// <summary>For each protocol, the fields most often unnamed or disagreeing, with where to see one.</summary>
    public static void WriteDetails(TextWriter output, IEnumerable<FieldResult> results, int perProtocol, string? protocol)
    {
        foreach (var byProtocol in results.Where(r => r.Outcome != Outcome.Agrees && (protocol is null || r.Field.Protocol == protocol))
                     .GroupBy(r => r.Field.Protocol).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{byProtocol.Key}:");
            foreach (var byField in byProtocol.GroupBy(r => (r.Field.Name, r.Outcome)).OrderByDescending(g => g.Count()).Take(perProtocol))
            {
                var example = byField.First();
                var ours = example.Outcome == Outcome.Unnamed ? "" : $", ours {example.Ours}";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {byField.Count(),6}  {byField.Key.Outcome,-10}  {byField.Key.Name}  e.g. {example.Capture} frame {example.Frame} at {example.Field.Position}+{example.Field.Size}: {Shorten(example.Field.Show)}{ours}"));
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
