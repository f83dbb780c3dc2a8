using System.Text;
using Shouldly;
using TraceImport.Grammars;
using TraceImport.Import;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// Each format checks a line's characters before its grammar is asked whether a region starts there. The
/// check is a pre-filter: over every window of every fixture, wherever the grammar scores a start (or
/// throws), the check must have let the window through, or recognition would differ.
/// </summary>
public class RecognitionPrecheckTests(ITestOutputHelper output)
{
    private static IReadOnlyList<IPrecheckedFormat> Formats { get; } = [.. FormatRegistry.All.Cast<IPrecheckedFormat>()];

    [Fact]
    public void Every_format_checks_before_its_grammar() =>
        FormatRegistry.All.Where(f => f is not IPrecheckedFormat).Select(f => f.Name).ShouldBeEmpty();

    [Fact]
    public void No_precheck_turns_away_a_start_its_grammar_recognises()
    {
        var missed = new List<string>();
        var recognised = new Dictionary<string, int>();
        foreach (var file in TextFixtures())
        {
            Walk(file, (window, format) =>
            {
                bool starts;
                try
                {
                    starts = format.RecognizeByGrammar(window) > 0;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    starts = true; // a grammar that throws must still be asked: its internal error is reported
                }
                if (!starts) return;
                recognised[format.Name] = recognised.GetValueOrDefault(format.Name) + 1;
                if (!format.MayStart(window)) missed.Add($"{Path.GetRelativePath(Repository.Root, file)}:{window.Current.Number}: {format.Name}: {window.Current.Text}");
            });
        }
        output.WriteLine($"{recognised.Values.Sum():N0} windows where a grammar scores a start: "
                         + string.Join(", ", recognised.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
        missed.ShouldBeEmpty();
        // Every format's grammar recognises a start somewhere in the fixtures, so every check is put to the test.
        Formats.Select(f => f.Name).Where(name => !recognised.ContainsKey(name)).ShouldBeEmpty();
    }

    [Fact]
    public void A_tshark_dump_touches_no_grammar_but_those_that_may_read_its_rows()
    {
        var touched = new SortedSet<string>();
        Walk(Repository.Fixture("tshark/corpus-http-x.txt"), (window, format) =>
        {
            if (format.MayStart(window)) touched.Add(format.Name);
        });
        // tshark's rows are offset-hex's and hex-block's as much as tshark's; NX-OS's ethanalyzer prints
        // tshark's "Frame (N bytes):" above a frame's rows, as tshark does for a reassembled segment.
        touched.ShouldBe(["cisco-nxos", "hex-block", "offset-hex", "tshark"], ignoreOrder: true);
    }

    /// <summary>Every text file under fixtures/ (the captures are pcap files, not text).</summary>
    private static IEnumerable<string> TextFixtures() =>
        Directory.EnumerateFiles(Repository.Fixtures, "*", SearchOption.AllDirectories)
            .Where(file => !File.ReadAllBytes(file).Contains((byte)0))
            .Order(StringComparer.Ordinal);

    /// <summary>Puts every window of the file, as the importer reads it, to every format.</summary>
    private static void Walk(string file, Action<LineWindow, IPrecheckedFormat> visit)
    {
        using var reader = new StreamReader(file, Encoding.UTF8);
        var source = new LineSource(new JoinedLineReader(new BoundedLineReader(reader), file, _ => { }));
        while (source.TryPeek(0, out _))
        {
            foreach (var format in Formats) visit(source.Window, format);
            source.Advance();
        }
    }
}
