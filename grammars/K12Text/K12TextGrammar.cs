using Pidgin;
using TraceImport.Model;
using TraceImport.Text;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace TraceImport.Grammars.K12Text;

/// <summary>"08:14:42,534,679   ETHER": a frame's time of day (hours, minutes, seconds, milliseconds, microseconds) and encapsulation; a paste may have joined its bytes on.</summary>
public sealed record K12Stamp(long NanosecondsOfDay, string Encapsulation, string Rest);

/// <summary>A frame's bytes read from its "|0   |ac|67|…|" text, and where that text stopped making sense.</summary>
public sealed record K12Bytes(byte[] Bytes, string? Error);

/// <summary>The lines of a Tektronix K12/K15 text export (also written by Wireshark as "K12 text file").</summary>
public static class K12TextGrammar
{
    /// <summary>"+---------+---------------+----------+": the rule before each frame (a paste may cut it short).</summary>
    public static bool IsRule(string line)
    {
        var text = line.AsSpan().Trim();
        return text.Length >= 10 && text[0] == '+' && !text.ContainsAnyExcept('-', '+') && text.Count('+') >= 2;
    }

    /// <summary>A digit first and a comma later: a quick test before the grammar.</summary>
    public static bool MayBeStamp(string line)
    {
        var text = line.AsSpan().TrimStart(' ');
        return text.Length > 0 && char.IsAsciiDigit(text[0]) && text.Contains(',');
    }

    private static Parser<char, long> Digits(int count) => Digit.RepeatString(count).Select(long.Parse);

    public static readonly Parser<char, K12Stamp> Stamp =
        from hours in Lexicon.OptionalSpaces.Then(Digit.AtLeastOnceString().Assert(h => h.Length <= 3, "hours").Select(long.Parse))
        from c1 in Char(':')
        from minutes in Digits(2)
        from c2 in Char(':')
        from seconds in Digits(2)
        from c3 in Char(',')
        from milliseconds in Digits(3)
        from c4 in Char(',')
        from microseconds in Digits(3)
        where minutes < 60 && seconds < 61
        from encapsulation in Lexicon.Spaces.Then(Token(c => char.IsAsciiLetterOrDigit(c) || c == '-').AtLeastOnceString()).Labelled("encapsulation (ETHER, HDLC, …)")
        from rest in Lexicon.RestOfLine
        select new K12Stamp(
            ((hours * 60 + minutes) * 60 + seconds) * CaptureTime.NanosecondsPerSecond + milliseconds * 1_000_000 + microseconds * 1_000,
            encapsulation, rest.Trim());

    /// <summary>"|0   |ac|67|5d|": a frame's bytes start with the offset field "0".</summary>
    public static bool IsBytesStart(string line)
    {
        var text = line.TrimStart();
        if (text.Length < 3 || text[0] != '|' || text[1] != '0') return false;
        var close = text.IndexOf('|', 1);
        return close > 1 && text[2..close].Trim().Length == 0;
    }

    /// <summary>A line that goes on with bytes a paste wrapped: pipes, hex digits and spaces only.</summary>
    public static bool IsBytesContinuation(string line) =>
        line.Trim().Length > 0 && line.Trim().All(c => c is '|' or ' ' || char.IsAsciiHexDigit(c));

    /// <summary>
    /// The bytes of "|0   |ac|67|…|": two hex digits a field; fields of one, three or four characters,
    /// or with spaces, are offset markers (K12 puts one before the first byte, Wireshark's reader
    /// skips any it meets).
    /// </summary>
    public static K12Bytes ReadBytes(string text)
    {
        var bytes = new List<byte>();
        var fields = text.Trim().Split('|');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length == 2 && char.IsAsciiHexDigit(field[0]) && char.IsAsciiHexDigit(field[1]))
            {
                bytes.Add(Convert.ToByte(field, 16));
                continue;
            }
            var marker = field.Trim();
            if (marker.Length == 0 && (i == 0 || i == fields.Length - 1)) continue;
            if (marker.Length is > 0 and <= 4 && marker.All(char.IsAsciiHexDigit)) continue;
            return new K12Bytes(bytes.ToArray(), $"field {i} (\"{field}\"), which is neither a byte nor an offset");
        }
        return new K12Bytes(bytes.ToArray(), null);
    }
}
