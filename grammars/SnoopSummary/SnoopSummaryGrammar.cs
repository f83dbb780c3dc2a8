using System.Globalization;
using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.SnoopSummary;

/// <summary>snoop's time column: -t a's time of day, or seconds (-t d, the default, since the packet before; -t r since the first).</summary>
public sealed record SnoopTime(TimeOfDay? TimeOfDay, EpochTime? Seconds);

/// <summary>
/// One summary line: "  3   0.00080 boutique -> sunroof     NFS C RENAME FH=8E6C …". The packet number and time
/// are there when snoop reads a file (-i) and absent live; VLAN tagged packets start with "VLAN#1401: ".
/// </summary>
public sealed record SnoopSummaryLine(int? Number, SnoopTime? Time, ushort? Vlan, string Source, string Destination, string Protocol, string Words);

/// <summary>
/// snoop's summary lines (snoop without -v, and -V's one line per layer) as Pidgin parsers: the columns, then
/// the words each interpreter prints for its layer (snoop_tcp.c, snoop_udp.c, snoop_icmp.c, snoop_arp.c,
/// snoop_ip.c, snoop_ether.c in illumos).
/// </summary>
public static class SnoopSummaryGrammar
{
    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    private static readonly Parser<char, SnoopTime> Time =
        OneOf(
            Try(Lexicon.TimeOfDay.Assert(t => t.FractionDigits > 0, "a fraction").Select(t => new SnoopTime(t, null))),
            Lexicon.Epoch.Select(e => new SnoopTime(null, e))).Labelled("time");

    private static readonly Parser<char, (int Number, SnoopTime Time)> NumberAndTime =
        Try(from number in Lexicon.Integer
            from gap in Lexicon.Spaces
            from time in Time
            from gap2 in Lexicon.Spaces
            select (number, time));

    private static readonly Parser<char, ushort> VlanTag =
        Try(String("VLAN#").Then(Lexicon.Integer).Before(String(": ")).Before(Lexicon.OptionalSpaces)
            .Assert(v => v is >= 0 and <= 4095, "a VLAN ID").Select(v => (ushort)v));

    /// <summary>The protocol words snoop's interpreters start a summary with, in capitals ("TCP", "NFS", "ETHER").</summary>
    private static readonly Parser<char, string> ProtocolWord =
        Token(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-').AtLeastOnceString()
            .Where(w => char.IsAsciiLetterUpper(w[0]))
            .Or(Try(String("IPv6")));

    public static readonly Parser<char, SnoopSummaryLine> Line =
        from indent in Lexicon.OptionalSpaces
        from numbered in NumberAndTime.Optional()
        from vlan in VlanTag.Optional()
        from source in Word.Assert(w => w != "->", "a host")
        from gap in Lexicon.Spaces
        from arrow in String("->")
        from gap2 in Lexicon.Spaces
        from destination in Word
        from gap3 in Lexicon.Spaces
        from protocol in Try(String("IPv6")).Or(ProtocolWord)
        from words in Lexicon.RestOfLine
        // tshark's "-> … TCP 74 42476 → 80": a number after the protocol is a Length column, not snoop's.
        where words.Length == 0 || words[0] == ' '
        where !char.IsAsciiDigit(words.TrimStart().FirstOrDefault())
        select new SnoopSummaryLine(numbered.HasValue ? numbered.Value.Number : null, numbered.HasValue ? numbered.Value.Time : null,
            vlan.HasValue ? vlan.Value : null, source, destination, protocol, words.Trim());

    /// <summary>"Options=&lt;nop,nop,tstamp 1 2&gt;": snoop_tcp.c's option list, spaces inside it.</summary>
    private static readonly Parser<char, (string Key, string Value)> OptionsItem =
        Try(String("Options=<").Then(Token(c => c != '>').ManyString()).Before(Char('>').Optional()).Select(text => ("Options", text)));

    /// <summary>"Ack=3566272237", "LEN=104,", "Push": a word, split at its first '=' (a flag word has no value).</summary>
    private static readonly Parser<char, (string Key, string Value)> WordItem =
        Word.Select(word =>
        {
            var equals = word.IndexOf('=');
            return equals < 0 ? (word.TrimEnd(','), "") : (word[..equals], word[(equals + 1)..].TrimEnd(','));
        });

    private static readonly Parser<char, IEnumerable<(string Key, string Value)>> ItemList =
        Lexicon.OptionalSpaces.Then(OptionsItem.Or(WordItem).SeparatedAndOptionallyTerminated(Lexicon.Spaces));

    /// <summary>"D=80 S=1421 Syn Ack=… Seq=… Len=0 Win=32120 Options=&lt;mss 1460,nop&gt;": items in snoop's order, flags as words.</summary>
    public static IReadOnlyList<(string Key, string Value)> Items(string words) =>
        ItemList.Before(End).Parse(words) is { Success: true } items ? items.Value.ToList() : [];

    /// <summary>"Echo request (ID: 2867 Sequence number: 0)" (newer snoop) or "Echo request": request or reply, and the numbers.</summary>
    public static readonly Parser<char, (bool Request, int? Identifier, int? Sequence)> Echo =
        from echo in String("Echo ")
        from request in OneOf(Try(String("request")).ThenReturn(true), String("reply").ThenReturn(false))
        from numbers in Try(Lexicon.OptionalSpaces.Then(String("(ID: ")).Then(Lexicon.Integer)
            .Then(String(" Sequence number: ").Then(Lexicon.Integer), (id, seq) => (id, seq)).Before(Char(')'))).Optional()
        from rest in Lexicon.RestOfLine
        select (request, numbers.HasValue ? numbers.Value.id : (int?)null, numbers.HasValue ? numbers.Value.seq : (int?)null);

    /// <summary>"Type=0800 (IP), size = 118 bytes": the frame's size at the end of -V's ETHER line.</summary>
    public static readonly Parser<char, int> FrameSize =
        Try(Token(c => c != ',').Many().Then(String(", size = ")).Then(Lexicon.Integer).Before(String(" bytes")));

    /// <summary>A decimal or 0x hexadecimal number, as snoop prints its values.</summary>
    public static ulong? Number(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>"ARP C Who is 2.2.2.2, name ?" and "ARP R 10.0.0.2, name is 8:0:20:1:3d:94": the opcode and the addresses printed.</summary>
    public static readonly Parser<char, (bool Request, string Address, string? Mac)> Arp =
        OneOf(
            Try(from c in String("C Who is ")
                from address in Token(c => c != ',' && c != ' ').AtLeastOnceString()
                from rest in Lexicon.RestOfLine
                where rest.TrimEnd().EndsWith('?')
                select (true, address, (string?)null)),
            Try(from r in String("R ")
                from address in Token(c => c != ',' && c != ' ').AtLeastOnceString()
                from rest in Lexicon.RestOfLine
                let at = rest.LastIndexOf(" is ", StringComparison.Ordinal)
                where at >= 0
                select (false, address, (string?)rest[(at + 4)..].Trim())));

    /// <summary>"8:0:20:1:3d:94": snoop prints MAC bytes in hex without leading zeros.</summary>
    public static byte[]? Mac(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 6) return null;
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])) return null;
        }
        return bytes;
    }
}
