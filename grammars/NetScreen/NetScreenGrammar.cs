using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.NetScreen;

/// <summary>"8954069.0: ethernet0/1(i) len=70:002451aefc00->00239c82b805/8100/0800, tag 635"</summary>
public sealed record NetScreenHeader(EpochTime SinceBoot, string Interface, Direction Direction, int Length, string LinkInfo);

/// <summary>
/// The Ethernet part of a header's link information: source and destination MAC (12 hex digits
/// each), the EtherTypes in order (more than one when there are VLAN tags), and the VLAN tag.
/// </summary>
public sealed record NetScreenEthernet(byte[] Source, byte[] Destination, IReadOnlyList<ushort> EtherTypes, int? Tag);

/// <summary>
/// ScreenOS "snoop" output as Wireshark's netscreen reader reads it (wiretap/netscreen.c): a header
/// line per packet, up to eight indented decode lines, then hex rows of up to 16 bytes with an ASCII
/// column; packets are separated by a blank line.
/// </summary>
public static class NetScreenGrammar
{
    /// <summary>Bytes as two-digit tokens, 16 to a row; two spaces or more before the ASCII column.</summary>
    public static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    /// <summary>Wireshark's reader takes a first row of fewer than six bytes for a decode line; so does this one.</summary>
    public const int FewestBytesInFirstRow = 6;

    /// <summary>Wireshark's reader skips at most eight decode lines before the hex.</summary>
    public const int MostDecodeLines = 8;

    private static readonly Parser<char, Direction> DirectionLetter =
        Char('i').ThenReturn(Direction.Inbound).Or(Char('o').ThenReturn(Direction.Outbound)).Labelled("'i' or 'o'");

    private static readonly Parser<char, string> InterfaceName =
        Token(c => c != '(' && !char.IsWhiteSpace(c)).AtLeastOnceString().Labelled("interface name");

    public static readonly Parser<char, NetScreenHeader> Header =
        from indent in Lexicon.OptionalSpaces
        from time in Lexicon.Epoch
        from colon in Char(':')
        from gap in Lexicon.OptionalSpaces
        from name in InterfaceName
        from direction in DirectionLetter.Between(Char('('), Char(')'))
        from gap2 in Lexicon.OptionalSpaces
        from length in String("len=").Then(Lexicon.Integer)
        from colon2 in Char(':')
        from linkInfo in Lexicon.RestOfLine
        select new NetScreenHeader(time, name, direction, length, linkInfo.Trim());

    private static readonly Parser<char, byte[]> Mac =
        Lexicon.HexDigit.RepeatString(12).Select(Convert.FromHexString).Labelled("MAC address (12 hex digits)");

    private static readonly Parser<char, ushort> EtherType =
        Char('/').Then(Lexicon.HexDigit.RepeatString(4)).Select(hex => Convert.ToUInt16(hex, 16)).Labelled("'/' and an EtherType");

    /// <summary>"002451aefc00->00239c82b805/8100/0800, tag 635" (also "-&gt;" once a web page's entities are decoded).</summary>
    public static readonly Parser<char, NetScreenEthernet> Ethernet =
        from source in Mac
        from arrow in String("->")
        from destination in Mac
        from types in EtherType.AtLeastOnce()
        from tag in Try(Char(',').Then(Lexicon.OptionalSpaces).Then(String("tag")).Then(Lexicon.Spaces).Then(Lexicon.Integer)).Optional()
        select new NetScreenEthernet(source, destination, types.ToList(), tag.HasValue ? tag.Value : null);

    /// <summary>
    /// A row: the bytes, then the ASCII column after a gap (one space where a web page collapsed it)
    /// or the end of the line. The indentation may be lost.
    /// </summary>
    public static readonly Parser<char, HexRun> Row =
        from indent in Lexicon.OptionalSpaces
        from bytes in Lexicon.HexBytes(RowBytes)
        from gap in Lookahead(OneOf(' ', '\t').IgnoreResult().Or(End)).Labelled("a gap before the ASCII column")
        select bytes;

    public static bool IsHeader(string line) => Header.ParseLine(line).Success;
}
