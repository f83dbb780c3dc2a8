namespace TraceImport.Model;

/// <summary>Values match the pcapng epb_flags direction bits.</summary>
public enum Direction
{
    Unknown = 0,
    Inbound = 1,
    Outbound = 2,
}
