using TraceImport.Text;

namespace TraceImport.Grammars.Snoop;

/// <summary>One section of a packet's verbose decode ("IP:   ----- IP Header -----" and its lines, in order).</summary>
public sealed class SnoopSection(string protocol, string title, int line)
{
    public string Protocol { get; } = protocol;
    public string Title { get; } = title;
    public int Line { get; } = line;
    public List<(SnoopContent Content, int Line)> Lines { get; } = [];

    /// <summary>Every labelled value of the section, with its line; the bit lines printed under it follow each.</summary>
    public IEnumerable<(PrintedValue Value, int Line, IReadOnlyList<BitLine> Bits)> Values()
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].Content is not FieldLine field) continue;
            var bits = Lines.Skip(i + 1).TakeWhile(l => l.Content is BitLine).Select(l => (BitLine)l.Content).ToList();
            foreach (var value in field.Values) yield return (value, Lines[i].Line, bits);
        }
    }

    /// <summary>The lines as snoop printed them, for a section this grammar does not rebuild.</summary>
    public IEnumerable<string> Texts() => Lines.Select(l => l.Content switch
    {
        FieldLine field => field.Text,
        OptionLine option => option.Text,
        BitLine bit => $"{bit.Pattern} = {bit.Text}",
        TextLine text => text.Text,
        _ => "",
    }).Where(t => t.Length > 0);
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
