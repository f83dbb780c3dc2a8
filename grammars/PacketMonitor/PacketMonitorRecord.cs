namespace TraceImport.Grammars.PacketMonitor;

/// <summary>One packet_monitor record: the lines that describe one packet, as parsed.</summary>
public sealed class PacketMonitorRecord
{
    public required RecordStart Start { get; init; }
    public int FirstLine { get; init; }
    public int LastLine { get; set; }
    public (EtherLine Value, int Line)? Ether { get; set; }
    public (NamedValues Value, int Line)? Ip { get; set; }
    public (NamedValues Value, int Line)? IpAddresses { get; set; }
    public (TransportLine Value, int Line)? Transport { get; set; }
    public (SequenceLine Value, int Line)? Sequence { get; set; }
    public (OffsetLine Value, int Line)? Offsets { get; set; }
    public (ArpLine Value, int Line)? Arp { get; set; }
    public List<(HexRow Row, int Line)> Rows { get; } = [];
}
