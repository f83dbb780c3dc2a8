using System.Runtime.CompilerServices;
using Shouldly;
using TraceImport.Decoding;
using TraceImport.Output;
using Xunit;

namespace TraceImport.Tests.Snapshots;

/// <summary>
/// Every fixtures/&lt;format&gt;/&lt;case&gt;.txt is imported and its packet listing compared with
/// &lt;case&gt;.packets.approved.txt beside it. A new sample is a new test without new code.
/// </summary>
public class FixtureSnapshotTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var path in FixtureCases()) data.Add(Path.GetRelativePath(Repository.Fixtures, path));
        return data;
    }

    public static IEnumerable<string> FixtureCases() =>
        Directory.EnumerateFiles(Repository.Fixtures, "*.txt", SearchOption.AllDirectories)
            .Where(p => !p.Contains(".approved.", StringComparison.Ordinal) && !p.Contains(".received.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Packet_listing_matches_the_approved_file(string fixture)
    {
        var result = Importing.File(Repository.Fixture(fixture));
        var listing = new StringWriter { NewLine = "\n" };
        foreach (var packet in result.Packets) PacketListing.WritePacket(listing, packet);
        PacketListing.WriteReport(listing, result.Report);

        listing.ToString().ShouldMatchApproved(c => ApprovedBeside(c, fixture, "packets"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_matches_the_approved_file(string fixture)
    {
        var result = Importing.File(Repository.Fixture(fixture));
        var table = new StringWriter { NewLine = "\n" };
        foreach (var packet in result.Packets) DecodeTable.Write(table, PacketDecoder.Decode(packet));
        if (result.Packets.Count == 0) table.WriteLine("no packets");

        table.ToString().ShouldMatchApproved(c => ApprovedBeside(c, fixture, "decode"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnosis_matches_the_approved_file(string fixture)
    {
        var result = Importing.File(Repository.Fixture(fixture));
        var report = new StringWriter { NewLine = "\n" };
        DiagnosisReport.WriteText(report, Path.GetFileName(fixture), result.Packets.Count, TraceImport.Diagnosis.DiagnosisEngine.Diagnose(result.Packets));

        report.ToString().ShouldMatchApproved(c => ApprovedBeside(c, fixture, "diagnosis"));
    }

    [Fact]
    public void Every_format_folder_holds_at_least_one_fixture()
    {
        foreach (var format in TraceImport.Grammars.FormatRegistry.All)
        {
            var folder = Path.Combine(Repository.Fixtures, format.Name);
            Directory.Exists(folder).ShouldBeTrue($"fixtures/{format.Name} is missing");
            FixtureCases().Count(p => p.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        }
    }

    /// <summary>Puts the approved file beside the fixture: fixtures/tcpdump/print-x.out.packets.approved.txt.</summary>
    internal static void ApprovedBeside(Shouldly.Configuration.ShouldMatchConfigurationBuilder config, string fixture, string kind,
        [CallerFilePath] string thisFile = "")
    {
        var fixtureDirectory = Path.GetDirectoryName(Repository.Fixture(fixture))!;
        var caseName = Path.GetFileNameWithoutExtension(fixture);
        config.NoDiff()
            .SubFolder(Path.GetRelativePath(Path.GetDirectoryName(thisFile)!, fixtureDirectory))
            .WithFilenameGenerator((_, _, type, extension) => $"{caseName}.{kind}.{type}.{extension}");
    }
}
