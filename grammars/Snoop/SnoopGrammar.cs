using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Pidgin;
using TraceImport.Decoding.Protocols;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Snoop;

/// <summary>What follows "TAG:" on a snoop -v line.</summary>
public abstract record SnoopContent;

/// <summary>"----- IP Header -----"</summary>
public sealed record SectionStart(string Title) : SnoopContent;

/// <summary>"Packet 3 arrived at 16:56:57.90"</summary>
public sealed record Arrival(int Number, TimeOfDay Time) : SnoopContent;

/// <summary>".1.. .... = do not fragment": a bit of the field above, its value, and what snoop calls it.</summary>
public sealed record BitLine(string Pattern, string Text) : SnoopContent
{
    /// <summary>The bit's position from the left of the pattern (0-7) and its value, for single-bit lines.</summary>
    public (int Position, int Value)? SingleBit()
    {
        var digits = Pattern.Replace(" ", "");
        var set = digits.Select((c, i) => (c, i)).Where(p => p.c is '0' or '1').ToList();
        return set.Count == 1 ? (set[0].i, set[0].c - '0') : null;
    }
}

/// <summary>A value as snoop printed it, read by its label's shape.</summary>
public abstract record SnoopValue
{
    public sealed record Number(ulong Value) : SnoopValue;

    /// <summary>Digits that read both as decimal and as hex, the decimal reading first.</summary>
    public sealed record EitherRadix(IReadOnlyList<ulong> Readings) : SnoopValue;

    public sealed record Hardware(byte[] Bytes) : SnoopValue;

    public sealed record Address(byte[] Bytes, string? Name) : SnoopValue;

    /// <summary>A value the label's shape does not read ("0X", "?"): the field stays unknown.</summary>
    public sealed record Unreadable(string Text) : SnoopValue;
}

/// <summary>One labelled value on a line: "Time to live = 57 seconds/hops", or "ID: 4370" inside ICMP's code line.</summary>
public sealed record PrintedValue(SnoopLabel Label, SnoopValue Value);

/// <summary>A line of labelled values (most print one; "Version = 4, header length = 20 bytes" prints two).</summary>
public sealed record FieldLine(IReadOnlyList<PrintedValue> Values, string Text) : SnoopContent;

/// <summary>"- Maximum segment size = 1460 bytes": a TCP option in snoop's words; null where snoop's words for it are not read.</summary>
public sealed record OptionLine(TcpOption? Option, string Text) : SnoopContent;

/// <summary>Anything else: "No options", a continuation, a line of a protocol this grammar does not rebuild.</summary>
public sealed record TextLine(string Text) : SnoopContent;

public sealed record SnoopLine(string Protocol, SnoopContent Content);

/// <summary>"           0: 00e0 f726 3fe9 0800 2086 354b 0800 4500    ..÷&amp;?... .5K..E." (snoop -x)</summary>
public sealed record SnoopHexRow(int Offset, HexRun Bytes);

/// <summary>
/// snoop's -v and -x lines as Pidgin parsers. A field line is read by snoop's own labels
/// (<see cref="SnoopVocabulary"/>) and each value by the way snoop prints it; lines of a tag whose
/// words this grammar does not know are kept as text.
/// </summary>
public static class SnoopGrammar
{
    /// <summary>The tags snoop prints; a line with another tag before a colon is prose ("Note: …").</summary>
    public static readonly IReadOnlySet<string> KnownProtocols = new HashSet<string>(StringComparer.Ordinal)
    {
        "ETHER", "IP", "IPv6", "TCP", "UDP", "ICMP", "ICMPv6", "ARP", "RARP", "RPC", "NFS", "DNS", "NIS", "NTP", "TFTP",
        "TELNET", "FTP", "SMTP", "HTTP", "RIP", "DHCP", "BOOTP", "SLP", "MOUNT", "PMAP", "NLM", "LLC", "SNAP", "AH", "ESP",
        "IGMP", "OSPF", "VLAN", "NETBIOS", "SMB", "NFS_ACL", "NFS3", "NFS4", "PPP", "LDAP", "SOCKS", "SCTP", "TRILL", "GRE",
    };

    /// <summary>The protocol tag before the colon, one snoop prints: ETHER, IP, IPv6, TCP, UDP, ICMP, ARP, RPC, NFS, DNS…</summary>
    public static readonly Parser<char, string> Protocol =
        Token(char.IsAsciiLetterUpper).Then(Token(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ManyString(), (first, rest) => first + rest)
            .Assert(KnownProtocols.Contains, tag => $"'{tag}' is not a tag snoop prints")
            .Labelled("protocol tag");

    /// <summary>What follows a tag: snoop's words, read by the vocabulary.</summary>
    private static class Contents
    {
        private static readonly Parser<char, SnoopContent> Section =
            String("-----").Then(Lexicon.RestOfLine)
                .Assert(rest => rest.TrimEnd().EndsWith("-----", StringComparison.Ordinal), "a section title closed by -----")
                .Select(rest => (SnoopContent)new SectionStart(rest.TrimEnd()[..^5].Trim()));

        private static readonly Parser<char, string> BitPattern = OneOf('.', '0', '1', 'x').RepeatString(4);

        private static readonly Parser<char, SnoopContent> Bits =
            Try(Map((high, low, text) => (SnoopContent)new BitLine(high + " " + low, text.Trim()),
                BitPattern.Before(Char(' ')), BitPattern.Before(String(" = ")), Lexicon.RestOfLine));

        private static readonly Parser<char, SnoopContent> ArrivalLine =
            Try(Map((number, time) => (SnoopContent)new Arrival(number, time),
                String("Packet ").Then(Lexicon.Integer), String(" arrived at ").Then(Lexicon.TimeOfDay)));

        /// <summary>Where a printed value's first token ends: a space, a comma, a bracket, or the line's end.</summary>
        private static readonly Parser<char, Unit> TokenEnd = Lookahead(OneOf(' ', '\t', ',', '(', ')').IgnoreResult().Or(End));

        private static readonly Parser<char, ulong> DecimalNumber =
            Digit.AtLeastOnceString().Assert(d => d.Length <= 19, "a number of at most nineteen digits").Select(d => ulong.Parse(d, CultureInfo.InvariantCulture));

        private static readonly Parser<char, ulong> HexDigits =
            Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length <= 16, "at most sixteen hex digits").Select(d => ulong.Parse(d, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        private static readonly Parser<char, SnoopValue> DecimalValue = DecimalNumber.Before(TokenEnd).Select(n => (SnoopValue)new SnoopValue.Number(n));

        private static readonly Parser<char, SnoopValue> HexValue =
            Try(CIString("0x").Then(HexDigits)).Or(HexDigits).Before(TokenEnd).Select(n => (SnoopValue)new SnoopValue.Number(n));

        /// <summary>Digits alone read both ways; a 0x prefix or a letter makes them hex.</summary>
        private static readonly Parser<char, SnoopValue> EitherRadixValue =
            Try(CIString("0x").Then(HexDigits).Before(TokenEnd).Select(n => (SnoopValue)new SnoopValue.Number(n)))
                .Or(Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length <= 16).Before(TokenEnd).Select(Readings));

        private static SnoopValue Readings(string digits)
        {
            var hex = ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (!digits.All(char.IsAsciiDigit)) return new SnoopValue.Number(hex);
            var dec = ulong.Parse(digits, CultureInfo.InvariantCulture);
            return dec == hex ? new SnoopValue.Number(dec) : new SnoopValue.EitherRadix([dec, hex]);
        }

        /// <summary>"8:0:20:1:3d:94": six groups of one or two hex digits.</summary>
        private static readonly Parser<char, SnoopValue> MacValue =
            Lexicon.HexDigit.AtLeastOnceString().Assert(g => g.Length <= 2).Separated(Char(':'))
                .Select(groups => groups.ToList())
                .Assert(groups => groups.Count == 6, "six groups of hex digits")
                .Before(TokenEnd)
                .Select(groups => (SnoopValue)new SnoopValue.Hardware(groups.Select(g => byte.Parse(g, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()));

        /// <summary>"172.16.55.106, fs.nuts.com" or "::1, localhost": the address, then the name snoop resolved, if it differs.</summary>
        private static readonly Parser<char, SnoopValue> AddressValue =
            Token(c => char.IsAsciiHexDigit(c) || c is '.' or ':').AtLeastOnceString()
                .Select(text => IPAddress.TryParse(text, out var address) ? address : null)
                .Assert(address => address is not null, "an IPv4 or IPv6 address")
                .Then(Lexicon.RestOfLine, (address, rest) =>
                {
                    var name = rest.TrimStart().StartsWith(',') ? rest.TrimStart()[1..].Trim() : "";
                    var text = address!.ToString();
                    return (SnoopValue)new SnoopValue.Address(address.GetAddressBytes(), name.Length == 0 || name == text ? null : name);
                });

        private static Parser<char, SnoopValue> Value(ValueShape shape) => shape switch
        {
            ValueShape.Decimal => DecimalValue,
            ValueShape.Hex => HexValue,
            ValueShape.DecimalOrHex => EitherRadixValue,
            ValueShape.Mac => MacValue,
            _ => AddressValue,
        };

        /// <summary>"Label = value": the label's words (any case), '=' (or, for some labels in older snoop, a space), its value.</summary>
        private static Parser<char, PrintedValue> Labelled(SnoopLabel label)
        {
            var separator = Try(Lexicon.OptionalSpaces.Then(Char('=')).Then(Lexicon.OptionalSpaces));
            if (label.EqualsOptional) separator = separator.Or(Lexicon.Spaces);
            var value = Try(Value(label.Shape)).Or(Lexicon.RestOfLine.Select(text => (SnoopValue)new SnoopValue.Unreadable(text.Trim())));
            return Try(CIString(label.Words).Then(separator)).Then(value).Select(v => new PrintedValue(label, v));
        }

        /// <summary>Values snoop prints after the first one on the same line, by tag.</summary>
        private static Parser<char, IEnumerable<PrintedValue>> Trailing(string tag, IReadOnlyList<SnoopLabel> labels)
        {
            SnoopLabel Named(string words) => labels.Single(l => l.Words == words);
            return tag switch
            {
                // "Version = 4, header length = 20 bytes" (older snoop).
                "IP" => Try(Char(',').Then(Lexicon.OptionalSpaces).Then(Labelled(Named("Header length")))).Optional().Select(Listed),
                // "Code = 0 (ID: 4370 Sequence number: 1)": an echo's identifier and sequence number beside its code.
                "ICMP" or "ICMPv6" => Try(Map((id, sequence) => (IEnumerable<PrintedValue>)[id, sequence],
                    String(" (ID: ").Then(DecimalValue).Select(v => new PrintedValue(Named("ID"), v)),
                    String(" Sequence number: ").Then(DecimalValue).Select(v => new PrintedValue(Named("Sequence number"), v)))),
                _ => Fail<IEnumerable<PrintedValue>>(),
            };
        }

        private static IEnumerable<PrintedValue> Listed(Maybe<PrintedValue> value) => value.HasValue ? [value.Value] : [];

        /// <summary>A field line of the tag's vocabulary, with any values that trail the first; the rest of the line is snoop's gloss.</summary>
        private static Parser<char, SnoopContent> Field(string tag)
        {
            var labels = SnoopVocabulary.Under(tag);
            if (labels.Count == 0) return Fail<SnoopContent>();
            var first = OneOf(labels.Select(Labelled));
            return first.Then(Trailing(tag, labels).Or(Return<IEnumerable<PrintedValue>>([])), (head, tail) => tail.Prepend(head).ToList())
                .Then(Lexicon.RestOfLine, (values, _) => values)
                .MapWithInput((text, values) => (SnoopContent)new FieldLine(values, text.ToString().Trim()));
        }

        /// <summary>snoop_tcp.c's words for each option, read into the option itself.</summary>
        private static readonly Parser<char, TcpOption> KnownOption = OneOf(
            Try(String("Maximum segment size = ").Then(DecimalNumber).Before(String(" bytes")).Assert(n => n <= ushort.MaxValue).Select(n => (TcpOption)new TcpOption.MaximumSegmentSize((ushort)n))),
            Try(String("Window scale = ").Then(DecimalNumber).Assert(n => n <= byte.MaxValue).Select(n => (TcpOption)new TcpOption.WindowScale((byte)n))),
            Try(Map((value, echo) => (TcpOption)new TcpOption.Timestamps((uint)value, (uint)echo),
                String("TS Val = ").Then(DecimalNumber).Assert(n => n <= uint.MaxValue), String(", TS Echo = ").Then(DecimalNumber).Assert(n => n <= uint.MaxValue))),
            Try(CIString("SACK permitted option").ThenReturn((TcpOption)new TcpOption.SackPermitted())),
            Try(String("No operation").ThenReturn((TcpOption)new TcpOption.NoOperation())),
            Try(String("End of option list").ThenReturn((TcpOption)new TcpOption.EndOfList())));

        private static readonly Parser<char, SnoopContent> Option =
            Try(Char('-').Then(Lexicon.Spaces)).Then(Try(KnownOption.Select(o => (TcpOption?)o).Before(Lexicon.OptionalSpaces).Before(End)).Or(Lexicon.RestOfLine.ThenReturn((TcpOption?)null)))
                .MapWithInput((text, option) => (SnoopContent)new OptionLine(option, text.ToString().Trim()));

        private static readonly Parser<char, SnoopContent> Text = Lexicon.RestOfLine.Select(t => (SnoopContent)new TextLine(t.Trim()));

        /// <summary>A tag's line parser, built the first time a line with that tag is read: documents without snoop never pay for it.</summary>
        public static Parser<char, SnoopLine> For(string tag) => ByTag.GetOrAdd(tag, t =>
            OneOf(Try(Section), ArrivalLine, Bits, t == "TCP" ? Option : Fail<SnoopContent>(), Field(t), Text).Select(content => new SnoopLine(t, content)));

        private static readonly ConcurrentDictionary<string, Parser<char, SnoopLine>> ByTag = new(StringComparer.Ordinal);
    }

    /// <summary>"IP:   Time to live = 57" — the tag, a colon, then 1-3 spaces, a tab, or one space where whitespace was collapsed.</summary>
    public static readonly Parser<char, SnoopLine> Line =
        Lexicon.OptionalSpaces.Then(Protocol).Before(Char(':')).Before(Lexicon.OptionalSpaces)
            .Bind(Contents.For);

    private static readonly HexRunRules HexRules = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<char, SnoopHexRow> HexRow =
        Map((offset, bytes) => new SnoopHexRow(offset, bytes),
            Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Char(':')).Before(Lexicon.Spaces),
            Lexicon.HexBytes(HexRules));

    /// <summary>A snoop -v line with a tag snoop prints.</summary>
    public static SnoopLine? TryLine(string line) => MayBeLine(line) && Line.ParseLine(line) is { Success: true } parsed ? parsed.Value : null;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Tags = ((HashSet<string>)KnownProtocols).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// snoop's signature, looked for before any parser runs (every line of every document is asked):
    /// what comes before the first colon is a tag snoop prints, or a decimal offset (a -x row).
    /// </summary>
    public static bool MayBeLine(string line)
    {
        var text = line.AsSpan().TrimStart(" \t");
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var head = text[..colon];
        return Tags.Contains(head) || !head.ContainsAnyExceptInRange('0', '9');
    }
}
