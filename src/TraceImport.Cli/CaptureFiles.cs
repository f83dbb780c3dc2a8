using System.Text;
using TraceImport.Model;
using TraceImport.Pcap;
using TraceImport.Pcapng;

namespace TraceImport.Cli;

/// <summary>The file format convert writes: pcapng (the default) or classic pcap (-o NAME.pcap, --pcap).</summary>
public enum CaptureFormat
{
    Pcapng,
    Pcap,
}

/// <summary>How --split shares the packets out: not at all, by trace region, by interface, by link type.</summary>
public enum SplitBy
{
    None,
    Region,
    Interface,
    LinkType,
}

/// <summary>
/// The capture files one conversion writes: the one -o names, or with --split one per trace
/// region, interface or link type beside it (NAME-1.pcapng, NAME-eth0.pcap, NAME-raw-ip.pcap),
/// opened as their first packet arrives. Each is an <see cref="OutputTarget"/>: written under a
/// temporary name and renamed when <see cref="Commit"/> is called, so a failure leaves none.
/// A pcap file holds one link type: without --split a packet of another is refused
/// (<see cref="CommandFailedException"/>, exit 1); with --split region or interface it goes to a
/// file of its own, named with its link type.
/// </summary>
public sealed class CaptureFiles : IDisposable
{
    private readonly string outputPath;
    private readonly CaptureFormat format;
    private readonly SplitBy split;
    private readonly string sectionComment;
    private readonly string application;
    private readonly IReadOnlyList<string> inputs;
    private readonly Dictionary<string, Part> parts = [];
    private readonly List<Part> ordered = [];
    private readonly HashSet<string> namesTaken = new(StringComparer.Ordinal);

    public CaptureFiles(string outputPath, CaptureFormat format, SplitBy split, string sectionComment, string application, IReadOnlyList<string> inputs)
    {
        (this.outputPath, this.format, this.split, this.sectionComment, this.application, this.inputs) = (outputPath, format, split, sectionComment, application, inputs);
        if (split == SplitBy.None)
        {
            OutputTarget.Check(outputPath, inputs);
            Add("", outputPath, "", "");
        }
        else
        {
            if (outputPath == InputFile.StandardStream) throw new CommandFailedException("--split writes several files: -o names the first part of their names, not standard output", ExitCodes.Usage);
            var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
            if (!Directory.Exists(folder)) throw new OutputFailedException($"cannot write {outputPath}: its folder does not exist");
        }
    }

    /// <summary>The files written so far, in the order their first packets came.</summary>
    public IReadOnlyList<Part> Parts => ordered;

    /// <summary>What the summary says the packets were written to: the file, or how many files.</summary>
    public string DisplayName => split == SplitBy.None ? ordered[0].Target.DisplayName : $"{ordered.Count} file(s) split by {SplitName(split)}";

    public static string SplitName(SplitBy split) => split switch
    {
        SplitBy.Region => "region",
        SplitBy.Interface => "interface",
        SplitBy.LinkType => "link-type",
        _ => "none",
    };

    public void Write(Packet packet)
    {
        var (key, suffix, what) = split switch
        {
            SplitBy.Region => ($"region {packet.RegionLine}", null as string, $"the trace region from {packet.Source.File}:{packet.RegionLine}, {packet.Format}"),
            SplitBy.Interface => ($"interface {packet.Interface}", packet.Interface, $"interface {packet.Interface}"),
            SplitBy.LinkType => ($"link type {packet.LinkType.Code}", packet.LinkType.Name, $"link type {packet.LinkType.Name}"),
            _ => ("", null, ""),
        };
        if (!parts.TryGetValue(key, out var part))
        {
            var name = suffix ?? (ordered.Count(p => !p.Key.Contains(", link type", StringComparison.Ordinal)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            part = Add(key, PartPath(name), name, what);
        }
        if (part.Pcap is { } pcap && !pcap.Accepts(packet))
        {
            if (split == SplitBy.None)
            {
                throw new CommandFailedException($"{part.Target.DisplayName}: {new PcapLinkTypeException(pcap.LinkType!.Value, packet).Message}; " +
                                                 "write pcapng (-o NAME.pcapng), which holds several, or give --split link-type (or region, or interface) for a pcap file per link type",
                    ExitCodes.Unreadable);
            }
            // The same region or interface in another link type: a file of its own beside it.
            var typed = $"{key}, link type {packet.LinkType.Code}";
            if (!parts.TryGetValue(typed, out part))
            {
                var name = $"{parts[key].Name}-{packet.LinkType.Name}";
                part = Add(typed, PartPath(name), name, $"{what}, link type {packet.LinkType.Name}");
            }
        }
        part.Write(packet);
    }

    /// <summary>Every file is complete: give each its final name.</summary>
    public void Commit()
    {
        foreach (var part in ordered) part.Commit();
    }

    /// <summary>What the files could not keep: pcap's single time resolution and its lack of comments.</summary>
    public IEnumerable<string> Warnings()
    {
        var pcaps = ordered.Where(p => p.Pcap is not null).Select(p => p.Pcap!).ToList();
        var notes = pcaps.Sum(p => p.NotesLeftOut);
        if (notes > 0)
        {
            yield return $"{notes} packet(s) carry notes pcap has no place for (masked or unknown bytes, written as 0; directions, interface names, " +
                         "source lines): pcapng keeps them";
        }
        var cut = pcaps.Sum(p => p.TimesCut);
        if (cut > 0) yield return $"{cut} packet time(s) printed finer than microseconds were cut to them: the pcap file's resolution is its first packet's";
    }

    public void Dispose()
    {
        foreach (var part in ordered) part.Dispose();
    }

    private Part Add(string key, string path, string name, string what)
    {
        if (split != SplitBy.None) OutputTarget.Check(path, inputs);
        var target = OutputTarget.Open(path);
        Part part;
        try
        {
            part = format == CaptureFormat.Pcap
                ? new Part(key, path, name, what, target, null, new PcapWriter(target.Stream, leaveOpen: true))
                : new Part(key, path, name, what, target, new PcapngWriter(target.Stream, sectionComment, application, leaveOpen: true), null);
        }
        catch
        {
            target.Dispose();
            throw;
        }
        parts[key] = part;
        ordered.Add(part);
        return part;
    }

    /// <summary>NAME-SUFFIX.EXT beside the -o name, the suffix made safe for a file name and unique among the parts.</summary>
    private string PartPath(string suffix)
    {
        var extension = Path.GetExtension(outputPath) is { Length: > 0 } given ? given : format == CaptureFormat.Pcap ? ".pcap" : ".pcapng";
        var stem = Path.Combine(Path.GetDirectoryName(outputPath) ?? "", Path.GetFileNameWithoutExtension(outputPath));
        var safe = new StringBuilder();
        foreach (var c in suffix) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        var name = $"{stem}-{safe}";
        for (var n = 2; !namesTaken.Add(name); n++) name = $"{stem}-{safe}-{n}";
        return name + extension;
    }

    /// <summary>One file: its target, its writer (pcapng or pcap), what it holds.</summary>
    public sealed class Part(string key, string path, string name, string what, OutputTarget target, PcapngWriter? pcapng, PcapWriter? pcap) : IDisposable
    {
        public string Key { get; } = key;
        public string Path { get; } = path;

        /// <summary>The part of the name that tells the files apart (the region's number, the interface).</summary>
        public string Name { get; } = name;

        /// <summary>What the file holds: "interface eth0", "the trace region from seed.txt:71, hex-block".</summary>
        public string What { get; } = what;

        public OutputTarget Target { get; } = target;
        public PcapWriter? Pcap { get; } = pcap;
        public int Packets { get; private set; }
        public LinkType? LinkType { get; private set; }

        public void Write(Packet packet)
        {
            if (Pcap is not null) Pcap.Write(packet);
            else pcapng!.Write(packet);
            LinkType ??= packet.LinkType;
            Packets++;
        }

        /// <summary>The writers write straight into the target's stream, which the commit flushes.</summary>
        public void Commit() => Target.Commit();

        /// <summary>An uncommitted file is removed; nothing more is written into it.</summary>
        public void Dispose() => Target.Dispose();
    }
}
