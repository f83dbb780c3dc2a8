using TraceImport.Import;

namespace TraceImport.Grammars;

/// <summary>
/// A format whose recognition looks at the window's characters before its grammar: every line outside a
/// region is put to every format, and running a format's parsers on it builds them (their static
/// constructors, Pidgin's generic code compiled) even where the line is nothing of the format's.
/// <see cref="ITraceFormat.RecognizeStart"/> is <see cref="MayStart"/>, then <see cref="RecognizeByGrammar"/>.
/// </summary>
public interface IPrecheckedFormat : ITraceFormat
{
    /// <summary>
    /// A necessary condition for <see cref="RecognizeByGrammar"/> to score above 0 (or to throw): false only
    /// for a window the grammar would score 0. Read from the lines' characters alone: no string, no parser,
    /// no regular expression, nothing of the grammar's statics.
    /// </summary>
    bool MayStart(LineWindow window);

    /// <summary>The grammar's recognition, without the pre-check.</summary>
    double RecognizeByGrammar(LineWindow window);
}
