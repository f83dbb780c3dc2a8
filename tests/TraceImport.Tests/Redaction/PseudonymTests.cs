using System.Net;
using Shouldly;
using TraceImport.Redaction;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>How stand-ins are chosen: documentation ranges, kept addresses, masks kept, names label for label, Crypto-PAn's own vectors.</summary>
public class PseudonymTests
{
    private static string? Map(AddressPseudonyms pseudonyms, RedactedKind kind, string printed) =>
        pseudonyms.Map(kind, AddressPseudonyms.Pattern(kind, printed))?.Pseudonym;

    [Fact]
    public void Ipv4_stand_ins_come_from_the_documentation_ranges_in_turn_and_never_are_an_address_of_the_input()
    {
        using var pseudonyms = new AddressPseudonyms(prefixPreserving: false);
        pseudonyms.Learn(RedactedKind.Ipv4, AddressPseudonyms.Pattern(RedactedKind.Ipv4, "10.0.0.1"));
        pseudonyms.Learn(RedactedKind.Ipv4, AddressPseudonyms.Pattern(RedactedKind.Ipv4, "192.0.2.1"));
        Map(pseudonyms, RedactedKind.Ipv4, "10.0.0.1").ShouldBe("192.0.2.2", "192.0.2.1 is an address of the input");
        Map(pseudonyms, RedactedKind.Ipv4, "192.0.2.1").ShouldBe("192.0.2.3");
        Map(pseudonyms, RedactedKind.Ipv4, "10.0.0.1").ShouldBe("192.0.2.2", "the same address, the same stand-in");
        for (var i = 0; i < 251; i++) Map(pseudonyms, RedactedKind.Ipv4, $"10.1.{i / 200}.{i % 200}");
        Map(pseudonyms, RedactedKind.Ipv4, "10.9.9.9").ShouldBe("198.51.100.1", "after 192.0.2.254, the next documentation range");
    }

    [Theory]
    [InlineData(RedactedKind.Ipv4, "0.0.0.0")]
    [InlineData(RedactedKind.Ipv4, "255.255.255.255")]
    [InlineData(RedactedKind.Ipv4, "255.255.255.0")]
    [InlineData(RedactedKind.Ipv4, "127.0.0.1")]
    [InlineData(RedactedKind.Ipv4, "224.0.0.5")]
    [InlineData(RedactedKind.Mac, "ff:ff:ff:ff:ff:ff")]
    [InlineData(RedactedKind.Mac, "01:00:5e:00:00:05")]
    [InlineData(RedactedKind.Mac, "00:00:00:00:00:00")]
    [InlineData(RedactedKind.Ipv6, "::")]
    [InlineData(RedactedKind.Ipv6, "::1")]
    [InlineData(RedactedKind.Ipv6, "ff02::1")]
    public void Addresses_that_identify_nobody_are_kept(RedactedKind kind, string printed)
    {
        using var pseudonyms = new AddressPseudonyms(prefixPreserving: false);
        Map(pseudonyms, kind, printed).ShouldBeNull();
    }

    [Fact]
    public void Macs_become_locally_administered_and_a_solicited_node_address_follows_its_host()
    {
        using var pseudonyms = new AddressPseudonyms(prefixPreserving: false);
        Map(pseudonyms, RedactedKind.Mac, "00:0c:29:ad:25:66").ShouldBe("02:00:00:00:00:01");
        var host = Map(pseudonyms, RedactedKind.Ipv6, "fe80::99a:fd71:1187:5248")!;
        host.ShouldStartWith("fe80::", Case.Sensitive, "a link-local address stays link-local");
        var global = Map(pseudonyms, RedactedKind.Ipv6, "2001:470:59af:18::1")!;
        IPAddress.Parse(global).GetAddressBytes()[..4].ShouldBe(new byte[] { 0x20, 0x01, 0x0d, 0xb8 });
        var low24 = IPAddress.Parse(host).GetAddressBytes()[13..];
        var solicited = IPAddress.Parse(Map(pseudonyms, RedactedKind.Ipv6, "ff02::1:ff87:5248")!).GetAddressBytes();
        solicited[..13].ShouldBe(IPAddress.Parse("ff02::1:ff00:0").GetAddressBytes()[..13]);
        solicited[13..].ShouldBe(low24, "the solicited-node address of the host's stand-in");
        Map(pseudonyms, RedactedKind.Mac, "33:33:ff:87:52:48").ShouldBe($"33:33:ff:{low24[0]:x2}:{low24[1]:x2}:{low24[2]:x2}");
    }

    [Fact]
    public void A_masked_nibble_stays_masked_and_only_the_shown_ones_are_replaced()
    {
        using var pseudonyms = new AddressPseudonyms(prefixPreserving: false);
        var replacement = pseudonyms.Map(RedactedKind.Ipv4, "c8XXXX91")!;
        replacement.Original.ShouldBe("200.X.X.145");
        replacement.Pseudonym.ShouldBe("192.X.X.1");
        pseudonyms.PatternOf(replacement).ShouldBe("c0XXXX01");
        pseudonyms.Map(RedactedKind.Ipv4, "XXXXXXXX").ShouldBeNull("nothing shown, nothing to replace");
    }

    /// <summary>The sample key and trace of the Crypto-PAn reference distribution (sample_trace_raw.dat, sample_trace_sanitized.dat).</summary>
    [Theory]
    [InlineData("128.11.68.132", "135.242.180.132")]
    [InlineData("129.118.74.4", "134.136.186.123")]
    [InlineData("130.132.252.244", "133.68.164.234")]
    [InlineData("141.223.7.43", "141.167.8.160")]
    [InlineData("141.233.145.108", "141.129.237.235")]
    [InlineData("152.163.225.39", "151.140.114.167")]
    [InlineData("156.29.3.236", "147.225.12.42")]
    [InlineData("165.247.96.84", "162.9.99.234")]
    [InlineData("166.107.77.190", "160.132.178.185")]
    [InlineData("192.102.249.13", "252.138.62.131")]
    public void Prefix_preserving_stand_ins_are_crypto_pan_s(string original, string expected)
    {
        byte[] key = [21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16, 216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2];
        using var permutation = new PrefixPreservingPermutation(key);
        new IPAddress(permutation.Permute(IPAddress.Parse(original).GetAddressBytes())).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Prefix_preserving_stand_ins_share_exactly_the_prefix_their_originals_share()
    {
        using var permutation = new PrefixPreservingPermutation(PrefixPreservingPermutation.KeyFrom("a passphrase"));
        var random = new Random(22);
        for (var i = 0; i < 200; i++)
        {
            var a = new byte[4];
            random.NextBytes(a);
            var b = (byte[])a.Clone();
            var flip = random.Next(32);
            b[flip / 8] ^= (byte)(0x80 >> flip % 8);
            b[3] = (byte)random.Next(256);
            Shared(permutation.Permute(a), permutation.Permute(b)).ShouldBe(Shared(a, b));
        }
    }

    private static int Shared(byte[] a, byte[] b)
    {
        var bits = 0;
        while (bits < a.Length * 8 && (a[bits / 8] & 0x80 >> bits % 8) == (b[bits / 8] & 0x80 >> bits % 8)) bits++;
        return bits;
    }

    [Fact]
    public void Host_names_keep_their_lengths_their_domains_and_a_generic_top_level_domain()
    {
        var names = new HostNamePseudonyms();
        names.Learn("fs.nuts.com");
        var fs = names.Map("fs.nuts.com");
        var www = names.Map("WWW.nuts.com");
        fs.Length.ShouldBe("fs.nuts.com".Length);
        fs.ShouldEndWith(".com");
        fs.Split('.')[1].ShouldBe(www.Split('.')[1], "one domain, one stand-in");
        fs.ShouldNotContain("nuts");
        names.Map("fs.nuts.com").ShouldBe(fs);
        names.Map("3.20.16.172.in-addr.arpa").ShouldEndWith(".in-addr.arpa");
        names.Map("3.20.16.172.in-addr.arpa").ShouldNotStartWith("3.20.16.172");
    }
}
