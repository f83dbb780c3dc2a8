namespace TraceImport.Diagnosis;

/// <summary>
/// One TCP connection as it is read: its handshake, the first data and close each way, byte
/// counts, retransmissions and silences. It remembers a bounded number of packets, not all of them.
/// </summary>
public sealed class TcpConversation
{
    /// <summary>How many packets, retransmissions or silences a conversation lists by number.</summary>
    public const int ListedLimit = 100;

    /// <summary>A gap this long between two packets of one connection is worth a line.</summary>
    public const double SilenceSeconds = 10.0;

    public required string ClientAddress { get; init; }
    public required ulong ClientPort { get; init; }
    public required string ServerAddress { get; init; }
    public required ulong ServerPort { get; init; }

    public FirstFew<PacketRef> Packets { get; } = new(ListedLimit);
    public PacketFacts? Syn { get; private set; }
    public PacketFacts? SynAck { get; private set; }
    public PacketFacts? HandshakeAck { get; private set; }
    public PacketFacts? FirstClientData { get; private set; }
    public PacketFacts? FirstServerData { get; private set; }

    /// <summary>The response code and text of the server's first data, where its protocol has them ("221 Goodbye").</summary>
    public string? FirstServerWords { get; private set; }

    public PacketFacts? FirstClientClose { get; private set; }
    public PacketFacts? FirstServerClose { get; private set; }
    public PacketFacts? FirstReset { get; private set; }
    public long ClientBytes { get; private set; }
    public long ServerBytes { get; private set; }
    public FirstFew<int> Retransmissions { get; } = new(ListedLimit);
    public FirstFew<(double Seconds, int Before)> Silences { get; } = new(ListedLimit);

    private PacketFacts? last;
    private uint? clientSentUpTo;
    private uint? serverSentUpTo;

    public string Client => PacketFacts.Endpoint(ClientAddress, ClientPort);
    public string Server => PacketFacts.Endpoint(ServerAddress, ServerPort);
    public bool HandshakeComplete => Syn is not null && SynAck is not null && HandshakeAck is not null;

    public bool FromClient(PacketFacts packet) => packet.Ip!.SourceText == ClientAddress && packet.Tcp!.SourcePort == ClientPort;

    public string Protocol => Decoding.Bindings.TcpServerProtocol(ServerPort)?.ToUpperInvariant() ?? $"port {ServerPort}";

    internal void Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        var tcp = packet.Tcp!;
        var client = FromClient(packet);
        Packets.Add(packet.Ref(""));
        if (last is not null && PacketFacts.Seconds(last, packet) is { } gap && gap >= SilenceSeconds) Silences.Add((gap, packet.Number));
        last = packet;

        if (client && tcp.Syn && !tcp.HasAck) Syn ??= packet;
        if (!client && tcp.Syn && tcp.HasAck) SynAck ??= packet;
        if (client && SynAck is not null && tcp.HasAck && !tcp.Syn) HandshakeAck ??= packet;
        if (tcp.Rst) FirstReset ??= packet;
        if (tcp.Fin || tcp.Rst)
        {
            if (client) FirstClientClose ??= packet;
            else FirstServerClose ??= packet;
        }
        if (tcp.PayloadLength is not { } length || length <= 0) return;
        if (client)
        {
            FirstClientData ??= packet;
            ClientBytes += length;
        }
        else
        {
            if (FirstServerData is null)
            {
                FirstServerData = packet;
                FirstServerWords = Words(observed);
            }
            ServerBytes += length;
        }
        if (tcp.Seq is { } seq && Retransmitted(ref client ? ref clientSentUpTo : ref serverSentUpTo, (uint)seq, length)) Retransmissions.Add(packet.Number);
    }

    /// <summary>
    /// Data that ends at or before the furthest sequence number already sent that way is sent again
    /// (a one-byte keep-alive just below it is not). Only the furthest point is kept, so the
    /// conversation's state stays the same size however long it runs.
    /// </summary>
    private static bool Retransmitted(ref uint? sentUpTo, uint seq, int length)
    {
        var end = unchecked(seq + (uint)length);
        if (sentUpTo is not { } furthest)
        {
            sentUpTo = end;
            return false;
        }
        var behind = unchecked((int)(end - furthest)) <= 0;
        var keepAlive = length == 1 && unchecked(furthest - seq) == 1;
        if (!behind) sentUpTo = end;
        return behind && !keepAlive;
    }

    private static string? Words(ObservedPacket packet)
    {
        var words = packet.Decode.AllFields().Select(f => f.Field)
            .Where(f => f.Name.EndsWith(".response.code") || f.Name.EndsWith(".response.arg")).Select(f => f.Value).ToList();
        return words.Count > 0 ? string.Join(' ', words) : null;
    }
}

/// <summary>The TCP connections of a trace, keyed by their two endpoints.</summary>
public sealed class TcpConversations
{
    private readonly Dictionary<(string, ulong, string, ulong), TcpConversation> byEndpoints = [];
    private readonly List<TcpConversation> inOrder = [];

    public IReadOnlyCollection<TcpConversation> All => inOrder;

    /// <summary>The client is the side that sent the SYN, else the side with the higher port.</summary>
    public void Observe(ObservedPacket observed)
    {
        if (observed.Facts is not { Ip: { } ip, Tcp: { } tcp }) return;
        var a = (ip.SourceText, tcp.SourcePort);
        var b = (ip.DestinationText, tcp.DestinationPort);
        var key = Ordered(a, b) ? (a.SourceText, a.SourcePort, b.DestinationText, b.DestinationPort) : (b.DestinationText, b.DestinationPort, a.SourceText, a.SourcePort);
        if (!byEndpoints.TryGetValue(key, out var conversation))
        {
            var sourceIsClient = tcp.Syn && !tcp.HasAck || !(tcp.Syn && tcp.HasAck) && tcp.SourcePort > tcp.DestinationPort;
            conversation = sourceIsClient
                ? new TcpConversation { ClientAddress = ip.SourceText, ClientPort = tcp.SourcePort, ServerAddress = ip.DestinationText, ServerPort = tcp.DestinationPort }
                : new TcpConversation { ClientAddress = ip.DestinationText, ClientPort = tcp.DestinationPort, ServerAddress = ip.SourceText, ServerPort = tcp.SourcePort };
            byEndpoints[key] = conversation;
            inOrder.Add(conversation);
        }
        conversation.Observe(observed);
    }

    private static bool Ordered((string Address, ulong Port) a, (string Address, ulong Port) b)
    {
        var byAddress = string.CompareOrdinal(a.Address, b.Address);
        return byAddress < 0 || byAddress == 0 && a.Port <= b.Port;
    }
}
