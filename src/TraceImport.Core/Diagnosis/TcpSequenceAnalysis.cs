namespace TraceImport.Diagnosis;

/// <summary>
/// What a TCP segment is, by its sequence and acknowledgement numbers, window and time against
/// what its connection sent before: Wireshark's <c>tcp.analysis.*</c> flags, one bit each.
/// </summary>
[Flags]
public enum TcpAnalysisFlags
{
    None = 0,
    /// <summary>Data (or a SYN or FIN) sent again below the furthest point already sent, by timeout (tcp.analysis.retransmission with tcp.analysis.rto).</summary>
    Retransmission = 1 << 0,
    /// <summary>Sent again at the point two or more duplicate ACKs asked for, within 20 ms of the last (tcp.analysis.fast_retransmission).</summary>
    FastRetransmission = 1 << 1,
    /// <summary>Sent again although the receiver had already acknowledged all of it (tcp.analysis.spurious_retransmission).</summary>
    SpuriousRetransmission = 1 << 2,
    /// <summary>A bare ACK repeating the previous one: same sequence, acknowledgement and window (tcp.analysis.duplicate_ack).</summary>
    DuplicateAck = 1 << 3,
    /// <summary>A segment starting beyond where the previous one ended: the capture missed a segment (tcp.analysis.lost_segment).</summary>
    LostSegment = 1 << 4,
    /// <summary>An ACK for data the capture never showed going the other way (tcp.analysis.ack_lost_segment).</summary>
    AckedUnseen = 1 << 5,
    /// <summary>Sent below the furthest point already sent, sooner than a round trip after it: reordered on the way (tcp.analysis.out_of_order).</summary>
    OutOfOrder = 1 << 6,
    /// <summary>A receive window of 0 (tcp.analysis.zero_window).</summary>
    ZeroWindow = 1 << 7,
    /// <summary>One byte sent into a zero window to see whether it has opened (tcp.analysis.zero_window_probe).</summary>
    ZeroWindowProbe = 1 << 8,
    /// <summary>The answer to a zero window probe, the window still 0 (tcp.analysis.zero_window_probe_ack).</summary>
    ZeroWindowProbeAck = 1 << 9,
    /// <summary>Data reaching exactly the edge of the window the receiver last offered (tcp.analysis.window_full).</summary>
    WindowFull = 1 << 10,
    /// <summary>A bare ACK changing only the window (tcp.analysis.window_update).</summary>
    WindowUpdate = 1 << 11,
    /// <summary>Zero or one byte one below the next sequence number: a keep-alive (tcp.analysis.keep_alive).</summary>
    KeepAlive = 1 << 12,
    /// <summary>The ACK answering a keep-alive (tcp.analysis.keep_alive_ack).</summary>
    KeepAliveAck = 1 << 13,
    /// <summary>A SYN opening a new connection on the addresses and ports of an earlier one (tcp.analysis.reused_ports).</summary>
    ReusedPorts = 1 << 14,
}

/// <summary>One segment's place in its connection's analysis, kept on the packet while the rules look at it.</summary>
public sealed class TcpSegmentAnalysis
{
    public required TcpConversation Conversation { get; init; }
    public required TcpFlow Sender { get; init; }
    public TcpAnalysisFlags Flags { get; internal set; }

    /// <summary>For a duplicate ACK, its number in the run (1 for the first repeat) and the packet it repeats.</summary>
    public int DuplicateAckNumber { get; internal set; }
    public int DuplicateOf { get; internal set; }

    /// <summary>For a retransmission, the packet that first sent the data and how long before, when the capture showed it.</summary>
    public int? OriginalPacket { get; internal set; }
    public double? SinceOriginal { get; internal set; }

    /// <summary>The receive window the sender offers, scaled when the handshake said how; null when it cannot be known.</summary>
    public long? Window { get; internal set; }

    /// <summary>
    /// The packet this one repeats exactly (IP identification, sequence and acknowledgement numbers, flags, length)
    /// as captured on another interface: the same packet seen twice, not a second one on the wire.
    /// </summary>
    public int? SeenBefore { get; internal set; }

    /// <summary>Any of the three kinds of retransmission.</summary>
    public bool SentAgain => (Flags & (TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.SpuriousRetransmission)) != 0;
}

/// <summary>
/// Wireshark's TCP sequence analysis (<c>tcp_analyze_sequence_number</c> in its TCP dissector), segment by segment:
/// each direction remembers the furthest sequence number sent, the last acknowledgement and window, the duplicate ACK
/// count and the flags of its last segment, and a few unacknowledged segments — per connection, never per packet.
/// Sequence arithmetic is modulo 2³²; 0 stands for "not yet known" as it does there.
/// </summary>
internal static class TcpSequenceAnalysis
{
    private const TcpAnalysisFlags SentAgain = TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.SpuriousRetransmission;

    private const uint Syn = 0x02, Fin = 0x01, Rst = 0x04, Ack = 0x10;

    /// <summary>A segment within this long of the two duplicate ACKs that asked for it is a fast retransmission.</summary>
    private const long FastRetransmissionNanoseconds = 20_000_000;

    /// <summary>Out of order when sent again sooner than this after the furthest data, when the handshake gave no round-trip time.</summary>
    private const long DefaultOutOfOrderNanoseconds = 3_000_000;

    private static bool Gt(uint a, uint b) => (int)(a - b) > 0;
    private static bool Lt(uint a, uint b) => (int)(a - b) < 0;
    private static bool Le(uint a, uint b) => (int)(a - b) <= 0;

    public static void Analyze(TcpConversation connection, TcpFlow fwd, TcpFlow rev, PacketFacts packet, TcpSegmentAnalysis result)
    {
        var tcp = packet.Tcp!;
        // A segment without the ACK flag carries no acknowledgement (RFC 9293 §3.1): a summary does not print its field, which
        // the analysis then takes as the zero senders put there, as it does for a SYN in hex.
        if (tcp.Seq is not { } seq64 || (tcp.Ack ?? (tcp.FlagsKnown && !tcp.HasAck ? 0UL : null)) is not { } ack64 || tcp.Flags is not { } flagBits || tcp.PayloadLength is not { } length || tcp.Window is not { } win)
        {
            fwd.Unanalysed++;
            return;
        }
        var seq = (uint)seq64;
        var ack = (uint)ack64;
        var flags = (uint)flagBits;
        var seglen = (uint)length;
        var window = (uint)win;
        var now = packet.Time?.UnixNanoseconds;
        var a = TcpAnalysisFlags.None;

        if ((flags & Syn) != 0)
        {
            // The window scale each side will use: a side whose SYN never carried the option turns scaling off both
            // ways, and a SYN-ACK's option does not count when the SYN had none (RFC 7323 §2.2).
            if (tcp.WindowShift is { } shift) fwd.WindowScale = Math.Min(shift, 14);
            if (fwd.WindowScale == -1)
            {
                fwd.WindowScale = -2;
                rev.WindowScale = -2;
            }
            else if ((flags & Ack) != 0 && rev.WindowScale == -2) fwd.WindowScale = -2;
        }

        if (!fwd.BaseSet)
        {
            fwd.BaseSeq = (flags & Syn) != 0 ? seq : seq - 1;
            fwd.BaseSet = true;
        }
        if (!rev.BaseSet && (flags & Ack) != 0)
        {
            rev.BaseSeq = ack - 1;
            rev.BaseSet = true;
        }

        if (seglen == 1 && seq == fwd.NextSeq && rev.Window == 0 && rev.WindowSeen)
        {
            a |= TcpAnalysisFlags.ZeroWindowProbe;
            goto finishedForward;
        }
        if (window == 0 && (flags & (Rst | Fin | Syn)) == 0) a |= TcpAnalysisFlags.ZeroWindow;
        if (fwd.NextSeq != 0 && Gt(seq, fwd.NextSeq) && (flags & Rst) == 0) a |= TcpAnalysisFlags.LostSegment;
        if (seglen <= 1 && seq == fwd.NextSeq - 1 && (flags & (Syn | Fin | Rst)) == 0) a |= TcpAnalysisFlags.KeepAlive;
        if (seglen == 0 && window != 0 && window != fwd.Window && seq == fwd.NextSeq && ack == fwd.LastAck && (flags & (Syn | Fin | Rst)) == 0)
            a |= TcpAnalysisFlags.WindowUpdate;
        if (seglen > 0 && rev.WindowScale != -1 && rev.WindowSeen && (flags & (Syn | Fin | Rst)) == 0
            && seq + seglen == rev.LastAck + (rev.Window << (rev.WindowFromSyn || rev.WindowScale == -2 ? 0 : rev.WindowScale)))
            a |= TcpAnalysisFlags.WindowFull;
        if (seglen == 0 && window != 0 && window == fwd.Window && seq == fwd.NextSeq && ack == fwd.LastAck
            && (rev.LastSegmentFlags & TcpAnalysisFlags.KeepAlive) != 0 && (flags & (Syn | Fin | Rst)) == 0)
        {
            a |= TcpAnalysisFlags.KeepAliveAck;
            goto finishedForward;
        }
        if (seglen == 0 && window == 0 && window == fwd.Window && seq == fwd.NextSeq && ack == fwd.LastAck
            && (rev.LastSegmentFlags & TcpAnalysisFlags.ZeroWindowProbe) != 0 && (flags & (Syn | Fin | Rst)) == 0)
        {
            a |= TcpAnalysisFlags.ZeroWindowProbeAck;
            goto finishedForward;
        }
        if (seglen == 0 && window != 0 && window == fwd.Window && seq == fwd.NextSeq && ack == fwd.LastAck && (flags & (Syn | Fin | Rst)) == 0)
        {
            // Multipath TCP repeats ACKs to carry its signals (RFC 8684 §3): an ACK after one since this side's last segment is not a duplicate.
            if (!(connection.MultipathOptions > 0 && connection.MultipathOptions != fwd.MultipathOptionsSeen))
            {
                fwd.DupAckNum = fwd.DupAckNum == -1 ? 1 : fwd.DupAckNum + 1;
                a |= TcpAnalysisFlags.DuplicateAck;
                result.DuplicateAckNumber = fwd.DupAckNum;
                result.DuplicateOf = fwd.LastNonDupAck;
            }
        }

    finishedForward:
        // A new acknowledgement number ends a run of duplicate ACKs (a window update in the run does not).
        if (ack != fwd.LastAck)
        {
            fwd.LastNonDupAck = packet.Number;
            fwd.DupAckNum = 0;
        }

        if (rev.MaxSeqToBeAcked != 0 && Gt(ack, rev.MaxSeqToBeAcked) && (flags & Ack) != 0)
        {
            // Said once per gap. A gap the other side's own segments show (it sent beyond what it can have had
            // acknowledged) moves its acknowledgeable point to what it sent; otherwise the first such ACK is said
            // and the rest are not, until the other side sends a duplicate ACK of its own.
            if (Lt(rev.MaxSeqToBeAcked, rev.NextSeq))
            {
                rev.MaxSeqToBeAcked = rev.NextSeq;
                a |= TcpAnalysisFlags.AckedUnseen;
            }
            else
            {
                if (rev.DupAckNum == 0) a |= TcpAnalysisFlags.AckedUnseen;
                rev.DupAckNum = -1;
            }
        }

        if (seglen > 0 || (flags & (Syn | Fin)) != 0)
        {
            var notAdvanced = fwd.NextSeq != 0 && Lt(seq, fwd.NextSeq);
            if ((a & TcpAnalysisFlags.KeepAlive) != 0) goto finishedRetransmission;
            // More than one byte starting one below the furthest point follows a zero window probe: new data, not a resend.
            if (seglen > 1 && fwd.NextSeq - 1 == seq) notAdvanced = false;
            var spurious = seglen > 0 && rev.LastAck != 0 && Le(seq + seglen, rev.LastAck);
            if (spurious)
            {
                a |= TcpAnalysisFlags.SpuriousRetransmission;
                goto finishedRetransmission;
            }
            // Wireshark keeps the count unsigned, so the -1 an ACK of unseen data leaves counts as many duplicates.
            if (notAdvanced && (uint)rev.DupAckNum >= 2 && rev.LastAck == seq && Within(now, rev.LastAckTime, FastRetransmissionNanoseconds))
            {
                a |= TcpAnalysisFlags.FastRetransmission;
                goto finishedRetransmission;
            }
            var outOfOrderLimit = connection.FirstRoundTrip is { } rtt && rtt != 0 ? rtt : DefaultOutOfOrderNanoseconds;
            var synOrFin = (flags & (Syn | Fin)) != 0 ? 1u : 0u;
            if (notAdvanced && Within(now, fwd.NextSeqTime, outOfOrderLimit) && fwd.NextSeq != seq + seglen + synOrFin)
            {
                a |= TcpAnalysisFlags.OutOfOrder;
                goto finishedRetransmission;
            }
            if (notAdvanced) a |= TcpAnalysisFlags.Retransmission;
        }

    finishedRetransmission:
        var nextSeq = seq + seglen;
        if ((flags & (Syn | Fin)) != 0) nextSeq++;
        if ((a & SentAgain) != 0) NameOriginal(fwd, seq, now, result);
        if (seglen > 0 || (flags & (Syn | Fin)) != 0)
        {
            if ((a & (SentAgain | TcpAnalysisFlags.OutOfOrder)) != 0) fwd.Unacknowledged.Resent(seq, packet.Ref("sent again"), now);
            else fwd.Unacknowledged.Sent(seq, nextSeq, packet.Ref("sent"), now);
        }
        if ((Gt(nextSeq, fwd.NextSeq) || fwd.NextSeq == 0) && (a & TcpAnalysisFlags.ZeroWindowProbe) == 0)
        {
            fwd.NextSeq = nextSeq;
            fwd.NextSeqFrame = packet.Number;
            fwd.NextSeqTime = now;
        }
        if ((seq == fwd.MaxSeqToBeAcked || fwd.MaxSeqToBeAcked == 0) && (a & TcpAnalysisFlags.ZeroWindowProbe) == 0) fwd.MaxSeqToBeAcked = fwd.NextSeq;

        fwd.Window = window;
        fwd.WindowSeen = true;
        fwd.WindowFromSyn = (flags & Syn) != 0;
        fwd.LastAck = ack;
        fwd.LastAckTime = now;
        fwd.MultipathOptionsSeen = connection.MultipathOptions;
        fwd.LastSegmentFlags = a;
        if ((flags & Ack) != 0) rev.Unacknowledged.Acknowledge(ack);

        result.Flags |= a;
        result.Window = fwd.WindowScale >= 0 && !fwd.WindowFromSyn ? (long)window << fwd.WindowScale : fwd.WindowScale == -2 || fwd.WindowFromSyn ? window : null;
    }

    private static bool Within(long? now, long? then, long nanoseconds) => now is { } a && then is { } b && a - b < nanoseconds;

    private static void NameOriginal(TcpFlow fwd, uint seq, long? now, TcpSegmentAnalysis result)
    {
        if (fwd.Unacknowledged.Covering(seq) is not { } original) return;
        result.OriginalPacket = original.Packet.Number;
        result.SinceOriginal = now is { } t && original.Time is { } first ? (t - first) / 1e9 : null;
    }

}

/// <summary>
/// The segments one direction has sent and the other has not yet acknowledged: the first few of them, enough to
/// name the packet a retransmission repeats and to tell data that was never acknowledged, whatever the trace's length.
/// </summary>
public sealed class UnacknowledgedSegments
{
    public const int Limit = 64;

    /// <summary>A segment: its sequence range (its start moved up as it is acknowledged in part), the packet that first sent it and when, and how many times it was sent, the last in which packet and when.</summary>
    public readonly record struct Segment(uint Seq, uint NextSeq, PacketRef Packet, long? Time, int Sent, PacketRef LastPacket, long? LastTime);

    private readonly List<Segment> segments = [];

    public IReadOnlyList<Segment> Outstanding => segments;

    /// <summary>A segment sent for the first time.</summary>
    internal void Sent(uint seq, uint nextSeq, PacketRef packet, long? time)
    {
        if (segments.Count < Limit) segments.Add(new Segment(seq, nextSeq, packet, time, 1, packet, time));
    }

    /// <summary>A segment sent again: counted against the one listed that starts where it does.</summary>
    internal void Resent(uint seq, PacketRef packet, long? time)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Seq == seq) segments[i] = segments[i] with { Sent = segments[i].Sent + 1, LastPacket = packet, LastTime = time };
        }
    }

    internal Segment? Covering(uint seq)
    {
        foreach (var segment in segments)
        {
            if ((int)(seq - segment.Seq) >= 0 && (int)(seq - segment.NextSeq) < 0) return segment;
        }
        return null;
    }

    /// <summary>Drops what an ACK covers; a segment acknowledged in part keeps its unacknowledged end.</summary>
    internal void Acknowledge(uint ack)
    {
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var s = segments[i];
            if ((int)(ack - s.NextSeq) >= 0) segments.RemoveAt(i);
            else if ((int)(ack - s.Seq) > 0) segments[i] = s with { Seq = ack };
        }
    }
}
