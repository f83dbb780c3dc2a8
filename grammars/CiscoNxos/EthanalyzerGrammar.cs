using System.Globalization;
using System.Net;
using Pidgin;
using TraceImport.Decoding.Protocols;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.CiscoNxos;

/// <summary>One line of ethanalyzer output, as read by <see cref="EthanalyzerGrammar.Line"/>.</summary>
public abstract record EthanalyzerLine;

/// <summary>"ACI-N3K-5# ethanalyzer local interface inband display-filter … detail": the command, and the interface it names.</summary>
public sealed record CommandLine(string? Interface, bool Detail) : EthanalyzerLine;

/// <summary>"Capturing on inband", "Capturing on 'ps-inb'".</summary>
public sealed record CapturingOn(string Interface) : EthanalyzerLine;

/// <summary>"wireshark-cisco-mtc-dissector: ethertype=0xde09, devicetype=0x0": a note the switch's dissector prints.</summary>
public sealed record DissectorNote(string Text) : EthanalyzerLine;

/// <summary>
/// "Frame 2303 (102 bytes on wire, 102 bytes captured)" (tshark 1.x, older NX-OS) or
/// "Frame 2093: 142 bytes on wire (1136 bits), 142 bytes captured (1136 bits) on interface ps-inb, id 0".
/// </summary>
public sealed record FrameHeader(int Number, int OnWire, int Captured, string? Interface, string Text) : EthanalyzerLine;

/// <summary>"2 packets captured": the trailer.</summary>
public sealed record PacketsCaptured(int Count) : EthanalyzerLine;

/// <summary>"ACI-N3K-5# ": the switch's prompt, with nothing typed after it.</summary>
public sealed record Prompt(string Host) : EthanalyzerLine;

/// <summary>"0000  0d 14 64 68 a5 89 …   ..dh....": a row of hex bytes (of the data field, in the detail view).</summary>
public sealed record HexRow(int Offset, HexRun Bytes) : EthanalyzerLine;

/// <summary>
/// "2021-04-20 23:44:39.163923      1.1.1.6 -> 2.2.2.1      ICMP Echo (ping) request", or with frame
/// numbers and a length ("    1 2022-08-07 21:57:00.494428263 90:77:ee:36:4f:ab → ff:ff:ff:ff:ff:ff ARP 64 Who has …"):
/// the brief view's one line a packet, which holds no bytes.
/// </summary>
public sealed record BriefSummary(string Text) : EthanalyzerLine;

/// <summary>A line of the detail view's protocol tree: its indentation (four spaces a level) and what it says.</summary>
public sealed record TreeLine(int Indent, TreeContent Content, string Text) : EthanalyzerLine;

/// <summary>What a line of the protocol tree says.</summary>
public abstract record TreeContent;

/// <summary>"[Good: True]", "[Time delta from previous captured frame: …]": a value tshark worked out, not a field of the packet.</summary>
public sealed record Generated(string Text) : TreeContent;

/// <summary>"101. .... .... .... = Priority: 5": the field's bits as they lie, its label and its value as shown.</summary>
public sealed record BitField(string Pattern, string Label, string Value) : TreeContent
{
    /// <summary>The bits the pattern shows, when they are one contiguous run: (value, how many bits).</summary>
    public (ulong Value, int Width)? Bits()
    {
        var digits = Pattern.Replace(" ", "");
        var first = digits.IndexOfAny(['0', '1']);
        if (first < 0) return null;
        var last = digits.LastIndexOfAny(['0', '1']);
        var run = digits[first..(last + 1)];
        if (run.Contains('.') || run.Length > 64) return null;
        return (Convert.ToUInt64(run, 2), run.Length);
    }
}

/// <summary>"Time to live: 64", "Source: 10.12.62.254 (10.12.62.254)": a label and its value as printed.</summary>
public sealed record Field(string Label, string Value) : TreeContent;

/// <summary>"Data (56 bytes)": the data field, whose bytes follow as hex rows or on a "Data:" line.</summary>
public sealed record DataTitle(int Length) : TreeContent;

/// <summary>Anything else: a protocol's title ("Internet Control Message Protocol"), a TCP option ("NOP").</summary>
public sealed record TreeText(string Text) : TreeContent;

/// <summary>An address as tshark prints it: the address, and the name it resolved it to, if any.</summary>
public sealed record PrintedAddress(byte[] Bytes, string? Name);

/// <summary>Hex digits of a bytes field ("0D146468…"), and whether tshark cut them short ("..." or "…").</summary>
public sealed record PrintedBytes(byte[] Bytes, bool Cut);

/// <summary>"Jul  1, 2025 12:46:49.321747000" and the zone after it, if any ("UTC", "CET").</summary>
public sealed record ArrivalTime(DateOnly Date, TimeOfDay Time, string? Zone);

/// <summary>
/// Cisco NX-OS ethanalyzer output, line by line, as Pidgin parsers: the command and "Capturing on"
/// lines, frame headers, the protocol tree of the detail view (tshark -V's layout: four spaces an
/// indentation level, "Label: value" fields, "bits = Label: value" lines, "[generated]" lines), the
/// hex rows, the brief view's summary lines, and the values fields hold.
/// </summary>
public static class EthanalyzerGrammar
{
    private static Parser<char, Unit> Words(string words) => Try(String(words)).IgnoreResult();

    /// <summary>A run of characters up to a space: a host name, an interface name.</summary>
    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    /// <summary>"ACI-N3K-5#", "coresw501(config)#": a host name and mode ending in '#'.</summary>
    private static readonly Parser<char, string> PromptHost =
        Try(Token(c => !char.IsWhiteSpace(c) && c != '#').AtLeastOnceString().Before(Char('#')));

    /// <summary>What follows "interface" in the command: "inband", "mgmt".</summary>
    private static readonly Parser<char, string?> CommandInterface =
        Try(AnyCharExcept('\r', '\n').SkipUntil(Try(Lexicon.Spaces.Then(String("interface")).Then(Lexicon.Spaces))).Then(Word))
            .Optional().Select(found => found.HasValue ? found.Value : null);

    public static readonly Parser<char, EthanalyzerLine> Command =
        from prompt in PromptHost.Then(Lexicon.OptionalSpaces).Optional()
        from verb in Lexicon.OptionalSpaces.Then(CIString("ethanalyzer"))
        from rest in Lexicon.Spaces.Then(Lexicon.RestOfLine)
        select (EthanalyzerLine)new CommandLine(
            CommandInterface.ParseLine(" " + rest) is { Success: true } named ? named.Value : null,
            rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("detail"));

    public static readonly Parser<char, EthanalyzerLine> Capturing =
        from words in String("Capturing on ")
        from name in Try(Char('\'').Then(Token(c => c != '\'').AtLeastOnceString()).Before(Char('\''))).Or(Word)
        from rest in Lexicon.OptionalSpaces.Then(End)
        select (EthanalyzerLine)new CapturingOn(name);

    public static readonly Parser<char, EthanalyzerLine> Note =
        CIString("wireshark-cisco-").Then(Lexicon.RestOfLine, (head, rest) => (EthanalyzerLine)new DissectorNote(head + rest.TrimEnd()));

    private static readonly Parser<char, EthanalyzerLine> OldFrame =
        Try(
            from number in String("Frame ").Then(Lexicon.Integer)
            from onWire in String(" (").Then(Lexicon.Integer)
            from captured in String(" bytes on wire, ").Then(Lexicon.Integer)
            from close in String(" bytes captured)")
            select (EthanalyzerLine)new FrameHeader(number, onWire, captured, null, ""));

    private static readonly Parser<char, string> OnInterface =
        Try(String(" on interface ").Then(Token(c => c != ',' && c != '\r' && c != '\n').AtLeastOnceString()).Before(Lexicon.RestOfLine));

    private static readonly Parser<char, EthanalyzerLine> NewFrame =
        Try(
            from number in String("Frame ").Then(Lexicon.Integer)
            from onWire in String(": ").Then(Lexicon.Integer)
            from wireBits in String(" bytes on wire (").Then(Lexicon.Integer)
            from captured in String(" bits), ").Then(Lexicon.Integer)
            from capturedBits in String(" bytes captured (").Then(Lexicon.Integer)
            from close in String(" bits)")
            from name in OnInterface.Optional()
            select (EthanalyzerLine)new FrameHeader(number, onWire, captured, name.HasValue ? name.Value.Trim() : null, ""));

    public static readonly Parser<char, EthanalyzerLine> Frame =
        OldFrame.Or(NewFrame).Before(Lexicon.OptionalSpaces).Before(End)
            .MapWithInput((text, frame) => (EthanalyzerLine)((FrameHeader)frame with { Text = text.ToString().TrimEnd() }));

    public static readonly Parser<char, EthanalyzerLine> Trailer =
        from count in Lexicon.OptionalSpaces.Then(Lexicon.Integer)
        from words in Lexicon.Spaces.Then(Words("packets").Or(Words("packet"))).Then(Lexicon.Spaces).Then(String("captured"))
        from end in Lexicon.OptionalSpaces.Then(End)
        select (EthanalyzerLine)new PacketsCaptured(count);

    public static readonly Parser<char, EthanalyzerLine> PromptOnly =
        PromptHost.Before(Lexicon.OptionalSpaces).Before(End).Select(host => (EthanalyzerLine)new Prompt(host));

    private static readonly HexRunRules RowRules = new(TokenDigits: 2, GapEndsRun: 3, AllowMask: true, MaxBytes: 16);

    private static readonly Parser<char, string> BitPattern =
        Token(c => c is '0' or '1' or '.' or ' ').AtLeastOnceString().Assert(pattern => pattern.Any(c => c is '0' or '1' or '.'), "a bit pattern");

    /// <summary>
    /// "0000  0d 14 64 68 …": four hex digits of offset, two spaces (one where a web page collapsed them), up
    /// to sixteen bytes, the ASCII column. A bit line at the margin ("0000 00.. = …") is not a row.
    /// </summary>
    public static readonly Parser<char, EthanalyzerLine> Row =
        Try(
            from offset in Lexicon.HexDigit.RepeatString(4).Select(hex => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            from gap in Lexicon.Spaces
            from notBits in Not(Try(BitPattern.Then(String("= "))))
            from bytes in Lexicon.HexBytes(RowRules)
            select (EthanalyzerLine)new HexRow(offset, bytes));

    /// <summary>The arrow between source and destination: "->", "→", and "→" as a page in another encoding shows it.</summary>
    private static readonly string[] Arrows = [" -> ", " → ", " ‚Üí ", " â†’ "];

    public static readonly Parser<char, EthanalyzerLine> Brief =
        Try(
            from indent in Lexicon.OptionalSpaces
            from numbers in Try(Lexicon.Integer.Before(Lexicon.Spaces)).Many()
            from date in Lexicon.IsoDate
            from time in Lexicon.Spaces.Then(Lexicon.TimeOfDay)
            from rest in Lexicon.Spaces.Then(Lexicon.RestOfLine)
            where Arrows.Any(rest.Contains)
            select (EthanalyzerLine)new BriefSummary(""))
        .MapWithInput((text, _) => (EthanalyzerLine)new BriefSummary(text.ToString().Trim()));

    /// <summary>"Label: value", or "Label:" with nothing after it.</summary>
    private static readonly Parser<char, (string Label, string Value)> LabelAndValue =
        from label in Token(c => c != ':' && c != '\r' && c != '\n').AtLeastOnceString()
        from colon in Char(':')
        from value in Try(Char(' ').Then(Lexicon.RestOfLine)).Or(End.ThenReturn(""))
        select (label.Trim(), value.TrimEnd());

    private static readonly Parser<char, TreeContent> GeneratedLine =
        Char('[').Then(Lexicon.RestOfLine).Select(text => (TreeContent)new Generated(text.TrimEnd().TrimEnd(']')));

    private static readonly Parser<char, TreeContent> DataTitleLine =
        Try(String("Data (").Then(Lexicon.Integer).Before(String(" byte")).Before(Char('s').Optional()).Before(Char(')')).Before(Lexicon.OptionalSpaces).Before(End))
            .Select(length => (TreeContent)new DataTitle(length));

    private static readonly Parser<char, TreeContent> BitLine =
        Try(
            from pattern in BitPattern
            from sign in String("= ")
            from field in LabelAndValue
            select (TreeContent)new BitField(pattern.Trim(), field.Label, field.Value));

    private static readonly Parser<char, TreeContent> FieldLine =
        Try(LabelAndValue.Select(field => (TreeContent)new Field(field.Label, field.Value)));

    private static readonly Parser<char, TreeContent> TextLine =
        Lexicon.RestOfLine.Select(text => (TreeContent)new TreeText(text.Trim()));

    public static readonly Parser<char, EthanalyzerLine> Tree =
        Char(' ').Many().Select(spaces => spaces.Count())
            .Then(OneOf(GeneratedLine, DataTitleLine, BitLine, FieldLine, TextLine), (indent, content) => (indent, content))
            .MapWithInput((text, line) => (EthanalyzerLine)new TreeLine(line.indent, line.content, text.ToString().TrimEnd()));

    /// <summary>Every line of the output; a line of the protocol tree when it is none of the others.</summary>
    public static readonly Parser<char, EthanalyzerLine> Line =
        OneOf(Try(Frame), Try(Trailer), Try(Capturing), Try(Note), Try(Command), Try(PromptOnly), Row, Brief, Tree);

    public static EthanalyzerLine Read(string text) => Line.ParseLine(text) is { Success: true } line ? line.Value : new TreeLine(0, new TreeText(text.Trim()), text);

    /// <summary>The values of fields, read by the shape the label says they have.</summary>
    public static class Values
    {
        /// <summary>Where a printed value's token ends.</summary>
        private static readonly Parser<char, Unit> TokenEnd = Lookahead(OneOf(' ', ',', '(', ')', '[', '\t').IgnoreResult().Or(End));

        private static readonly Parser<char, ulong> HexDigits =
            Lexicon.HexDigit.AtLeastOnceString().Assert(d => d.Length <= 16, "at most sixteen hex digits")
                .Select(d => ulong.Parse(d, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        private static readonly Parser<char, ulong> Decimal =
            Digit.AtLeastOnceString().Assert(d => d.Length <= 19, "at most nineteen digits")
                .Select(d => ulong.Parse(d, CultureInfo.InvariantCulture));

        /// <summary>"0x7cb0" or "84".</summary>
        private static readonly Parser<char, ulong> NumberToken = Try(CIString("0x").Then(HexDigits)).Or(Decimal);

        /// <summary>A value inside the first parentheses that hold one: "IP (0x0800)", "bgp (179)", "Echo (ping) request (8)".</summary>
        private static Parser<char, T> Parenthesized<T>(Parser<char, T> value)
        {
            Parser<char, T>? self = null;
            self = AnyCharExcept('(', '\r', '\n').SkipMany().Then(Char('('))
                .Then(Try(value.Before(Char(')'))).Or(Rec(() => self!)));
            return self;
        }

        /// <summary>A number as tshark shows it: leading ("64", "0x6cca [correct]", "8 (Echo (ping) request)") or after a name ("ICMP (0x01)").</summary>
        public static readonly Parser<char, ulong> Number = Try(NumberToken.Before(TokenEnd)).Or(Try(Parenthesized(NumberToken)));

        /// <summary>The digits of a hex value as printed ("0x08" is two): how wide the field tshark printed was.</summary>
        public static readonly Parser<char, int> HexWidth = CIString("0x").Then(Lexicon.HexDigit.AtLeastOnceString()).Select(d => d.Length);

        private static readonly Parser<char, byte[]> MacToken =
            Try(Lexicon.HexDigit.RepeatString(2).Separated(Char(':')).Select(groups => groups.ToList())
                .Assert(groups => groups.Count == 6, "six groups of two hex digits")
                .Select(groups => Convert.FromHexString(string.Concat(groups))));

        /// <summary>"40:ce:24:91:57:41 (40:ce:24:91:57:41)", "Broadcast (ff:ff:ff:ff:ff:ff)", "20:20:00:00:00:aa".</summary>
        public static readonly Parser<char, byte[]> Mac = Try(MacToken.Before(TokenEnd)).Or(Try(Parenthesized(MacToken)));

        private static readonly Parser<char, IPAddress> AddressToken =
            Token(c => char.IsAsciiHexDigit(c) || c is '.' or ':').AtLeastOnceString()
                .Select(text => IPAddress.TryParse(text, out var address) ? address : null)
                .Assert(address => address is not null, "an IPv4 or IPv6 address")
                .Select(address => address!);

        /// <summary>"10.12.62.254 (10.12.62.254)", "fs.nuts.com (172.16.55.106)", "2001:db8::1".</summary>
        public static readonly Parser<char, PrintedAddress> Address =
            Try(AddressToken.Before(TokenEnd).Select(address => new PrintedAddress(address.GetAddressBytes(), null)))
                .Or(Try(
                    from name in Token(c => c != ' ' && c != '(' && c != '\r' && c != '\n').AtLeastOnceString()
                    from address in Lexicon.Spaces.Then(Char('(')).Then(AddressToken).Before(Char(')'))
                    select new PrintedAddress(address.GetAddressBytes(), name)));

        /// <summary>"0D146468A5890800…" with "..." or "…" where tshark cut it short.</summary>
        public static readonly Parser<char, PrintedBytes> Bytes =
            from digits in Lexicon.HexDigit.AtLeastOnceString()
            from cut in Try(String("...")).Or(String("…")).Optional()
            from end in Lexicon.OptionalSpaces.Then(End)
            let whole = digits.Length / 2 * 2
            select new PrintedBytes(Convert.FromHexString(digits[..whole]), cut.HasValue || whole != digits.Length);

        /// <summary>"Jul  1, 2025 12:46:49.321747000", "Feb 10, 2024 17:02:21.999873423 UTC".</summary>
        public static readonly Parser<char, ArrivalTime> Arrival =
            from month in Lexicon.MonthName
            from day in Lexicon.Spaces.Then(Digit.AtLeastOnceString()).Select(d => int.Parse(d, CultureInfo.InvariantCulture))
            from year in Char(',').Then(Lexicon.Spaces).Then(Digit.RepeatString(4)).Select(d => int.Parse(d, CultureInfo.InvariantCulture))
            where year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            from time in Lexicon.Spaces.Then(Lexicon.TimeOfDay)
            from zone in Try(Lexicon.Spaces.Then(Token(char.IsAsciiLetter).AtLeastOnceString())).Optional()
            from end in Lexicon.OptionalSpaces.Then(End)
            select new ArrivalTime(new DateOnly(year, month, day), time, zone.HasValue ? zone.Value : null);

        /// <summary>"1707584541.999873423 seconds".</summary>
        public static readonly Parser<char, EpochTime> Epoch = Lexicon.Epoch.Before(String(" seconds"));

        private static Parser<char, ulong> Bounded(ulong largest) => Decimal.Assert(n => n <= largest, $"a number of at most {largest}");

        /// <summary>
        /// A TCP option under "Options:" in tshark's words: "NOP", "Maximum segment size: 1460 bytes" (1.x),
        /// "TCP Option - Timestamps: TSval 1131021154, TSecr 0" (later versions).
        /// </summary>
        public static readonly Parser<char, TcpOption> TcpOption =
            Try(String("TCP Option - ")).Optional().Then(OneOf(
                Try(String("No-Operation (NOP)")).Or(Try(String("NOP"))).ThenReturn((TcpOption)new TcpOption.NoOperation()).Before(End),
                Try(String("End of Option List (EOL)")).Or(Try(String("EOL"))).ThenReturn((TcpOption)new TcpOption.EndOfList()).Before(End),
                Try(String("Maximum segment size: ").Then(Bounded(ushort.MaxValue)).Before(String(" bytes")).Before(End)
                    .Select(size => (TcpOption)new TcpOption.MaximumSegmentSize((ushort)size))),
                Try(CIString("SACK permitted").Before(End)).ThenReturn((TcpOption)new TcpOption.SackPermitted()),
                Try(Map((value, echo) => (TcpOption)new TcpOption.Timestamps((uint)value, (uint)echo),
                    String("Timestamps: TSval ").Then(Bounded(uint.MaxValue)), String(", TSecr ").Then(Bounded(uint.MaxValue)).Before(End))),
                Try(String("Window scale: ").Then(Bounded(byte.MaxValue)).Before(String(" (multiply by ")).Before(Lexicon.RestOfLine)
                    .Select(shift => (TcpOption)new TcpOption.WindowScale((byte)shift)))));
    }
}
