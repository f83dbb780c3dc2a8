using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.PacketMonitor;

/// <summary>"16:06:23.706 Rcvd " — a record's time and direction, and the rest of the line.</summary>
public sealed record RecordStart(TimeOfDay Time, Direction Direction, string Rest);

/// <summary>"Ver/HL 45, ToS  0, Len   3c, …" and "Cksum  4931, Src c0a8821d, Dst ac101e03": named values, in hex.</summary>
public sealed record NamedValues(IReadOnlyDictionary<string, string> Values);

/// <summary>"192.168.130.29.1068" — an address and a port (a number or a service name).</summary>
public sealed record Endpoint(byte[] Address, string Port);

public sealed record TransportLine(string Protocol, Endpoint From, Endpoint To, string? Checksum, string? Count, bool CountHasDot);

/// <summary>"seq  7bd1bec2, ack     n.a., window 8000, 20. data bytes, flags Syn."</summary>
public sealed record SequenceLine(string Seq, string Ack, string Window, string Count, bool CountHasDot, IReadOnlyList<string> Flags);

/// <summary>"X/Off 0a, Flags 02, Cksum 51e0,  Urg-> 0000"</summary>
public sealed record OffsetLine(IReadOnlyDictionary<string, string> Values);

/// <summary>"Ether Dst 00:23:54:52:18:6e  Src 00:00:a8:41:34:56 Type 0800 (IP)"</summary>
public sealed record EtherLine(byte[] Destination, byte[] Source, ushort Type);

/// <summary>"ARP Req Target 164.152.77.217 Src 164.152.77.34 [00:13:d4:59:7a:da]" (either address may be blank).</summary>
public sealed record ArpLine(bool IsReply, byte[]? Target, byte[]? TargetMac, byte[]? Source, byte[]? SourceMac);

/// <summary>"      0     2  4  5 64  1  3  3  0 …  <<B!<" — bytes printed without leading zeros.</summary>
public sealed record HexRow(long Offset, IReadOnlyList<string> Tokens);

/// <summary>packet_monitor's lines as Pidgin parsers, one per kind of line a record holds.</summary>
public static class PacketMonitorGrammar
{
    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c) && c != ',').AtLeastOnceString().Labelled("word");

    private static Parser<char, string> Keyword(string word) => Lexicon.OptionalSpaces.Then(CIString(word));

    private static readonly Parser<char, Unit> LineEnd = Lexicon.OptionalSpaces.Then(End);

    public static readonly Parser<char, Direction> DirectionWord =
        String("Rcvd").ThenReturn(Direction.Inbound).Or(String("Xmit").ThenReturn(Direction.Outbound)).Labelled("Rcvd or Xmit");

    public static readonly Parser<char, RecordStart> Record =
        Map((time, direction, rest) => new RecordStart(time, direction, rest.Trim()),
            Lexicon.OptionalSpaces.Then(Lexicon.TimeOfDay).Before(Lexicon.Spaces), DirectionWord, Lexicon.RestOfLine);

    /// <summary>The column header that may come first: "hh:mm:ss.ttt dir   len proto …".</summary>
    public static readonly Parser<char, string> ColumnHeader =
        Lexicon.OptionalSpaces.Then(String("hh:mm:ss.ttt")).Before(Lexicon.RestOfLine);

    /// <summary>"Ver/HL 45" … pairs of a name (letters, '/', '-', '>') and a value, separated by commas.</summary>
    public static readonly Parser<char, NamedValues> Named =
        Map((name, value) => (name, value),
                Lexicon.OptionalSpaces.Then(Token(c => char.IsLetter(c) || c is '/' or '-' or '>').AtLeastOnceString()).Before(Lexicon.OptionalSpaces),
                Word)
            .SeparatedAtLeastOnce(Char(','))
            .Before(LineEnd)
            .Select(pairs => pairs.ToList())
            .Assert(pairs => pairs.Select(p => p.name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == pairs.Count, "each name once")
            .Select(pairs => new NamedValues(pairs.ToDictionary(p => p.name, p => p.value, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The IP line: "IP   Ver/HL 45, ToS  0, Len   3c, ID 26b2, Flg/Frg    0, TTL 3e,  Prtl  6".</summary>
    public static readonly Parser<char, NamedValues> IpLine =
        Keyword("IP").Then(Named).Assert(values => values.Values.ContainsKey("Ver/HL"), "an IP line with Ver/HL");

    public static readonly Parser<char, Endpoint> EndpointParser =
        Word.Select(text => (text, dot: text.LastIndexOf('.')))
            .Assert(w => w.dot > 0 && IPAddress.TryParse(w.text[..w.dot], out _), "an address and a port")
            .Select(w => new Endpoint(IPAddress.Parse(w.text[..w.dot]).GetAddressBytes(), w.text[(w.dot + 1)..]));

    private static readonly Parser<char, (string Count, bool Dot)> Count =
        Map((digits, dot) => (digits, dot.HasValue),
            Lexicon.Digit.AtLeastOnceString(), Char('.').Optional().Before(Keyword("data bytes")));

    private static readonly Parser<char, (string Checksum, (string Count, bool Dot) Count)> UdpTail =
        Try(Map((checksum, count) => (checksum, count),
            Keyword("Cksum").Then(Lexicon.Spaces).Then(Word).Before(Char(',')).Before(Lexicon.OptionalSpaces), Count));

    public static readonly Parser<char, TransportLine> Transport =
        Map((protocol, from, to, udp) => new TransportLine(protocol, from, to,
                udp.HasValue ? udp.Value.Checksum : null, udp.HasValue ? udp.Value.Count.Count : null, udp.HasValue && udp.Value.Count.Dot),
            Lexicon.OptionalSpaces.Then(String("TCP").Or(String("UDP"))),
            Keyword("from").Then(Lexicon.Spaces).Then(EndpointParser),
            Keyword("to").Then(Lexicon.Spaces).Then(EndpointParser),
            UdpTail.Optional().Before(Lexicon.RestOfLine));

    private static Parser<char, string> Valued(string name) => Keyword(name).Then(Lexicon.Spaces).Then(Word).Before(Char(','));

    private static readonly Parser<char, IEnumerable<string>> FlagWords =
        Keyword("flags").Then(Try(Lexicon.OptionalSpaces.Then(Letter.AtLeastOnceString())).Many()).Before(Char('.').Optional()).Before(LineEnd);

    public static readonly Parser<char, SequenceLine> Sequence =
        Map((seq, ack, window, count, flags) => new SequenceLine(seq, ack, window, count.Count, count.Dot, flags.ToList()),
            Valued("seq"), Valued("ack"), Valued("window"), Lexicon.OptionalSpaces.Then(Count).Before(Char(',')), FlagWords);

    public static readonly Parser<char, OffsetLine> Offsets =
        Named.Assert(values => values.Values.ContainsKey("X/Off"), "an X/Off line").Select(values => new OffsetLine(values.Values));

    private static readonly Parser<char, byte[]> Mac =
        Token(c => char.IsAsciiHexDigit(c) || c == ':').AtLeastOnceString()
            .Select(text => text.Split(':'))
            .Assert(parts => parts.Length == 6 && parts.All(p => p.Length is 1 or 2), "a MAC address")
            .Select(parts => parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray())
            .Labelled("MAC address");

    public static readonly Parser<char, EtherLine> Ether =
        Map((destination, source, type) => new EtherLine(destination, source, (ushort)type),
            Keyword("Ether").Then(Keyword("Dst")).Then(Lexicon.Spaces).Then(Mac),
            Keyword("Src").Then(Lexicon.Spaces).Then(Mac),
            Keyword("Type").Then(Lexicon.Spaces).Then(Lexicon.HexNumber).Assert(t => t <= ushort.MaxValue).Before(Lexicon.RestOfLine));

    private static readonly Parser<char, byte[]> Ipv4 =
        Token(c => char.IsAsciiDigit(c) || c == '.').AtLeastOnceString()
            .Assert(text => text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork, "an IPv4 address")
            .Select(text => IPAddress.Parse(text).GetAddressBytes());

    private static readonly Parser<char, byte[]> BracketedMac = Lexicon.OptionalSpaces.Then(Char('[')).Then(Mac).Before(Char(']'));

    private static readonly Parser<char, byte[]?> MaybeAddress = Try(Lexicon.Spaces.Then(Ipv4)).Optional().Select(a => a.HasValue ? a.Value : null);

    private static readonly Parser<char, byte[]?> MaybeMac = Try(BracketedMac).Optional().Select(m => m.HasValue ? m.Value : null);

    public static readonly Parser<char, ArpLine> Arp =
        Map((isReply, target, targetMac, source, sourceMac) => new ArpLine(isReply, target, targetMac, source, sourceMac),
            Keyword("ARP").Then(Lexicon.Spaces).Then(Try(String("Req")).ThenReturn(false).Or(String("Rep").ThenReturn(true))),
            Keyword("Target").Then(MaybeAddress), MaybeMac,
            Keyword("Src").Then(MaybeAddress), MaybeMac.Before(LineEnd));

    /// <summary>"offset 0  .  .  .  4  .  .  .   8 …"</summary>
    public static readonly Parser<char, string> Ruler =
        Keyword("offset").Then(Lexicon.Spaces).Then(Char('0')).Then(Lexicon.RestOfLine).Assert(rest => rest.Contains('.'), "a ruler of dots");

    public static readonly Parser<char, HexRow> Row =
        Map((offset, tokens) => new HexRow(offset, tokens.ToList()),
            Lexicon.Spaces.Then(Lexicon.HexNumber),
            Try(Lexicon.Spaces.Then(Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString())).AtLeastOnce().Before(LineEnd));

    public static readonly Parser<char, string> NoData =
        Lexicon.OptionalSpaces.Then(String("No ")).Then(Letter.AtLeastOnceString()).Before(String(" data."));

    /// <summary>"** Packet 1 **": a marker authors add between records.</summary>
    public static readonly Parser<char, string> Marker =
        Lexicon.OptionalSpaces.Then(String("**")).Then(Lexicon.RestOfLine)
            .Assert(rest => rest.Contains("**", StringComparison.Ordinal), "a marker closed by **")
            .Select(rest => rest[..rest.IndexOf("**", StringComparison.Ordinal)].Trim());

    /// <summary>
    /// packet_monitor's signature, looked for before any parser runs (every line of every document is
    /// asked): a record names its direction, a column header its time layout.
    /// </summary>
    public static bool MayStart(string line) =>
        line.Contains("Rcvd", StringComparison.Ordinal) || line.Contains("Xmit", StringComparison.Ordinal) || line.Contains("hh:mm:ss.ttt", StringComparison.Ordinal);

    /// <summary>A wrapped line's continuation: '+' first, after any indentation an author added.</summary>
    public static bool IsContinuation(string line) => line.AsSpan().TrimStart(" \t").StartsWith("+");

    /// <summary>What a continuation adds to the line before it: everything after its '+'.</summary>
    public static string ContinuationText(string line) => line.TrimStart(' ', '\t')[1..];
}
