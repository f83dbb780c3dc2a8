using Shouldly;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Rebuild;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>
/// The application protocols' fixed headers emit what they parse: a real packet's header, decoded and emitted
/// again from its decoded fields through the same declarations, gives its bytes back — every byte a field
/// of the header covers, and no other.
/// </summary>
public class ApplicationEmitTests
{
    /// <summary>A header to rebuild: where to find the packet, which layer, and where its header starts.</summary>
    public static TheoryData<string, int, string, int> Headers() => new()
    {
        { "tshark/corpus-dns-x.txt", 1, "dns over UDP", 42 },
        { "tshark/corpus-dns-x.txt", 10, "dns over TCP", 66 },
        { "tshark/corpus-dhcp-x.txt", 2, "dhcp", 42 },
        { "tshark/corpus-dhcp-x.txt", 5, "dhcpv6", 62 },
        { "tshark/corpus-ntp-x.txt", 2, "ntp", 42 },
        { "tshark/corpus-tftp-x.txt", 1, "tftp", 42 },
        { "tshark/corpus-tls-x.txt", 1, "tls", 66 },
        { "tshark/corpus-routing-x.txt", 1, "ospf", 34 },
        { "tshark/corpus-routing-x.txt", 2, "pim", 34 },
        { "tshark/corpus-routing-x.txt", 3, "bfd", 42 },
        { "tshark/corpus-routing-x.txt", 9, "rip", 42 },
        { "tshark/corpus-routing-x.txt", 8, "ripng", 62 },
        { "captures/corpus/stp-lldp-cdp.pcap", 21, "stp", 17 },
        { "captures/corpus/stp-lldp-cdp.pcap", 7, "cdp", 22 },
    };

    private static ProtocolLayer LayerNamed(string name) => name switch
    {
        "dns over UDP" => Dns.Udp,
        "dns over TCP" => Dns.Tcp,
        _ => Bindings.All.First(b => b.Layer.Protocol == name).Layer,
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void A_header_emitted_from_its_decoded_fields_gives_its_bytes_back(string fixture, int number, string protocol, int offset)
    {
        var data = Packet(fixture, number);
        var layer = LayerNamed(protocol);
        var header = layer.Header;
        var decoded = new List<DecodedLayer>();
        layer.Parse(new Dissection(new PacketBytes(data, null)), decoded, new Slot(offset, data.Length));

        var values = new FieldValues();
        foreach (var (field, _) in new PacketDecode(new Packet { Data = data, LinkType = LinkType.Ethernet, OriginalLength = data.Length, Interface = "", Format = "", Source = new SourceSpan("", 1, 1) }, decoded).AllFields())
        {
            // Top-level fields only: a field's bit fields are written with it.
            if (layer.Fields(values).FirstOrDefault(f => f.Name == field.Name) is not { } spec) continue;
            if (field.ByteOffset < offset || field.ByteOffset >= offset + header.Length || values.Has(field.Name)) continue;
            if (field.Number is { } number1 && spec.Format is not (FieldFormat.Bytes or FieldFormat.Text)) values.Set(field.Name, number1, 1);
            else values.Set(field.Name, data.AsSpan(field.ByteOffset, field.BitLength / 8).ToArray(), 1);
        }
        values.All.Count.ShouldBeGreaterThan(0);

        var image = new PacketImage();
        layer.Emit(image, 0, values).ShouldBe(header.Length);
        var (built, unknown) = image.Build();
        var covered = new bool[header.Length];
        foreach (var field in layer.Fields(values))
        {
            for (var bit = field.BitOffset; bit < field.EndBit; bit++) covered[bit / 8] = true;
        }
        // RIP's two bytes after the version must be zero and have no field in Wireshark; every other header byte has one.
        covered.Count(c => !c).ShouldBe(protocol == "rip" ? 2 : 0, $"{protocol}: header bytes no field declares");
        for (var i = 0; i < header.Length; i++)
        {
            var known = unknown is null || unknown.IsByteFullyKnown(i);
            known.ShouldBe(covered[i], $"{protocol} byte {i}: {(covered[i] ? "a field covers it, yet emit left it unknown" : "no field covers it, yet emit wrote it")}");
            if (known) built[i].ShouldBe(data[offset + i], $"{protocol} byte {i}");
        }
    }

    private static byte[] Packet(string fixture, int number)
    {
        if (fixture.EndsWith(".pcap", StringComparison.Ordinal))
        {
            return Convert.FromHexString(Oracle.TsharkReader.Frames(Repository.Fixture(fixture))[number - 1].RawHex);
        }
        return Importing.File(Repository.Fixture(fixture)).Packets[number - 1].Data;
    }
}
