using Shouldly;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Core;

public class InternetChecksumTests
{
    /// <summary>The checksum with the field taken out by subtraction equals the checksum of a copy with the field zeroed, at even and odd places, over even and odd lengths.</summary>
    [Fact]
    public void The_checksum_without_its_field_equals_that_of_a_copy_with_the_field_zeroed()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var data = new byte[random.Next(2, 120)];
            random.NextBytes(data);
            var fieldAt = random.Next(0, data.Length - 1);
            var initial = (uint)random.Next(0, 0x3FFFF);
            var copy = (byte[])data.Clone();
            copy[fieldAt] = 0;
            copy[fieldAt + 1] = 0;
            InternetChecksum.ComputeWithoutField(data, fieldAt, initial).ShouldBe(InternetChecksum.Compute(copy, initial), $"{data.Length} bytes, field at {fieldAt}");
        }
    }

    /// <summary>RFC 1071's own example (§3): the words 0001 f203 f4f5 f6f7 sum to 0xddf2, so a checksum field after them holds 0x220d.</summary>
    [Fact]
    public void The_checksum_of_RFC_1071s_example_is_its_complement()
    {
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0xAB, 0xCD];
        InternetChecksum.ComputeWithoutField(data, 8).ShouldBe((ushort)0x220d);
    }
}
