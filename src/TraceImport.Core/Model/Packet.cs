namespace TraceImport.Model;

/// <summary>The canonical packet every grammar produces and every writer and decoder consumes.</summary>
public sealed class Packet
{
    /// <summary>The captured bytes; an unknown nibble holds 0.</summary>
    public required byte[] Data { get; init; }

    /// <summary>Unknown nibbles, or null when every nibble of <see cref="Data"/> is known.</summary>
    public KnownMask? Unknown { get; init; }

    public required LinkType LinkType { get; init; }

    /// <summary>The length on the wire; may exceed <see cref="Data"/>'s length when the text showed less.</summary>
    public required int OriginalLength { get; init; }

    /// <summary>Null when the source printed no time for this packet.</summary>
    public CaptureTime? Time { get; init; }

    public Direction Direction { get; init; }

    /// <summary>The capture interface's name as the source gives it, or the grammar's name for it.</summary>
    public required string Interface { get; init; }

    /// <summary>The grammar that read the packet.</summary>
    public required string Format { get; init; }

    public required SourceSpan Source { get; init; }

    /// <summary>The text that introduced the packet in the source: a summary line or a heading in prose.</summary>
    public string? Heading { get; init; }

    public List<string> Comments { get; init; } = [];

    /// <summary>A hand-made decode printed beside the bytes: each line's label, hex value, what the author read it as, and its line.</summary>
    public IReadOnlyList<HandDecodeLine> HandDecode { get; init; } = [];

    /// <summary>Field values a line of the text states apart from the bytes (a tool's summary line printed above its hex), to be checked against them.</summary>
    public IReadOnlyList<StatedField> Stated { get; init; } = [];

    /// <summary>Host names the text gives for addresses (4 or 16 bytes), for a pcapng Name Resolution Block.</summary>
    public IReadOnlyList<(byte[] Address, string Name)> Names { get; init; } = [];

    /// <summary>1-based position in the imported document, assigned by the importer.</summary>
    public int Number { get; set; }

    /// <summary>The input line where the packet's trace region starts, assigned by the importer (convert --split region).</summary>
    public int RegionLine { get; set; }
}

/// <summary>"Total Length    003C    60": one line of a decode an author wrote by hand beside a hex dump.</summary>
public sealed record HandDecodeLine(string Label, string? Hex, string? Reading, int Line);

/// <summary>
/// "10.0.0.1" in a summary's Source column: a value the text states for a field apart from the packet's bytes, by the
/// field's Wireshark name (<c>frame.len</c> for a frame's length), written as tshark prints it, and where it stands.
/// </summary>
public sealed record StatedField(string Field, string Value, int Line, int Column);
