namespace TraceImport.Diagnosis;

/// <summary>How a connection's client and server were told apart.</summary>
public enum RoleBasis
{
    /// <summary>The side that sent the SYN (or received the SYN-ACK) is the client.</summary>
    Handshake,
    /// <summary>No handshake in the trace: the side that sent data first is taken for the client.</summary>
    FirstSpeaker,
    /// <summary>Neither handshake nor data: the side on the service's (lower) port is taken for the server.</summary>
    Port,
}

/// <summary>
/// One direction of a TCP connection: what its sender did (handshake, data, close) and the state Wireshark's
/// sequence analysis keeps for it. A fixed set of fields and a bounded list, however long the connection.
/// </summary>
public sealed class TcpFlow
{
    public required string Address { get; init; }
    public required ulong Port { get; init; }
    public string Endpoint => PacketFacts.Endpoint(Address, Port);

    public int Packets { get; internal set; }
    public long Bytes { get; internal set; }
    /// <summary>The first SYN without ACK, or the first SYN-ACK, this side sent.</summary>
    public PacketFacts? Syn { get; internal set; }
    public PacketFacts? SynAck { get; internal set; }
    public PacketFacts? FirstData { get; internal set; }
    public PacketFacts? LastData { get; internal set; }
    public PacketFacts? FirstFin { get; internal set; }
    public PacketFacts? FirstReset { get; internal set; }
    public PacketFacts? LastPacket { get; internal set; }
    /// <summary>The response code and text of this side's first data, where its protocol has them ("221 Goodbye").</summary>
    public string? FirstWords { get; internal set; }
    /// <summary>The IP TTL (or hop limit) of this side's first packet: a reset that arrives with another came from elsewhere.</summary>
    public ulong? FirstTtl { get; internal set; }
    public ulong? Mss { get; internal set; }
    public int SynsSent { get; internal set; }
    /// <summary>The largest data segment this side sent, and the largest the other side acknowledged in one piece.</summary>
    public int LargestSegment { get; internal set; }
    public int LargestAcknowledged { get; internal set; }
    /// <summary>Segments whose sequence numbers, flags, lengths or window were not shown, so that the analysis passed them by.</summary>
    public int Unanalysed { get; internal set; }
    public FirstFew<int> WindowZero { get; } = new(TcpConversation.ListedLimit);
    public PacketFacts? WindowReopened { get; internal set; }

    public UnacknowledgedSegments Unacknowledged { get; } = new();

    // Wireshark's per-direction analysis state (its tcp_flow_t and tcp_analyze_seq_flow_info_t).
    internal bool BaseSet;
    internal uint BaseSeq;
    internal uint NextSeq;
    internal int NextSeqFrame;
    internal long? NextSeqTime;
    internal uint MaxSeqToBeAcked;
    internal uint LastAck;
    internal long? LastAckTime;
    internal uint Window;
    internal bool WindowSeen;
    internal bool WindowFromSyn;
    /// <summary>-1 not known (no SYN seen), -2 not used, else the shift the peer applies to this side's windows.</summary>
    internal int WindowScale = -1;
    internal TcpAnalysisFlags LastSegmentFlags;
    internal int DupAckNum;
    internal int LastNonDupAck;
    internal int MultipathOptionsSeen;
}

/// <summary>
/// One TCP connection as it is read: both directions, who is client and who server, the handshake and its round
/// trip, and each segment's sequence analysis. It remembers a bounded number of packets, not all of them.
/// </summary>
public sealed class TcpConversation
{
    /// <summary>How many packets, retransmissions or silences a conversation lists by number.</summary>
    public const int ListedLimit = 100;

    /// <summary>A gap this long between two packets of one connection is worth a line.</summary>
    public const double SilenceSeconds = 10.0;

    public required TcpFlow First { get; init; }
    public required TcpFlow Second { get; init; }

    /// <summary>The connection this one reused the ports of, when it began with a new SYN on them.</summary>
    public TcpConversation? Previous { get; init; }

    public FirstFew<PacketRef> Packets { get; } = new(ListedLimit);
    public FirstFew<(double Seconds, int Before)> Silences { get; } = new(ListedLimit);
    public PacketFacts? HandshakeAck { get; private set; }
    public PacketFacts? FirstPacket { get; private set; }
    public PacketFacts? LastPacket { get; private set; }
    /// <summary>Packets whose SYN, ACK, FIN or RST bits the text did not show.</summary>
    public int FlagsUnknown { get; private set; }
    public int SentAgain { get; private set; }

    /// <summary>Nanoseconds from the SYN to the ACK that completed the handshake (Wireshark's iRTT), where the times are known.</summary>
    public long? FirstRoundTrip { get; private set; }

    internal int MultipathOptions;
    private long? lastSynTime;

    // Roles ------------------------------------------------------------------------------------------------

    public RoleBasis RoleBasis => ClientFlowAndBasis().Basis;
    public TcpFlow ClientFlow => ClientFlowAndBasis().Client;
    public TcpFlow ServerFlow => ClientFlow == First ? Second : First;

    public string ClientAddress => ClientFlow.Address;
    public ulong ClientPort => ClientFlow.Port;
    public string ServerAddress => ServerFlow.Address;
    public ulong ServerPort => ServerFlow.Port;
    public string Client => ClientFlow.Endpoint;
    public string Server => ServerFlow.Endpoint;

    public PacketFacts? Syn => ClientFlow.Syn;
    public PacketFacts? SynAck => ServerFlow.SynAck;
    public PacketFacts? FirstClientData => ClientFlow.FirstData;
    public PacketFacts? FirstServerData => ServerFlow.FirstData;
    public string? FirstServerWords => ServerFlow.FirstWords;
    public PacketFacts? FirstClientClose => Earlier(ClientFlow.FirstFin, ClientFlow.FirstReset);
    public PacketFacts? FirstServerClose => Earlier(ServerFlow.FirstFin, ServerFlow.FirstReset);
    public PacketFacts? FirstReset => Earlier(ClientFlow.FirstReset, ServerFlow.FirstReset);
    public long ClientBytes => ClientFlow.Bytes;
    public long ServerBytes => ServerFlow.Bytes;
    public bool HandshakeComplete => Syn is not null && SynAck is not null && HandshakeAck is not null;

    public bool FromClient(PacketFacts packet) => packet.Ip!.SourceText == ClientAddress && packet.Tcp!.SourcePort == ClientPort;

    public string Protocol => Decoding.Bindings.TcpServerProtocol(ServerPort)?.ToUpperInvariant() ?? $"port {ServerPort}";

    /// <summary>
    /// The client sent the SYN (or received the SYN-ACK); without a handshake, it spoke first; without data either,
    /// it is on the higher port, or the one no service is known on.
    /// </summary>
    private (TcpFlow Client, RoleBasis Basis) ClientFlowAndBasis()
    {
        if (First.Syn is not null || Second.SynAck is not null) return (First, RoleBasis.Handshake);
        if (Second.Syn is not null || First.SynAck is not null) return (Second, RoleBasis.Handshake);
        if (First.FirstData is { } a && (Second.FirstData is not { } b || a.Number < b.Number)) return (First, RoleBasis.FirstSpeaker);
        if (Second.FirstData is not null) return (Second, RoleBasis.FirstSpeaker);
        return (ServiceSide(Second.Port, First.Port) ? First : Second, RoleBasis.Port);
    }

    /// <summary>Whether <paramref name="port"/> rather than <paramref name="other"/> is the service's.</summary>
    private static bool ServiceSide(ulong port, ulong other)
    {
        var known = Decoding.Bindings.TcpServerProtocol(port) is not null;
        var otherKnown = Decoding.Bindings.TcpServerProtocol(other) is not null;
        if (known != otherKnown) return known;
        return port < other;
    }

    private static PacketFacts? Earlier(PacketFacts? a, PacketFacts? b) => a is null ? b : b is null ? a : a.Number <= b.Number ? a : b;

    // Observation ------------------------------------------------------------------------------------------

    internal (TcpFlow Sender, TcpFlow Receiver) Flows(PacketFacts packet) =>
        packet.Ip!.SourceText == First.Address && packet.Tcp!.SourcePort == First.Port ? (First, Second) : (Second, First);

    internal TcpSegmentAnalysis Observe(ObservedPacket observed)
    {
        var packet = observed.Facts;
        var tcp = packet.Tcp!;
        var (sender, receiver) = Flows(packet);
        var analysis = new TcpSegmentAnalysis { Conversation = this, Sender = sender };

        Packets.Add(packet.Ref(""));
        if (LastPacket is not null && PacketFacts.Seconds(LastPacket, packet) is { } gap && gap >= SilenceSeconds) Silences.Add((gap, packet.Number));
        FirstPacket ??= packet;
        LastPacket = packet;
        sender.LastPacket = packet;
        sender.Packets++;
        sender.FirstTtl ??= packet.Ip!.Ttl;
        if (!tcp.FlagsKnown) FlagsUnknown++;

        if (tcp.Syn && !tcp.HasAck)
        {
            sender.Syn ??= packet;
            sender.SynsSent++;
            lastSynTime = packet.Time?.UnixNanoseconds;
        }
        if (tcp.Syn && tcp.HasAck) sender.SynAck ??= packet;
        if (tcp.Syn && tcp.Mss is { } mss) sender.Mss ??= mss;
        if (receiver.SynAck is not null && tcp.HasAck && !tcp.Syn) HandshakeAck ??= packet;
        if (tcp.Fin) sender.FirstFin ??= packet;
        if (tcp.Rst) sender.FirstReset ??= packet;

        TcpSequenceAnalysis.Analyze(this, sender, receiver, packet, analysis);
        // Wireshark's iRTT: from the most recent SYN to the first segment with ACK and without SYN after it, taken once
        // the segment has been analysed.
        if (tcp.FlagsKnown && tcp.HasAck && !tcp.Syn && lastSynTime is { } synTime && FirstRoundTrip is null && packet.Time is { } now)
            FirstRoundTrip = now.UnixNanoseconds - synTime;
        // Counted after the analysis, as Wireshark counts an option when it dissects it, after the sequence analysis.
        if (tcp.MultipathSignal) MultipathOptions++;
        if (analysis.SentAgain) SentAgain++;
        if ((analysis.Flags & TcpAnalysisFlags.ZeroWindow) != 0) sender.WindowZero.Add(packet.Number);
        else if (sender.WindowZero.Count > 0 && sender.WindowReopened is null && tcp.Window is > 0 && !tcp.Rst && !tcp.Fin) sender.WindowReopened = packet;

        if (tcp.PayloadLength is not { } length || length <= 0) return analysis;
        if (sender.FirstData is null)
        {
            sender.FirstData = packet;
            sender.FirstWords = Words(observed);
        }
        sender.LastData = packet;
        sender.LargestSegment = Math.Max(sender.LargestSegment, length);
        if (!analysis.SentAgain) sender.Bytes += length;
        return analysis;
    }

    private static string? Words(ObservedPacket packet)
    {
        var words = packet.Decode.AllFields().Select(f => f.Field)
            .Where(f => f.Name.EndsWith(".response.code") || f.Name.EndsWith(".response.arg")).Select(f => f.Value).ToList();
        return words.Count > 0 ? string.Join(' ', words) : null;
    }
}

/// <summary>The TCP connections of a trace, keyed by their two endpoints; a SYN with a new initial sequence number on the same ports starts a new one.</summary>
public sealed class TcpConversations
{
    private readonly Dictionary<(string, ulong, string, ulong), TcpConversation> byEndpoints = [];
    private readonly List<TcpConversation> inOrder = [];

    public IReadOnlyCollection<TcpConversation> All => inOrder;

    public void Observe(ObservedPacket observed)
    {
        if (observed.Facts is not { Ip: { } ip, Tcp: { } tcp }) return;
        var a = (ip.SourceText, tcp.SourcePort);
        var b = (ip.DestinationText, tcp.DestinationPort);
        var key = Ordered(a, b) ? (a.SourceText, a.SourcePort, b.DestinationText, b.DestinationPort) : (b.DestinationText, b.DestinationPort, a.SourceText, a.SourcePort);
        var reused = false;
        if (byEndpoints.TryGetValue(key, out var conversation) && tcp is { Syn: true, HasAck: false, Seq: { } seq })
        {
            // Wireshark's rule: a SYN whose sequence number is not where this direction began opens a new connection on the same ports.
            var (sender, _) = conversation.Flows(observed.Facts);
            if (sender.BaseSet && (uint)seq != sender.BaseSeq) reused = true;
        }
        if (conversation is null || reused)
        {
            conversation = new TcpConversation
            {
                First = new TcpFlow { Address = ip.SourceText, Port = tcp.SourcePort },
                Second = new TcpFlow { Address = ip.DestinationText, Port = tcp.DestinationPort },
                Previous = conversation,
            };
            byEndpoints[key] = conversation;
            inOrder.Add(conversation);
        }
        // A SYN-ACK with another initial sequence number than the one its side began with answers a SYN on reused ports
        // that the capture missed: Wireshark marks it so and counts that side's numbers from it.
        var synAckReused = false;
        if (!reused && tcp is { Syn: true, HasAck: true, Seq: { } isn })
        {
            var (sender, _) = conversation.Flows(observed.Facts);
            if (sender.BaseSet && (uint)isn != sender.BaseSeq)
            {
                sender.BaseSeq = (uint)isn;
                synAckReused = true;
            }
        }
        var analysis = conversation.Observe(observed);
        if (reused || synAckReused) analysis.Flags |= TcpAnalysisFlags.ReusedPorts;
        observed.Tcp = analysis;
    }

    private static bool Ordered((string Address, ulong Port) a, (string Address, ulong Port) b)
    {
        var byAddress = string.CompareOrdinal(a.Address, b.Address);
        return byAddress < 0 || byAddress == 0 && a.Port <= b.Port;
    }
}
