using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.FortiGate;

/// <summary>A summary line's time: absolute ("2015-06-23 17:00:12.184010") or seconds since the sniffer started ("0.806164").</summary>
public sealed record FortiGateTime(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Elapsed);

/// <summary>"0.806164 wan1 in arp who-has …": the time, the interface and direction (verbosity 4-6), and the decode.</summary>
public sealed record FortiGateSummary(FortiGateTime Time, string? Interface, Direction Direction, bool DirectionUnknown, string Text);

/// <summary>
/// "0x0010\t 0800 0604 …\t…" (FortiOS, tab or three spaces), or "000010\t 08 00 06 …\t…" (FortiWeb):
/// the offset, the bytes, and where on the line the bytes begin.
/// </summary>
public sealed record FortiGateRow(long Offset, bool ByteColumns, int BytesStart);

/// <summary>"diagnose sniffer packet any 'port not 22' 6 0 a": what the command asked for, as far as it is given.</summary>
public sealed record SnifferCommand(string? Interface, string? Filter, int? Verbosity, int? Count, string? TimeFormat);

/// <summary>
/// FortiOS "diagnose sniffer packet" output: the command, "interfaces=[…]" and "filters=[…]", a
/// summary line per packet with its hex rows after it, a blank line after each packet, and the
/// trailer "N packets received by filter".
/// </summary>
public static class FortiGateGrammar
{
    /// <summary>FortiOS prints 16-bit groups, FortiWeb single bytes; 16 bytes a row, the ASCII column after a gap.</summary>
    public static readonly HexRunRules GroupBytes = new(TokenDigits: 4, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    public static readonly HexRunRules ColumnBytes = new(TokenDigits: 2, GapEndsRun: 2, AllowMask: true, MaxBytes: 16);

    private static Parser<char, T> Word<T>(string word, T value) =>
        Try(String(word).Before(Lookahead(Lexicon.Spaces.Or(End)))).ThenReturn(value);

    private static readonly Parser<char, FortiGateTime> Absolute =
        Try(
            from date in Lexicon.IsoDate
            from space in Char(' ')
            from time in Lexicon.TimeOfDay
            select new FortiGateTime(date, time, null));

    private static readonly Parser<char, FortiGateTime> Elapsed =
        Lexicon.Epoch.Select(seconds => new FortiGateTime(null, null, seconds));

    public static readonly Parser<char, FortiGateTime> Time = Absolute.Or(Elapsed).Labelled("a time (seconds, or date and time)");

    private static readonly Parser<char, (Direction Direction, bool Unknown)> DirectionWord =
        Word("in", (Direction.Inbound, false))
            .Or(Word("out", (Direction.Outbound, false)))
            .Or(Word("--", (Direction.Unknown, true)));

    private static readonly Parser<char, string> NonBlank = Token(c => !char.IsWhiteSpace(c)).AtLeastOnceString();

    /// <summary>"wan1 in " before the decode, as verbosity 4-6 prints; absent at 1-3.</summary>
    private static readonly Parser<char, (string Name, (Direction Direction, bool Unknown) Direction)> InterfaceAndDirection =
        Try(
            from name in NonBlank
            from gap in Lexicon.Spaces
            from direction in DirectionWord
            select (name, direction));

    public static readonly Parser<char, FortiGateSummary> Summary =
        from indent in Lexicon.OptionalSpaces
        from time in Time
        from gap in Lexicon.Spaces
        from link in InterfaceAndDirection.Optional()
        from text in Lexicon.OptionalSpaces.Then(Lexicon.RestOfLine)
        select link.HasValue
            ? new FortiGateSummary(time, link.Value.Name, link.Value.Direction.Direction, link.Value.Direction.Unknown, text.TrimEnd())
            : new FortiGateSummary(time, null, Direction.Unknown, false, text.TrimEnd());

    /// <summary>"0x" and four hex digits (FortiOS), or six hex digits (FortiWeb), then a tab or spaces.</summary>
    public static readonly Parser<char, FortiGateRow> Row =
        from indent in Lexicon.OptionalSpaces
        from offset in Try(String("0x").Then(Lexicon.HexNumber).Select(o => (Offset: o, Columns: false)))
            .Or(Lexicon.HexDigit.RepeatString(6).Select(o => (Offset: Convert.ToInt64(o, 16), Columns: true)))
            .Labelled("row offset (0x0000 or 000000)")
        from gap in Lexicon.Spaces
        from position in CurrentOffset
        select new FortiGateRow(offset.Offset, offset.Columns, position);

    public static HexRunRules RulesFor(FortiGateRow row) => row.ByteColumns ? ColumnBytes : GroupBytes;

    /// <summary>"interfaces=[any]"</summary>
    public static readonly Parser<char, string> InterfacesLine =
        String("interfaces=[").Then(Token(c => c != ']').ManyString()).Before(Char(']'));

    /// <summary>"filters=[port not 22]"</summary>
    public static readonly Parser<char, string> FiltersLine =
        String("filters=[").Then(Token(c => c != ']').ManyString()).Before(Char(']'));

    /// <summary>"61 packets received by filter", "0 packets dropped by kernel".</summary>
    public static readonly Parser<char, (int Count, string What)> Trailer =
        from indent in Lexicon.OptionalSpaces
        from count in Lexicon.Integer
        from gap in Lexicon.Spaces
        from noun in Try(String("packets")).Or(String("packet"))
        from gap2 in Lexicon.Spaces
        from what in Try(String("received by filter")).Or(String("dropped by kernel")).Or(String("dropped by interface"))
        select (count, what);

    /// <summary>The words of a sniffer command after "diagnose sniffer packet" (any prompt before it), quotes kept together.</summary>
    public static SnifferCommand? Command(string line)
    {
        var words = Words(line);
        for (var i = 0; i + 2 < words.Count; i++)
        {
            if (!IsAbbreviation(words[i], "diagnose", 4) || !IsAbbreviation(words[i + 1], "sniffer", 4) || !IsAbbreviation(words[i + 2], "packet", 4))
            {
                continue;
            }
            var arguments = words.Skip(i + 3).ToList();
            string? Argument(int n) => n < arguments.Count ? arguments[n] : null;
            return new SnifferCommand(
                Argument(0),
                Argument(1),
                int.TryParse(Argument(2), out var verbosity) && verbosity is >= 1 and <= 6 ? verbosity : null,
                int.TryParse(Argument(3), out var count) ? count : null,
                Argument(4));
        }
        return null;
    }

    private static bool IsAbbreviation(string word, string full, int shortest) =>
        word.Length >= shortest && full.StartsWith(word, StringComparison.Ordinal);

    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i == line.Length) break;
            if (line[i] is '"' or '\'')
            {
                var quote = line[i];
                var close = line.IndexOf(quote, i + 1);
                var end = close < 0 ? line.Length : close;
                words.Add(line[(i + 1)..end]);
                i = Math.Min(line.Length, end + 1);
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            words.Add(line[start..i]);
        }
        return words;
    }
}
