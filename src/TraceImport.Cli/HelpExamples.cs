using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace TraceImport.Cli;

/// <summary>The examples each command's --help ends with: a command line a user would type, and what it does.</summary>
public static class HelpExamples
{
    public static readonly IReadOnlyDictionary<string, (string CommandLine, string Does)[]> ByCommand = new Dictionary<string, (string, string)[]>
    {
        ["traceimport"] =
        [
            ("traceimport convert trace.txt -o trace.pcapng", "read a text trace and write it as pcapng for Wireshark"),
            ("traceimport decode", "paste a hex dump, press Ctrl-D, and read every field"),
            ("source <(traceimport completion bash)", "complete commands and options with Tab in this bash session"),
        ],
        ["convert"] =
        [
            ("traceimport convert trace.txt -o trace.pcapng", "one text trace to one pcapng"),
            ("traceimport convert ticket.txt.gz -o old.pcap --split link-type", "classic pcap, one file per link type, from a compressed text"),
            ("traceimport convert logs/ -o captures/ --date 2026-11-22 --utc-offset +01:00", "every file of a folder, its times of day dated and zoned"),
            ("traceimport convert a.txt b.txt --merge -o both.pcapng --strict", "two traces into one file, refusing any line that cannot be read"),
        ],
        ["decode"] =
        [
            ("traceimport decode", "paste a hex dump, press Ctrl-D, and read every field"),
            ("traceimport decode trace.txt --packet 2,5-7 --output markdown", "packets 2 and 5 to 7 as tables for a ticket"),
            ("traceimport decode trace.txt --output tshark-json | jq '.[]._source.layers.ip.\"ip.src\"'", "the fields in tshark -T json's shape, for jq"),
            ("traceimport decode trace.txt --output tshark-ek > bulk.ndjson", "tshark -T ek's shape, for Elasticsearch's bulk API"),
        ],
        ["diagnose"] =
        [
            ("traceimport diagnose trace.txt", "findings about the whole trace: checksums, retransmissions, lost segments"),
            ("traceimport diagnose trace.txt --output markdown", "the same as Markdown for a ticket"),
        ],
        ["list"] =
        [
            ("traceimport list trace.txt", "each packet read, with its lines, heading, lengths, time and hex"),
            ("traceimport list trace.txt --format tcpdump --date 2026-11-22", "as tcpdump text, dated"),
        ],
        ["detect"] =
        [
            ("traceimport detect ticket.txt", "which grammar reads each trace region, and how sure it is"),
        ],
        ["formats"] =
        [
            ("traceimport formats", "every text format traceimport reads"),
        ],
        ["serve"] =
        [
            ("traceimport serve", "the local page: paste a trace in a browser, read its decode, download the pcapng"),
        ],
        ["redact"] =
        [
            ("traceimport redact trace.txt -o shared.pcapng", "addresses and host names replaced, to share a capture"),
            ("traceimport redact trace.txt -o shared.txt --text --prefix-preserving --key 'a passphrase'", "the text itself, subnets kept apart, the same mapping for the same passphrase"),
        ],
        ["completion"] =
        [
            ("source <(traceimport completion bash)", "Tab completion in this bash session; add the line to ~/.bashrc to keep it"),
            ("source <(traceimport completion zsh)", "the same for zsh, in ~/.zshrc"),
        ],
    };

    /// <summary>Ends the help of every command that has examples with them; gives the help's action.</summary>
    public static CommandLineAction AddTo(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is not SynchronousCommandLineAction standard) throw new InvalidOperationException("System.CommandLine's --help is no longer a synchronous action; its examples cannot be added");
        help.Action = new WithExamples(standard);
        return help.Action;
    }

    private sealed class WithExamples(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exit = standard.Invoke(parseResult);
            var command = parseResult.CommandResult.Command;
            if (ByCommand.TryGetValue(command is RootCommand ? "traceimport" : command.Name, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var (commandLine, does) in examples)
                {
                    output.WriteLine($"  {commandLine}");
                    output.WriteLine($"      {does}");
                }
                output.WriteLine();
            }
            return exit;
        }
    }
}
