namespace TraceImport.Decoding;

/// <summary>Why a checksum was judged as it was.</summary>
public enum ChecksumCause
{
    /// <summary>The bytes it covers sum to zero: the checksum holds.</summary>
    Holds,
    /// <summary>It does not hold; <see cref="ChecksumVerdict.Expected"/> is the value the bytes give.</summary>
    Wrong,
    /// <summary>It does not hold, and holds the pseudo-header's own sum: checksum offload on the capturing host.</summary>
    Offload,
    /// <summary>The checksum field itself is masked or was never shown.</summary>
    ValueUnknown,
    /// <summary>The length the headers give does not reach the checksum field.</summary>
    NotCovered,
    /// <summary>Bytes it covers (or the addresses of its pseudo-header) are masked, not shown or not captured.</summary>
    CoverageUnknown,
    /// <summary>A UDP checksum of zero over IPv4: the sender computed none, which RFC 768 allows.</summary>
    NotComputed,
    /// <summary>A checksum in a datagram an ICMP error quotes: the segment is not all there, so it is not judged.</summary>
    Quoted,
    /// <summary>A checksum in the first fragment of a datagram: it covers the fragments after this one too, so it is not judged.</summary>
    Fragmented,
}

/// <summary>
/// A checksum's verdict as facts: the cause, the value the covered bytes give, and the bytes that kept
/// it from being judged. The diagnosis reads these; the decode's note is rendered from them.
/// </summary>
public sealed record ChecksumVerdict(ChecksumCause Cause)
{
    /// <summary>The checksum the covered bytes give, whenever they are all known (also when the field itself is not).</summary>
    public ushort? Expected { get; init; }

    /// <summary>The covered bytes that are not known (or, for <see cref="ChecksumCause.ValueUnknown"/>, the field's own).</summary>
    public IReadOnlyList<ByteRange> Unknown { get; init; } = [];

    /// <summary>The pseudo-header's address bytes that are not known.</summary>
    public IReadOnlyList<ByteRange> PseudoHeaderUnknown { get; init; } = [];

    /// <summary>How many bytes the headers say the checksum covers (for <see cref="ChecksumCause.NotCovered"/>).</summary>
    public int CoveredLength { get; init; }

    /// <summary>An IPv4 header checksum of 0xFFFF, which no correct computation gives (RFC 1624 §3).</summary>
    public bool NegativeZero { get; init; }

    /// <summary>Some byte that kept the checksum from being judged was masked by the author.</summary>
    public bool HiddenByMask => Unknown.Any(r => r.IsMasked) || PseudoHeaderUnknown.Any(r => r.IsMasked);

    /// <summary>The field's status under this verdict; null where the verdict leaves the status as read.</summary>
    public FieldStatus? Status => Cause switch
    {
        ChecksumCause.Holds => FieldStatus.Ok,
        ChecksumCause.Wrong or ChecksumCause.Offload => FieldStatus.Bad,
        ChecksumCause.ValueUnknown or ChecksumCause.NotCovered or ChecksumCause.CoverageUnknown or ChecksumCause.Fragmented => FieldStatus.Unverifiable,
        _ => null,
    };

    /// <summary>The note the decode shows for this verdict.</summary>
    public string? Note() => Cause switch
    {
        ChecksumCause.Holds => "verified",
        ChecksumCause.Wrong => ShouldBe(),
        ChecksumCause.Offload => ShouldBe() + "; the field holds the pseudo-header's sum, which a NIC doing checksum offload completes: " +
                                 "the packet was captured on the sending host before it left, not damaged",
        ChecksumCause.ValueUnknown => $"the checksum itself is not known ({ByteRange.Describe(Unknown)})",
        ChecksumCause.NotCovered => $"the length the headers give ({CoveredLength} bytes) does not cover the checksum itself",
        ChecksumCause.CoverageUnknown => "covers bytes that are not known: " + string.Join("; ", Missing()),
        ChecksumCause.Quoted => "quoted: not judged, the segment is not all here",
        ChecksumCause.Fragmented => "the first fragment of its datagram: the checksum covers the fragments after it too, not judged",
        _ => null,
    };

    /// <summary>"should be 0x3227".</summary>
    public string ShouldBe() => $"should be {ExpectedText}";

    /// <summary>"0x3227", or empty when the value is not known.</summary>
    public string ExpectedText => Expected is { } expected ? $"0x{expected:x4}" : "";

    private IEnumerable<string> Missing()
    {
        if (PseudoHeaderUnknown.Count > 0) yield return $"the IP addresses ({ByteRange.Describe(PseudoHeaderUnknown)})";
        if (Unknown.Count > 0) yield return ByteRange.Describe(Unknown)!;
    }
}
