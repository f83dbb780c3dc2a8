using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace TraceImport.Redaction;

/// <summary>What kind of thing a stand-in replaces.</summary>
public enum RedactedKind
{
    Mac,
    Ipv4,
    Ipv6,
    HostName,
}

/// <summary>A redaction that cannot be done as asked, and what to do instead.</summary>
public sealed class RedactionLimitException(string message) : Exception(message);

/// <summary>One original and its stand-in, as the mapping table lists them, with how many places held it.</summary>
public sealed class Replacement(RedactedKind kind, string original, string pseudonym)
{
    public RedactedKind Kind { get; } = kind;
    public string Original { get; } = original;
    public string Pseudonym { get; } = pseudonym;
    public int Places { get; set; }
}

/// <summary>
/// Consistent stand-ins for MAC, IPv4 and IPv6 addresses: the same address always gets the same one.
/// An address is a hex pattern, X for each nibble the text did not show (c8XXXX91): the stand-in is
/// chosen for the pattern, and only its shown nibbles are ever written, so a masked nibble stays masked.
/// By default IPv4 stand-ins are taken in turn from the documentation ranges (192.0.2.0/24,
/// 198.51.100.0/24, 203.0.113.0/24, RFC 5737), then from the benchmarking range 198.18.0.0/15
/// (RFC 2544); IPv6 ones from 2001:db8::/32 (RFC 3849), link-local ones staying link-local; MACs are
/// locally administered (02:00:00:…). Prefix-preserving stand-ins come from a keyed Crypto-PAn
/// permutation instead. Addresses that identify nobody are kept: unspecified, loopback, broadcast,
/// netmasks, multicast groups and group MACs, the all-zero MAC — except a solicited-node address and
/// its 33:33:ff MAC, which carry the low 24 bits of a host's address and get those of its stand-in.
/// Every original is learned before any stand-in is handed out, so that no stand-in is an address
/// the input holds.
/// </summary>
public sealed class AddressPseudonyms : IDisposable
{
    private static readonly uint[] DocumentationRanges = [0xC0000200, 0xC6336400, 0xCB007100];
    private const uint BenchmarkingRange = 0xC6120000; // 198.18.0.0/15
    private static readonly UInt128 DocumentationPrefix = (UInt128)0x20010db8 << 96;
    private static readonly UInt128 LinkLocalPrefix = (UInt128)0xfe80 << 112;

    private readonly PrefixPreservingPermutation? permutation;
    private readonly Dictionary<(RedactedKind, string), Replacement> table = [];
    private readonly HashSet<(RedactedKind, string)> originals = [];
    /// <summary>Fully shown IPv6 unicast originals by their low 24 bits: what a solicited-node address points at.</summary>
    private readonly Dictionary<uint, string> unicastByLow24 = [];
    private readonly Dictionary<uint, uint> low24 = [];
    /// <summary>The low 24 bits of every IPv6 address and MAC of the input, which no stand-in's low 24 bits may be.</summary>
    private readonly HashSet<uint> originalLow24 = [];
    private uint low24Next;
    private readonly Dictionary<(bool LinkLocal, UInt128 Upper), ulong> ipv6Networks = [];
    private int ipv4Next;
    private uint macNext;
    private ulong ipv6NextNetwork;

    public AddressPseudonyms(bool prefixPreserving, byte[]? key = null)
    {
        if (prefixPreserving) permutation = new PrefixPreservingPermutation(key ?? PrefixPreservingPermutation.KeyFrom(null));
    }

    /// <summary>Every replacement made, in the order the originals were first met.</summary>
    public IEnumerable<Replacement> Table => table.Values;

    /// <summary>Notes an address the input holds (a pattern as <see cref="Map"/> takes it).</summary>
    public void Learn(RedactedKind kind, string pattern)
    {
        pattern = pattern.ToLowerInvariant().Replace('x', 'X');
        originals.Add((kind, pattern));
        if (kind is RedactedKind.Ipv6 or RedactedKind.Mac && !pattern.Contains('X'))
        {
            var bits = Convert.ToUInt32(pattern[^6..], 16);
            originalLow24.Add(bits);
            if (kind == RedactedKind.Ipv6 && !pattern.StartsWith("ff", StringComparison.Ordinal) && !Kept(kind, pattern)) unicastByLow24.TryAdd(bits, pattern);
        }
    }

    /// <summary>
    /// The stand-in of an address pattern (hex, X for a nibble not shown), with the same nibbles not shown;
    /// null when the address is kept as it is.
    /// </summary>
    public Replacement? Map(RedactedKind kind, string pattern)
    {
        pattern = pattern.ToLowerInvariant().Replace('x', 'X');
        if (!pattern.Any(char.IsAsciiHexDigit) || Kept(kind, pattern)) return null;
        if (table.TryGetValue((kind, pattern), out var known)) return known;
        var standIn = Mask(StandIn(kind, pattern), pattern);
        var replacement = new Replacement(kind, Printed(kind, pattern), Printed(kind, standIn));
        table[(kind, pattern)] = replacement;
        return replacement;
    }

    /// <summary>
    /// The addresses learned whole (every nibble shown) that get a stand-in, longest first: what undecoded
    /// bytes are searched for (a DHCP offer's, a routing update's, a DNS answer's addresses).
    /// </summary>
    public IEnumerable<(RedactedKind Kind, byte[] Bytes)> WholeOriginals() =>
        originals.Where(o => !o.Item2.Contains('X') && !Kept(o.Item1, o.Item2))
            .Select(o => (o.Item1, Convert.FromHexString(o.Item2))).OrderByDescending(o => o.Item2.Length);

    /// <summary>The pattern of a stand-in handed out already (for writing its nibbles).</summary>
    public string PatternOf(Replacement replacement) => Pattern(replacement.Kind, replacement.Pseudonym);

    private string StandIn(RedactedKind kind, string pattern)
    {
        var value = Convert.FromHexString(pattern.Replace('X', '0'));
        return kind switch
        {
            RedactedKind.Mac => Mac(value),
            RedactedKind.Ipv4 => Ipv4(value),
            _ => Ipv6(value),
        };
    }

    private string Mac(byte[] value)
    {
        if (value is [0x33, 0x33, 0xff, ..]) return "3333ff" + Low24(value.AsSpan(3)).ToString("x6", CultureInfo.InvariantCulture);
        while (true)
        {
            var candidate = "020000" + (++macNext & 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
            if (!originals.Contains((RedactedKind.Mac, candidate))) return candidate;
        }
    }

    private string Ipv4(byte[] value)
    {
        if (permutation is not null) return Convert.ToHexStringLower(permutation.Permute(value));
        while (true)
        {
            var n = ipv4Next++;
            // 254 hosts of each documentation /24, then the benchmarking /15 from 198.18.0.1.
            uint address = n < 3 * 254 ? DocumentationRanges[n / 254] + (uint)(n % 254) + 1 : BenchmarkingRange + (uint)(n - 3 * 254) + 1;
            if (n >= 3 * 254 && address >= BenchmarkingRange + 0x20000)
                throw new RedactionLimitException("the input holds more IPv4 addresses than the documentation and benchmarking ranges (131,832): use prefix-preserving stand-ins");
            var candidate = address.ToString("x8", CultureInfo.InvariantCulture);
            if (!originals.Contains((RedactedKind.Ipv4, candidate))) return candidate;
        }
    }

    private string Ipv6(byte[] value)
    {
        var address = BinaryPrimitives.ReadUInt128BigEndian(value);
        if (IsSolicitedNode(address)) return Hex128(address >> 24 << 24 | Low24(value.AsSpan(13)));
        if (permutation is not null) return Convert.ToHexStringLower(permutation.Permute(value));
        var linkLocal = address >> 118 == 0x3FA; // fe80::/10
        var upper = address >> 24;
        var fresh = false;
        while (true)
        {
            if (fresh || !ipv6Networks.TryGetValue((linkLocal, upper), out var network))
            {
                network = ipv6NextNetwork++;
                if (!fresh) ipv6Networks[(linkLocal, upper)] = network;
            }
            var standIn = (linkLocal ? LinkLocalPrefix : DocumentationPrefix) | (UInt128)network << 24 | Low24(value.AsSpan(13));
            var candidate = Hex128(standIn);
            if (!originals.Contains((RedactedKind.Ipv6, candidate))) return candidate;
            fresh = true; // the stand-in is an address of the input: this one address takes a network of its own
        }
    }

    /// <summary>
    /// The low 24 bits of a stand-in for the low 24 bits of an address: those of the stand-in of the
    /// unicast address that has them, when the input holds one; else taken in turn, the same for the same bits.
    /// </summary>
    private uint Low24(ReadOnlySpan<byte> three)
    {
        var bits = (uint)(three[0] << 16 | three[1] << 8 | three[2]);
        if (permutation is not null && unicastByLow24.TryGetValue(bits, out var unicast) && Map(RedactedKind.Ipv6, unicast) is { } mapped)
        {
            return Convert.ToUInt32(Pattern(RedactedKind.Ipv6, mapped.Pseudonym)[^6..], 16);
        }
        if (low24.TryGetValue(bits, out var standIn)) return standIn;
        do standIn = ++low24Next & 0xFFFFFF;
        while (originalLow24.Contains(standIn) && low24Next < 0x1000000);
        low24[bits] = standIn;
        return standIn;
    }

    /// <summary>ff02::1:ff00:0/104, RFC 4291 §2.7.1.</summary>
    private static bool IsSolicitedNode(UInt128 address) => address >> 24 == ((UInt128)0xff02_0000_0000_0000 << 40 | 0x0000_0001_ff);

    private static string Hex128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Addresses that identify nobody, or whose value is the protocol's meaning, stay as they are.</summary>
    private static bool Kept(RedactedKind kind, string pattern)
    {
        if (pattern.Contains('X')) return false;
        var value = Convert.FromHexString(pattern);
        switch (kind)
        {
            case RedactedKind.Mac:
                // A group address (multicast, broadcast) names no interface; nor does the all-zero address of an ARP request.
                return (value[0] & 1) == 1 && value is not [0x33, 0x33, 0xff, ..] || value.All(b => b == 0);
            case RedactedKind.Ipv4:
                var v4 = BinaryPrimitives.ReadUInt32BigEndian(value);
                var isNetmask = (~v4 & (~v4 + 1)) == 0; // ones then zeros: 255.255.255.0, 0.0.0.0, 255.255.255.255
                return isNetmask || v4 >> 24 == 127 || v4 >> 28 == 0xE;
            default:
                var v6 = BinaryPrimitives.ReadUInt128BigEndian(value);
                return v6 <= 1 || v6 >> 120 == 0xFF && !IsSolicitedNode(v6);
        }
    }

    /// <summary>The stand-in's nibbles where the original's were shown, X where they were not.</summary>
    private static string Mask(string standIn, string pattern) =>
        string.Create(pattern.Length, (standIn, pattern), (span, s) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = s.pattern[i] == 'X' ? 'X' : s.standIn[i];
        });

    /// <summary>An address as people print it: 200.X.X.145, 00:0c:XX:…, 2001:db8::1 (or its groups, X where not shown).</summary>
    public static string Printed(RedactedKind kind, string pattern)
    {
        var bytes = Enumerable.Range(0, pattern.Length / 2).Select(i => pattern.Substring(i * 2, 2)).ToList();
        switch (kind)
        {
            case RedactedKind.Mac:
                return string.Join(':', bytes.Select(b => b.Contains('X') ? "XX" : b));
            case RedactedKind.Ipv4:
                return string.Join('.', bytes.Select(b => b.Contains('X') ? "X" : Convert.ToByte(b, 16).ToString(CultureInfo.InvariantCulture)));
            default:
                if (!pattern.Contains('X')) return new IPAddress(Convert.FromHexString(pattern)).ToString();
                return string.Join(':', Enumerable.Range(0, 8).Select(i => pattern.Substring(i * 4, 4)));
        }
    }

    /// <summary>The pattern of a printed address (the inverse of <see cref="Printed"/>).</summary>
    public static string Pattern(RedactedKind kind, string printed)
    {
        switch (kind)
        {
            case RedactedKind.Mac:
                return string.Concat(printed.Split(':').Select(b => b.ToLowerInvariant().Replace('x', 'X')));
            case RedactedKind.Ipv4:
                return string.Concat(printed.Split('.').Select(o => o.Contains('X') ? "XX" : byte.Parse(o, CultureInfo.InvariantCulture).ToString("x2", CultureInfo.InvariantCulture)));
            default:
                return printed.Contains('X') ? printed.Replace(":", "", StringComparison.Ordinal) : Convert.ToHexStringLower(IPAddress.Parse(printed).GetAddressBytes());
        }
    }

    public void Dispose() => permutation?.Dispose();
}
