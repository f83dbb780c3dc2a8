using System.Xml;
using Shouldly;
using TraceImport.Decoding;
using TraceImport.Model;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// The application protocols' fields — DNS, DHCP, NTP, SNMP, syslog, TFTP, HTTP, SIP, TLS, LLDP, CDP, STP,
/// OSPF, BFD, RIP, PIM — against tshark's PDML, field by field, over the corpus captures and the fixtures
/// that hold these protocols: every field tshark shows with bytes of the frame behind it is looked for among
/// the decoder's fields and named layers by name and offset; where it is found, it must cover the same bytes
/// (a bit field: bits inside tshark's bytes) and show the same value. Each protocol must also name at least
/// the share of tshark's fields it names today. Variable structures are compared here, where a name alone
/// does not say which occurrence is which; the decode oracle compares the fixed fields with -T fields.
/// </summary>
public class ApplicationFieldsOracleTests(ITestOutputHelper output)
{
    /// <summary>The protocols, as tshark's PDML names them, and the least share of tshark's fields the decoder names over all sources.</summary>
    private static readonly Dictionary<string, double> NamedFloors = new(StringComparer.Ordinal)
    {
        ["dns"] = 1.00, ["dhcp"] = 0.98, ["dhcpv6"] = 1.00, ["ntp"] = 1.00, ["snmp"] = 1.00, ["syslog"] = 1.00,
        // TFTP's data and acknowledgements travel between ports only the request names: one packet at a time, they are not found.
        ["tftp"] = 0.24,
        ["http"] = 1.00, ["sip"] = 1.00, ["sdp"] = 1.00,
        // TLS: the X.509 certificate inside a Certificate message is shown as its bytes, not decoded.
        ["tls"] = 0.87,
        ["lldp"] = 1.00, ["cdp"] = 1.00, ["stp"] = 1.00, ["ospf"] = 1.00, ["bfd"] = 0.99, ["rip"] = 1.00, ["ripng"] = 1.00, ["pim"] = 1.00,
    };

    /// <summary>Fields whose value the decoder shows otherwise than tshark, and why the decoder's is kept.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["dns.opt.chain.fqdn"] = "tshark shows the CHAIN option's name as its raw label bytes (\\x3foo\\x7example…); the decoder reads the name",
    };

    /// <summary>
    /// Protocols this base reaches only through 802.3 and LLC, which the Ethernet layer here does not dispatch to:
    /// where the decode does not hold them, they are parsed where tshark found them, so that their fields are compared.
    /// </summary>
    private static readonly string[] ReachedThroughLlc = ["stp", "cdp"];

    /// <summary>Corpus captures holding the protocols, and the fixtures made from them or built for what they lack.</summary>
    private static readonly string[] SourceFixtures =
    [
        "captures/corpus/dns.pcap", "captures/corpus/dhcp.pcap", "captures/corpus/ntp.pcap", "captures/corpus/snmp.pcap",
        "captures/corpus/syslog.pcap", "captures/corpus/tftp.pcap", "captures/corpus/http.pcap", "captures/corpus/sip.pcap",
        "captures/corpus/tls.pcap", "captures/corpus/stp-lldp-cdp.pcap", "captures/corpus/routing-frr.pcap",
        "tshark/corpus-dns-x.txt", "tshark/corpus-dhcp-x.txt", "tshark/corpus-ntp-x.txt", "tshark/corpus-snmp-x.txt",
        "tshark/corpus-syslog-x.txt", "tshark/corpus-tftp-x.txt", "tshark/corpus-http-x.txt", "tshark/corpus-sip-x.txt",
        "tshark/corpus-tls-x.txt", "tshark/corpus-lldp-x.txt", "tshark/corpus-routing-x.txt",
        "hex-stream/constructed-dns-record-types.txt", "hex-stream/constructed-dhcp-options.txt", "hex-stream/constructed-snmp-types.txt",
        "hex-stream/constructed-ntp-authenticated.txt", "hex-stream/constructed-syslog-headers.txt",
    ];

    public static TheoryData<string> Sources() => new(SourceFixtures);

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_field_the_decoder_names_agrees_with_tshark(string source)
    {
        var results = Measure(source);
        results.Count.ShouldBeGreaterThan(0, $"{source} holds none of the protocols");
        var disagreeing = results.Where(r => r.Outcome is Outcome.OtherBytes or Outcome.OtherValue && !KnownDifferences.ContainsKey(r.Name)).ToList();
        disagreeing.ShouldBeEmpty(string.Join('\n', disagreeing.Take(20).Select(r => r.ToString())));
    }

    [Fact]
    public void Each_protocol_names_its_share_of_tsharks_fields()
    {
        var results = SourceFixtures.SelectMany(Measure).ToList();
        var table = new StringWriter();
        table.WriteLine($"{"protocol",-10}{"tshark",8}{"named",8}{"share",8}{"agree",8}");
        foreach (var protocol in NamedFloors.Keys)
        {
            var rows = results.Where(r => r.Protocol == protocol).ToList();
            var named = rows.Count(r => r.Outcome != Outcome.Unnamed);
            var agreeing = rows.Count(r => r.Outcome == Outcome.Agrees);
            table.WriteLine($"{protocol,-10}{rows.Count,8}{named,8}{Share(named, rows.Count),8}{Share(agreeing, named),8}");
        }
        foreach (var group in results.Where(r => r.Outcome == Outcome.Unnamed).GroupBy(r => (r.Protocol, r.Name)).OrderByDescending(g => g.Count()).Take(25))
        {
            table.WriteLine($"  unnamed {group.Key.Protocol} {group.Key.Name} ×{group.Count()}");
        }
        output.WriteLine(table.ToString());

        foreach (var (protocol, floor) in NamedFloors)
        {
            var rows = results.Where(r => r.Protocol == protocol).ToList();
            rows.Count.ShouldBeGreaterThan(0, $"no source holds {protocol}");
            ((double)rows.Count(r => r.Outcome != Outcome.Unnamed) / rows.Count).ShouldBeGreaterThanOrEqualTo(floor, $"{protocol}\n{table}");
        }
    }

    private static string Share(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:0.0}%";

    private enum Outcome { Unnamed, Agrees, OtherBytes, OtherValue }

    private sealed record Result(string Source, int Frame, string Protocol, string Name, int Position, int Size, string Show, Outcome Outcome, string? Ours)
    {
        public override string ToString() => $"{Source} frame {Frame}: {Name} at {Position}+{Size} tshark \"{Show}\", ours \"{Ours}\" ({Outcome})";
    }

    private sealed record Named(string Name, int BitOffset, int BitLength, string? Value, bool IsLayer)
    {
        public bool Used { get; set; }
    }

    /// <summary>
    /// The fields of the protocols in one source, each with what became of it. Reassembly is off in tshark,
    /// so that every field it shows lies in one frame, as in a paste of that frame.
    /// </summary>
    private static List<Result> Measure(string source) => Measured.GetOrAdd(source, MeasureOnce);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<Result>> Measured = new(StringComparer.Ordinal);

    private static List<Result> MeasureOnce(string source)
    {
        var path = Repository.Fixture(source);
        List<Packet> packets;
        string capture;
        if (source.EndsWith(".pcap", StringComparison.Ordinal))
        {
            capture = path;
            var frames = TsharkReader.Frames(path);
            frames.ShouldAllBe(f => f.LinkType == 1, $"{source}: the corpus captures these protocols are taken from are Ethernet");
            packets = frames.Select((frame, i) => new Packet
            {
                Data = Convert.FromHexString(frame.RawHex), LinkType = LinkType.Ethernet, OriginalLength = frame.RawHex.Length / 2,
                Interface = "capture", Format = "capture", Source = new SourceSpan(source, i + 1, i + 1),
            }).ToList();
        }
        else
        {
            packets = Importing.File(path).Packets;
            capture = Conversion.ToPcapng(File.ReadAllText(path), Path.GetFileName(path)).Path;
        }
        var pdml = ExternalTool.Run("tshark", "-r", capture, "-T", "pdml", "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE");
        pdml.ExitCode.ShouldBe(0, pdml.StandardError);
        var results = new List<Result>();
        var frame = 0;
        foreach (var (fields, protocols) in Packets(pdml.StandardOutput))
        {
            frame.ShouldBeLessThan(packets.Count, $"{source}: tshark reads more frames than were decoded");
            var packet = packets[frame++];
            var decode = PacketDecoder.Decode(packet);
            var index = Index(decode.Layers);
            foreach (var (protocol, position) in protocols.Where(p => ReachedThroughLlc.Contains(p.Name)))
            {
                if (index.ContainsKey(protocol)) continue;
                var layer = Bindings.All.First(b => b.Layer.Protocol == protocol).Layer;
                var layers = new List<DecodedLayer>();
                layer.Parse(new Dissection(new PacketBytes(packet.Data, packet.Unknown)), layers, new Slot(position, packet.Data.Length));
                foreach (var (name, named) in Index(layers)) index[name] = named;
            }
            foreach (var field in fields.Where(f => NamedFloors.ContainsKey(f.Protocol) && HasBytes(f, packet.Data)))
            {
                results.Add(Compare(source, frame, field, index));
            }
        }
        frame.ShouldBe(packets.Count, $"{source}: tshark reads {frame} frames, {packets.Count} were decoded");
        return results;
    }

    private sealed record TsharkField(string Name, string Protocol, int Position, int Size, string Show, string? Value, string? UnmaskedValue, bool Hidden)
    {
        public bool IsBitField => UnmaskedValue is not null;
    }

    /// <summary>PDML's fields per packet, each with the protocol it lies in, and the protocols with their offsets.</summary>
    private static IEnumerable<(List<TsharkField> Fields, List<(string Name, int Position)> Protocols)> Packets(string pdml)
    {
        using var reader = XmlReader.Create(new StringReader(pdml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreWhitespace = true });
        List<TsharkField>? fields = null;
        List<(string, int)> protocols = [];
        var open = new Stack<(string Name, int Depth)>();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.Name == "packet" && fields is not null) yield return (fields, protocols);
                while (open.Count > 0 && open.Peek().Depth >= reader.Depth) open.Pop();
                continue;
            }
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Name == "packet")
            {
                fields = [];
                protocols = [];
                open.Clear();
            }
            else if (reader.Name == "proto" && !reader.IsEmptyElement)
            {
                open.Push((reader.GetAttribute("name") ?? "", reader.Depth));
                protocols.Add((reader.GetAttribute("name") ?? "", Number(reader.GetAttribute("pos"))));
            }
            else if (reader.Name == "field" && fields is not null && reader.GetAttribute("name") == "data" && !reader.IsEmptyElement)
            {
                // PDML writes the data protocol as a field named "data" around its own fields.
                open.Push(("data", reader.Depth));
            }
            else if (reader.Name == "field" && fields is not null)
            {
                fields.Add(new TsharkField(reader.GetAttribute("name") ?? "", open.Count > 0 ? open.Peek().Name : "", Number(reader.GetAttribute("pos")),
                    Number(reader.GetAttribute("size")), reader.GetAttribute("show") ?? "", reader.GetAttribute("value"), reader.GetAttribute("unmaskedvalue"),
                    reader.GetAttribute("hide") == "yes"));
            }
        }
    }

    private static int Number(string? text) => int.TryParse(text, out var n) ? n : 0;

    /// <summary>A field with bytes of this frame behind it: shown, not expert information, and not in a reassembled or decrypted buffer.</summary>
    private static bool HasBytes(TsharkField field, byte[] frame)
    {
        if (field.Hidden || field.Size <= 0 || field.Name.Length == 0 || field.Name.StartsWith("_ws.", StringComparison.Ordinal)) return false;
        if (field.Position + field.Size > frame.Length) return false;
        var bytes = Convert.ToHexStringLower(frame, field.Position, field.Size);
        if (field.UnmaskedValue is { } unmasked && unmasked.Length == field.Size * 2) return string.Equals(unmasked, bytes, StringComparison.OrdinalIgnoreCase);
        if (!field.IsBitField && field.Value is { Length: > 0 } value && value.Length == field.Size * 2 && value.All(Uri.IsHexDigit)) return string.Equals(value, bytes, StringComparison.OrdinalIgnoreCase);
        return true;
    }

    /// <summary>Every field, bit field and layer the decode names, by name.</summary>
    private static Dictionary<string, List<Named>> Index(IEnumerable<DecodedLayer> layers)
    {
        var index = new Dictionary<string, List<Named>>(StringComparer.Ordinal);
        void Add(Named named)
        {
            if (!index.TryGetValue(named.Name, out var list)) index[named.Name] = list = [];
            list.Add(named);
        }
        void Field(DecodedField field)
        {
            if (field.Status == FieldStatus.Truncated) return;
            Add(new Named(field.Name, field.BitOffset, field.BitLength, field.Value, IsLayer: false));
            foreach (var bit in field.Bits) Field(bit);
        }
        void Walk(DecodedLayer layer)
        {
            Add(new Named(layer.Protocol, layer.Offset * 8, layer.Length * 8, null, IsLayer: true));
            foreach (var field in layer.Fields) Field(field);
            foreach (var nested in layer.Layers) Walk(nested);
        }
        foreach (var layer in layers) Walk(layer);
        return index;
    }

    private static Result Compare(string source, int frame, TsharkField field, Dictionary<string, List<Named>> ours)
    {
        var start = field.Position * 8;
        var end = start + field.Size * 8;
        bool AtOffset(Named c) => field.IsBitField ? c.BitOffset >= start && c.BitOffset < end : c.BitOffset / 8 == field.Position;
        Result Make(Outcome outcome, string? value) => new(source, frame, field.Protocol, field.Name, field.Position, field.Size, field.Show, outcome, value);
        if (!ours.TryGetValue(field.Name, out var candidates) || candidates.FirstOrDefault(c => !c.Used && AtOffset(c)) is not { } named) return Make(Outcome.Unnamed, null);
        named.Used = true;
        var sameBytes = named.IsLayer || named.BitOffset % 8 == 0 && named.BitLength % 8 == 0 && !field.IsBitField
            ? named.BitOffset == start && named.BitLength == field.Size * 8
            : named.BitOffset >= start && named.BitOffset + named.BitLength <= end;
        if (!sameBytes) return Make(Outcome.OtherBytes, $"bits {named.BitOffset}+{named.BitLength}");
        var sameValue = named.IsLayer || field.Show.Length == 0 || SameValue(named.Value, field.Show);
        return Make(sameValue ? Outcome.Agrees : Outcome.OtherValue, named.Value);
    }

    /// <summary>
    /// The values agree as shown, as bytes without tshark's separators (04:02 and 0402), or once the line ends and
    /// tabs the decoder escapes (as -T fields does) are taken as the spaces an XML reader makes of them in PDML.
    /// </summary>
    private static bool SameValue(string? ours, string theirs)
    {
        if (ours is null) return false;
        if (ours == theirs || string.Equals(ours.Replace(":", ""), theirs.Replace(":", ""), StringComparison.OrdinalIgnoreCase)) return true;
        var unescaped = ours.Replace("\\r\\n", " ", StringComparison.Ordinal).Replace("\\n", " ", StringComparison.Ordinal)
            .Replace("\\r", " ", StringComparison.Ordinal).Replace("\\t", " ", StringComparison.Ordinal);
        return unescaped == theirs;
    }
}
