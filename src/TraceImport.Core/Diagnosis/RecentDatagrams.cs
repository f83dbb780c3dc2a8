using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>What an ICMP error's quote names a datagram by: its addresses, protocol and IP identification.</summary>
public readonly record struct QuoteKey(string Source, string Destination, ulong? Protocol, ulong? Id);

/// <summary>
/// The little of an IPv4 datagram that a quote is matched against and a finding describes: some
/// tens of bytes, where its packet's facts with their decoded checksums are over a kilobyte. A value:
/// the diagnosis remembers one for each of the last tens of thousands of datagrams, and as objects they
/// all outlived the collector's young generation, which then copied every one of them twice.
/// </summary>
public readonly record struct Datagram
{
    public required QuoteKey Key { get; init; }
    public required int Number { get; init; }
    public required SourceSpan Source { get; init; }
    public required string Format { get; init; }
    public ulong? Ttl { get; init; }
    /// <summary>6 for TCP, 17 for UDP, 0 when the datagram's transport header was not read.</summary>
    public byte Transport { get; init; }
    public ulong SourcePort { get; init; }
    public ulong DestinationPort { get; init; }
    public ulong? Seq { get; init; }
    public ulong TcpFlags { get; init; }

    public static Datagram Of(PacketFacts packet, QuoteKey key) => new()
    {
        Key = key,
        Number = packet.Number,
        Source = packet.Source,
        Format = packet.Format,
        Ttl = packet.Ip?.Ttl,
        Transport = packet.Tcp is not null ? (byte)6 : packet.Udp is not null ? (byte)17 : (byte)0,
        SourcePort = packet.Tcp?.SourcePort ?? packet.Udp?.SourcePort ?? 0,
        DestinationPort = packet.Tcp?.DestinationPort ?? packet.Udp?.DestinationPort ?? 0,
        Seq = packet.Tcp?.Seq,
        TcpFlags = packet.Tcp?.Flags ?? 0,
    };

    /// <summary>Facts enough to describe the datagram in a finding (no addresses as bytes, no checksums).</summary>
    public PacketFacts ToFacts() => new()
    {
        Number = Number,
        Source = Source,
        Format = Format,
        Ip = new IpFacts([], [], Key.Source, Key.Destination, Key.Id, Ttl, Key.Protocol, null, null, null),
        Tcp = Transport == 6 ? new TcpFacts(SourcePort, DestinationPort, Seq, null, TcpFlags, null, null) : null,
        Udp = Transport == 17 ? (SourcePort, DestinationPort, null) : null,
    };
}

/// <summary>
/// The most recent IPv4 datagrams of a trace, found by what a quote names. Older ones are
/// forgotten, so memory stays the same however long the trace; address strings are shared
/// between datagrams of the same hosts.
/// </summary>
public sealed class RecentDatagrams(int capacity)
{
    private const int SharedAddressLimit = 65_536;
    private const int FirstRingLength = 1_024;

    // Datagram n (counting from 0) sits at ring[n % ring.Length] while it is one of the last `capacity`; the ring
    // grows to `capacity` as a trace needs it and is then written over, oldest first. A key names its newest
    // datagram by number, and each datagram the one before it with its key, so that a chain stops where it reaches
    // a datagram written over.
    private readonly Dictionary<QuoteKey, long> newestByKey = [];
    private readonly Dictionary<string, string> addresses = [];
    private Datagram[] ring = new Datagram[Math.Min(capacity, FirstRingLength)];
    private long[] earlier = new long[Math.Min(capacity, FirstRingLength)];
    private long remembered;

    /// <summary>How many keys name a remembered datagram: never more than the datagrams remembered, however long the trace.</summary>
    public int Keys => newestByKey.Count;

    public QuoteKey KeyOf(IpFacts ip) => new(Shared(ip.SourceText), Shared(ip.DestinationText), ip.Protocol, ip.Id);

    public void Remember(in Datagram datagram)
    {
        var number = remembered;
        if (number == ring.Length && ring.Length < capacity) Grow();
        var slot = (int)(number % ring.Length);
        if (number >= capacity)
        {
            // The oldest is forgotten: its key names it no longer.
            var oldest = ring[slot].Key;
            if (newestByKey.TryGetValue(oldest, out var newest) && newest == number - capacity) newestByKey.Remove(oldest);
        }
        earlier[slot] = newestByKey.TryGetValue(datagram.Key, out var before) ? before : -1;
        ring[slot] = datagram;
        newestByKey[datagram.Key] = number;
        remembered = number + 1;
    }

    /// <summary>The remembered datagrams with this key, newest first.</summary>
    public IEnumerable<Datagram> Named(QuoteKey key)
    {
        if (!newestByKey.TryGetValue(key, out var number)) yield break;
        for (; number >= 0 && number >= remembered - capacity; number = earlier[number % ring.Length]) yield return ring[number % ring.Length];
    }

    private void Grow()
    {
        // Only before the ring is first written over: datagram n still sits at n.
        var length = (int)Math.Min((long)ring.Length * 2, capacity);
        Array.Resize(ref ring, length);
        Array.Resize(ref earlier, length);
    }

    private string Shared(string address)
    {
        if (addresses.TryGetValue(address, out var shared)) return shared;
        if (addresses.Count < SharedAddressLimit) addresses[address] = address;
        return address;
    }
}
