using Shouldly;
using TraceImport.Diagnosis;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Oracle;

/// <summary>
/// The diagnosis's TCP findings against tshark's <c>tcp.analysis.*</c> flags, frame by frame, over every
/// real capture of the corpus printed as text (<c>tshark -P -x</c>, the text a user has): every frame tshark
/// flags must be named by a finding of that kind, and every frame a finding of a kind names must carry that
/// flag, both for at least 95% of the flagged frames of all captures together.
/// <c>bench/diagnosis/tcp-analysis-vs-tshark.py</c> measures the same from the command line, for tcpdump's text too.
/// </summary>
public class TcpAnalysisOracleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Each tcp.analysis flag and the finding codes that name its frames. tshark also marks fast and
    /// spurious retransmissions <c>retransmission</c>, and timer ones <c>rto</c> besides.
    /// </summary>
    private static readonly (string Flag, string[] Codes)[] Flags =
    [
        ("retransmission", ["tcp-retransmission", "tcp-fast-retransmission", "tcp-spurious-retransmission"]),
        ("rto", ["tcp-retransmission"]),
        ("fast_retransmission", ["tcp-fast-retransmission"]),
        ("spurious_retransmission", ["tcp-spurious-retransmission"]),
        ("duplicate_ack", ["tcp-duplicate-ack"]),
        ("lost_segment", ["tcp-lost-segment"]),
        ("ack_lost_segment", ["tcp-acked-unseen"]),
        ("out_of_order", ["tcp-out-of-order"]),
        ("zero_window", ["tcp-zero-window"]),
        ("zero_window_probe", ["tcp-zero-window-probe"]),
        ("zero_window_probe_ack", ["tcp-zero-window-probe-ack"]),
        ("window_full", ["tcp-window-full"]),
        ("window_update", ["tcp-window-update"]),
        ("keep_alive", ["tcp-keep-alive"]),
        ("keep_alive_ack", ["tcp-keep-alive-ack"]),
        ("reused_ports", ["tcp-reused-ports"]),
    ];

    /// <param name="Read">The packets read from the text: fewer than the frames where lines could not be made packets.</param>
    private sealed record Comparison(string Capture, int Frames, int Read, Dictionary<string, HashSet<int>> Tshark, Dictionary<string, HashSet<int>> Ours);

    [Fact]
    public void Tcp_findings_name_the_frames_tshark_flags_in_the_corpus_printed_by_tshark()
    {
        var captures = Corpus();
        captures.Count.ShouldBeGreaterThan(40, "the corpus is fixtures/captures/corpus/");

        // Each capture costs two tshark runs, which mostly wait: run a few at a time.
        var comparisons = captures.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(c => Compare(c, "-P", "-x")).ToList();
        foreach (var c in comparisons) c.Read.ShouldBe(c.Frames, $"packets read from tshark's text of {c.Capture}");
        output.WriteLine($"tshark -P -x text of {captures.Count} captures, {comparisons.Sum(c => c.Frames)} frames");
        var (tsharkFlagged, named, flagged) = Report(comparisons);

        // The corpus README lists 156 flagged frames: a tshark that flags nothing would make any diagnosis agree.
        tsharkFlagged.ShouldBeGreaterThan(100, "tshark's tcp.analysis flags over the corpus");
        named.ShouldBeGreaterThanOrEqualTo(0.95, "share of the frames tshark flags that a finding of that kind names");
        flagged.ShouldBeGreaterThanOrEqualTo(0.95, "share of the frames findings name that tshark flags so");
    }

    /// <summary>
    /// The same over tshark's one-line summaries (<c>tshark -r</c>, no bytes), rebuilt into packets from their words, for the
    /// captures whose summaries state what the analysis needs: every TCP frame's line shows its TCP words (not an
    /// application's Info), and no line notes reused ports (the numbers tshark prints restart at 0 for the new connection,
    /// so it cannot be told from the old one).
    /// </summary>
    [Fact]
    public void Tcp_findings_from_tshark_summaries_name_the_frames_tshark_flags_where_the_summaries_state_enough()
    {
        var stating = Corpus().AsParallel().AsOrdered().WithDegreeOfParallelism(4).Where(SummariesStateEnough).ToList();
        stating.Count.ShouldBeGreaterThan(30, "corpus captures whose summaries state every TCP segment's numbers");

        // A line that cannot be made a packet (a cooked capture's -i any columns) shifts the numbers of those after it.
        var all = stating.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(c => Compare(c)).ToList();
        foreach (var c in all.Where(c => c.Read != c.Frames)) output.WriteLine($"{c.Capture}: {c.Read} packets from {c.Frames} lines, left out");
        var comparisons = all.Where(c => c.Read == c.Frames).ToList();
        comparisons.Count.ShouldBeGreaterThan(30);
        output.WriteLine($"tshark -r summaries of {comparisons.Count} captures, {comparisons.Sum(c => c.Frames)} frames");
        var (tsharkFlagged, named, flagged) = Report(comparisons);

        tsharkFlagged.ShouldBeGreaterThan(100, "tshark's tcp.analysis flags over the captures");
        named.ShouldBeGreaterThanOrEqualTo(0.95, "share of the frames tshark flags that a finding of that kind names");
        flagged.ShouldBeGreaterThanOrEqualTo(0.95, "share of the frames findings name that tshark flags so");
    }

    private static List<string> Corpus() =>
        Directory.EnumerateFiles(Repository.Fixture("captures/corpus"), "*.pcap*").Order(StringComparer.Ordinal).ToList();

    private static bool SummariesStateEnough(string capture)
    {
        var lines = ExternalTool.Run("tshark", "-r", capture, "-T", "fields", "-e", "tcp.srcport", "-e", "_ws.col.Info");
        lines.ExitCode.ShouldBe(0, lines.StandardError);
        var tcp = lines.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(c => c[0].Length > 0).ToList();
        return tcp.All(c => c[1].Contains("Seq=", StringComparison.Ordinal)) && !tcp.Any(c => c[1].Contains("[TCP Port numbers reused]", StringComparison.Ordinal));
    }

    /// <summary>Prints each flag's counts and each capture's disagreements; returns the flagged frames and the two shares.</summary>
    private (int TsharkFlagged, double Named, double Flagged) Report(List<Comparison> comparisons)
    {
        output.WriteLine($"{"flag",-26} {"tshark",7} {"ours",7} {"agree",7}");
        int tsharkFlagged = 0, oursNamed = 0, agreed = 0;
        foreach (var (flag, _) in Flags)
        {
            var t = comparisons.Sum(c => c.Tshark[flag].Count);
            var o = comparisons.Sum(c => c.Ours[flag].Count);
            var b = comparisons.Sum(c => c.Tshark[flag].Intersect(c.Ours[flag]).Count());
            if (t > 0 || o > 0) output.WriteLine($"{flag,-26} {t,7} {o,7} {b,7}");
            if (flag == "rto") continue; // rto frames are retransmission frames counted again
            tsharkFlagged += t;
            oursNamed += o;
            agreed += b;
        }
        var named = (double)agreed / tsharkFlagged;
        var flagged = oursNamed == 0 ? 1.0 : (double)agreed / oursNamed;
        output.WriteLine($"{"all flags",-26} {tsharkFlagged,7} {oursNamed,7} {agreed,7}   flagged frames named: {named:P1}, named frames flagged: {flagged:P1}");
        foreach (var c in comparisons)
        {
            foreach (var (flag, _) in Flags)
            {
                if (c.Tshark[flag].SetEquals(c.Ours[flag])) continue;
                output.WriteLine($"{c.Capture} {flag}: tshark only [{string.Join(",", c.Tshark[flag].Except(c.Ours[flag]).Order())}], " +
                                 $"ours only [{string.Join(",", c.Ours[flag].Except(c.Tshark[flag]).Order())}]");
            }
        }
        return (tsharkFlagged, named, flagged);
    }

    /// <param name="print">tshark's options for the text: <c>-P -x</c> for summaries and hex, none for summaries alone.</param>
    private static Comparison Compare(string capture, params string[] print)
    {
        var name = Path.GetFileName(capture);
        var text = ExternalTool.Run("tshark", ["-r", capture, .. print]);
        text.ExitCode.ShouldBe(0, $"tshark could not print {name}: {text.StandardError}");
        var result = Importing.Text(text.StandardOutput, name: name + ".txt");
        var frames = text.StandardOutput.Split('\n').Count(IsSummaryLine);

        var findings = DiagnosisEngine.Diagnose(result.Packets);
        var ours = Flags.ToDictionary(f => f.Flag, f => findings.Where(x => f.Codes.Contains(x.Code))
            .SelectMany(x => x.Packets).Select(p => p.Number).ToHashSet());
        return new Comparison(name, frames, result.Packets.Count, TsharkFlags(capture), ours);
    }

    /// <summary>A summary line of <c>tshark</c> (with or without <c>-P -x</c>): the frame number, right-aligned, then its time (a hex line starts with its offset).</summary>
    private static bool IsSummaryLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return line.StartsWith(' ') && fields.Length > 2 && int.TryParse(fields[0], out _) && fields[1].Contains('.');
    }

    /// <summary>The frames tshark sets each tcp.analysis flag on (a -T fields column is empty where the flag is not set).</summary>
    private static Dictionary<string, HashSet<int>> TsharkFlags(string capture)
    {
        List<string> arguments = ["-r", capture, "-Y", "tcp.analysis.flags", "-T", "fields", "-e", "frame.number"];
        foreach (var (flag, _) in Flags) arguments.AddRange(["-e", "tcp.analysis." + flag]);
        var fields = ExternalTool.Run("tshark", [.. arguments]);
        fields.ExitCode.ShouldBe(0, $"tshark could not read {capture}: {fields.StandardError}");
        var flagged = Flags.ToDictionary(f => f.Flag, _ => new HashSet<int>());
        foreach (var line in fields.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split('\t');
            columns.Length.ShouldBe(Flags.Length + 1, line);
            for (var i = 0; i < Flags.Length; i++)
            {
                if (columns[i + 1].Length > 0) flagged[Flags[i].Flag].Add(int.Parse(columns[0]));
            }
        }
        return flagged;
    }
}
