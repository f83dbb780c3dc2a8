using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.Iseries;

/// <summary>
/// "      8   S      145  11:43:59.82956               0006299C14AE  0006299C14FE   ETHV2   Type: 0800":
/// a record's number, direction (Sent or Received), length after the Ethernet header, time of day,
/// controller, MAC addresses, frame format and, for Ethernet II, the EtherType.
/// </summary>
public sealed record IseriesRecord(int Number, Direction Direction, int Length, TimeOfDay Time, byte[] Destination, byte[] Source, string FrameFormat, byte[]? EtherType)
{
    public bool IsEthernetII => EtherType is not null;
}

/// <summary>The lines of an IBM i (OS/400) communications trace printed with PRTCMNTRC.</summary>
public static class IseriesGrammar
{
    /// <summary>The page title, in the first line of every page.</summary>
    public static bool IsPageTitle(string line) => line.Contains("COMMUNICATIONS TRACE", StringComparison.OrdinalIgnoreCase);

    /// <summary>The three lines of column headings above the records of each page.</summary>
    public static bool IsColumnHeading(string line)
    {
        var text = line.AsSpan().TrimStart();
        return (text.StartsWith("Record ", StringComparison.Ordinal) && text.Contains(" Data ", StringComparison.Ordinal))
               || (text.StartsWith("Number ", StringComparison.Ordinal) && text.Contains("S/R", StringComparison.Ordinal))
               || (text.StartsWith("------ ", StringComparison.Ordinal) && !text.ContainsAnyExcept('-', ' '));
    }

    /// <summary>A record number, then S or R: a quick test before the grammar.</summary>
    public static bool MayBeRecord(string line)
    {
        var text = line.AsSpan().TrimStart(' ');
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
        if (digits == 0) return false;
        var rest = text[digits..].TrimStart(' ');
        return rest.Length > 1 && rest.Length < text.Length - digits && rest[0] is 'S' or 'R' or 's' or 'r' && rest[1] == ' ';
    }

    private static Parser<char, int> TwoDigits => Digit.RepeatString(2).Select(int.Parse);

    /// <summary>"10/28/05": month, day and two-digit year, which Wireshark's reader puts in the 2000s.</summary>
    public static readonly Parser<char, DateOnly> ShortDate =
        Try(
            from month in TwoDigits
            from s1 in Char('/')
            from day in TwoDigits
            from s2 in Char('/')
            from year in TwoDigits.Select(y => 2000 + y)
            where month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            select new DateOnly(year, month, day))
        .Labelled("date (MM/DD/YY)");

    /// <summary>"   Start date/Time  . . . . . . :   10/28/05  11:43:00.341": when the trace started, the only date it prints.</summary>
    public static readonly Parser<char, DateOnly> StartDate =
        Lexicon.OptionalSpaces
            .Then(CIString("Start date/Time"))
            .Then(OneOf(' ', '.').SkipMany())
            .Then(Char(':'))
            .Then(Lexicon.Spaces)
            .Then(ShortDate);

    /// <summary>"   Object protocol  . . . . . . :   ETHERNET": the line's protocol.</summary>
    public static readonly Parser<char, string> ObjectProtocol =
        Lexicon.OptionalSpaces
            .Then(CIString("Object protocol"))
            .Then(OneOf(' ', '.').SkipMany())
            .Then(Char(':'))
            .Then(Lexicon.Spaces)
            .Then(Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString());

    private static readonly Parser<char, string> Word = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    private static readonly Parser<char, byte[]> Mac =
        Lexicon.HexDigit.RepeatString(12).Before(Not(Lexicon.HexDigit)).Select(Convert.FromHexString).Labelled("a MAC address of 12 hex digits");

    private static readonly Parser<char, Direction> SentOrReceived =
        CIChar('S').ThenReturn(Direction.Outbound).Or(CIChar('R').ThenReturn(Direction.Inbound)).Labelled("S or R");

    private static readonly Parser<char, byte[]?> EtherType =
        Try(Lexicon.Spaces.Then(CIString("Type:")).Then(Lexicon.OptionalSpaces).Then(Lexicon.HexDigit.RepeatString(4)).Select(t => (byte[]?)Convert.FromHexString(t)))
            .Labelled("Type: XXXX");

    /// <summary>The controller name column is often blank; when not, it is one word before the addresses.</summary>
    private static readonly Parser<char, Unit> Controller =
        Try(Word.Then(Lexicon.Spaces).Then(Lookahead(Mac.Then(Lexicon.Spaces).Then(Mac)))).Optional().IgnoreResult();

    public static readonly Parser<char, IseriesRecord> Record =
        from number in Lexicon.OptionalSpaces.Then(Lexicon.Integer)
        from direction in Lexicon.Spaces.Then(SentOrReceived)
        from length in Lexicon.Spaces.Then(Lexicon.Integer)
        from time in Lexicon.Spaces.Then(Lexicon.TimeOfDay)
        from controller in Lexicon.Spaces.Then(Controller)
        from destination in Mac
        from source in Lexicon.Spaces.Then(Mac)
        from frameFormat in Lexicon.Spaces.Then(Word.Labelled("frame format"))
        from etherType in EtherType.Optional()
        from rest in Lexicon.RestOfLine
        select new IseriesRecord(number, direction, length, time, destination, source, frameFormat,
            etherType.HasValue && frameFormat.Equals("ETHV2", StringComparison.OrdinalIgnoreCase) ? etherType.Value : null);

    /// <summary>The labels of the lines that print a header's bytes as one hex string.</summary>
    private static readonly string[] HeaderLabels =
        ["IP Header  :", "IPv6 Header:", "ARP Header :", "TCP Header :", "UDP Header :", "ICMP Header:", "ICMPv6  Hdr:", "Option  Hdr:"];

    /// <summary>
    /// The hex digits a line of a record holds, if it holds any: after a header label ("TCP Header :
    /// 1776…"), after "Data . . . . . :", or, when <paramref name="continuing"/>, a line of hex alone
    /// that goes on from the line before. The digits stop at the ASCII column, which starts with '*'.
    /// </summary>
    public static string? HexIn(string line, bool continuing)
    {
        var text = line.TrimStart();
        foreach (var label in HeaderLabels)
        {
            if (text.StartsWith(label, StringComparison.Ordinal)) return HexGroups(text[label.Length..]).Digits;
        }
        var data = DataLabel.ParseLine(text);
        if (data.Success) return HexGroups(text[data.Value..]).Digits;
        if (!continuing) return null;
        var (digits, clean) = HexGroups(text);
        return digits.Length > 0 && clean ? digits : null;
    }

    /// <summary>A line of hex groups, some in lower case: not data to the trace's own reader.</summary>
    public static bool IsLowerCaseHex(string line)
    {
        var groups = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(group => !group.StartsWith('*')).ToList();
        return groups.Count > 0 && groups.All(group => group.All(char.IsAsciiHexDigit)) && groups.Any(group => group.Any(char.IsAsciiLetterLower));
    }

    /// <summary>"Data . . . . . :  ", returning where the hex starts.</summary>
    private static readonly Parser<char, int> DataLabel =
        String("Data").Then(OneOf(' ', '.').SkipMany()).Then(Char(':')).Then(Lexicon.OptionalSpaces).Then(CurrentOffset);

    /// <summary>
    /// The digits of the hex groups at the start of the text, separated by spaces; clean when nothing
    /// but the ASCII column follows them. Lower case is not hex here: the trace prints hex in upper
    /// case, and Wireshark's reader takes a line with lower case for one that is not data.
    /// </summary>
    private static (string Digits, bool Clean) HexGroups(string text)
    {
        var digits = new System.Text.StringBuilder();
        foreach (var group in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (group.StartsWith('*')) return (digits.ToString(), true);
            if (!group.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F')) return (digits.ToString(), false);
            digits.Append(group);
        }
        return (digits.ToString(), true);
    }
}
