namespace TraceImport.Decoding;

public enum FieldStatus
{
    Ok,
    /// <summary>The value is wrong: a checksum that does not hold, a length that cannot be.</summary>
    Bad,
    /// <summary>Some of the field's bits were masked (X) in the text.</summary>
    Masked,
    /// <summary>Some of the field's bits were never shown by the text.</summary>
    Unknown,
    /// <summary>The packet ends before the field does.</summary>
    Truncated,
    /// <summary>A checksum over bytes that are not all known.</summary>
    Unverifiable,
    /// <summary>Bytes after the end of the datagram: Ethernet padding or a trailer.</summary>
    Padding,
}
