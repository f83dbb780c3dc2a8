namespace TraceImport.Diagnosis;

/// <summary>The packets of one TCP connection, with its handshake, data each way and close.</summary>
public sealed class TcpConversation
{
    public required string ClientAddress { get; init; }
    public required ulong ClientPort { get; init; }
    public required string ServerAddress { get; init; }
    public required ulong ServerPort { get; init; }
    public List<PacketFacts> Packets { get; } = [];

    public string Client => PacketFacts.Endpoint(ClientAddress, ClientPort);
    public string Server => PacketFacts.Endpoint(ServerAddress, ServerPort);

    public bool FromClient(PacketFacts packet) => packet.Ip!.SourceText == ClientAddress && packet.Tcp!.SourcePort == ClientPort;

    public PacketFacts? Syn => Packets.FirstOrDefault(p => FromClient(p) && p.Tcp!.Syn && !p.Tcp.HasAck);
    public PacketFacts? SynAck => Packets.FirstOrDefault(p => !FromClient(p) && p.Tcp!.Syn && p.Tcp.HasAck);
    public PacketFacts? HandshakeAck => SynAck is { } synAck ? Packets.FirstOrDefault(p => FromClient(p) && p.Number > synAck.Number && p.Tcp!.HasAck && !p.Tcp.Syn) : null;
    public bool HandshakeComplete => Syn is not null && SynAck is not null && HandshakeAck is not null;

    public IEnumerable<PacketFacts> DataFrom(bool client) => Packets.Where(p => FromClient(p) == client && p.Tcp!.PayloadLength > 0);
    public int BytesFrom(bool client) => DataFrom(client).Sum(p => p.Tcp!.PayloadLength ?? 0);
    public PacketFacts? FirstClose(bool client) => Packets.FirstOrDefault(p => FromClient(p) == client && (p.Tcp!.Fin || p.Tcp.Rst));

    public string Protocol => Decoding.Protocols.Tcp.TextProtocolPorts.TryGetValue((int)ServerPort, out var name) ? name.ToUpperInvariant() : $"port {ServerPort}";

    /// <summary>Groups the TCP packets by connection; the client is the side that sent the SYN, else the side with the higher port.</summary>
    public static List<TcpConversation> Of(IReadOnlyList<PacketFacts> packets)
    {
        var conversations = new Dictionary<string, TcpConversation>();
        foreach (var packet in packets.Where(p => p.Ip is not null && p.Tcp is not null))
        {
            var (ip, tcp) = (packet.Ip!, packet.Tcp!);
            var a = PacketFacts.Endpoint(ip.SourceText, tcp.SourcePort);
            var b = PacketFacts.Endpoint(ip.DestinationText, tcp.DestinationPort);
            var key = string.CompareOrdinal(a, b) < 0 ? $"{a} {b}" : $"{b} {a}";
            if (!conversations.TryGetValue(key, out var conversation))
            {
                var sourceIsClient = tcp.Syn && !tcp.HasAck || !(tcp.Syn && tcp.HasAck) && tcp.SourcePort > tcp.DestinationPort;
                conversation = sourceIsClient
                    ? new TcpConversation { ClientAddress = ip.SourceText, ClientPort = tcp.SourcePort, ServerAddress = ip.DestinationText, ServerPort = tcp.DestinationPort }
                    : new TcpConversation { ClientAddress = ip.DestinationText, ClientPort = tcp.DestinationPort, ServerAddress = ip.SourceText, ServerPort = tcp.SourcePort };
                conversations[key] = conversation;
            }
            conversation.Packets.Add(packet);
        }
        return conversations.Values.ToList();
    }

    public static double? Seconds(PacketFacts from, PacketFacts to) =>
        from.Packet.Time is { } a && to.Packet.Time is { } b ? (b.UnixNanoseconds - a.UnixNanoseconds) / 1e9 : null;
}
