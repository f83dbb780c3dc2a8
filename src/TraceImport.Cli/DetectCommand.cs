using System.CommandLine;
using TraceImport.Grammars;
using TraceImport.Import;

namespace TraceImport.Cli;

public static class DetectCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The text to read: a file, or - for standard input." };
        var command = new Command("detect", "Say which grammar reads each trace region of the input, how sure it is, and how many packets it finds.") { input };
        command.SetAction(result =>
        {
            var path = result.GetValue(input)!;
            using var reader = InputFile.Open(path);
            var report = new DocumentImporter(FormatRegistry.All).Import(reader, InputFile.DisplayName(path), new ImportOptions(), _ => { });
            if (report.Regions.Count == 0)
            {
                Summary.WriteNoPackets(Console.Error, report);
                return ExitCodes.Unreadable;
            }
            using var output = StandardOutput.OpenWriter();
            var main = report.Regions.GroupBy(r => r.Format).MaxBy(g => g.Sum(r => r.Packets))!;
            output.WriteLine($"{report.SourceName}: {main.Key} (sure {main.Max(r => r.Confidence):0.00}), {report.Packets} packet(s) in {report.Regions.Count} region(s)");
            foreach (var region in report.Regions)
            {
                output.WriteLine($"  lines {region.FirstLine}-{region.LastLine}: {region.Format} (sure {region.Confidence:0.00}), {region.Packets} packet(s)");
            }
            output.WriteLine($"  {report.ProseLines} prose line(s), {report.SkippedLines} skipped line(s)");
            return ExitCodes.Success;
        });
        return command;
    }
}
