using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Pidgin;
using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>
/// tcpdump's one-line summaries as Pidgin parsers, piece by piece as tcpdump prints them (print-ether.c,
/// print-sll.c, print-ip.c, print-ip6.c, print-tcp.c, print-udp.c, print-icmp.c, print-icmp6.c,
/// print-arp.c): the prefix (-# number, timestamp, -i any's columns), -e's link layer, the network
/// layer's words, the endpoints, and the transport's items. Each parser reads part of a line; the
/// reader joins -v's continuation lines first.
/// </summary>
public static class TcpdumpSummaryGrammar
{
    private static readonly Parser<char, uint> Unsigned =
        Digit.AtLeastOnceString().Assert(d => d.Length <= 10 && ulong.Parse(d, CultureInfo.InvariantCulture) <= uint.MaxValue, "a 32-bit number")
            .Select(d => uint.Parse(d, CultureInfo.InvariantCulture)).Labelled("number");

    private static readonly Parser<char, ushort> Short =
        Unsigned.Assert(n => n <= ushort.MaxValue, "a 16-bit number").Select(n => (ushort)n);

    private static readonly Parser<char, ulong> HexValue =
        String("0x").Then(Lexicon.HexDigit.AtLeastOnceString()).Assert(d => d.Length <= 16, "at most sixteen hex digits")
            .Select(d => ulong.Parse(d, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).Labelled("0x number");

    /// <summary>"02:00:00:00:00:0a": six colon-separated groups of two hex digits (one, in old tcpdump).</summary>
    public static readonly Parser<char, byte[]> Mac =
        Lexicon.HexDigit.AtLeastOnceString().Assert(g => g.Length <= 2).Separated(Char(':'))
            .Select(groups => groups.ToList())
            .Assert(groups => groups.Count == 6, "a MAC address")
            .Select(groups => groups.Select(g => byte.Parse(g, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray())
            .Labelled("MAC address");

    // ---- the prefix ----

    /// <summary>"    1  " before the timestamp (or the packet) when tcpdump ran with -#.</summary>
    private static readonly Parser<char, int> PacketNumber =
        Try(Lexicon.OptionalSpaces.Then(Lexicon.Integer).Before(Lexicon.Spaces));

    public static readonly Parser<char, SummaryTime> Timestamp =
        Try(Map((date, time) => new SummaryTime(date, time, null), Lexicon.IsoDate.Before(Char(' ')), Lexicon.TimeOfDay))
            .Or(Lexicon.TimeOfDay.Select(t => new SummaryTime(null, t, null)))
            .Or(Lexicon.Epoch.Select(e => new SummaryTime(null, null, e)))
            .Labelled("timestamp");

    /// <summary>The packet types tcpdump prints for a cooked capture (print-sll.c): host, outgoing, broadcast, multicast, other host.</summary>
    private static readonly Parser<char, (Direction Direction, char Type)> PacketTypeWord =
        OneOf(
            Try(String("In").ThenReturn((Direction.Inbound, 'I'))),
            Try(String("Out").ThenReturn((Direction.Outbound, 'O'))),
            Char('B').ThenReturn((Direction.Inbound, 'B')),
            Char('M').ThenReturn((Direction.Inbound, 'M')),
            Char('P').ThenReturn((Direction.Inbound, 'P')))
        .Before(Lexicon.Spaces);

    private static readonly Parser<char, string> NonSpace = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    /// <summary>-i any (a version 2 cooked capture): "eth0  In  ", "?     Out ".</summary>
    private static readonly Parser<char, (string? Interface, Direction Direction, char Type)> CookedColumns =
        Try(Map((name, type) => ((string?)name, type.Direction, type.Type), NonSpace.Before(Lexicon.Spaces), PacketTypeWord))
            .Or(Try(PacketTypeWord.Select(type => ((string?)null, type.Direction, type.Type))));

    public static readonly Parser<char, SummaryPrefix> Prefix =
        Map((number, time, cooked) => new SummaryPrefix(
                number.HasValue ? number.Value : null,
                time.HasValue ? time.Value : null,
                cooked.HasValue ? cooked.Value.Interface : null,
                cooked.HasValue ? cooked.Value.Direction : Direction.Unknown,
                cooked.HasValue ? cooked.Value.Type : null),
            PacketNumber.Optional(),
            Lexicon.OptionalSpaces.Then(Try(Timestamp.Before(Lexicon.Spaces)).Optional()),
            CookedColumns.Optional());

    // ---- -e: the link layer ----

    /// <summary>"ethertype IPv4 (0x0800)": the name tcpdump gives, then the number, which is what counts.</summary>
    private static readonly Parser<char, ushort> EtherTypePhrase =
        String("ethertype ").Then(Token(c => c != '(').SkipAtLeastOnce()).Then(Char('(')).Then(HexValue).Before(Char(')'))
            .Assert(v => v <= ushort.MaxValue, "a 16-bit EtherType").Select(v => (ushort)v);

    private static readonly Parser<char, int> FrameLength = String(", length ").Then(Lexicon.Integer).Before(Char(':')).Before(Lexicon.OptionalSpaces);

    /// <summary>"02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: " or "…, 802.3, length 52: ".</summary>
    public static readonly Parser<char, LinkHeader> EthernetHeader =
        Try(Map((source, destination, type, length) => (LinkHeader)new LinkHeader.Ethernet(source, destination, type, length),
            Mac.Before(String(" > ")),
            Mac.Before(String(", ")),
            EtherTypePhrase.Select(t => (ushort?)t).Or(String("802.3").ThenReturn((ushort?)null)),
            FrameLength.Select(l => (int?)l)));

    /// <summary>A cooked capture's -e fields: "ifindex 374 02:00:00:00:00:0a ethertype IPv4 (0x0800), length 104: ".</summary>
    public static readonly Parser<char, LinkHeader> CookedHeader =
        Try(Map((index, address, type, length) => (LinkHeader)new LinkHeader.Cooked(index.HasValue ? index.Value : null, address.HasValue ? address.Value : null, type, length),
            Try(String("ifindex ").Then(Lexicon.Integer).Before(Char(' '))).Optional(),
            Try(Mac.Before(Char(' '))).Optional(),
            EtherTypePhrase,
            FrameLength.Select(l => (int?)l)));

    /// <summary>BSD loopback's -e words (print-null.c): "AF IPv4 (2), length 88: ", the family and the frame length.</summary>
    public static readonly Parser<char, (uint Family, int Length)> LoopbackHeader =
        Try(Map((family, length) => (family, length),
            String("AF ").Then(Token(c => c != '(').SkipAtLeastOnce()).Then(Char('(')).Then(Unsigned).Before(Char(')')),
            FrameLength));

    /// <summary>"vlan 100, p 3, ethertype IPv4 (0x0800), " (and "DEI, " when the bit is set).</summary>
    public static readonly Parser<char, VlanTag> Vlan =
        Try(Map((id, priority, dei, type) => new VlanTag(id, (byte)priority, dei.HasValue, type),
            String("vlan ").Then(Short),
            String(", p ").Then(Lexicon.Integer).Assert(p => p <= 7, "a priority of 0-7"),
            Try(String(", DEI")).Optional(),
            String(", ").Then(EtherTypePhrase).Before(Try(String(", ")).Or(Try(String(": "))).Optional())));

    // ---- the network layer ----

    /// <summary>A parenthesised list, brackets nested, as its text: what -v prints after "IP " and "IP6 ".</summary>
    public static readonly Parser<char, string> Parenthesised = Char('(').Then(Rec(() => BalancedBody!)).Before(Char(')'));

    private static readonly Parser<char, string> BalancedBody =
        OneOf(
                Token(c => c is not ('(' or ')')).AtLeastOnceString(),
                Rec(() => Parenthesised).Select(inner => "(" + inner + ")"))
            .Many()
            .Select(string.Concat);

    /// <summary>The items of a verbose header: "tos 0x0", "ttl 64", "flags [DF]", "proto TCP (6)", "options (RA)", split at commas outside brackets.</summary>
    public static HeaderItems Items(string text)
    {
        var items = new List<(string, string)>();
        foreach (var piece in SplitTopLevel(text, ','))
        {
            var trimmed = piece.Trim();
            if (trimmed.Length == 0) continue;
            var space = trimmed.IndexOf(' ');
            items.Add(space < 0 ? (trimmed, "") : (trimmed[..space].TrimEnd(':'), trimmed[(space + 1)..].Trim()));
        }
        return new HeaderItems(items);
    }

    /// <summary>Splits at <paramref name="separator"/> where no bracket is open.</summary>
    public static List<string> SplitTopLevel(string text, char separator)
    {
        var pieces = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '[' or '{' or '<') depth++;
            else if (c is ')' or ']' or '}' or '>' && depth > 0) depth--;
            else if (c == separator && depth == 0)
            {
                pieces.Add(text[start..i]);
                start = i + 1;
            }
        }
        pieces.Add(text[start..]);
        return pieces;
    }

    /// <summary>"10.0.0.1.51270 > 10.0.0.2.7010: …": the two endpoints as printed, and what follows the colon.</summary>
    public static readonly Parser<char, (string From, string To, string After)> Flow =
        Map((from, to, rest) => (from, to, rest),
            Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString().Before(String(" > ")),
            Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString()
                .Assert(t => t.EndsWith(':') && t.Length > 1, "an endpoint followed by ':'")
                .Select(t => t[..^1]),
            Lexicon.OptionalSpaces.Then(Lexicon.RestOfLine));

    /// <summary>Splits "host.port": the port is what follows the last dot.</summary>
    public static HostPort WithPort(string text)
    {
        var dot = text.LastIndexOf('.');
        return dot <= 0 || dot == text.Length - 1 ? new HostPort(text, null) : new HostPort(text[..dot], text[(dot + 1)..]);
    }

    /// <summary>An address printed as an address (IPv4 dotted, or IPv6), else null: a name.</summary>
    public static IPAddress? Address(string host, AddressFamily family) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == family && (family != AddressFamily.InterNetwork || host.Count(c => c == '.') == 3)
            ? address : null;

    // ---- TCP ----

    private static readonly Parser<char, string> FlagLetters = Token(c => c is 'S' or 'F' or 'R' or 'P' or 'W' or 'E' or 'U' or '.' or 'e').AtLeastOnceString();

    private static readonly Parser<char, (ushort Value, bool? Correct)> NewChecksum =
        String("cksum ").Then(HexValue).Assert(v => v <= ushort.MaxValue).Select(v => (ushort)v)
            .Then(Lexicon.OptionalSpaces.Then(
                Try(String("(correct)")).ThenReturn((bool?)true)
                    .Or(Try(String("(incorrect").Then(Token(c => c != ')').SkipMany()).Then(Char(')'))).ThenReturn((bool?)false)))
                .Optional(), (value, verdict) => (value, verdict.HasValue ? verdict.Value : null));

    /// <summary>"seq 1965325861" or "seq 1:31": the first sequence number and, for data, the one after it.</summary>
    private static readonly Parser<char, (uint Seq, uint? End)> SeqRange =
        Map((seq, end) => (seq, end.HasValue ? (uint?)end.Value : null), Unsigned, Try(Char(':').Then(Unsigned)).Optional());

    private abstract record TcpItem
    {
        public sealed record Checksum(ushort Value, bool? Correct) : TcpItem;
        public sealed record Seq(uint Value, uint? End) : TcpItem;
        public sealed record Ack(uint Value) : TcpItem;
        public sealed record Window(ushort Value) : TcpItem;
        public sealed record Urgent(ushort Value) : TcpItem;
        public sealed record Options(string Text) : TcpItem;
        public sealed record Length(int Value) : TcpItem;
    }

    private static readonly Parser<char, TcpItem> NewTcpItem =
        OneOf(
            Try(NewChecksum.Select(c => (TcpItem)new TcpItem.Checksum(c.Value, c.Correct))),
            Try(String("seq ").Then(SeqRange).Select(s => (TcpItem)new TcpItem.Seq(s.Seq, s.End))),
            Try(String("ack ").Then(Unsigned).Select(a => (TcpItem)new TcpItem.Ack(a))),
            Try(String("win ").Then(Short).Select(w => (TcpItem)new TcpItem.Window(w))),
            Try(String("urg ").Then(Short).Select(u => (TcpItem)new TcpItem.Urgent(u))),
            Try(String("options [").Then(Rec(() => BracketBody!)).Before(Char(']')).Select(o => (TcpItem)new TcpItem.Options(o))),
            Try(String("length ").Then(Lexicon.Integer).Select(l => (TcpItem)new TcpItem.Length(l))));

    private static readonly Parser<char, string> BracketBody =
        OneOf(
                Token(c => c is not ('[' or ']')).AtLeastOnceString(),
                Char('[').Then(Rec(() => BracketBody!)).Before(Char(']')).Select(inner => "[" + inner + "]"))
            .Many()
            .Select(string.Concat);

    /// <summary>tcpdump 4's TCP: "Flags [S.], cksum 0x2c2d (correct), seq 1, ack 2, win 3, options […], length 0", then what an application printer adds.</summary>
    public static readonly Parser<char, TcpSummary> NewTcp =
        Map((flags, items, rest) => Tcp(flags, items.ToList(), rest, oldChecksum: null),
            String("Flags [").Then(Try(String("none")).ThenReturn("").Or(FlagLetters)).Before(Char(']')),
            Try(String(", ").Then(NewTcpItem)).Many(),
            Lexicon.RestOfLine);

    /// <summary>tcpdump 3's checksum words: "[tcp sum ok]", "[bad tcp cksum 1!]".</summary>
    private static readonly Parser<char, bool> OldChecksumVerdict =
        Try(String("[tcp sum ok]")).ThenReturn(true).Or(Try(String("[bad tcp cksum ").Then(Token(c => c != ']').SkipMany()).Then(Char(']'))).ThenReturn(false));

    /// <summary>tcpdump 3's TCP: "S 2155202665:2155202665(0) win 64240 &lt;mss 1460&gt; (DF)", ". ack 1 win 8192", "P 1:31(30) ack 1 win 63".</summary>
    public static readonly Parser<char, TcpSummary> OldTcp =
        Map((flags, verdict, range, ack, window, urgent, options, rest) =>
            {
                var items = new List<TcpItem>();
                if (range.HasValue)
                {
                    items.Add(new TcpItem.Seq(range.Value.Start, range.Value.End));
                    items.Add(new TcpItem.Length(range.Value.Length));
                }
                if (ack.HasValue) items.Add(new TcpItem.Ack(ack.Value));
                if (window.HasValue) items.Add(new TcpItem.Window(window.Value));
                if (urgent.HasValue) items.Add(new TcpItem.Urgent(urgent.Value));
                if (options.HasValue) items.Add(new TcpItem.Options(options.Value));
                // tcpdump 3 prints "." only for a segment with no other flag, and "ack N" whenever ACK is set.
                var letters = ack.HasValue && !flags.Contains('.') ? flags + "." : flags;
                return Tcp(letters, items, rest, verdict.HasValue ? verdict.Value : null);
            },
            FlagLetters.Before(Char(' ')),
            Try(OldChecksumVerdict.Before(Lexicon.Spaces)).Optional(),
            Try(Map((start, end, length) => (Start: start, End: end, Length: length),
                Unsigned.Before(Char(':')), Unsigned.Before(Char('(')), Lexicon.Integer.Before(Char(')')).Before(Lexicon.Spaces))).Optional(),
            // A trace quoted in an RFC may leave the window out ("omitted for clarity"): the segment is still TCP's.
            Try(String("ack ").Then(Unsigned).Before(Lexicon.OptionalSpaces)).Optional(),
            Try(String("win ").Then(Short)).Optional(),
            Try(String(" urg ").Then(Short)).Optional(),
            Try(String(" <").Then(Token(c => c != '>').ManyString()).Before(Char('>'))).Optional(),
            Lexicon.RestOfLine)
        .Assert(t => t.Seq is not null || t.Ack is not null || t.Window is not null, "a sequence range, an ack or a window");

    private static TcpSummary Tcp(string flags, List<TcpItem> items, string rest, bool? oldChecksum)
    {
        var checksum = items.OfType<TcpItem.Checksum>().FirstOrDefault();
        var seq = items.OfType<TcpItem.Seq>().FirstOrDefault();
        var options = items.OfType<TcpItem.Options>().FirstOrDefault();
        var length = items.OfType<TcpItem.Length>().FirstOrDefault()?.Value;
        // tcpdump 3 prints "seq:end(len)"; tcpdump 4 prints "seq start:end" for data and "length N".
        if (length is null && seq?.End is { } end) length = (int)unchecked(end - seq.Value);
        rest = rest.Trim();
        var truncated = rest.Contains("[|tcp]", StringComparison.Ordinal) || (options?.Text.Contains("[|tcp]", StringComparison.Ordinal) ?? false);
        var application = rest.StartsWith(':') ? rest[1..].Trim() : rest.Length > 0 ? rest : null;
        return new TcpSummary(flags, checksum?.Value, checksum?.Correct ?? oldChecksum, seq?.Value, seq?.End,
            items.OfType<TcpItem.Ack>().FirstOrDefault()?.Value, items.OfType<TcpItem.Window>().FirstOrDefault()?.Value,
            items.OfType<TcpItem.Urgent>().FirstOrDefault()?.Value, options is null ? [] : TcpOptions(options.Text),
            length, truncated, application);
    }

    /// <summary>The options between "options [" and "]" (or 3.x's "&lt;" and "&gt;"), each read into the option it describes.</summary>
    public static IReadOnlyList<TcpOptionText> TcpOptions(string text)
    {
        var pieces = new List<string>();
        foreach (var piece in SplitTopLevel(text, ','))
        {
            // "md5 shared secret not supplied with -M, can't check - d56b…" holds a comma of its own.
            if (pieces.Count > 0 && piece.StartsWith(" can't check", StringComparison.Ordinal)) pieces[^1] += "," + piece;
            else pieces.Add(piece);
        }
        return pieces.Select(p => p.Trim()).Where(p => p.Length > 0).Select(ReadOption).ToList();
    }

    private static readonly Parser<char, byte[]> HexBytes =
        Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length % 2 == 0, "whole bytes").Select(Convert.FromHexString);

    private static readonly Parser<char, (uint, uint)> SackBlock =
        Map((left, right) => (left, right), Char('{').Then(Unsigned).Before(Char(':')), Unsigned.Before(Char('}')));

    private static readonly Parser<char, TcpOptionText> OptionParser =
        OneOf(
            Try(String("mss ").Then(Short).Before(End).Select(v => Known(new TcpOption.MaximumSegmentSize(v)))),
            Try(String("nop").Before(End).Select(_ => Known(new TcpOption.NoOperation()))),
            Try(String("eol").Before(End).Select(_ => Known(new TcpOption.EndOfList()))),
            Try(String("sackOK").Before(End).Select(_ => Known(new TcpOption.SackPermitted()))),
            Try(String("wscale ").Then(Unsigned).Assert(v => v <= byte.MaxValue).Before(End).Select(v => Known(new TcpOption.WindowScale((byte)v)))),
            // tcpdump 4: "TS val 1 ecr 2"; tcpdump 3: "timestamp 1 2".
            Try(Map((value, echo) => Known(new TcpOption.Timestamps(value, echo)), String("TS val ").Then(Unsigned), String(" ecr ").Then(Unsigned).Before(End))),
            Try(Map((value, echo) => Known(new TcpOption.Timestamps(value, echo)), String("timestamp ").Then(Unsigned), Char(' ').Then(Unsigned).Before(End))),
            Try(Map((count, blocks) => new TcpOptionText(null, 5, 2 + 8 * count, blocks.ToList(), ""),
                String("sack ").Then(Lexicon.Integer).Before(Lexicon.OptionalSpaces), Try(Lexicon.OptionalSpaces.Then(SackBlock)).Many().Before(Lexicon.OptionalSpaces).Before(End))
                .Assert(o => o.SackBlocks!.Count * 8 + 2 == o.Size, "as many blocks as the count says")),
            // "md5 shared secret not supplied with -M, can't check - d56b6dccf0ee575ce910a7fd3e33c44f": the digest itself.
            Try(String("md5 ").Then(Token(c => c != ',').SkipMany()).Then(String(", can't check - ")).Then(HexBytes).Before(End)
                .Assert(d => d.Length == 16, "a 16-byte digest").Select(d => Known(new TcpOption.Other(19, d)))),
            // TCP Fast Open (RFC 7413): "tfo  cookiereq", "tfo  cookie b81137b7bd6f33fa".
            Try(String("tfo").Then(Lexicon.Spaces).Then(String("cookie")).Then(
                    Try(Char(' ').Then(HexBytes)).Optional()).Before(End)
                .Select(c => Known(new TcpOption.Other(34, c.HasValue ? c.Value : [])))),
            Try(String("tfo").Then(Lexicon.Spaces).Then(String("cookiereq")).Before(End).Select(_ => Known(new TcpOption.Other(34, [])))),
            // tcpdump 4.99 prints an MPTCP option's length after its name (print-mptcp.c): "mptcp 12 capable v1 {0x…}".
            Try(String("mptcp ").Then(Lexicon.Integer).Assert(n => n is >= 2 and <= 40).Select(n => new TcpOptionText(null, 30, n, null, ""))),
            // An option tcpdump has no words for: "unknown-253 0x1234", its kind and data.
            Try(Map((kind, data) => Known(new TcpOption.Other((byte)kind, data)),
                String("unknown-").Then(Unsigned).Assert(k => k <= byte.MaxValue), Try(String(" 0x").Then(HexBytes)).Optional().Select(d => d.HasValue ? d.Value : []).Before(End)))
        );

    private static TcpOptionText Known(TcpOption option) => new(option, option.Kind, option.Length, null, "");

    private static TcpOptionText ReadOption(string text)
    {
        var parsed = OptionParser.Parse(text);
        return parsed.Success ? parsed.Value with { Text = text } : new TcpOptionText(null, null, null, null, text);
    }

    // ---- UDP ----

    /// <summary>"[udp sum ok] ", "[bad udp cksum 0xa00 -> 0x2f7c!] ": what -v says of a UDP checksum.</summary>
    public static readonly Parser<char, (bool Correct, ushort? Value)> UdpChecksumVerdict =
        Try(String("[udp sum ok]").ThenReturn((true, (ushort?)null)))
            .Or(Try(String("[bad udp cksum ").Then(HexValue.Or(Lexicon.HexNumber.Select(v => (ulong)v))).Before(Token(c => c != ']').SkipMany()).Before(Char(']'))
                .Select(v => (false, v <= ushort.MaxValue ? (ushort?)v : null))));

    /// <summary>"UDP, length 30" (tcpdump 4), "udp 30" (tcpdump 3), "UDP, length: 125" (3.8).</summary>
    public static readonly Parser<char, int> PlainUdp =
        Try(String("UDP, length").Then(Char(':').Optional()).Then(Char(' ')).Then(Lexicon.Integer))
            .Or(Try(String("udp ").Then(Lexicon.Integer)));

    /// <summary>DNS's last word, the UDP payload's length in brackets: "A? www.corpus.test. (44)".</summary>
    public static int? BracketedLength(string text)
    {
        var trimmed = text.TrimEnd();
        if (!trimmed.EndsWith(')')) return null;
        var open = trimmed.LastIndexOf('(');
        return open >= 0 && int.TryParse(trimmed.AsSpan(open + 1, trimmed.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length : null;
    }

    /// <summary>", length 48" or ", length: 50" where an application printer ends with the payload length it was given.</summary>
    public static int? TrailingLength(string text)
    {
        var at = text.LastIndexOf("length", StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = text.AsSpan(at + 6).TrimStart(':').Trim();
        return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;
    }

    /// <summary>"truncated-ip - 160 bytes missing! 10.0.0.1 > …": the count, and the summary after it.</summary>
    public static readonly Parser<char, (int Missing, string After)> TruncatedIp =
        Map((missing, rest) => (missing, rest),
            String("truncated-ip - ").Then(Lexicon.Integer).Before(String(" bytes missing! ")),
            Any.ManyString());

    // ---- ARP ----

    private static readonly Parser<char, string> ArpAddress = Token(c => !char.IsWhiteSpace(c) && c != ',').AtLeastOnceString();

    /// <summary>
    /// The target's hardware address in a request, where it is not zero: "ff:ff:ff:ff:ff:ff" with -n, "Broadcast" when tcpdump
    /// resolves names (its name for the all-ones address), or a name from the ethers file, whose address is then unknown.
    /// </summary>
    private static readonly Parser<char, byte[]?> ArpTargetHardware = OneOf(
        Try(Mac).Select(mac => (byte[]?)mac),
        Try(String("Broadcast").Before(Lookahead(Char(')')))).Select(_ => (byte[]?)[0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        Token(c => c != ')' && c != '(').AtLeastOnce().Select(_ => (byte[]?)null));

    /// <summary>"Request who-has 10.0.0.1 (ff:ff:ff:ff:ff:ff) tell 10.0.0.2, length 28", "Reply 10.0.0.254 is-at 02:00:00:00:05:0a, length 28".</summary>
    public static readonly Parser<char, ArpSummary> Arp =
        Map((verbose, body, length) => body with { Length = length.HasValue ? length.Value : null, Verbose = verbose.HasValue },
            Try(String("Ethernet (len 6), IPv4 (len 4), ")).Optional(),
            OneOf(
                Try(Map((target, targetMac, sender) => new ArpSummary(1, sender, null, target, targetMac.HasValue ? targetMac.Value : null, null, false),
                    String("Request who-has ").Then(ArpAddress),
                    Try(String(" (").Then(ArpTargetHardware).Before(Char(')'))).Optional(),
                    String(" tell ").Then(ArpAddress))),
                Try(Map((sender, mac) => new ArpSummary(2, sender, mac, null, null, null, false),
                    String("Reply ").Then(ArpAddress), String(" is-at ").Then(Mac)))),
            Try(Token(c => c != ',').SkipMany().Then(String(", length ")).Then(Lexicon.Integer)).Optional());

    /// <summary>Cheap test before the parsers, for every line outside a region: a digit or '-#' indent first, and " > " or "ARP" somewhere.</summary>
    public static bool MayBeSummary(string line)
    {
        var span = line.AsSpan().TrimStart(" \t");
        if (span.Length < 8) return false;
        var first = span[0];
        if (!char.IsAsciiDigit(first) && !span.StartsWith("IP") && !span.StartsWith("ARP")) return false;
        return line.Contains(" > ", StringComparison.Ordinal) || line.Contains("ARP", StringComparison.Ordinal);
    }
}
