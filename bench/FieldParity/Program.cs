using TraceImport.Parity;

// field-parity [--details N] [--protocol P] [--all] [--agreeing-names] CAPTURE|FOLDER...
// Measures, over the captures given (folders searched for .pcap, .pcapng and .cap files, and for text
// fixtures every byte of which is known), the share of the fields tshark shows with bytes behind them that
// the decoder names, and the share of those that agree.
var details = 0;
string? protocol = null;
var withOthers = false;
var agreeingNames = false;
var paths = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--details": details = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--protocol": protocol = args[++i]; details = Math.Max(details, 20); break;
        case "--all": withOthers = true; break;
        case "--agreeing-names": agreeingNames = true; break;
        default: paths.Add(args[i]); break;
    }
}
if (paths.Count == 0)
{
    Console.Error.WriteLine("usage: field-parity [--details N] [--protocol P] [--all] [--agreeing-names] CAPTURE|FOLDER...");
    return 2;
}

static bool IsText(string path) => Path.GetExtension(path) == ".txt" && !path.Contains(".approved.", StringComparison.Ordinal) && !path.Contains(".received.", StringComparison.Ordinal);
var inputs = paths.SelectMany(p => Directory.Exists(p)
        ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => Path.GetExtension(f) is ".pcap" or ".pcapng" or ".cap" || IsText(f))
        : [p])
    .Order(StringComparer.Ordinal).ToList();
var results = new List<FieldResult>();
var frames = 0;
var measuredCount = 0;
foreach (var input in inputs)
{
    // A text is read as a paste and measured against the capture written from it, when every byte of it is known.
    var measured = IsText(input) ? Measure.Text(input) : Measure.Capture(input);
    if (measured is null) continue;
    results.AddRange(measured.Fields);
    frames += measured.Frames;
    measuredCount++;
}

Console.WriteLine($"{measuredCount} captures and texts, {frames:N0} frames, {results.Count:N0} fields tshark shows with bytes behind them");
Console.WriteLine();
var figures = Report.Figures(results);
Report.Write(Console.Out, figures, withOthers);
if (agreeingNames)
{
    // The names of the fields that agree, for a test's list of fields compared with tshark's -T fields.
    Console.WriteLine();
    foreach (var group in results.Where(r => r.Outcome == Outcome.Agrees && Report.GroupOf(r.Field.Protocol) != Report.Other)
                 .GroupBy(r => Report.GroupOf(r.Field.Protocol)))
    {
        Console.WriteLine($"{group.Key}: {string.Join(' ', group.Select(r => r.Field.Name).Distinct().Order(StringComparer.Ordinal))}");
    }
}
if (details > 0)
{
    Console.WriteLine();
    Report.WriteDetails(Console.Out, results.Where(r => withOthers || protocol is not null || Report.GroupOf(r.Field.Protocol) != Report.Other), details, protocol);
}
return 0;
