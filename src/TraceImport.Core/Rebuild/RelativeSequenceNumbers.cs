namespace TraceImport.Rebuild;

/// <summary>A TCP segment's numbers made raw: each null where the text does not give what it is counted from.</summary>
/// <param name="AckBase">What the segment's acknowledgement (and its SACK edges) were printed less; null when unknown.</param>
public sealed record RawSequenceNumbers(uint? Seq, uint? Ack, uint? AckBase, string? Note);

/// <summary>
/// tcpdump's relative sequence numbers made raw again, as tcpdump made them relative (print-tcp.c).
/// Without -S, tcpdump keeps one entry per connection, made by the first segment with ACK it prints
/// (or by any segment with SYN and ACK): that segment is printed with absolute numbers, its sequence
/// number becomes its sender's base and its acknowledgement less one the receiver's, and every later
/// segment with ACK is printed less those bases (its SACK edges less the receiver's). A segment without
/// ACK is printed absolute. The lines of a region are read in order doing the same, so a raw number is
/// known only when the text gave the absolute number it is counted from.
/// </summary>
public sealed class RelativeSequenceNumbers
{
    /// <summary>
    /// A number below this where tcpdump prints absolute numbers is taken for a relative one: the paste
    /// began after the segment tcpdump counted from (a random initial sequence number is this small
    /// once in 256 connections, and is then left unknown rather than misread).
    /// </summary>
    public const uint SmallestAbsolute = 1u << 24;

    private readonly Dictionary<(string, string), Dictionary<string, uint?>> bases = [];

    /// <summary>The initial sequence numbers SYN segments gave, by sender: what tcpdump counts from after the handshake.</summary>
    private readonly Dictionary<(string From, string To), uint> initial = [];

    /// <summary>Reads one segment's printed numbers; <paramref name="from"/> and <paramref name="to"/> name its endpoints as the text does.</summary>
    public RawSequenceNumbers Read(string from, string to, bool syn, bool ack, uint? seq, uint? acknowledgement)
    {
        if (syn && !ack && seq is { } isn) initial[(from, to)] = isn;
        if (!ack) return new RawSequenceNumbers(seq, acknowledgement, 0, null);

        var key = string.CompareOrdinal(from, to) <= 0 ? (from, to) : (to, from);
        if (!bases.TryGetValue(key, out var connection) || syn)
        {
            // tcpdump printed this segment's numbers as they are, and counts the connection from them.
            var receiverBase = acknowledgement is { } a ? a - 1 : (uint?)null;
            if (LooksRelative(seq, acknowledgement, from, to))
            {
                // Numbers this small are relative: tcpdump counted from a segment before the paste began.
                // The handshake's initial sequence numbers, when the text has them, are what it counted from.
                connection = new Dictionary<string, uint?>
                {
                    [from] = initial.TryGetValue((from, to), out var sent) ? sent : null,
                    [to] = initial.TryGetValue((to, from), out var received) ? received : null,
                };
                bases[key] = connection;
                return Relative(connection, from, to, seq, acknowledgement);
            }
            bases[key] = new Dictionary<string, uint?> { [from] = seq, [to] = receiverBase };
            return new RawSequenceNumbers(seq, acknowledgement, receiverBase, null);
        }
        return Relative(connection, from, to, seq, acknowledgement);
    }

    /// <summary>
    /// Whether numbers tcpdump printed absolute are in fact relative (the paste began later): every printed
    /// number is small, and none is the acknowledgement of a SYN the text holds.
    /// </summary>
    private bool LooksRelative(uint? seq, uint? acknowledgement, string from, string to)
    {
        if (seq is >= SmallestAbsolute || acknowledgement is >= SmallestAbsolute) return false;
        if (acknowledgement is { } a && initial.TryGetValue((to, from), out var isn) && unchecked(isn + 1) == a) return false;
        return seq is not null || acknowledgement is not null;
    }

    private static RawSequenceNumbers Relative(Dictionary<string, uint?> connection, string from, string to, uint? seq, uint? acknowledgement)
    {
        var senderBase = connection.GetValueOrDefault(from);
        var receiverBase = connection.GetValueOrDefault(to);
        var rawSeq = Raw(seq, senderBase);
        var rawAck = Raw(acknowledgement, receiverBase);
        // -S prints every number absolute: a number nearer its base as it stands than counted from it is absolute.
        var absolute = seq is { } s && senderBase is { } sb && Nearer(s, sb) || acknowledgement is { } a && receiverBase is { } rb && Nearer(a, rb);
        if (absolute) return new RawSequenceNumbers(seq, acknowledgement, 0, null);
        string? note = null;
        if (seq is not null && rawSeq is null || acknowledgement is not null && rawAck is null)
        {
            note = "tcpdump prints this connection's numbers relative to a segment the text does not hold: " +
                   "the raw sequence and acknowledgement numbers are unknown (the relative ones are in the heading)";
        }
        return new RawSequenceNumbers(rawSeq, rawAck, receiverBase, note);
    }

    private static uint? Raw(uint? printed, uint? counted) => printed is { } p && counted is { } b ? unchecked(p + b) : null;

    /// <summary>Whether <paramref name="printed"/> lies nearer <paramref name="counted"/> as an absolute number than as one counted from it.</summary>
    private static bool Nearer(uint printed, uint counted) => unchecked(printed - counted) < printed && counted >= SmallestAbsolute;
}
