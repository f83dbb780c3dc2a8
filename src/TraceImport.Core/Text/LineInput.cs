using Sprache;

namespace TraceImport.Text;

/// <summary>
/// A Sprache input over one line of text. Unlike Sprache's own <c>Input</c> it can be created at
/// any position, which lets a primitive parser consume a whole run of hex bytes in one step
/// instead of allocating an input per character.
/// </summary>
public sealed class LineInput : IInput
{
    private IDictionary<object, object>? memos;

    public LineInput(string source, int position = 0)
    {
        Source = source;
        Position = position;
    }

    public string Source { get; }
    public int Position { get; }
    public char Current => Source[Position];
    public bool AtEnd => Position >= Source.Length;
    public int Line => 1;
    public int Column => Position + 1;
    public IDictionary<object, object> Memos => memos ??= new Dictionary<object, object>();

    public IInput Advance()
    {
        if (AtEnd) throw new InvalidOperationException("The input is already at its end.");
        return new LineInput(Source, Position + 1);
    }

    public IInput AdvanceTo(int position) => new LineInput(Source, position);

    public bool Equals(IInput? other) => other is not null && ReferenceEquals(Source, other.Source) && Position == other.Position;
    public override bool Equals(object? obj) => obj is IInput other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Source, Position);
    public override string ToString() => $"column {Column}";
}

public static class LineParsing
{
    /// <summary>Parses one line with the parser; the parser need not consume the whole line.</summary>
    public static IResult<T> ParseLine<T>(this Parser<T> parser, string line) => parser(new LineInput(line));

    /// <summary>A description of a failure for an error message: "expected X, found 'y'".</summary>
    public static string Describe<T>(this IResult<T> failure)
    {
        var expected = string.Join(" or ", failure.Expectations.Distinct());
        var remainder = failure.Remainder;
        var found = remainder.AtEnd ? "end of line" : $"'{Snippet(remainder.Source, remainder.Position)}'";
        return expected.Length == 0 ? $"unexpected {found}" : $"expected {expected}, found {found}";
    }

    private static string Snippet(string source, int position)
    {
        var length = Math.Min(12, source.Length - position);
        return source.Substring(position, length);
    }
}
