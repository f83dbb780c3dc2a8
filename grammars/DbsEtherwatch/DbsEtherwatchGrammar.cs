using Pidgin;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.DbsEtherwatch;

/// <summary>"From 00-D0-C0-D2-4D-60 [MF1] to AA-00-04-00-FC-94 [PSERVB]": the frame's addresses, and what may follow on a joined line.</summary>
public sealed record EtherwatchFrom(byte[] Source, byte[] Destination, string Rest);

/// <summary>
/// "Protocol 08-00 00 00-00-00-00-00,   60 byte buffer at 10-OCT-2001 10:20:45.16": the EtherType
/// (or, for an 802.3 frame, DSAP and SSAP, the control field and a SNAP protocol id), the length of
/// the data after the Ethernet header, and the time.
/// </summary>
public sealed record EtherwatchProtocol(byte[] Protocol, byte Control, byte[] ProtocolId, int BufferLength, DateOnly Date, TimeOfDay Time)
{
    /// <summary>Etherwatch prints a control field and protocol id of zeros for an Ethernet II frame.</summary>
    public bool IsEthernetII => Control == 0 && ProtocolId.All(b => b == 0);

    /// <summary>DSAP and SSAP 0xAA with an unnumbered-information control field: a SNAP header follows.</summary>
    public bool IsSnap => Protocol is [0xAA, 0xAA] && Control == 0x03;
}

/// <summary>"  [E..&lt;8...........]-    0-[45 00 00 3C …]": a row's decimal offset and its bytes (the ASCII column is ignored).</summary>
public sealed record EtherwatchRow(int Offset, HexRun Bytes);

/// <summary>The lines of DBS Etherwatch (VMS) output, in its /DISPLAY=BOTH and /DISPLAY=HEXADECIMAL layouts.</summary>
public static class EtherwatchGrammar
{
    private static readonly Parser<char, byte> HexPair =
        Lexicon.HexDigit.RepeatString(2).Select(pair => Convert.ToByte(pair, 16)).Labelled("two hex digits");

    /// <summary>Bytes written as "AA-00-04": pairs joined by dashes.</summary>
    private static Parser<char, byte[]> DashedBytes(int count) =>
        HexPair.Separated(Char('-'))
            .Select(bytes => bytes.ToArray())
            .Assert(bytes => bytes.Length == count, $"{count} bytes joined by dashes");

    /// <summary>"[PSERVB]": the name Etherwatch loaded for an address.</summary>
    private static readonly Parser<char, Unit> AddressName =
        Try(Lexicon.Spaces.Then(AnyCharExcept(']').ManyString().Between(Char('['), Char(']')))).Optional().IgnoreResult();

    public static readonly Parser<char, EtherwatchFrom> From =
        from keyword in Lexicon.OptionalSpaces.Then(String("From"))
        from gap in Lexicon.Spaces
        from source in DashedBytes(6)
        from sourceName in AddressName
        from to in Lexicon.Spaces.Then(String("to")).Then(Lexicon.Spaces)
        from destination in DashedBytes(6)
        from destinationName in AddressName
        from rest in Lexicon.RestOfLine
        select new EtherwatchFrom(source, destination, rest.Trim());

    public static readonly Parser<char, EtherwatchProtocol> Protocol =
        from keyword in Lexicon.OptionalSpaces.Then(String("Protocol"))
        from protocol in Lexicon.Spaces.Then(DashedBytes(2))
        from control in Lexicon.Spaces.Then(HexPair)
        from protocolId in Lexicon.Spaces.Then(DashedBytes(5))
        from comma in Char(',').Then(Lexicon.OptionalSpaces)
        from length in Lexicon.Integer
        from words in Lexicon.Spaces.Then(String("byte")).Then(Lexicon.Spaces).Then(String("buffer")).Then(Lexicon.Spaces).Then(String("at")).Then(Lexicon.Spaces)
        from date in Lexicon.DayMonthNameYear
        from gap in Lexicon.Spaces
        from time in Lexicon.TimeOfDay
        from end in Lexicon.OptionalSpaces.Then(End)
        select new EtherwatchProtocol(protocol, control, protocolId, length, date, time);

    /// <summary>The bytes between the brackets: two digits each, single spaces between.</summary>
    private static readonly HexRunRules RowBytes = new(TokenDigits: 2, GapEndsRun: 0, AllowMask: true, MaxBytes: 0);

    private static readonly Parser<char, HexRun> BracketedBytes =
        AnyCharExcept(']').AtLeastOnceString()
            .Before(Char(']'))
            .Select(text => (Text: text.TrimEnd(), Run: HexRunParser.Scan(text, 0, RowBytes)))
            .Assert(scan => scan.Run.Bytes.Length > 0 && scan.Run.End == scan.Text.Length, "hex bytes between the brackets")
            .Select(scan => scan.Run)
            .Labelled("[hex bytes]");

    /// <summary>
    /// "[E..&lt;8...........]-": sixteen printable characters (bytes with the 8th bit set shown as '.');
    /// when a paste has squeezed the spaces out of a short last row, whatever comes before "]-".
    /// </summary>
    private static readonly Parser<char, Unit> AsciiColumn =
        Try(Char('[').Then(Any.Repeat(16)).Then(String("]-")).IgnoreResult())
            .Or(Try(Char('[').Then(AnyCharExcept(']').Many()).Then(String("]-")).IgnoreResult()))
            .Labelled("[ASCII column]-");

    public static readonly Parser<char, EtherwatchRow> Row =
        from indent in Lexicon.OptionalSpaces
        from ascii in AsciiColumn.Optional()
        from gap in Lexicon.OptionalSpaces
        from offset in Lexicon.Integer
        from open in String("-[")
        from bytes in BracketedBytes
        from end in Lexicon.OptionalSpaces.Then(End)
        select new EtherwatchRow(offset, bytes);

    /// <summary>The line of dashes Etherwatch prints between records.</summary>
    public static bool IsSeparator(string line)
    {
        var text = line.AsSpan().Trim();
        return text.Length >= 10 && !text.ContainsAnyExcept('-');
    }

    /// <summary>"ETHERWATCH  X5-008", "42 names and addresses were loaded", "Reading recorded data from PERSISTENCE".</summary>
    public static bool IsBanner(string line)
    {
        var text = line.AsSpan().Trim();
        return text.StartsWith("ETHERWATCH ", StringComparison.Ordinal)
               || text.EndsWith(" names and addresses were loaded", StringComparison.Ordinal)
               || text.StartsWith("Reading recorded data from ", StringComparison.Ordinal);
    }
}
