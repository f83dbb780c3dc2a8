using TraceImport.Model;

namespace TraceImport.Diagnosis;

/// <summary>What an ICMP error's quote names a datagram by: its addresses, protocol and IP identification.</summary>
public readonly record struct QuoteKey(string Source, string Destination, ulong? Protocol, ulong? Id);

/// <summary>
/// The little of an IPv4 datagram that a quote is matched against and a finding describes: some
/// tens of bytes, where its packet's facts with their decoded checksums are over a kilobyte.
/// </summary>
public sealed class Datagram
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

    /// <summary>The datagram before this one with the same key, while it is remembered.</summary>
    internal Datagram? Earlier { get; set; }

    internal bool Forgotten { get; set; }

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

    private readonly Dictionary<QuoteKey, Datagram> newestByKey = [];
    private readonly Queue<Datagram> inOrder = new();
    private readonly Dictionary<string, string> addresses = [];

    public QuoteKey KeyOf(IpFacts ip) => new(Shared(ip.SourceText), Shared(ip.DestinationText), ip.Protocol, ip.Id);

    public void Remember(Datagram datagram)
    {
        if (newestByKey.TryGetValue(datagram.Key, out var earlier)) datagram.Earlier = earlier;
        newestByKey[datagram.Key] = datagram;
        inOrder.Enqueue(datagram);
        if (inOrder.Count <= capacity) return;
        var oldest = inOrder.Dequeue();
        oldest.Forgotten = true;
        oldest.Earlier = null;
        if (newestByKey.TryGetValue(oldest.Key, out var newest) && newest == oldest) newestByKey.Remove(oldest.Key);
    }

    /// <summary>The remembered datagrams with this key, newest first.</summary>
    public IEnumerable<Datagram> Named(QuoteKey key)
    {
        for (var d = newestByKey.GetValueOrDefault(key); d is { Forgotten: false }; d = d.Earlier) yield return d;
    }

    private string Shared(string address)
    {
        if (addresses.TryGetValue(address, out var shared)) return shared;
        if (addresses.Count < SharedAddressLimit) addresses[address] = address;
        return address;
    }
}
