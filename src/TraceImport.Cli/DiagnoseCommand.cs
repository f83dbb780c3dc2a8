using System.CommandLine;
using TraceImport.Diagnosis;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Output;

namespace TraceImport.Cli;

public static class DiagnoseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The text to read: a file, or - for standard input." };
        var output = new Option<string>("--output")
        {
            Description = "text (for a terminal), markdown (for a ticket) or json (shape in README.md).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|markdown|json",
        };
        output.AcceptOnlyFromAmong("text", "markdown", "json");
        var options = new ImportOptionsBinding();
        var command = new Command("diagnose",
            "Find what went wrong in the trace, as an analyst would: findings ordered by how much they explain, each with a code, severity, the packets and source lines it concerns, an explanation, the evidence and the RFC it rests on.")
        {
            input, output,
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            var path = result.GetValue(input)!;
            using var reader = InputFile.Open(path);
            DiagnosisSession? diagnosis = null;
            var name = InputFile.DisplayName(path);
            ImportReport report;
            // Each packet is decoded and shown to the rules on the second core while the first reads on: reading and
            // decoding take about as long as each other; the rules see the packets in order, on that one thread. That
            // thread makes the rules and the decoder's tables while the first finds the input's format.
            using (var decoding = new SecondThread<Packet>(packet => diagnosis!.Observe(ObservedPacket.From(packet)),
                       prepare: () =>
                       {
                           diagnosis = new DiagnosisSession();
                           _ = Decoding.Bindings.All;
                       }, name: "diagnose"))
            {
                report = new DocumentImporter(FormatRegistry.All).Import(reader, name, options.Read(result), decoding.Add);
                decoding.Complete();
            }
            if (report.Packets == 0)
            {
                Summary.WriteNoPackets(Console.Error, report);
                return ExitCodes.Unreadable;
            }
            var session = diagnosis!; // made by the second thread, which has ended
            var findings = session.Findings();
            using var stdout = StandardOutput.OpenStream();
            using var text = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            switch (result.GetValue(output))
            {
                case "json":
                    DiagnosisReport.WriteJson(stdout, name, session.Packets, findings);
                    break;
                case "markdown":
                    DiagnosisReport.WriteMarkdown(text, name, session.Packets, findings);
                    break;
                default:
                    DiagnosisReport.WriteText(text, name, session.Packets, findings);
                    break;
            }
            text.Flush();
            stdout.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
