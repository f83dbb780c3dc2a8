using System.CommandLine;
using System.Reflection;
using TraceImport.Grammars;
using TraceImport.Import;

namespace TraceImport.Cli;

public static class ConvertCommand
{
    public static string Version { get; } =
        typeof(ConvertCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static Command Create()
    {
        var inputs = new Argument<string[]>("input")
        {
            Description = "The text to read: a file, - for standard input, several files, or a folder (every file in it but captures).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The pcapng file to write (- for standard output); with several inputs or a folder, the folder to write one pcapng per input into, unless --merge. " +
                          "Files are written under a temporary name and renamed when complete, so a failure leaves no half-written capture; " +
                          "a device, FIFO or socket is written into as it is. An output that is one of the inputs is refused.",
            Required = true,
            HelpName = "out.pcapng|folder",
        };
        var merge = new Option<bool>("--merge") { Description = "Write the packets of all inputs, in the order given, into the one file -o names." };
        var pcap = new Option<bool>("--pcap")
        {
            Description = "Write classic pcap instead of pcapng (also chosen by an -o name ending in .pcap), for tools that read nothing newer. " +
                          "A pcap file holds one link type, and no comments, interface names or directions: packets of another link type are refused unless --split shares them out.",
        };
        var split = new Option<SplitBy>("--split")
        {
            Description = "Write one file per trace region (NAME-1, NAME-2, …), per interface (NAME-eth0) or per link type (NAME-raw-ip) beside the name -o gives.",
            HelpName = "region|interface|link-type",
            DefaultValueFactory = _ => SplitBy.None,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                switch (text)
                {
                    case "region": return SplitBy.Region;
                    case "interface": return SplitBy.Interface;
                    case "link-type": return SplitBy.LinkType;
                }
                result.AddError($"--split: '{text}' is not one of region, interface, link-type");
                return SplitBy.None;
            },
        };
        // Tab completion offers the words --split takes, not the names of the enum behind it.
        split.CompletionSources.Clear();
        split.CompletionSources.Add("region", "interface", "link-type");
        var strict = new Option<bool>("--strict")
        {
            Description = "Fail (exit 1, no output) if any line inside a trace region could not be read, instead of skipping it with a warning.",
        };
        var options = new ImportOptionsBinding();
        var command = new Command("convert", "Convert the packets of a text trace, or of every trace in a document, or of many documents, to pcapng (or pcap).") { inputs, output, merge, pcap, split, strict };
        options.AddTo(command);
        command.SetAction(result =>
        {
            var paths = Expand(result.GetValue(inputs)!);
            if (paths is null) return ExitCodes.Usage;
            var target = result.GetValue(output)!;
            var (isStrict, importOptions) = (result.GetValue(strict), options.Read(result));
            var writing = new Writing(result.GetValue(pcap) || target.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase) ? CaptureFormat.Pcap : CaptureFormat.Pcapng,
                result.GetValue(split));
            if (result.GetValue(merge))
            {
                if (writing.Split != SplitBy.None)
                {
                    Console.Error.WriteLine("traceimport: --split shares out one input's packets; convert the inputs without --merge to split each");
                    return ExitCodes.Usage;
                }
                return Merge(paths, target, isStrict, importOptions, writing);
            }
            if (paths.Count == 1 && !Directory.Exists(result.GetValue(inputs)![0])) return Convert(paths[0], target, isStrict, importOptions, writing, Console.Error, showProgress: true, paths);
            return Batch(paths, target, isStrict, importOptions, writing);
        });
        return command;
    }

    /// <summary>The file format to write and how to share the packets out among files.</summary>
    private sealed record Writing(CaptureFormat Format, SplitBy Split)
    {
        public string Extension => Format == CaptureFormat.Pcap ? ".pcap" : ".pcapng";
    }

    /// <summary>Files named and the files of folders named; null after saying on stderr what does not exist.</summary>
    private static List<string>? Expand(string[] arguments)
    {
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument == InputFile.StandardStream || File.Exists(argument)) paths.Add(argument);
            else if (Directory.Exists(argument))
                paths.AddRange(Directory.EnumerateFiles(argument).Where(f => !f.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
            else
            {
                Console.Error.WriteLine($"traceimport: cannot open {argument}: no such file or folder");
                return null;
            }
        }
        return paths;
    }

    /// <summary>
    /// Converts one input to one pcapng; the summary goes to <paramref name="log"/>. The output is
    /// checked before the input is read; a failure to open or write either is a <see cref="CommandFailedException"/>.
    /// </summary>
    private static int Convert(string inputPath, string outputPath, bool strict, ImportOptions options, Writing writing, TextWriter log, bool showProgress,
        IReadOnlyList<string> allInputs)
    {
        if (writing.Split == SplitBy.None) OutputTarget.Check(outputPath, allInputs);
        using var reader = InputFile.Open(inputPath);
        var name = InputFile.DisplayName(inputPath);
        using var target = new CaptureFiles(outputPath, writing.Format, writing.Split, $"converted from {Path.GetFileName(name)} by traceimport {Version}",
            $"traceimport {Version}", allInputs);

        var progress = showProgress ? Progress.ForStandardError(inputPath) : Progress.Silent;
        var report = new DocumentImporter(FormatRegistry.All).Import(reader, name, options, packet =>
        {
            target.Write(packet);
            progress.Packets++;
        }, progress.Report);
        progress.Done();
        return Finish(report, target, strict, log);
    }

    /// <summary>Commits the output when it should be kept, then says what was written (after, so that a failed commit is not reported as written).</summary>
    private static int Finish(ImportReport report, CaptureFiles target, bool strict, TextWriter log)
    {
        if (report.Packets == 0)
        {
            Summary.Write(log, report, target.DisplayName);
            Summary.WriteNoPackets(log, report);
            return ExitCodes.Unreadable;
        }
        if (strict && report.StrictProblems > 0)
        {
            Summary.Write(log, report, target.DisplayName);
            log.WriteLine($"traceimport: --strict: {StrictProblems(report)} in {report.SourceName}; nothing written");
            return ExitCodes.Unreadable;
        }
        target.Commit();
        Summary.Write(log, report, target.DisplayName);
        Summary.WriteFiles(log, target);
        return ExitCodes.Success;
    }

    /// <summary>"2 line(s) inside trace regions could not be read, 1 read with damage": what --strict refuses.</summary>
    private static string StrictProblems(ImportReport report)
    {
        var parts = new List<string>();
        if (report.SkippedLines > 0) parts.Add($"{report.SkippedLines} line(s) inside trace regions could not be read");
        if (report.DamagedLines > 0) parts.Add($"{report.DamagedLines} row(s) were read with damage");
        if (report.InternalErrorCount > 0) parts.Add($"{report.InternalErrorCount} internal error(s) in the grammars");
        return string.Join(", ", parts);
    }

    /// <summary>One pcapng per input, into a folder, converted in parallel; each input's summary printed whole.</summary>
    private static int Batch(IReadOnlyList<string> paths, string folder, bool strict, ImportOptions options, Writing writing)
    {
        if (paths.Contains(InputFile.StandardStream))
        {
            Console.Error.WriteLine("traceimport: standard input can only be converted alone or with --merge");
            return ExitCodes.Usage;
        }
        if (FileIdentity.Of(folder) is { Exists: true, Kind: not FileKind.Directory })
        {
            throw new OutputFailedException($"-o {folder} is not a folder; with several inputs, or a folder of inputs, -o names the folder to write one capture per input into (or give --merge)");
        }
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFailedException($"cannot write into {folder}: {Failures.Reason(e)}", e);
        }
        var duplicates = paths.GroupBy(p => Path.GetFileNameWithoutExtension(p)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            Console.Error.WriteLine($"traceimport: inputs with the same name would overwrite each other in {folder}: {string.Join(", ", duplicates)}");
            return ExitCodes.Usage;
        }
        var results = new int[paths.Count];
        var logs = new string[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var log = new StringWriter();
            var output = Path.Combine(folder, Path.GetFileNameWithoutExtension(paths[i]) + writing.Extension);
            try
            {
                results[i] = Convert(paths[i], output, strict, options, writing, log, showProgress: false, paths);
            }
            catch (CommandFailedException e)
            {
                // One input that cannot be read, or one capture that cannot be written, does not stop the others.
                log.WriteLine($"traceimport: {e.Message}");
                results[i] = e.ExitCode;
            }
            logs[i] = log.ToString();
        });
        foreach (var log in logs) Console.Error.Write(log);
        var failed = results.Count(r => r != ExitCodes.Success);
        if (failed > 0 || !Said.Quietly) Console.Error.WriteLine($"traceimport: {paths.Count - failed} of {paths.Count} input(s) converted into {folder}");
        return results.Contains(ExitCodes.Usage) ? ExitCodes.Usage : failed > 0 ? ExitCodes.Unreadable : ExitCodes.Success;
    }

    /// <summary>Every input's packets, in the order given, into one pcapng.</summary>
    private static int Merge(IReadOnlyList<string> paths, string outputPath, bool strict, ImportOptions options, Writing writing)
    {
        var names = string.Join(", ", paths.Select(p => Path.GetFileName(InputFile.DisplayName(p))));
        using var target = new CaptureFiles(outputPath, writing.Format, SplitBy.None, $"merged from {names} by traceimport {Version}", $"traceimport {Version}", paths);
        var reports = new List<ImportReport>();
        foreach (var path in paths)
        {
            using var reader = InputFile.Open(path);
            reports.Add(new DocumentImporter(FormatRegistry.All).Import(reader, InputFile.DisplayName(path), options, target.Write));
        }
        var empty = reports.Where(r => r.Packets == 0).ToList();
        var refused = reports.Sum(r => r.Packets) == 0 || (strict && reports.Any(r => r.StrictProblems > 0));
        if (!refused) target.Commit();
        foreach (var report in reports) Summary.Write(Console.Error, report, target.DisplayName);
        if (!refused) Summary.WriteFiles(Console.Error, target);
        foreach (var report in empty) Summary.WriteNoPackets(Console.Error, report);
        if (reports.Sum(r => r.Packets) == 0) return ExitCodes.Unreadable;
        if (refused)
        {
            foreach (var report in reports.Where(r => r.StrictProblems > 0)) Console.Error.WriteLine($"traceimport: --strict: {StrictProblems(report)} in {report.SourceName}");
            Console.Error.WriteLine("traceimport: --strict: nothing written");
            return ExitCodes.Unreadable;
        }
        return empty.Count > 0 ? ExitCodes.Unreadable : ExitCodes.Success;
    }
}
