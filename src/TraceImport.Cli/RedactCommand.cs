using System.CommandLine;
using System.Text;
using TraceImport.Capture;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Pcapng;
using TraceImport.Redaction;

namespace TraceImport.Cli;

/// <summary>
/// traceimport redact: a trace (a text, or a pcap or pcapng capture) with its addresses and host names
/// replaced by consistent stand-ins and its checksums carried, written as pcapng or as text in the
/// input's own format. The input is read twice — every original learned before any stand-in is chosen
/// — so standard input is held in memory.
/// </summary>
public static class RedactCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The trace to redact: a text file, a pcap or pcapng capture, or - for standard input." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write (- for standard output): pcapng, or with --text the redacted text.",
            Required = true,
            HelpName = "out",
        };
        var text = new Option<bool>("--text")
        {
            Description = "Write text in the input's own format (tcpdump, tshark, hexdump -C, hex blocks, hex streams), which reads back to the redacted packets; " +
                          "formats that print fields or a vendor's CLI, and captures, are written as tcpdump -tttt -xx, and stderr says so.",
        };
        var prefixPreserving = new Option<bool>("--prefix-preserving")
        {
            Description = "IP stand-ins keep the prefixes their originals share (Crypto-PAn), instead of documentation addresses taken in turn.",
        };
        var key = new Option<string?>("--key")
        {
            Description = "With --prefix-preserving: a passphrase, so that the same addresses get the same stand-ins in every run. Without it the key is random.",
            HelpName = "passphrase",
        };
        var payloads = new Option<bool>("--payloads")
        {
            Description = "Blank payloads too: data and padding become zeros, a text protocol keeps its command or reply code and the rest of its words become x.",
        };
        var map = new Option<string?>("--map")
        {
            Description = "Write the table of what each stand-in replaces to this file instead of standard error. It undoes the redaction: keep it private.",
            HelpName = "file",
        };
        var options = new ImportOptionsBinding();
        var command = new Command("redact",
            "Replace MAC and IP addresses and host names with consistent stand-ins (documentation addresses, locally administered MACs), in every header, " +
            "ARP body, quoted datagram and text protocol; recompute the checksums that change (a wrong one stays wrong by the same difference); " +
            "write pcapng, or text in the input's own format. Masked bytes stay masked.")
        {
            input, output, text, prefixPreserving, key, payloads, map,
        };
        options.AddTo(command);
        command.SetAction(result =>
        {
            var path = result.GetValue(input)!;
            var outputPath = result.GetValue(output)!;
            var mapPath = result.GetValue(map);
            OutputTarget.Check(outputPath, [path]);
            if (mapPath is not null) OutputTarget.Check(mapPath, [path, outputPath]);
            var source = Source.Open(path);
            var importOptions = options.Read(result);
            using var redaction = new TraceRedaction(new RedactionOptions
            {
                PrefixPreserving = result.GetValue(prefixPreserving), Key = result.GetValue(key), Payloads = result.GetValue(payloads),
            });

            var learned = source.Read(importOptions, redaction.Learn, Console.Error);
            if (learned == 0) return ExitCodes.Unreadable;
            try
            {
                return Write(result, source, importOptions, redaction, outputPath, mapPath);
            }
            catch (RedactionLimitException e)
            {
                throw new CommandFailedException($"{source.Name}: {e.Message}", ExitCodes.Unreadable, e);
            }
        });
        return command;

        int Write(ParseResult result, Source source, ImportOptions importOptions, TraceRedaction redaction, string outputPath, string? mapPath)
        {
            using var target = OutputTarget.Open(outputPath);
            IReadOnlyDictionary<string, string> substituted = new Dictionary<string, string>();
            if (result.GetValue(text))
            {
                using var writer = new StreamWriter(target.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                var trace = new TextWriters.TextTrace(writer);
                source.Read(importOptions, packet => trace.Write(redaction.Redact(packet)), TextWriter.Null);
                substituted = trace.Substituted;
            }
            else
            {
                var application = $"traceimport {ConvertCommand.Version}";
                using var writer = new PcapngWriter(target.Stream, TraceRedaction.SectionComment(application), application, leaveOpen: true);
                source.Read(importOptions, packet => writer.Write(redaction.Redact(packet)), TextWriter.Null);
            }
            target.Commit();

            Console.Error.WriteLine($"traceimport: {source.Name}: {redaction.Summary()}; written to {target.DisplayName}");
            foreach (var (format, writtenAs) in substituted) Console.Error.WriteLine($"traceimport: {format} has no text form of its own here: its packets are written as {writtenAs}");
            if (result.GetValue(text))
            {
                foreach (var linkType in redaction.LinkTypes.Where(l => l != LinkType.Ethernet && l != LinkType.RawIp))
                {
                    Console.Error.WriteLine($"traceimport: the text does not say the link type {linkType}: read it back with --link-type {linkType.Name}");
                }
            }
            if (mapPath is null)
            {
                redaction.WriteTable(Console.Error);
            }
            else
            {
                using var mapTarget = OutputTarget.Open(mapPath);
                using (var table = new StreamWriter(mapTarget.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true)) redaction.WriteTable(table);
                mapTarget.Commit();
                Console.Error.WriteLine($"traceimport: the table of stand-ins is in {mapTarget.DisplayName}: keep it private, it undoes the redaction");
            }
            return ExitCodes.Success;
        }
    }

    /// <summary>An input that can be read twice: a file opened again, or standard input held in memory; a text or a capture.</summary>
    private sealed class Source(string path, Func<Stream> open, bool capture)
    {
        public string Name => InputFile.DisplayName(path);

        public static Source Open(string path)
        {
            Func<Stream> open;
            try
            {
                if (path != InputFile.StandardStream && Directory.Exists(path)) throw new IOException("it is a folder");
                if (path == InputFile.StandardStream)
                {
                    var held = new MemoryStream();
                    Console.OpenStandardInput(1 << 16).CopyTo(held);
                    var bytes = held.ToArray();
                    open = () => new MemoryStream(bytes, writable: false);
                }
                else
                {
                    File.OpenRead(path).Dispose();
                    open = () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                }
                using var head = open();
                var magic = new byte[4];
                var read = head.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
                return new Source(path, open, CaptureReader.IsCapture(magic.AsSpan(0, read)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"cannot open {path}: {Failures.Reason(e)}", ExitCodes.Usage, e);
            }
        }

        /// <summary>Reads every packet into <paramref name="sink"/>; returns how many, after saying on <paramref name="log"/> why there were none.</summary>
        public int Read(ImportOptions options, Action<Packet> sink, TextWriter log)
        {
            using var stream = open();
            if (capture)
            {
                var count = 0;
                try
                {
                    foreach (var packet in CaptureReader.Read(stream, Name))
                    {
                        sink(packet);
                        count++;
                    }
                }
                catch (CaptureFormatException e)
                {
                    throw new CommandFailedException(e.Message, ExitCodes.Unreadable, e);
                }
                if (count == 0) log.WriteLine($"traceimport: {Name}: the capture holds no packet");
                return count;
            }
            TextInput.Opened opened;
            try
            {
                opened = TextInput.Open(stream, Name);
            }
            catch (NotTextException e)
            {
                throw new CommandFailedException($"{Name}: {e.Message}", ExitCodes.Unreadable, e);
            }
            using var reader = opened.Reader;
            var report = new DocumentImporter(FormatRegistry.All).Import(reader, Name, options, sink);
            if (report.Packets == 0) Summary.WriteNoPackets(log, report);
            return report.Packets;
        }
    }
}
