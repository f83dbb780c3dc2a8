using TraceImport.Decoding;
using TraceImport.Text;

namespace TraceImport.Grammars.CiscoNxos;

/// <summary>A subtree at the left margin of the detail view: a protocol's title and its lines, in order.</summary>
public sealed class FrameSection(string title, int line, ProtocolLayer? layer)
{
    public string Title { get; } = title;
    public int Line { get; } = line;

    /// <summary>The layer the title names; null for a protocol the vocabulary does not hold.</summary>
    public ProtocolLayer? Layer { get; } = layer;

    public List<(TreeLine Content, int Line)> Lines { get; } = [];
}

/// <summary>"Data (56 bytes)" and what follows it: the hex rows and the "Data:" line.</summary>
public sealed class DataField(int length, int line, int indent, int section)
{
    public int Length { get; } = length;
    public int Line { get; } = line;
    public int Indent { get; } = indent;

    /// <summary>The section the data belongs to: the one it is printed in, or the one before it.</summary>
    public int Section { get; } = section;

    /// <summary>"Data: 0D146468…": the bytes, perhaps cut short, and the line.</summary>
    public (PrintedBytes Bytes, int Line)? Printed { get; set; }
}

/// <summary>One frame of the detail view: its header line, the protocol tree's sections, the data field and the hex rows.</summary>
public sealed class EthanalyzerFrame(FrameHeader header, int line)
{
    public FrameHeader Header { get; } = header;
    public int FirstLine { get; } = line;
    public int LastLine { get; set; } = line;

    /// <summary>The lines under the frame header (arrival time, lengths, interface).</summary>
    public FrameSection Frame { get; } = new(header.Text, line, null);

    public List<FrameSection> Sections { get; } = [];

    public DataField? Data { get; set; }

    /// <summary>The hex rows, in order: the data field's bytes in tshark 1.x's detail view, or the whole frame.</summary>
    public PacketBuilder? Hex { get; set; }

    public int HexFirstLine { get; set; }

    /// <summary>
    /// Whether the tree's indentation was collapsed (a web page's, or a paste's): decided by the first line
    /// under the header. Null until that line is read.
    /// </summary>
    public bool? Collapsed { get; set; }
}
