using Sprache;
using TraceImport.Model;
using TraceImport.Text;

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
public sealed record OffsetLine(string DataOffset, string Flags, string Checksum, string Urgent);

/// <summary>"Ether Dst 00:23:54:52:18:6e  Src 00:00:a8:41:34:56 Type 0800 (IP)"</summary>
public sealed record EtherLine(byte[] Destination, byte[] Source, ushort Type);

/// <summary>"ARP Req Target 164.152.77.217 Src 164.152.77.34 [00:13:d4:59:7a:da]" (either address may be blank).</summary>
public sealed record ArpLine(bool IsReply, byte[]? Target, byte[]? TargetMac, byte[]? Source, byte[]? SourceMac);

/// <summary>"      0     2  4  5 64  1  3  3  0 …  <<B!<" — bytes printed without leading zeros.</summary>
public sealed record HexRow(long Offset, IReadOnlyList<string> Tokens);

public static class PacketMonitorGrammar
{
    private static readonly Parser<string> Word = Parse.Char(c => !char.IsWhiteSpace(c) && c != ',', "word").AtLeastOnce().Text();

    private static readonly Parser<string> Gap = Parse.Chars(' ', '\t').Many().Text();

    private static Parser<string> Keyword(string word) =>
        from gap in Gap
        from text in Parse.IgnoreCase(word).Text()
        select text;

    public static readonly Parser<Direction> DirectionWord =
        Parse.String("Rcvd").Return(Direction.Inbound).Or(Parse.String("Xmit").Return(Direction.Outbound));

    public static readonly Parser<RecordStart> Record =
        from indent in Gap
        from time in Tokens.TimeOfDay
        from gap in Tokens.Spaces
        from direction in DirectionWord
        from rest in Parse.AnyChar.Many().Text()
        select new RecordStart(time, direction, rest.Trim());

    /// <summary>The column header that may come first: "hh:mm:ss.ttt dir   len proto …".</summary>
    public static readonly Parser<string> ColumnHeader =
        from gap in Gap
        from header in Parse.String("hh:mm:ss.ttt").Text()
        from rest in Parse.AnyChar.Many().Text()
        select header;

    /// <summary>"Ver/HL 45" … pairs of a name (letters, '/', '-', '>') and a value, separated by commas.</summary>
    public static readonly Parser<NamedValues> Named =
        from pairs in (
            from gap in Gap
            from name in Parse.Char(c => char.IsLetter(c) || c is '/' or '-' or '>', "field name").AtLeastOnce().Text()
            from gap2 in Gap
            from value in Word
            select (name, value)).DelimitedBy(Parse.Char(','))
        from end in Gap.End()
        where pairs.Select(p => p.name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == pairs.Count() // a field named twice is damage, not a record
        select new NamedValues(pairs.ToDictionary(p => p.name, p => p.value, StringComparer.OrdinalIgnoreCase));

    /// <summary>The IP line: "IP   Ver/HL 45, ToS  0, Len   3c, ID 26b2, Flg/Frg    0, TTL 3e,  Prtl  6".</summary>
    public static readonly Parser<NamedValues> IpLine =
        from ip in Keyword("IP")
        from values in Named
        where values.Values.ContainsKey("Ver/HL")
        select values;

    public static readonly Parser<Endpoint> EndpointParser =
        from text in Word
        let dot = text.LastIndexOf('.')
        where dot > 0 && System.Net.IPAddress.TryParse(text[..dot], out _)
        select new Endpoint(System.Net.IPAddress.Parse(text[..dot]).GetAddressBytes(), text[(dot + 1)..]);

    private static readonly Parser<(string Count, bool Dot)> Count =
        from digits in Tokens.Digit.AtLeastOnce().Text()
        from dot in Parse.Char('.').Optional()
        from words in Keyword("data bytes")
        select (digits, dot.IsDefined);

    public static readonly Parser<TransportLine> Transport =
        from gap in Gap
        from protocol in Parse.String("TCP").Or(Parse.String("UDP")).Text()
        from f in Keyword("from")
        from g1 in Tokens.Spaces
        from source in EndpointParser
        from t in Keyword("to")
        from g2 in Tokens.Spaces
        from destination in EndpointParser
        from udp in (
            from k in Keyword("Cksum")
            from g in Tokens.Spaces
            from checksum in Word
            from comma in Parse.Char(',')
            from g3 in Gap
            from count in Count
            select (checksum, count)).Optional()
        from rest in Parse.AnyChar.Many()
        select new TransportLine(protocol, source, destination,
            udp.IsDefined ? udp.Get().checksum : null, udp.IsDefined ? udp.Get().count.Count : null, udp.IsDefined && udp.Get().count.Dot);

    public static readonly Parser<SequenceLine> Sequence =
        from seq in Keyword("seq")
        from g1 in Tokens.Spaces
        from seqValue in Word
        from c1 in Parse.Char(',')
        from ack in Keyword("ack")
        from g2 in Tokens.Spaces
        from ackValue in Word
        from c2 in Parse.Char(',')
        from window in Keyword("window")
        from g3 in Tokens.Spaces
        from windowValue in Word
        from c3 in Parse.Char(',')
        from g4 in Gap
        from count in Count
        from c4 in Parse.Char(',')
        from flags in Keyword("flags")
        from flagWords in Parse.Char(c => char.IsLetter(c), "flag").AtLeastOnce().Text().Token().Many()
        from end in Parse.Char('.').Optional()
        from rest in Gap.End()
        select new SequenceLine(seqValue, ackValue, windowValue, count.Count, count.Dot, flagWords.ToList());

    public static readonly Parser<OffsetLine> Offsets =
        from values in Named
        where values.Values.ContainsKey("X/Off")
        select new OffsetLine(values.Values["X/Off"], values.Values.GetValueOrDefault("Flags", ""),
            values.Values.GetValueOrDefault("Cksum", ""), values.Values.GetValueOrDefault("Urg->", ""));

    private static readonly Parser<byte[]> Mac =
        from text in Parse.Char(c => char.IsAsciiHexDigit(c) || c == ':', "MAC address").AtLeastOnce().Text()
        let parts = text.Split(':')
        where parts.Length == 6 && parts.All(p => p.Length is 1 or 2)
        select parts.Select(p => Convert.ToByte(p, 16)).ToArray();

    public static readonly Parser<EtherLine> Ether =
        from e in Keyword("Ether")
        from d in Keyword("Dst")
        from g1 in Tokens.Spaces
        from destination in Mac
        from s in Keyword("Src")
        from g2 in Tokens.Spaces
        from source in Mac
        from t in Keyword("Type")
        from g3 in Tokens.Spaces
        from type in Tokens.HexNumber
        from rest in Parse.AnyChar.Many()
        select new EtherLine(destination, source, (ushort)type);

    private static readonly Parser<byte[]> Ipv4 =
        from text in Parse.Char(c => char.IsDigit(c) || c == '.', "IPv4 address").AtLeastOnce().Text()
        where System.Net.IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3
        select System.Net.IPAddress.Parse(text).GetAddressBytes();

    private static readonly Parser<byte[]> BracketedMac =
        from gap in Gap
        from open in Parse.Char('[')
        from mac in Mac
        from close in Parse.Char(']')
        select mac;

    public static readonly Parser<ArpLine> Arp =
        from a in Keyword("ARP")
        from g in Tokens.Spaces
        from kind in Parse.String("Req").Return(false).Or(Parse.String("Rep").Return(true))
        from t in Keyword("Target")
        from target in (from g1 in Tokens.Spaces from ip in Ipv4 select ip).Optional()
        from targetMac in BracketedMac.Optional()
        from s in Keyword("Src")
        from source in (from g2 in Tokens.Spaces from ip in Ipv4 select ip).Optional()
        from sourceMac in BracketedMac.Optional()
        from end in Gap.End()
        select new ArpLine(kind, target.GetOrDefault(), targetMac.GetOrDefault(), source.GetOrDefault(), sourceMac.GetOrDefault());

    /// <summary>"offset 0  .  .  .  4  .  .  .   8 …"</summary>
    public static readonly Parser<string> Ruler =
        from o in Keyword("offset")
        from g in Tokens.Spaces
        from zero in Parse.Char('0')
        from rest in Parse.AnyChar.Many().Text()
        where rest.Contains('.')
        select rest;

    public static readonly Parser<HexRow> Row =
        from gap in Tokens.Spaces
        from offset in Tokens.HexNumber
        from g2 in Tokens.Spaces
        from tokens in Parse.Char(c => !char.IsWhiteSpace(c), "byte").AtLeastOnce().Text().DelimitedBy(Tokens.Spaces)
        from end in Gap.End()
        select new HexRow(offset, tokens.ToList());

    public static readonly Parser<string> NoData =
        from gap in Gap
        from no in Parse.String("No ")
        from protocol in Parse.Letter.AtLeastOnce().Text()
        from data in Parse.String(" data.")
        select protocol;

    /// <summary>"** Packet 1 **": a marker authors add between records.</summary>
    public static readonly Parser<string> Marker =
        from gap in Gap
        from open in Parse.String("**")
        from text in Parse.AnyChar.Except(Parse.String("**")).Many().Text()
        from close in Parse.String("**")
        select text.Trim();

    /// <summary>A wrapped line's continuation: '+' first, after any indentation an author added.</summary>
    public static bool IsContinuation(string line) => line.AsSpan().TrimStart(" \t").StartsWith("+");

    /// <summary>What a continuation adds to the line before it: everything after its '+'.</summary>
    public static string ContinuationText(string line) => line.TrimStart(' ', '\t')[1..];
}
