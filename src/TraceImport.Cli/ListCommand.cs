using System.CommandLine;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Output;

namespace TraceImport.Cli;

public static class ListCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The text to read: a file, or - for standard input." };
        var options = new ImportOptionsBinding();
        var command = new Command("list", "List the packets read from a text trace — source lines, link type, length, time, unknown bytes, hex — and account for every input line.") { input };
        options.AddTo(command);
        command.SetAction(result =>
        {
            var path = result.GetValue(input)!;
            using var reader = InputFile.Open(path);
            using var output = StandardOutput.OpenWriter();
            var report = new DocumentImporter(FormatRegistry.All).Import(reader, InputFile.DisplayName(path), options.Read(result),
                packet => PacketListing.WritePacket(output, packet));
            PacketListing.WriteReport(output, report);
            output.Flush();
            if (report.Packets > 0) return ExitCodes.Success;
            Summary.WriteNoPackets(Console.Error, report);
            return ExitCodes.Unreadable;
        });
        return command;
    }
}
