namespace TraceImport.Web;

public sealed record LocalServerOptions
{
    /// <summary>0 lets the system choose a free port.</summary>
    public int Port { get; init; } = 8350;

    /// <summary>The largest pasted text the API accepts.</summary>
    public long MaxInputBytes { get; init; } = 4_000_000;

    /// <summary>How many API requests are worked on at once: one per core, and each streams its answer in bounded memory.</summary>
    public int ConcurrentRequests { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How many more wait their turn; past that, 503 with Retry-After.</summary>
    public int QueuedRequests { get; init; } = 16;

    /// <summary>What Retry-After says to a request turned away.</summary>
    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>Names the tool in the pcapng it writes.</summary>
    public string Application { get; init; } = "traceimport";
}
