using System.Globalization;
using CsvHelper;
using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>
/// fixtures/EXPECTED.tsv gives, for each vendor sample, the packets Wireshark reads from it and the
/// first one's time (TZ=UTC): the rows of the text trace formats Wireshark reads must hold for us.
/// </summary>
public class WiretapTextExpectedTests
{
    private static readonly string[] Folders = ["cosine", "dbs-etherwatch", "vms", "toshiba", "iseries", "ascend", "k12text"];

    public sealed record ExpectedRow(string Path, int Packets, string FirstTime, string HowKnown);

    private static List<ExpectedRow> Rows()
    {
        using var reader = new StreamReader(Repository.Fixture("EXPECTED.tsv"));
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { Separator = '\t' }, leaveOpen: false);
        var rows = new List<ExpectedRow>();
        while (csv.Read())
        {
            rows.Add(new ExpectedRow(csv.GetString("path"), int.Parse(csv.GetString("packets_expected")), csv.GetString("first_time_epoch"), csv.GetString("how_known")));
        }
        return rows;
    }

    public static TheoryData<string> TextTraceRows()
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows().Where(r => Folders.Contains(r.Path.Split('/')[0]))) data.Add(row.Path);
        return data;
    }

    [Fact]
    public void Every_sample_of_these_formats_has_a_row() =>
        Rows().Count(r => Folders.Contains(r.Path.Split('/')[0])).ShouldBe(Folders.Sum(folder =>
            Directory.EnumerateFiles(Repository.Fixture(folder), "*.txt").Count(p =>
                !p.Contains(".approved.", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("constructed-", StringComparison.Ordinal))));

    [Theory]
    [MemberData(nameof(TextTraceRows))]
    public void The_packet_count_and_first_time_are_wiresharks(string path)
    {
        var row = Rows().Single(r => r.Path == path);
        // Wireshark's K12 text reader dates every frame 2000-01-01 in UTC+1; --date and --utc-offset say so to us.
        var options = path.StartsWith("k12text/", StringComparison.Ordinal)
            ? new ImportOptions { Date = new DateOnly(2000, 1, 1), UtcOffset = TimeSpan.FromHours(1) }
            : new ImportOptions();

        var packets = Importing.File(Repository.Fixture(path), options).Packets;

        packets.Count.ShouldBe(row.Packets, row.HowKnown);
        if (row.FirstTime.Length == 0) return; // Wireshark dates these from the file's modification time
        var seconds = row.FirstTime.Split('.');
        var expected = long.Parse(seconds[0]) * 1_000_000_000 + long.Parse(seconds[1].PadRight(9, '0')[..9]);
        packets[0].Time.ShouldNotBeNull().UnixNanoseconds.ShouldBe(expected, row.HowKnown);
    }
}
