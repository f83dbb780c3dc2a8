namespace TraceImport.Diagnosis;

/// <summary>
/// The first items of a run that may be as long as the trace, and how many there were: what a
/// finding can list without the diagnosis holding every packet.
/// </summary>
public sealed class FirstFew<T>(int limit)
{
    private readonly List<T> items = [];

    public int Count { get; private set; }

    public IReadOnlyList<T> Items => items;

    public int Omitted => Count - items.Count;

    public void Add(T item)
    {
        Count++;
        if (items.Count < limit) items.Add(item);
    }

    /// <summary>" (the first 100 of 2,345 are listed)", or nothing when all are.</summary>
    public string OmittedNote(string what) => Omitted == 0 ? "" : $" (the first {items.Count} of {Count:N0} {what} are listed)";
}
