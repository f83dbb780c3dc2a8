using Sprache;
using TraceImport.Text;

namespace TraceImport.Grammars.Snoop;

/// <summary>What follows "PROTO:" on a snoop -v line.</summary>
public abstract record SnoopContent;

/// <summary>"----- IP Header -----"</summary>
public sealed record SectionStart(string Title) : SnoopContent;

/// <summary>"Time to live = 57 seconds/hops"; also "Identification 19846" (older snoop, no '=').</summary>
public sealed record FieldLine(string Name, string Value) : SnoopContent;

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

/// <summary>"Packet 3 arrived at 16:56:57.90"</summary>
public sealed record Arrival(int Number, TimeOfDay Time) : SnoopContent;

/// <summary>Anything else: "No options", a continuation, a higher layer's text.</summary>
public sealed record TextLine(string Text) : SnoopContent;

public sealed record SnoopLine(string Protocol, SnoopContent Content);

/// <summary>"           0: 00e0 f726 3fe9 0800 2086 354b 0800 4500    ..÷&amp;?... .5K..E." (snoop -x)</summary>
public sealed record SnoopHexRow(int Offset, HexRun Bytes);

public static class SnoopGrammar
{
    /// <summary>The protocol tag before the colon: ETHER, IP, IPv6, TCP, UDP, ICMP, ARP, RPC, NFS, DNS…</summary>
    public static readonly Parser<string> Protocol =
        (from first in Parse.Upper
         from rest in Parse.LetterOrDigit.Or(Parse.Chars('-', '_')).Many().Text()
         select first + rest).Named("protocol tag");

    private static readonly Parser<SnoopContent> Section =
        from open in Parse.String("-----")
        from title in Parse.AnyChar.Except(Parse.String("-----")).Many().Text()
        from close in Parse.String("-----")
        select (SnoopContent)new SectionStart(title.Trim());

    private static readonly Parser<SnoopContent> Bits =
        from pattern in Parse.Chars(".01").Repeat(4).Text()
        from space in Parse.Char(' ')
        from pattern2 in Parse.Chars(".01").Repeat(4).Text()
        from eq in Parse.String(" = ")
        from text in Parse.AnyChar.Many().Text()
        select (SnoopContent)new BitLine(pattern + " " + pattern2, text.Trim());

    private static readonly Parser<SnoopContent> ArrivalLine =
        from packet in Parse.String("Packet ")
        from number in Tokens.Integer
        from words in Parse.String(" arrived at ")
        from time in Tokens.TimeOfDay
        select (SnoopContent)new Arrival(number, time);

    private static readonly Parser<SnoopContent> Field =
        from name in Parse.CharExcept('=').AtLeastOnce().Text()
        from eq in Parse.Char('=')
        from value in Parse.AnyChar.Many().Text()
        where name.Trim().Length > 0 && !name.Trim().Contains("  ")
        select (SnoopContent)new FieldLine(name.Trim(), value.Trim());

    /// <summary>"Identification 19846": a name, one space, a number.</summary>
    private static readonly Parser<SnoopContent> FieldWithoutEquals =
        from name in Parse.String("Identification").Text()
        from space in Parse.Char(' ').AtLeastOnce()
        from value in Parse.LetterOrDigit.AtLeastOnce().Text()
        from end in Parse.WhiteSpace.Many().End()
        select (SnoopContent)new FieldLine(name, value);

    public static readonly Parser<SnoopContent> Content =
        Section.Or(Bits).Or(ArrivalLine).Or(FieldWithoutEquals).Or(Field)
            .Or(Parse.AnyChar.Many().Text().Select(t => (SnoopContent)new TextLine(t.Trim())));

    /// <summary>"IP:   Time to live = 57" — the tag, a colon, then 1-3 spaces, a tab, or one space where whitespace was collapsed.</summary>
    public static readonly Parser<SnoopLine> Line =
        from indent in Tokens.OptionalSpaces
        from protocol in Protocol
        from colon in Parse.Char(':')
        from gap in Tokens.OptionalSpaces
        from content in Content
        select new SnoopLine(protocol, content);

    private static readonly HexRunRules HexRules = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    public static readonly Parser<SnoopHexRow> HexRow =
        from indent in Tokens.OptionalSpaces
        from offset in Tokens.Integer
        from colon in Parse.Char(':')
        from gap in Tokens.Spaces
        from bytes in HexRunParser.Create(HexRules)
        select new SnoopHexRow(offset, bytes);

    /// <summary>The tags snoop prints; a line with another tag before a colon is prose ("Note: …").</summary>
    public static readonly IReadOnlySet<string> KnownProtocols = new HashSet<string>(StringComparer.Ordinal)
    {
        "ETHER", "IP", "IPv6", "TCP", "UDP", "ICMP", "ICMPv6", "ARP", "RARP", "RPC", "NFS", "DNS", "NIS", "NTP", "TFTP",
        "TELNET", "FTP", "SMTP", "HTTP", "RIP", "DHCP", "BOOTP", "SLP", "MOUNT", "PMAP", "NLM", "LLC", "SNAP", "AH", "ESP",
        "IGMP", "OSPF", "VLAN", "NETBIOS", "SMB", "NFS_ACL", "NFS3", "NFS4", "PPP", "LDAP", "SOCKS", "SCTP", "TRILL", "GRE",
    };

    /// <summary>A snoop -v line with a tag snoop prints.</summary>
    public static SnoopLine? TryLine(string line)
    {
        var parsed = Line.ParseLine(line);
        return parsed.WasSuccessful && KnownProtocols.Contains(parsed.Value.Protocol) ? parsed.Value : null;
    }
}
