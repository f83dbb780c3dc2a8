using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Parity;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Field parity with tshark over the fixtures: each capture is dumped with `tshark -x`, the dump read and
/// decoded as a paste, and every field `tshark -T pdml` shows with bytes behind them looked for among the
/// decoder's (bench/FieldParity; `bench/field-parity.sh` measures the whole corpus); the tshark dumps and
/// the PPP and LAPD samples are read as they are and measured against the capture written from them.
/// Each protocol must keep the share it has reached.
/// </summary>
public class FieldParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// For each protocol (as tshark names it), the least share of tshark's fields the decoder must name
    /// and the least share of those that must agree, over the captures in fixtures/captures.
    /// </summary>
    private static readonly Dictionary<string, (double Named, double Agreeing)> Floors = new(StringComparer.Ordinal)
    {
        // tshark 4.0's LLDP dissector ends 3 bytes early after Cisco's UPOE TLVs (constructed-cdp-lldp.pcap frame 2),
        // so it shows the last of them and the End TLV also as an Ethernet trailer, which the decoder does not.
        ["eth"] = (0.998, 1.00), ["llc"] = (1.00, 1.00), ["vlan"] = (1.00, 1.00), ["ieee8021ad"] = (1.00, 1.00), ["sll"] = (1.00, 1.00),
        ["null"] = (1.00, 1.00), ["ppp"] = (1.00, 1.00), ["pppoed"] = (1.00, 1.00), ["pppoes"] = (1.00, 1.00), ["chdlc"] = (1.00, 1.00),
        ["fr"] = (1.00, 1.00), ["lapd"] = (1.00, 1.00), ["arp"] = (1.00, 1.00), ["ip"] = (1.00, 1.00), ["ipv6"] = (1.00, 1.00),
        ["ipv6.hopopts"] = (1.00, 1.00), ["ipv6.routing"] = (1.00, 1.00), ["ipv6.fraghdr"] = (1.00, 1.00), ["ipv6.dstopts"] = (1.00, 1.00),
        ["gre"] = (1.00, 1.00), ["erspan"] = (1.00, 1.00), ["vxlan"] = (1.00, 1.00), ["geneve"] = (1.00, 1.00), ["mpls"] = (1.00, 1.00),
        ["esp"] = (1.00, 1.00), ["ah"] = (1.00, 1.00), ["igmp"] = (1.00, 1.00), ["icmp"] = (1.00, 1.00), ["icmpv6"] = (1.00, 1.00),
        ["tcp"] = (1.00, 1.00), ["mptcp"] = (1.00, 1.00), ["udp"] = (1.00, 1.00),
    };

    /// <summary>Every capture of fixtures/captures whose link type the bindings table knows.</summary>
    private static IEnumerable<string> FixtureCaptures() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap")
            .Where(path => Bindings.Find(BindingTable.LinkType, CaptureFile.LinkTypeOf(path)) is not null)
            .Order(StringComparer.Ordinal);

    /// <summary>The tshark dumps, and the samples that hold the link layers no capture here does (PPP, LAPD).</summary>
    private static IEnumerable<string> FixtureTexts() =>
        new[] { "tshark", "cosine", "toshiba", "ascend" }.SelectMany(folder => Snapshots.FixtureSnapshotTests.FixtureCases()
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == folder));

    [Fact]
    public void Each_protocol_keeps_its_share_of_tsharks_fields_named_and_agreeing()
    {
        var results = FixtureCaptures().Select(Measure.Capture)
            .Concat(FixtureTexts().Select(Measure.Text).OfType<CaptureResult>())
            .SelectMany(measured => measured.Fields).ToList();
        var figures = Report.Figures(results);
        var table = new StringWriter();
        Report.Write(table, figures, withOthers: false);
        Report.WriteDetails(table, results.Where(r => Report.GroupOf(r.Field.Protocol) != Report.Other), 5, protocol: null);
        output.WriteLine(table.ToString());

        foreach (var (protocol, floor) in Floors)
        {
            var row = figures.SingleOrDefault(f => f.Protocol == protocol);
            row.ShouldNotBeNull($"the fixtures' captures hold no {protocol} field to measure");
            row.Coverage.ShouldBeGreaterThanOrEqualTo(floor.Named, $"{protocol}: the decoder names {row.Named} of tshark's {row.Fields} fields\n{table}");
            row.Agreement.ShouldBeGreaterThanOrEqualTo(floor.Agreeing, $"{protocol}: {row.Agreeing} of the {row.Named} fields named agree\n{table}");
        }
        Report.Total(figures, group: null).Agreement.ShouldBeGreaterThanOrEqualTo(0.99, table.ToString());
    }

    /// <summary>A frame: Ethernet, IPv4 (protocol 253, no layer bound), 4 bytes of data.</summary>
    private static readonly Packet Frame = new()
    {
        Data = Convert.FromHexString("02000000000b02000000000a08004500001800004000" + "40fd0000" + "0a0000010a000002" + "deadbeef"),
        LinkType = LinkType.Ethernet, OriginalLength = 38, Interface = "test", Format = "test", Source = new SourceSpan("test", 1, 1),
    };

    /// <summary>Four Ethernet fields, IPv4's, then a protocol read from another data source (a reassembly): its last two fields.</summary>
    private static string Pdml(params string[] fields) =>
        $"<?xml version=\"1.0\"?><pdml><packet><proto name=\"eth\" pos=\"0\" size=\"14\">{string.Join("", fields.Take(4))}</proto>" +
        $"<proto name=\"ip\" pos=\"14\" size=\"20\">{string.Join("", fields.Skip(4).SkipLast(2))}</proto>" +
        $"<proto name=\"udp\" pos=\"0\" size=\"8\">{string.Join("", fields.TakeLast(2))}</proto></packet></pdml>";

    [Fact]
    public void A_field_counts_where_the_frame_holds_its_bytes_and_agrees_by_name_offset_bytes_and_value()
    {
        var pdml = Pdml(
            """<field name="eth.dst" size="6" pos="0" show="02:00:00:00:00:0b" value="02000000000b"/>""",
            """<field name="eth.addr" size="6" pos="0" show="02:00:00:00:00:0b" value="02000000000b"/>""",
            """<field name="eth.nonesuch" size="6" pos="6" show="02:00:00:00:00:0a" value="02000000000a"/>""",
            """<field name="eth.src_resolved" hide="yes" size="6" pos="6" show="x" value="02000000000a"/>""",
            """<field name="ip.ttl" size="1" pos="22" show="63" value="40"/>""",
            """<field name="ip.flags.df" size="1" pos="20" show="1" value="1" unmaskedvalue="40"/>""",
            """<field name="ip.frag_offset" size="2" pos="20" show="0" value="0" unmaskedvalue="4000"/>""",
            """<field name="ip.proto" size="2" pos="23" show="253" value="fd00"/>""",
            """<field name="tcp.seq" size="4" pos="34" show="0" value="deadbeef"/>""",
            """<field name="ip.checksum.status" size="0" pos="24" show="2"/>""",
            """<field name="udp.srcport" size="2" pos="0" show="512" value="0200"/>""",
            """<field name="udp.dstport" size="2" pos="2" show="1234" value="04d2"/>""");

        var results = Measure.Against([Frame], new StringReader(pdml), "test").Fields;

        results.Select(r => (r.Field.Name, r.Outcome)).ShouldBe(
        [
            ("eth.dst", Outcome.Agrees),
            ("eth.addr", Outcome.Agrees),
            ("eth.nonesuch", Outcome.Unnamed),
            ("ip.ttl", Outcome.OtherValue),
            ("ip.flags.df", Outcome.Agrees),
            ("ip.frag_offset", Outcome.Agrees),
            ("ip.proto", Outcome.OtherBytes),
        ], "hidden, derived and size-0 fields are not counted, nor a protocol one of whose fields has bytes the frame does not hold (udp.dstport's 04d2): its source port's 0200 matches the frame only by chance");
        var figures = Report.Figures(results);
        figures.Single(f => f.Protocol == "eth").ShouldBe(new ProtocolFigures("eth", Report.Lower, 3, 2, 2));
        figures.Single(f => f.Protocol == "ip").ShouldBe(new ProtocolFigures("ip", Report.Lower, 4, 4, 2));
    }
}
