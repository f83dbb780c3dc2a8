namespace TraceImport.Diagnosis;

/// <summary>How a connection's client and server were told apart.</summary>
public enum RoleBasis
{
    /// <summary>The side that sent the SYN (or received the SYN-ACK) is the client.</summary>
    Handshake,
    /// <summary>No handshake in the trace, but data both ways: the side that spoke first is taken for the client (the one greeted first, for a service that greets).</summary>
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
    /// <summary>The sequence number of this side's first data: the origin of <see cref="dataSent"/>.</summary>
    private uint? dataOrigin;
    /// <summary>The stretches of sequence space this side's captured segments carried, from <see cref="dataOrigin"/>, sorted and merged.</summary>
    private readonly List<(long Start, long End)> dataSent = [];
    /// <summary>How many separate stretches are kept: past that, the two lowest are merged (a hole that old is not filled any more).</summary>
    private const int KeptStretches = 64;

    /// <summary>
    /// How many bytes of a data segment no earlier captured segment of this side carried: data sent again is not new,
    /// whether the analysis calls it a retransmission or, cut into other sizes, out of order, and a segment held back
    /// and overtaken is. Without a sequence number, a segment is new unless the analysis says it was sent again.
    /// </summary>
    internal long NewBytes(ulong? seq, bool syn, int length, bool sentAgain)
    {
        if (seq is not { } number) return sentAgain ? 0 : length;
        var first = (uint)number + (syn ? 1u : 0u); // a SYN's data follows the sequence number the SYN takes
        dataOrigin ??= first;
        long start = (int)(first - dataOrigin.Value), end = start + length;
        long carried = 0;
        var at = 0;
        while (at < dataSent.Count && dataSent[at].End < start) at++;
        // Merge the stretches the segment touches into one, counting the bytes they already held.
        var merged = (Start: start, End: end);
        while (at < dataSent.Count && dataSent[at].Start <= end)
        {
            var (s, e) = dataSent[at];
            carried += Math.Max(0, Math.Min(e, end) - Math.Max(s, start));
            merged = (Math.Min(merged.Start, s), Math.Max(merged.End, e));
            dataSent.RemoveAt(at);
        }
        dataSent.Insert(at, merged);
        if (dataSent.Count > KeptStretches)
        {
            dataSent[1] = (dataSent[0].Start, dataSent[1].End);
            dataSent.RemoveAt(0);
        }
        return length - carried;
    }
    /// <summary>The first SYN without ACK, or the first SYN-ACK, this side sent.</summary>
    public PacketFacts? Syn { get; internal set; }
    public PacketFacts? SynAck { get; internal set; }
    public PacketFacts? FirstData { get; internal set; }
    public PacketFacts? LastData { get; internal set; }
    public PacketFacts? FirstFin { get; internal set; }
    public PacketFacts? FirstReset { get; internal set; }
    /// <summary>How many resets this side sent.</summary>
    public int Resets { get; internal set; }
    /// <summary>This side's last packet before its first reset.</summary>
    public PacketFacts? BeforeReset { get; internal set; }
    /// <summary>This side's first packet other than a reset after its first reset: a host that reset a connection sends nothing more on it.</summary>
    public PacketFacts? FirstAfterReset { get; internal set; }
    /// <summary>How many packets other than resets this side sent after its first reset.</summary>
    public int SentAfterReset { get; internal set; }
    public PacketFacts? LastPacket { get; internal set; }
    /// <summary>The response code and text of this side's first data, where its protocol has them ("221 Goodbye").</summary>
    public string? FirstWords { get; internal set; }
    /// <summary>The IP TTL (or hop limit) of this side's first packet: a reset that arrives with another came from elsewhere.</summary>
    public ulong? FirstTtl { get; internal set; }
    public ulong? Mss { get; internal set; }
    public int SynsSent { get; internal set; }
    /// <summary>The largest data segment this side sent.</summary>
    public int LargestSegment { get; internal set; }
    /// <summary>Segments whose sequence numbers, flags, lengths or window were not shown, so that the analysis passed them by.</summary>
    public int Unanalysed { get; internal set; }

    /// <summary>How many of this side's segments carried each analysis flag (indexed by the flag's bit).</summary>
    public int[] Flagged { get; } = new int[16];
    public int Count(TcpAnalysisFlags flag) => Flagged[System.Numerics.BitOperations.Log2((uint)flag)];

    /// <summary>This side's receive window closed (0): how often, for how long in all and at most, the first time and the first reopening.</summary>
    public ZeroWindowSpells ZeroWindow { get; } = new();

    /// <summary>Full-size data sent again by the timer, then smaller, then acknowledged: a path that drops large packets.</summary>
    public ShrinkingResends Shrinking { get; } = new();

    /// <summary>This side's latest data not yet answered by data from the other side, and the slowest answer it got.</summary>
    public PacketFacts? AwaitingAnswer { get; internal set; }
    public (PacketFacts Request, PacketFacts Answer, double Seconds)? SlowestAnswer { get; internal set; }

    /// <summary>The highest acknowledgement number this side sent (the other side's data it has received).</summary>
    public uint? HighestAck { get; internal set; }

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

    /// <summary>"the client 10.0.0.1:40000" or "the server 10.0.0.2:80", as this connection's roles say.</summary>
    public string Name(TcpFlow flow) => $"the {Role(flow)} {flow.Endpoint}";

    public string Role(TcpFlow flow) => flow == ClientFlow ? "client" : "server";

    public TcpFlow Peer(TcpFlow flow) => flow == First ? Second : First;

    public bool FromClient(PacketFacts packet) => packet.Ip!.SourceText == ClientAddress && packet.Tcp!.SourcePort == ClientPort;

    public string Protocol => Decoding.Bindings.TcpServerProtocol(ServerPort)?.ToUpperInvariant() ?? $"port {ServerPort}";

    /// <summary>
    /// The client sent the SYN (or received the SYN-ACK). Without a handshake, where both sides exchanged data, it is
    /// the side that spoke first (the side answered first, for a service that greets its clients). Otherwise it is on
    /// the higher port, or the one no service is known on.
    /// </summary>
    private (TcpFlow Client, RoleBasis Basis) ClientFlowAndBasis()
    {
        if (First.Syn is not null || Second.SynAck is not null) return (First, RoleBasis.Handshake);
        if (Second.Syn is not null || First.SynAck is not null) return (Second, RoleBasis.Handshake);
        if (First.FirstData is { } a && Second.FirstData is { } b)
        {
            var speaker = a.Number < b.Number ? First : Second;
            var other = speaker == First ? Second : First;
            var greeted = Rules.ServerGreetingRule.SpeaksFirst(speaker.Port) && !Rules.ServerGreetingRule.SpeaksFirst(other.Port);
            return (greeted ? other : speaker, RoleBasis.FirstSpeaker);
        }
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
        if (sender.LastPacket is { Ip.Id: { } id, Tcp: { } before } previous && packet.Ip!.Id == id && previous.Interface != packet.Interface
            && before.Seq == tcp.Seq && before.Ack == tcp.Ack && before.Flags == tcp.Flags && before.PayloadLength == tcp.PayloadLength)
            analysis.SeenBefore = previous.Number;
        if (tcp.Rst)
        {
            if (sender.FirstReset is null) sender.BeforeReset = sender.LastPacket;
            sender.Resets++;
        }
        else if (sender.FirstReset is not null)
        {
            sender.FirstAfterReset ??= packet;
            sender.SentAfterReset++;
        }
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
        for (var bit = 0; bit < sender.Flagged.Length; bit++)
        {
            if (((int)analysis.Flags & (1 << bit)) != 0) sender.Flagged[bit]++;
        }
        if (tcp.FlagsKnown && tcp.HasAck && tcp.Ack is { } acknowledged)
        {
            if (sender.HighestAck is not { } highest || (int)((uint)acknowledged - highest) > 0) sender.HighestAck = (uint)acknowledged;
            receiver.Shrinking.Acknowledged((uint)acknowledged, packet);
        }
        receiver.ZeroWindow.PeerSent(analysis.Flags);
        if (tcp.Window is { } window && tcp.FlagsKnown && !tcp.Syn && !tcp.Rst && !tcp.Fin) sender.ZeroWindow.Advertised(window, analysis.Window, packet);
        // Wireshark's iRTT: from the most recent SYN to the first segment with ACK and without SYN after it, taken once
        // the segment has been analysed.
        if (tcp.FlagsKnown && tcp.HasAck && !tcp.Syn && lastSynTime is { } synTime && FirstRoundTrip is null && packet.Time is { } now)
            FirstRoundTrip = now.UnixNanoseconds - synTime;
        // Counted after the analysis, as Wireshark counts an option when it dissects it, after the sequence analysis.
        if (tcp.MultipathSignal) MultipathOptions++;
        if (analysis.SentAgain) SentAgain++;

        if (tcp.PayloadLength is not { } length || length <= 0) return analysis;
        if (sender.FirstData is null)
        {
            sender.FirstData = packet;
            sender.FirstWords = Words(observed);
        }
        sender.LastData = packet;
        if (tcp.Seq is { } dataSeq) sender.Shrinking.Sent((uint)dataSeq, length, analysis, sender.LargestSegment, packet);
        sender.LargestSegment = Math.Max(sender.LargestSegment, length);
        // Bytes count new data: a copy sent again, or a keep-alive's old byte, adds none.
        if ((analysis.Flags & TcpAnalysisFlags.KeepAlive) == 0) sender.Bytes += sender.NewBytes(tcp.Seq, tcp.Syn, length, analysis.SentAgain);
        if (analysis.SentAgain) return analysis;
        if (receiver.AwaitingAnswer is { } request)
        {
            if (PacketFacts.Seconds(request, packet) is { } seconds && (receiver.SlowestAnswer is not { } slowest || seconds > slowest.Seconds))
                receiver.SlowestAnswer = (request, packet, seconds);
            receiver.AwaitingAnswer = null;
        }
        // An answer is timed from the request's last segment: the other side cannot answer before it has it all.
        sender.AwaitingAnswer = packet;
        return analysis;
    }

    private static string? Words(ObservedPacket packet)
    {
        var words = packet.Fields.Select(f => f.Field)
            .Where(f => f.Name.EndsWith(".response.code", StringComparison.Ordinal) || f.Name.EndsWith(".response.arg", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        return words.Count > 0 ? string.Join(' ', words) : null;
    }
}

/// <summary>The spells during which one side's receive window stayed closed (0), timed from its own packets.</summary>
public sealed class ZeroWindowSpells
{
    public int Spells { get; private set; }
    public PacketFacts? FirstClosed { get; private set; }
    public PacketFacts? FirstReopened { get; private set; }
    /// <summary>The packet that closed the window this time, while it is closed.</summary>
    public PacketFacts? ClosedSince { get; private set; }
    public double ClosedSeconds { get; private set; }
    public double LongestSeconds { get; private set; }
    /// <summary>The window the first reopening offered: in bytes where the handshake said how to scale it.</summary>
    public ulong FirstReopening { get; private set; }
    /// <summary>The other side's probes (or keep-alives) sent while the window was closed.</summary>
    public int ProbesWhileClosed { get; private set; }
    /// <summary>The other side's segments sent again by its timer while the window was closed.</summary>
    public int ResentWhileClosed { get; private set; }

    /// <summary>Counts what the other side did while this side's window was closed: before or after, it is not the closing's doing.</summary>
    internal void PeerSent(TcpAnalysisFlags flags)
    {
        if (ClosedSince is null) return;
        if ((flags & (TcpAnalysisFlags.ZeroWindowProbe | TcpAnalysisFlags.KeepAlive)) != 0) ProbesWhileClosed++;
        if ((flags & TcpAnalysisFlags.Retransmission) != 0) ResentWhileClosed++;
    }

    /// <param name="scaled">The window in bytes, where the handshake said how to scale it.</param>
    internal void Advertised(ulong window, long? scaled, PacketFacts packet)
    {
        if (window == 0)
        {
            if (ClosedSince is not null) return;
            ClosedSince = packet;
            FirstClosed ??= packet;
            Spells++;
            return;
        }
        if (ClosedSince is not { } closed) return;
        if (FirstReopened is null)
        {
            FirstReopened = packet;
            FirstReopening = scaled is { } bytes ? (ulong)bytes : window;
        }
        if (PacketFacts.Seconds(closed, packet) is { } seconds)
        {
            ClosedSeconds += seconds;
            LongestSeconds = Math.Max(LongestSeconds, seconds);
        }
        ClosedSince = null;
    }
}

/// <summary>
/// The trail a path that drops large packets leaves in the sender's segments: the same full-size data sent again by
/// the retransmission timer, never acknowledged; then sent smaller; then acknowledged at once.
/// </summary>
public sealed class ShrinkingResends
{
    /// <summary>Segments this large or larger are what a path with a smaller MTU drops; the smallest IPv4 MTU's worth (576) is never at risk.</summary>
    public const int LargeSegment = 1000;

    public uint? Seq { get; private set; }
    public int LargeSize { get; private set; }
    public int TimerResends { get; private set; }
    /// <summary>The packet that first sent the data, where the trace holds it.</summary>
    public int? FirstSentIn { get; private set; }
    public PacketFacts? FirstLargeResend { get; private set; }
    public PacketFacts? LastLargeResend { get; private set; }
    public PacketFacts? Smaller { get; private set; }
    public int SmallerSize { get; private set; }
    /// <summary>The other side's first ACK covering the smaller resend: the data went through once it was smaller.</summary>
    public PacketFacts? AcknowledgedSmaller { get; private set; }

    internal void Sent(uint seq, int length, TcpSegmentAnalysis analysis, int largestBefore, PacketFacts packet)
    {
        if (AcknowledgedSmaller is not null) return;
        if ((analysis.Flags & TcpAnalysisFlags.Retransmission) != 0 && length >= LargeSegment && length >= largestBefore)
        {
            if (Seq != seq || Smaller is not null)
            {
                Seq = seq;
                TimerResends = 0;
                Smaller = null;
                FirstSentIn = analysis.OriginalPacket;
                FirstLargeResend = packet;
            }
            LargeSize = length;
            TimerResends++;
            LastLargeResend = packet;
            return;
        }
        if (analysis.SentAgain && Seq == seq && TimerResends >= 2 && length < LargeSize && Smaller is null)
        {
            Smaller = packet;
            SmallerSize = length;
        }
    }

    internal void Acknowledged(uint ack, PacketFacts packet)
    {
        if (Smaller is null || AcknowledgedSmaller is not null || Seq is not { } seq) return;
        if ((int)(ack - (seq + (uint)SmallerSize)) >= 0) AcknowledgedSmaller = packet;
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
