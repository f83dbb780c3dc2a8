namespace TraceImport.Diagnosis;

/// <summary>How sure a finding is of what it concludes, from how many independent marks agree.</summary>
public enum Certainty
{
    Likely,
    VeryLikely,
    Certain,
}

/// <summary>
/// A reset that names one side of a connection but was sent by a device on the path (a firewall, intrusion prevention
/// system, load balancer or proxy), and the marks that tell it: an IP TTL that differs from every other packet of that
/// side (a host starts all its packets with the same TTL, and the routers between take one each), and that side
/// sending on after the reset (a host that resets a connection keeps nothing of it to send from). The IP
/// identifications of that side running on past the reset without it, where they run in sequence, add to the second.
/// </summary>
/// <param name="UsualTtl">The TTL of that side's other packets, when the reset's differs from it.</param>
/// <param name="IdsRunOn">That side's packets just before and just after the reset have consecutive IP identifications, and the reset another.</param>
/// <param name="PeerResets">The resets the other side sent after this one: a TCP answers segments of a connection it no longer has with resets.</param>
public sealed record ForgedReset(TcpFlow Resetter, PacketFacts Reset, ulong? UsualTtl, bool IdsRunOn, int PeerResets, PacketFacts? FirstPeerReset)
{
    public bool TtlDiffers => UsualTtl is not null;
    public bool SentOn => Resetter.FirstAfterReset is not null;

    public Certainty Certainty => TtlDiffers && SentOn ? Certainty.Certain : TtlDiffers ? Certainty.VeryLikely : Certainty.Likely;

    public static ForgedReset? Of(TcpConversation c, TcpFlow resetter)
    {
        if (resetter.FirstReset is not { } reset || resetter.Syn == reset || resetter.SynAck == reset) return null;
        ulong? usual = reset.Ip?.Ttl is { } ttl && resetter.FirstTtl is { } first && resetter.Packets >= 2 && ttl != first ? first : null;
        var after = resetter.FirstAfterReset;
        if (usual is null && after is null) return null;
        var before = resetter.BeforeReset;
        var idsRunOn = before?.Ip?.Id is { } a && after?.Ip?.Id is { } b && reset.Ip?.Id is { } r && ((a + 1) & 0xFFFF) == b && r != b && r != a;
        var peer = c.Peer(resetter);
        var peerReset = peer.FirstReset is { } p && p.Number > reset.Number ? p : null;
        return new ForgedReset(resetter, reset, usual, idsRunOn, peerReset is null ? 0 : peer.Resets, peerReset);
    }

    /// <summary>Routers between a sender and the capture, if the sender started at the nearest common initial TTL (64, 128 or 255) at or above the one seen.</summary>
    public static ulong? HopsFromCapture(ulong ttl) => ttl <= 64 ? 64 - ttl : ttl <= 128 ? 128 - ttl : ttl <= 255 ? 255 - ttl : null;
}
