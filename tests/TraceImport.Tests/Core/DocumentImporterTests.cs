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
        (report.UsedLines + report.BlankLines + report.ProseLines + report.SkippedLines).ShouldBe(lines);
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
    private sealed class ThrowsOnSecondLine : TraceImport.Import.ITraceFormat
    {
        public string Name => "faulty";
        public string Description => "throws on a line it should have read";
        public double RecognizeStart(TraceImport.Import.LineWindow window) => window.Current.Text.StartsWith('!') ? 1 : 0;
        public TraceImport.Import.IRegionReader OpenRegion(TraceImport.Import.RegionContext context) => new Reader();

        private sealed class Reader : TraceImport.Import.IRegionReader
        {
            public TraceImport.Import.LineVerdict Read(TraceImport.Import.LineWindow window) =>
                window.Current.Text == "!boom" ? throw new FormatException("bad digit") : TraceImport.Import.LineVerdict.Used;
            public void Close() { }
        }
    }

    [Fact]
    public void A_grammar_that_throws_costs_one_skipped_line_not_the_import()
    {
        var importer = new TraceImport.Import.DocumentImporter([new ThrowsOnSecondLine()]);
        var report = importer.Import(new StringReader("!start\n!boom\n!end\n"), "faulty.txt", new TraceImport.Import.ImportOptions(), _ => { });
        report.UsedLines.ShouldBe(2);
        var skipped = report.Skipped.ShouldHaveSingleItem();
        skipped.Line.ShouldBe(2);
        skipped.Reason.ShouldBe("the faulty grammar failed on this line (FormatException: bad digit)");
    }
}
