using System.CommandLine;
using TraceImport.Decoding;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Output;

namespace TraceImport.Cli;

public static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "The text to read: a file, or - (the default) for standard input, where a pasted hex dump is the common case.",
            DefaultValueFactory = _ => InputFile.StandardStream,
        };
        var output = new Option<string>("--output")
        {
            Description = "table (for a terminal), csv, json (shape in README.md), markdown (for a ticket), or the shapes of tshark -T json and -T ek (tshark-json, tshark-ek) for tools that read tshark's.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|csv|json|markdown|tshark-json|tshark-ek",
        };
        output.AcceptOnlyFromAmong("table", "csv", "json", "markdown", "tshark-json", "tshark-ek");
        var packets = new Option<PacketSelection?>("--packet", "-p")
        {
            Description = "Decode only these packets: numbers and ranges, as 2 or 1,3-5.",
            HelpName = "n[,n-m]",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (PacketSelection.TryParse(text, out var selection)) return selection;
                result.AddError($"--packet: '{text}' is not a list of packet numbers and ranges such as 2 or 1,3-5");
                return null;
            },
        };
        var options = new ImportOptionsBinding();
        var command = new Command("decode",
            "Decode packets field by field: offset, Wireshark field name, raw hex, value, meaning and status (ok, bad, masked, unknown, truncated, unverifiable, padding).")
        {
            input, output, packets,
        };
        options.AddTo(command);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!, result.GetValue(packets), options.Read(result)));
        return command;
    }

    private static int Run(string inputPath, string format, PacketSelection? selection, ImportOptions options)
    {
        using var reader = InputFile.Open(inputPath);
        using var stdout = StandardOutput.OpenStream();
        using var text = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { AutoFlush = false };
        using var csv = format == "csv" ? new DecodeCsv(text) : null;
        using var json = format == "json" ? new DecodeJson(stdout) : null;
        using var tsharkJson = format == "tshark-json" ? new DecodeTsharkJson(stdout) : null;
        using var tsharkEk = format == "tshark-ek" ? new DecodeTsharkEk(stdout) : null;
        var decoded = 0;

        var report = new DocumentImporter(FormatRegistry.All).Import(reader, InputFile.DisplayName(inputPath), options, packet =>
        {
            if (selection is not null && !selection.Contains(packet.Number)) return;
            var decode = PacketDecoder.Decode(packet);
            decoded++;
            switch (format)
            {
                case "csv": csv!.Write(decode); break;
                case "json": json!.Write(decode); break;
                case "tshark-json": tsharkJson!.Write(decode); break;
                case "tshark-ek": tsharkEk!.Write(decode); break;
                case "markdown": DecodeMarkdown.Write(text, decode); break;
                default: DecodeTable.Write(text, decode); break;
            }
        });
        csv?.Dispose();
        text.Flush();
        json?.Dispose();
        tsharkJson?.Dispose();
        tsharkEk?.Dispose();

        if (report.Packets == 0)
        {
            Summary.WriteNoPackets(Console.Error, report);
            return ExitCodes.Unreadable;
        }
        if (decoded == 0)
        {
            Console.Error.WriteLine($"traceimport: --packet selects none of the {report.Packets} packet(s) read");
            return ExitCodes.Usage;
        }
        if (Said.Quietly)
        {
            foreach (var error in report.InternalErrors) Console.Error.WriteLine($"  internal error {report.SourceName}:{error.Line}: the {error.Format} grammar failed while {error.Stage} ({error.Exception.GetType().Name}: {error.Exception.Message}); this is a bug in traceimport");
            return ExitCodes.Success;
        }
        foreach (var skipped in report.Skipped) Console.Error.WriteLine($"  skipped {report.SourceName}:{skipped.Line}:{skipped.Column}: {skipped.Reason}");
        foreach (var damaged in report.Damaged) Console.Error.WriteLine($"  damaged {report.SourceName}:{damaged.Line}:{damaged.Column}: {damaged.Reason}");
        foreach (var error in report.InternalErrors) Console.Error.WriteLine($"  internal error {report.SourceName}:{error.Line}: the {error.Format} grammar failed while {error.Stage} ({error.Exception.GetType().Name}: {error.Exception.Message}); this is a bug in traceimport");
        foreach (var warning in report.Warnings) Console.Error.WriteLine($"  warning: {warning}");
        return ExitCodes.Success;
    }
}

/// <summary>Packet numbers and ranges from --packet: "2" or "1,3-5".</summary>
public sealed class PacketSelection
{
    private readonly List<(int First, int Last)> ranges = [];

    public bool Contains(int number) => ranges.Any(r => r.First <= number && number <= r.Last);

    public static bool TryParse(string text, out PacketSelection selection)
    {
        selection = new PacketSelection();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !int.TryParse(bounds[0], out var first) || first < 1) return false;
            var last = first;
            if (bounds.Length == 2 && (!int.TryParse(bounds[1], out last) || last < first)) return false;
            selection.ranges.Add((first, last));
        }
        return true;
    }
}
