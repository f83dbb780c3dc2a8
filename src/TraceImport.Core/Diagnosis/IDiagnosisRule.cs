namespace TraceImport.Diagnosis;

/// <summary>
/// A rule sees each packet once, in document order, and keeps only what its findings need
/// (a few packets per conversation, host or pending question), so a diagnosis runs in memory
/// that does not grow with the trace.
/// </summary>
public interface IDiagnosisRule
{
    void Observe(ObservedPacket packet)
    {
    }

    IEnumerable<Finding> Finish(IReadOnlyCollection<TcpConversation> conversations);
}
