using Shouldly;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>
/// A layer's fields are found by name however the name was made, and a field's bit fields, read when first asked
/// for, are the ones a whole read gives.
/// </summary>
public class FieldLookupTests
{
    // A SYN from the seed capture printed by tshark: Ethernet, IPv4 with DF set, TCP with options.
    private const string Syn =
        "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00   ..............E.\n" +
        "0010  00 3c 85 d9 40 00 40 06 b6 e0 7f 00 00 01 7f 00   .<..@.@.........\n" +
        "0020  00 01 a5 ec 46 a0 35 90 7a 46 00 00 00 00 a0 02   ....F.5.zF......\n" +
        "0030  ff d7 fe 30 00 00 02 04 ff d7 04 02 08 0a 4c 59   ...0..........LY\n" +
        "0040  5b 1f 00 00 00 00 01 03 03 07                     [.........\n";

    private static PacketDecode Decode() => PacketDecoder.Decode(Importing.Text(Syn).Packets.Single());

    private static DecodedLayer Layer(string protocol) => Decode().Layers.Single(l => l.Protocol == protocol);

    /// <summary>A copy of the name that is not the interned literal: what a name built at run time is.</summary>
    private static string MadeAtRunTime(string name) => new(name.AsSpan());

    [Theory]
    [InlineData("ip", "ip.ttl", "64")]
    [InlineData("ip", "ip.flags.df", "1")]
    [InlineData("tcp", "tcp.flags.syn", "1")]
    [InlineData("tcp", "tcp.flags.ack", "0")]
    [InlineData("eth", "eth.src.lg", "0")]
    public void A_name_made_at_run_time_finds_the_field_a_literal_finds(string protocol, string name, string value)
    {
        var layer = Layer(protocol);
        var runTime = MadeAtRunTime(name);
        ReferenceEquals(runTime, name).ShouldBeFalse();
        layer.Field(name)!.Value.ShouldBe(value);
        layer.Field(runTime).ShouldBeSameAs(layer.Field(name));
    }

    [Fact]
    public void A_name_the_layer_does_not_have_is_not_found_either_way()
    {
        var layer = Layer("tcp");
        layer.Field("tcp.no_such_field").ShouldBeNull();
        layer.Field(MadeAtRunTime("tcp.no_such_field")).ShouldBeNull();
    }

    [Fact]
    public void Bit_fields_read_when_asked_for_are_those_a_whole_read_gives()
    {
        var tcp = Layer("tcp");
        var flags = tcp.Field("tcp.flags")!;
        // The spec's bit fields, read at the header's offset from the same bytes.
        var expected = Tcp.Layer.Header["tcp.flags"].Bits
            .Select(bit => FieldCodec.Read(bit, new PacketBytes(Importing.Text(Syn).Packets.Single().Data, null), 34))
            .Select(f => (f.Name, f.BitOffset, f.Number, f.Status, f.Value)).ToList();
        flags.Bits.Select(f => (f.Name, f.BitOffset, f.Number, f.Status, f.Value)).ShouldBe(expected);
        tcp.Field("tcp.flags.syn").ShouldBeSameAs(flags.Bits.Single(b => b.Name == "tcp.flags.syn"));
    }

    [Fact]
    public void A_renamed_copy_of_a_spec_is_judged_by_its_new_name()
    {
        var port = Tcp.Layer.Header["tcp.srcport"];
        port.IsChecksum.ShouldBeFalse();
        (port with { Name = "tcp.checksum" }).IsChecksum.ShouldBeTrue();
        (Tcp.Layer.Header["tcp.checksum"] with { Name = "tcp.srcport" }).IsChecksum.ShouldBeFalse();
    }
}
