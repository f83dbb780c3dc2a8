using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Juniper;

/// <summary>"16:50:58.686002 Out": a packet's first line, with whatever the brief and detail levels print after it.</summary>
public sealed record JunosHeader(TimeOfDay Time, Direction Direction, string Text);

/// <summary>"Juniper PCAP Flags [Ext, no-L2, In], PCAP Extension(s) total length 22"</summary>
public sealed record JunosFlags(IReadOnlyList<string> Flags)
{
    /// <summary>The Routing Engine got the packet with its layer 2 header stripped: the bytes start at the IP header.</summary>
    public bool NoLayer2 => Flags.Contains("no-L2");

    public bool Inbound => Flags.Contains("In");
}

/// <summary>
/// Junos "monitor traffic interface IF extensive [print-hex]": the tcpdump that runs on the Routing
/// Engine prints, per packet, the time and direction, the Juniper pseudo-header's flags and TLVs,
/// "-----original packet-----", tcpdump's own decode of the packet, and with print-hex its bytes in
/// "0x0000:  4500 0054 …" rows.
/// </summary>
public static class JunosGrammar
{
    public static readonly HexRunRules RowBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    /// <summary>"-----original packet-----", also as a web page's list item ("- ----original packet-----").</summary>
    public static bool IsOriginalPacketMark(string text) =>
        text.Trim().TrimStart('-', ' ') == "original packet-----";

    private static readonly Parser<char, Direction> DirectionWord =
        Try(String("In")).ThenReturn(Direction.Inbound).Or(String("Out").ThenReturn(Direction.Outbound))
            .Before(Lookahead(Lexicon.Spaces.Or(End)));

    public static readonly Parser<char, JunosHeader> Header =
        from indent in Lexicon.OptionalSpaces
        from time in Lexicon.TimeOfDay
        from gap in Lexicon.Spaces
        from direction in DirectionWord
        from text in Lexicon.RestOfLine
        select new JunosHeader(time, direction, text.Trim());

    public static readonly Parser<char, JunosFlags> Flags =
        from indent in Lexicon.OptionalSpaces
        from label in String("Juniper PCAP Flags")
        from gap in Lexicon.OptionalSpaces
        from flags in Token(c => c != ']').ManyString().Between(Char('['), Char(']'))
        from rest in Lexicon.RestOfLine
        select new JunosFlags(flags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"\t0x0010:  0054 dc73 …": tcpdump's row, offset and where its bytes begin.</summary>
    public static readonly Parser<char, (long Offset, int BytesStart)> Row =
        from indent in Lexicon.OptionalSpaces
        from offset in String("0x").Then(Lexicon.HexNumber).Before(Char(':'))
        from gap in Lexicon.Spaces
        from position in CurrentOffset
        select (offset, position);

    /// <summary>"Listening on ge-0/0/43, capture size 1514 bytes"</summary>
    public static readonly Parser<char, string> Listening =
        Lexicon.OptionalSpaces.Then(String("Listening on ")).Then(Token(c => c != ',' && !char.IsWhiteSpace(c)).AtLeastOnceString());

    /// <summary>"user@host> monitor traffic interface ge-0/0/43 extensive print-hex": the interface named.</summary>
    public static string? CommandInterface(string line)
    {
        var at = line.IndexOf("monitor traffic", StringComparison.Ordinal);
        if (at < 0) return null;
        var words = line[(at + "monitor traffic".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var named = Array.IndexOf(words, "interface");
        return named >= 0 && named + 1 < words.Length ? words[named + 1] : "";
    }

    /// <summary>Lines Junos prints around the capture that belong to it: address-resolution notes and the trailer.</summary>
    public static bool IsCaptureNote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith("Address resolution ", StringComparison.Ordinal)
            || trimmed.StartsWith("Reverse lookup for ", StringComparison.Ordinal)
            || trimmed.StartsWith("Other reverse lookup failures", StringComparison.Ordinal)
            || trimmed.StartsWith("Use <no-resolve>", StringComparison.Ordinal)
            || trimmed == "^C"
            || trimmed.EndsWith("packets received by filter", StringComparison.Ordinal)
            || trimmed.EndsWith("packets dropped by kernel", StringComparison.Ordinal);
    }
}
