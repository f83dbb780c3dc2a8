using System.CommandLine;
using System.Globalization;
using TraceImport.Grammars;
using TraceImport.Import;
using TraceImport.Model;

namespace TraceImport.Cli;

/// <summary>The options every command that reads a trace shares.</summary>
public sealed class ImportOptionsBinding
{
    public Option<string?> Format { get; } = new("--format", "-f")
    {
        Description = "Read every trace region with this grammar instead of detecting one (see 'traceimport formats').",
        HelpName = "name",
    };

    public Option<DateOnly?> Date { get; } = new("--date")
    {
        Description = "The date of traces that print only a time of day (tcpdump's default, packet_monitor). Without it such dates are assumed to be 1970-01-01 and the output says so.",
        HelpName = "yyyy-mm-dd",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            result.AddError($"--date: '{text}' is not a date of the form yyyy-mm-dd");
            return null;
        },
    };

    public Option<TimeSpan> UtcOffset { get; } = new("--utc-offset")
    {
        Description = "The time zone the trace's times were printed in, as +hh:mm or -hh:mm; times are stored in UTC. Default: the times are UTC.",
        HelpName = "±hh:mm",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var negative = text.StartsWith('-');
            var body = text.TrimStart('+', '-');
            if (TimeSpan.TryParseExact(body, ["h\\:mm", "hh\\:mm", "%h", "hh"], CultureInfo.InvariantCulture, out var offset) && offset <= TimeSpan.FromHours(14))
            {
                return negative ? -offset : offset;
            }
            result.AddError($"--utc-offset: '{text}' is not an offset such as +02:00 or -05:00");
            return TimeSpan.Zero;
        },
    };

    public Option<LinkType?> LinkType { get; } = new("--link-type")
    {
        Description = "The link type of packets whose text does not tell it (by default the bytes decide between Ethernet and raw IP): a name (ethernet, raw-ip, linux-sll, linux-sll2, user0) or a LINKTYPE_ number.",
        HelpName = "type",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Model.LinkType.TryParse(text, out var linkType)) return linkType;
            result.AddError($"--link-type: '{text}' is neither a known link type name nor a number");
            return null;
        },
    };

    public ImportOptionsBinding()
    {
        Format.Validators.Add(result =>
        {
            var name = result.Tokens.SingleOrDefault()?.Value;
            if (name is not null && !FormatRegistry.All.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                result.AddError($"--format: unknown format '{name}'; known formats: {string.Join(", ", FormatRegistry.All.Select(f => f.Name))}");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Add(Format);
        command.Add(Date);
        command.Add(UtcOffset);
        command.Add(LinkType);
    }

    public ImportOptions Read(ParseResult result) => new()
    {
        Format = result.GetValue(Format),
        Date = result.GetValue(Date),
        UtcOffset = result.GetValue(UtcOffset),
        LinkType = result.GetValue(LinkType),
    };
}
