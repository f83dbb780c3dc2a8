using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using TraceImport.Parity;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// Field parity with tshark over the fixtures' captures: each is dumped with `tshark -x`, the dump read
/// and decoded as a paste, and every field `tshark -T pdml` shows with bytes behind them looked for
/// among the decoder's (bench/FieldParity; `bench/field-parity.sh` measures the whole corpus). Each
/// protocol must keep the share it has reached.
/// </summary>
public class FieldParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// For each protocol (as tshark names it), the least share of tshark's fields the decoder must name
    /// and the least share of those that must agree, over the captures in fixtures/captures.
    /// </summary>
    private static readonly Dictionary<string, (double Named, double Agreeing)> Floors = new(StringComparer.Ordinal)
    {
        ["eth"] = (0.33, 1.00), ["sll"] = (1.00, 1.00), ["null"] = (1.00, 1.00), ["ip"] = (1.00, 1.00), ["ipv6"] = (0.80, 1.00),
        ["tcp"] = (0.92, 1.00), ["udp"] = (0.80, 1.00), ["icmp"] = (1.00, 0.75), ["icmpv6"] = (1.00, 1.00),
    };

    /// <summary>Every capture of fixtures/captures whose link type the bindings table knows.</summary>
    private static IEnumerable<string> FixtureCaptures() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Fixtures, "captures"), "*.pcap")
            .Where(path => Bindings.Find(BindingTable.LinkType, CaptureFile.LinkTypeOf(path)) is not null)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Each_protocol_keeps_its_share_of_tsharks_fields_named_and_agreeing()
    {
        var results = FixtureCaptures().SelectMany(capture => Measure.Capture(capture).Fields).ToList();
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

    private static string Pdml(params string[] fields) =>
        $"<?xml version=\"1.0\"?><pdml><packet><proto name=\"eth\" pos=\"0\" size=\"14\">{string.Join("", fields.Take(4))}</proto>" +
        $"<proto name=\"ip\" pos=\"14\" size=\"20\">{string.Join("", fields.Skip(4))}</proto></packet></pdml>";

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
            """<field name="ip.id" size="2" pos="18" show="0x1234" value="1234"/>""",
            """<field name="tcp.seq" size="4" pos="34" show="0" value="deadbeef"/>""",
            """<field name="ip.checksum.status" size="0" pos="24" show="2"/>""");

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
        ], "hidden, derived, size-0 fields and bytes from another data source (ip.id's 1234) are not counted");
        var figures = Report.Figures(results);
        figures.Single(f => f.Protocol == "eth").ShouldBe(new ProtocolFigures("eth", Report.Lower, 3, 2, 2));
        figures.Single(f => f.Protocol == "ip").ShouldBe(new ProtocolFigures("ip", Report.Lower, 4, 4, 2));
    }
}
