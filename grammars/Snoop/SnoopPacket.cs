using TraceImport.Text;

namespace TraceImport.Grammars.Snoop;

/// <summary>One section of a packet's verbose decode ("IP:   ----- IP Header -----" and its lines).</summary>
public sealed class SnoopSection(string protocol, string title, int line)
{
    public string Protocol { get; } = protocol;
    public string Title { get; } = title;
    public int Line { get; } = line;
    public List<(FieldLine Field, int Line, List<BitLine> Bits)> Fields { get; } = [];
    public List<(string Text, int Line)> Texts { get; } = [];

    public (string Value, int Line)? Get(params string[] names)
    {
        foreach (var (field, line, _) in Fields)
        {
            if (names.Any(n => string.Equals(field.Name, n, StringComparison.OrdinalIgnoreCase))) return (field.Value, line);
        }
        return null;
    }

    public List<BitLine> BitsOf(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Field.Name, name, StringComparison.OrdinalIgnoreCase)).Bits ?? [];

    public bool Says(string text) => Texts.Any(t => string.Equals(t.Text, text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A packet as snoop printed it: its -x hex rows, if any, and its verbose sections.</summary>
public sealed class SnoopPacket
{
    public int FirstLine { get; set; }
    public int LastLine { get; set; }
    public Arrival? Arrival { get; set; }
    public string? Summary { get; set; }
    public PacketBuilder? Hex { get; set; }
    public List<SnoopSection> Sections { get; } = [];

    public bool IsEmpty => Sections.Count == 0 && Hex is null;
}
