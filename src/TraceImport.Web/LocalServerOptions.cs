namespace TraceImport.Web;

public sealed record LocalServerOptions
{
    /// <summary>0 lets the system choose a free port.</summary>
    public int Port { get; init; } = 8350;

    /// <summary>The largest pasted text the API accepts.</summary>
    public long MaxInputBytes { get; init; } = 4_000_000;

    /// <summary>Names the tool in the pcapng it writes.</summary>
    public string Application { get; init; } = "traceimport";
}
