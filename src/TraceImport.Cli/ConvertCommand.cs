using System.CommandLine;
using System.Reflection;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Output;
using TraceImport.Pcapng;

namespace TraceImport.Cli;

public static class ConvertCommand
{
    public static string Version { get; } =
        typeof(ConvertCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The text to read: a file, or - for standard input." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The pcapng file to write, or - for standard output. It is written under a temporary name and renamed when complete, so a failure leaves no half-written capture.",
            Required = true,
            HelpName = "out.pcapng",
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Fail (exit 1, no output) if any line inside a trace region could not be read, instead of skipping it with a warning.",
        };
        var options = new ImportOptionsBinding();
        var command = new Command("convert", "Convert the packets of a text trace, or of every trace in a document, to pcapng.") { input, output, strict };
        options.AddTo(command);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!, result.GetValue(strict), options.Read(result)));
        return command;
    }

    private static int Run(string inputPath, string outputPath, bool strict, ImportOptions options)
    {
        using var reader = InputFile.Open(inputPath);
        if (reader is null) return ExitCodes.Usage;
        var name = InputFile.DisplayName(inputPath);

        using var target = OutputTarget.Open(outputPath);
        if (target is null) return ExitCodes.Usage;

        ImportReport report;
        using (var writer = new PcapngWriter(target.Stream, $"converted from {Path.GetFileName(name)} by traceimport {Version}", $"traceimport {Version}", leaveOpen: true))
        {
            var progress = Progress.ForStandardError(inputPath);
            report = new DocumentImporter(FormatRegistry.All).Import(reader, name, options, packet =>
            {
                writer.Write(packet);
                progress.Packets++;
            }, progress.Report);
            progress.Done();
        }

        Summary.Write(Console.Error, report, outputPath);
        if (report.Packets == 0)
        {
            Summary.WriteNoPackets(Console.Error, report);
            return ExitCodes.Unreadable;
        }
        if (strict && report.SkippedLines > 0)
        {
            Console.Error.WriteLine($"traceimport: --strict: {report.SkippedLines} line(s) inside trace regions could not be read; nothing written");
            return ExitCodes.Unreadable;
        }
        target.Commit();
        return ExitCodes.Success;
    }
}
