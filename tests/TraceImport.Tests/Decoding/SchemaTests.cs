using Shouldly;
using TraceImport.Decoding;
using TraceImport.Decoding.Protocols;
using Xunit;

namespace TraceImport.Tests.Decoding;

/// <summary>Decode and rebuild are inverses: writing a value through a field's declaration reads back the same value.</summary>
public class SchemaTests
{
    /// <summary>Every header a layer in the bindings table declares, and IPv6's fragment header.</summary>
    private static readonly IReadOnlyList<HeaderSpec> AllHeaders =
        Bindings.All.Select(b => b.Layer.Header).Where(h => h.Fields.Count > 0).Append(Ipv6.Fragment).DistinctBy(h => h.Title).ToList();

    public static TheoryData<string> Headers()
    {
        var data = new TheoryData<string>();
        foreach (var header in AllHeaders) data.Add(header.Title);
        return data;
    }

    private static HeaderSpec Header(string title) => AllHeaders.Single(h => h.Title == title);

    [Theory]
    [MemberData(nameof(Headers))]
    public void Every_numeric_field_written_through_the_schema_reads_back(string title)
    {
        var header = Header(title);
        var random = new Random(title.Length * 7919);
        foreach (var spec in header.Fields.Concat(header.Fields.SelectMany(f => f.Bits)).Where(f => f.BitLength <= 64 && f.Format is not (FieldFormat.Mac or FieldFormat.Ipv4 or FieldFormat.Ipv6 or FieldFormat.Bytes or FieldFormat.Text)))
        {
            var buffer = new byte[header.Length + 8];
            random.NextBytes(buffer);
            var raw = (ulong)random.NextInt64() & (spec.BitLength == 64 ? ulong.MaxValue : (1UL << spec.BitLength) - 1);
            var before = (byte[])buffer.Clone();
            FieldCodec.Write(spec, raw * (ulong)spec.Scale, buffer, 4);

            FieldCodec.Read(spec, new PacketBytes(buffer, null), 4).Number.ShouldBe(raw * (ulong)spec.Scale, spec.Name);
            for (var bit = 0; bit < buffer.Length * 8; bit++)
            {
                var inField = bit >= 32 + spec.BitOffset && bit < 32 + spec.EndBit;
                if (!inField) ((buffer[bit / 8] >> (7 - bit % 8)) & 1).ShouldBe((before[bit / 8] >> (7 - bit % 8)) & 1, $"{spec.Name} changed bit {bit} outside itself");
            }
        }
    }

    [Fact]
    public void Addresses_written_through_the_schema_read_back()
    {
        var buffer = new byte[40];
        FieldCodec.Write(Ipv4.Field("ip.src"), [172, 16, 55, 106], buffer, 0);
        FieldCodec.Read(Ipv4.Field("ip.src"), new PacketBytes(buffer, null), 0).Value.ShouldBe("172.16.55.106");
    }

    [Fact]
    public void A_value_too_wide_for_its_field_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => FieldCodec.Write(Ipv4.Field("ip.ttl"), 256, new byte[20], 0));

    [Theory]
    [InlineData(10, "ip.checksum")]
    [InlineData(8, "ip.ttl")]
    [InlineData(9, "ip.proto")]
    [InlineData(0, "ip.version, ip.hdr_len")]
    [InlineData(6, "ip.flags, ip.frag_offset")]
    [InlineData(12, "ip.src")]
    public void A_byte_offset_names_the_ipv4_field_there(int offset, string name) =>
        string.Join(", ", Ipv4.FieldsAtByte(offset).Select(f => f.Name)).ShouldBe(name);
}
