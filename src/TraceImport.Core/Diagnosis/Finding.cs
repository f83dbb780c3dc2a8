using TraceImport.Model;

namespace TraceImport.Diagnosis;

public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>A packet a finding concerns: its number in the document and where it came from.</summary>
public sealed record PacketRef(int Number, SourceSpan Source, string Role);

/// <summary>A field value the finding rests on.</summary>
public sealed record Evidence(int Packet, string Field, string Value);

/// <summary>
/// One conclusion about the trace. <see cref="Weight"/> orders findings of the same severity: how
/// much of what happened the finding explains.
/// </summary>
public sealed record Finding(string Code, Severity Severity, string Title, string Explanation, string? Rfc, int Weight)
{
    /// <summary>How many packets of one kind a rule reports one by one before it only counts them: a trace of edited text can have a wrong checksum in every packet.</summary>
    public const int ListedLimit = 1000;

    public List<PacketRef> Packets { get; init; } = [];
    public List<Evidence> Evidence { get; init; } = [];

    /// <summary>
    /// How many packets the finding concerns in all: more than <see cref="Packets"/> when one finding stands for many
    /// packets of one kind and lists only the first of them.
    /// </summary>
    public int PacketCount
    {
        get => packetCount ?? Packets.Select(p => p.Number).Distinct().Count();
        init => packetCount = value;
    }

    private readonly int? packetCount;

    /// <summary>
    /// Findings of one code with the same key are alike and are reported as one (a capture repeating the same fault
    /// gives one finding naming many packets, not many findings); without a key, findings with the same title are.
    /// </summary>
    public string? GroupKey { get; init; }

    /// <summary>The title of a group of this many alike findings.</summary>
    public Func<int, string>? GroupTitle { get; init; }

    /// <summary>
    /// The explanation of a group of alike findings: true of every one of them, so without the figures of any
    /// one (a connection's byte counts); without it, the first finding's explanation is the group's.
    /// </summary>
    public string? GroupExplanation { get; init; }
}
