using System.CommandLine;
using TraceImport.Cli;

var debug = new Option<bool>("--debug")
{
    Description = "On an internal error, print the stack trace after the one-line message.",
    Recursive = true,
};
var root = new RootCommand(
    "traceimport reads packet traces printed as text — tcpdump and tshark hex dumps, od and hexdump " +
    "output, hex pasted into tickets and books, with masked bytes — and writes them as pcapng for " +
    "Wireshark. A document may hold prose and several traces; each trace region is found and read " +
    "with its own grammar, and every line is accounted for.")
{
    ConvertCommand.Create(),
    DecodeCommand.Create(),
    DiagnoseCommand.Create(),
    ListCommand.Create(),
    DetectCommand.Create(),
    FormatsCommand.Create(),
    ServeCommand.Create(),
    RedactCommand.Create(),
    CompletionCommand.Create(),
};
var help = HelpExamples.AddTo(root);
var quiet = new Option<bool>("--quiet", "-q")
{
    Description = "Say nothing on stderr but failures (and internal errors): no summary, line account, warnings or progress; the exit code says how it went.",
    Recursive = true,
};
var verbose = new Option<bool>("--verbose", "-v")
{
    Description = "List every trace region, skipped line and damaged row on stderr, not only the first 20.",
    Recursive = true,
};
root.Options.Add(debug);
root.Options.Add(quiet);
root.Options.Add(verbose);

var parseResult = root.Parse(args);
// --help answers even when the rest of the line is incomplete (convert --help names no input).
if (parseResult.Errors.Count > 0 && parseResult.Action != help)
{
    foreach (var error in parseResult.Errors) Console.Error.WriteLine($"traceimport: {error.Message}");
    Console.Error.WriteLine("Try 'traceimport --help'.");
    return ExitCodes.Usage;
}
if (parseResult.GetValue(quiet) && parseResult.GetValue(verbose))
{
    Console.Error.WriteLine("traceimport: --quiet and --verbose ask for opposite things; give one");
    return ExitCodes.Usage;
}
Said.Verbosity = parseResult.GetValue(quiet) ? Verbosity.Quiet : parseResult.GetValue(verbose) ? Verbosity.Verbose : Verbosity.Normal;
try
{
    // Failures are reported here, in one line each, not by System.CommandLine's handler, which prints the stack trace.
    return parseResult.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return Failures.Report(e, parseResult.GetValue(debug), Console.Error);
}
