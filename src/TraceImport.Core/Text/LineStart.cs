namespace TraceImport.Text;

/// <summary>
/// How a line begins, told from its characters alone (no string, no parser): the shapes the grammars'
/// recognition pre-checks share, each a necessary condition of a <see cref="Lexicon"/> parser.
/// </summary>
public static class LineStart
{
    /// <summary>The line after its indentation of spaces and tabs, as <see cref="Lexicon.OptionalSpaces"/> skips it.</summary>
    public static ReadOnlySpan<char> Unindented(ReadOnlySpan<char> line) => line.TrimStart(" \t");

    /// <summary>How many ASCII digits the text starts with.</summary>
    public static int Digits(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count])) count++;
        return count;
    }

    /// <summary>Whether the text starts with one to <paramref name="maxDigits"/> ASCII digits and then <paramref name="after"/>.</summary>
    public static bool DigitsThen(ReadOnlySpan<char> text, int maxDigits, char after)
    {
        var digits = Digits(text);
        return digits >= 1 && digits <= maxDigits && digits < text.Length && text[digits] == after;
    }

    /// <summary>
    /// Whether one of the times <see cref="Lexicon"/> reads may start the text: a time of day (one or two
    /// digits, ':'), seconds since the epoch (up to twelve digits, '.') or an ISO date (four digits, '-').
    /// </summary>
    public static bool MayBeTime(ReadOnlySpan<char> text) =>
        DigitsThen(text, 2, ':') || DigitsThen(text, 12, '.') || DigitsThen(text, 4, '-');
}
