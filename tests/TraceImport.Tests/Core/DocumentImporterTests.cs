using Shouldly;
using Xunit;

namespace TraceImport.Tests.Core;

public class DocumentImporterTests
{
    [Theory]
    [MemberData(nameof(Snapshots.FixtureSnapshotTests.Cases), MemberType = typeof(Snapshots.FixtureSnapshotTests))]
    public void Every_line_is_used_blank_prose_or_skipped(string fixture)
    {
        var path = Repository.Fixture(fixture);
        var report = Importing.File(path).Report;
        var lines = File.ReadLines(path).Count();
        report.TotalLines.ShouldBe(lines);
        (report.UsedLines + report.BlankLines + report.ProseLines + report.SkippedLines + report.FailedLines).ShouldBe(lines);
        report.InternalErrors.ShouldBeEmpty();
    }

    [Fact]
    public void A_named_format_that_does_not_exist_is_refused()
    {
        Should.Throw<ArgumentException>(() => Importing.Text("x", new() { Format = "nonesuch" }))
            .Message.ShouldContain("known formats: " + string.Join(", ", TraceImport.Grammars.FormatRegistry.All.Select(f => f.Name)));
    }

    [Fact]
    public void A_named_format_reads_what_detection_would_give_to_another()
    {
        const string row = "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 06 00 01   ................\n";
        Importing.Text(row).Report.Regions.Single().Format.ShouldBe("tshark");
        Importing.Text(row, new() { Format = "offset-hex" }).Report.Regions.Single().Format.ShouldBe("offset-hex");
    }

    [Fact]
    public void Windows_and_old_mac_line_endings_are_read()
    {
        const string frame = "000000000000000000000000080045000034";
        Importing.Text(frame + "\r\n" + frame + "\r" + frame).Packets.Count.ShouldBe(3);
    }
}

public class FailingGrammarTests
{
    /// <summary>A grammar with a bug: it throws on "!boom" while reading, on "?boom" while recognising, and on closing after "!close".</summary>
    private sealed class Faulty : TraceImport.Import.ITraceFormat
    {
        public string Name => "faulty";
        public string Description => "throws where it should have answered";

        public double RecognizeStart(TraceImport.Import.LineWindow window) => window.Current.Text switch
        {
            "?boom" => throw new InvalidOperationException("planted"),
            var text when text.StartsWith('!') => 1,
            _ => 0,
        };

        public TraceImport.Import.IRegionReader OpenRegion(TraceImport.Import.RegionContext context) => new Reader();

        private sealed class Reader : TraceImport.Import.IRegionReader
        {
            private bool closeThrows;

            public TraceImport.Import.LineVerdict Read(TraceImport.Import.LineWindow window)
            {
                var text = window.Current.Text;
                if (text == "!boom") throw new NullReferenceException("planted");
                if (!text.StartsWith('!')) return TraceImport.Import.LineVerdict.NotMine;
                closeThrows |= text == "!close";
                return TraceImport.Import.LineVerdict.Used;
            }

            public void Close()
            {
                if (closeThrows) throw new IndexOutOfRangeException("planted");
            }
        }
    }

    private static TraceImport.Import.ImportReport Import(string text) =>
        new TraceImport.Import.DocumentImporter([new Faulty()]).Import(new StringReader(text), "faulty.txt", new TraceImport.Import.ImportOptions(), _ => { });

    [Fact]
    public void A_grammar_that_throws_on_a_line_is_an_internal_error_not_a_skipped_line()
    {
        var report = Import("!start\n!boom\n!end\n");
        report.UsedLines.ShouldBe(2);
        report.SkippedLines.ShouldBe(0);
        report.Skipped.ShouldBeEmpty();
        report.FailedLines.ShouldBe(1);
        (report.UsedLines + report.FailedLines).ShouldBe(report.TotalLines);
        var error = report.InternalErrors.ShouldHaveSingleItem();
        error.Line.ShouldBe(2);
        error.Format.ShouldBe("faulty");
        error.Exception.ShouldBeOfType<NullReferenceException>();
        error.ToString().ShouldBe("2: internal error in the faulty grammar while reading this line: NullReferenceException: planted");
        report.StrictProblems.ShouldBe(1);
    }

    [Fact]
    public void A_grammar_that_throws_while_recognising_is_an_internal_error_and_the_line_stays_accounted_for()
    {
        var report = Import("?boom\n");
        report.ProseLines.ShouldBe(1);
        report.InternalErrors.ShouldHaveSingleItem().Stage.ShouldBe("recognising a region");
        report.InternalErrorCount.ShouldBe(1);
        report.StrictProblems.ShouldBe(1);
    }

    [Fact]
    public void A_grammar_that_throws_while_closing_a_region_is_an_internal_error()
    {
        var report = Import("!start\n!close\nprose\n");
        report.UsedLines.ShouldBe(2);
        var error = report.InternalErrors.ShouldHaveSingleItem();
        error.Stage.ShouldStartWith("closing the region that starts at line 1");
        error.Line.ShouldBe(2);
        report.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void A_clean_import_has_no_internal_errors_and_nothing_for_strict_to_refuse()
    {
        var report = Import("!start\n!end\n");
        report.InternalErrors.ShouldBeEmpty();
        report.StrictProblems.ShouldBe(0);
    }
}

public class RecognitionOrderTests
{
    /// <summary>A format that scores every line the same, counts how often it is asked, and reads one line a region.</summary>
    private sealed class Scoring(string name, double score, double mostConfident) : TraceImport.Import.ITraceFormat
    {
        public int Asked { get; private set; }
        public string Name => name;
        public string Description => "scores every line the same";
        public double MostConfident(TraceImport.Import.LineWindow window) => mostConfident;

        public double RecognizeStart(TraceImport.Import.LineWindow window)
        {
            Asked++;
            return score;
        }

        public TraceImport.Import.IRegionReader OpenRegion(TraceImport.Import.RegionContext context) => new Reader();

        private sealed class Reader : TraceImport.Import.IRegionReader
        {
            private bool read;

            public TraceImport.Import.LineVerdict Read(TraceImport.Import.LineWindow window)
            {
                if (read) return TraceImport.Import.LineVerdict.NotMine;
                read = true;
                return TraceImport.Import.LineVerdict.Used;
            }

            public void Close()
            {
            }
        }
    }

    private static string RegionFormat(params TraceImport.Import.ITraceFormat[] formats) =>
        new TraceImport.Import.DocumentImporter(formats).Import(new StringReader("a line\n"), "t.txt", new TraceImport.Import.ImportOptions(), _ => { })
            .Regions.Single().Format;

    [Fact]
    public void A_format_that_cannot_beat_the_best_score_so_far_is_not_asked()
    {
        var weak = new Scoring("weak", 0.6, mostConfident: 0.6);
        RegionFormat(new Scoring("strong", 0.75, mostConfident: 1), weak).ShouldBe("strong");
        weak.Asked.ShouldBe(0);
    }

    [Fact]
    public void A_format_that_could_beat_it_is_asked_and_an_equal_score_stays_with_the_first()
    {
        var better = new Scoring("better", 0.85, mostConfident: 0.85);
        RegionFormat(new Scoring("first", 0.75, mostConfident: 1), better).ShouldBe("better");
        better.Asked.ShouldBe(1);
        RegionFormat(new Scoring("first", 0.6, mostConfident: 1), new Scoring("equal", 0.6, mostConfident: 0.6)).ShouldBe("first");
        var asked = new Scoring("asked", 0.6, mostConfident: 0.6);
        RegionFormat(new Scoring("unsure", 0.55, mostConfident: 1), asked).ShouldBe("asked");
        asked.Asked.ShouldBe(1);
    }

    [Fact]
    public void Tshark_and_hex_block_rows_are_still_recognised_as_before()
    {
        const string tsharkRow = "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 06 00 01   ................\n";
        Importing.Text(tsharkRow).Report.Regions.Single().Format.ShouldBe("tshark");
        const string block = "00000000 00000000 00000000 08004500\n00340000 40004006 00000a00 00010a00\n";
        Importing.Text(block).Report.Regions.Single().Format.ShouldBe("hex-block");
    }
}
