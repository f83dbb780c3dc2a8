using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.CiscoAsa;

/// <summary>"   1: 20:40:01.108469       10.124.255.212 > 10.124.255.5 icmp: echo request", with the detail view's link part when shown.</summary>
public sealed record AsaSummary(int Number, TimeOfDay Time, AsaLinkLayer? Link, string Text);

/// <summary>"a453.0ef3.7fc0 74ad.98e5.0004 0x0800 Length: 98": what "show capture … detail" prints before the decode.</summary>
public sealed record AsaLinkLayer(byte[] Source, byte[] Destination, ushort EtherType, int Length);


/// <summary>
/// Cisco ASA "show capture NAME dump" / "detail": "N packets captured", a numbered summary line per
/// packet, "0x0000 a453 0ef3 …" rows (one space after the offset, 16-bit groups, the ASCII column
/// after the bytes), and "N packets shown".
/// </summary>
public static class CiscoAsaGrammar
{
    public static readonly HexRunRules RowBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    private static Parser<char, Unit> Words(string words) => Try(String(words)).IgnoreResult();

    /// <summary>"4599 packets captured"</summary>
    public static readonly Parser<char, int> Captured =
        Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.Spaces.Then(Words("packets").Or(Words("packet"))).Then(Lexicon.Spaces).Then(String("captured")));

    /// <summary>"1 packet shown"</summary>
    public static readonly Parser<char, int> Shown =
        Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.Spaces.Then(Words("packets").Or(Words("packet"))).Then(Lexicon.Spaces).Then(String("shown")));

    /// <summary>"a453.0ef3.7fc0": a MAC address in Cisco's dotted form.</summary>
    private static readonly Parser<char, byte[]> Mac =
        Try(
            from a in Lexicon.HexDigit.RepeatString(4)
            from d1 in Char('.')
            from b in Lexicon.HexDigit.RepeatString(4)
            from d2 in Char('.')
            from c in Lexicon.HexDigit.RepeatString(4)
            select Convert.FromHexString(a + b + c));

    private static readonly Parser<char, AsaLinkLayer> LinkLayer =
        Try(
            from source in Mac
            from gap in Lexicon.Spaces
            from destination in Mac
            from gap2 in Lexicon.Spaces
            from type in String("0x").Then(Lexicon.HexDigit.RepeatString(4)).Select(hex => Convert.ToUInt16(hex, 16))
            from gap3 in Lexicon.Spaces
            from length in String("Length:").Then(Lexicon.OptionalSpaces).Then(Lexicon.Integer)
            select new AsaLinkLayer(source, destination, type, length));

    public static readonly Parser<char, AsaSummary> Summary =
        from indent in Lexicon.OptionalSpaces
        from number in Lexicon.Integer
        from colon in Char(':')
        from gap in Lexicon.Spaces
        from time in Lexicon.TimeOfDay
        from gap2 in Lexicon.Spaces
        from link in LinkLayer.Optional()
        from text in Lexicon.OptionalSpaces.Then(Lexicon.RestOfLine)
        select new AsaSummary(number, time, link.HasValue ? link.Value : null, text.TrimEnd());

    /// <summary>"0x0010 0054 dc73 …": the row's offset and where its bytes begin.</summary>
    public static readonly Parser<char, (long Offset, int BytesStart)> Row =
        from indent in Lexicon.OptionalSpaces
        from offset in String("0x").Then(Lexicon.HexNumber)
        from gap in Lexicon.Spaces
        from position in CurrentOffset
        select (offset, position);
}
