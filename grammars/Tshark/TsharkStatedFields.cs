using System.Net;
using System.Net.Sockets;
using TraceImport.Grammars.TsharkSummary;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.Tshark;

/// <summary>
/// What a <c>tshark -P</c> summary line states of the frame below it: the Length column, the Source and Destination
/// addresses, and the ports, flags and length of the TCP or UDP Info words. tshark prints the line from the same bytes,
/// so a value that differs from the bytes means the text was edited after it was printed.
/// </summary>
public static class TsharkStatedFields
{
    public static List<StatedField> Of(string text, int line)
    {
        var stated = new List<StatedField>();
        if (TsharkSummaryGrammar.Line.ParseLine(text) is not { Success: true, Value: var summary }) return stated;
        var from = 0;
        void State(string field, string value, string? written = null)
        {
            var at = text.IndexOf(written ?? value, from, StringComparison.Ordinal);
            if (at >= 0) from = at + (written ?? value).Length;
            stated.Add(new StatedField(field, value, line, (at >= 0 ? at : 0) + 1));
        }

        if (Address(summary.Source) is { } source && Address(summary.Destination) is { } destination && source.AddressFamily == destination.AddressFamily)
        {
            var prefix = source.AddressFamily == AddressFamily.InterNetwork ? "ip" : "ipv6";
            State($"{prefix}.src", source.ToString(), summary.Source);
            State($"{prefix}.dst", destination.ToString(), summary.Destination);
        }
        // The Length column stands between the Protocol column and the Info words, each a space apart.
        var lengthAt = text.IndexOf($" {summary.Length} ", from, StringComparison.Ordinal);
        stated.Add(new StatedField("frame.len", $"{summary.Length}", line, lengthAt + 2));
        var info = text.LastIndexOf(summary.Info, StringComparison.Ordinal);
        if (info >= 0) from = info;
        // Words in brackets that are not flags ("[BAD UDP LENGTH 100 > IP PAYLOAD LENGTH]") are no TCP summary.
        if (TsharkSummaryGrammar.TcpInfo.ParseLine(summary.Info) is { Success: true, Value: var tcp } && tcp.Flags.All(f => KnownFlags.Contains(f)))
        {
            State("tcp.srcport", $"{tcp.SourcePort}");
            State("tcp.dstport", $"{tcp.DestinationPort}");
            // The flags in brackets are all that are set: a flag the brackets do not name is stated clear.
            var brackets = text.IndexOf('[', from);
            foreach (var (word, field) in FlagFields) stated.Add(new StatedField(field, tcp.Flags.Contains(word) ? "1" : "0", line, brackets + 1));
            if (tcp.Items.FirstOrDefault(i => i.StartsWith("Len=", StringComparison.Ordinal)) is { } length) State("tcp.len", length[4..], length);
        }
        else if (TsharkSummaryGrammar.UdpInfo.ParseLine(summary.Info) is { Success: true, Value: var udp })
        {
            State("udp.srcport", $"{udp.SourcePort}");
            State("udp.dstport", $"{udp.DestinationPort}");
            State("udp.length", $"{udp.Length + 8}", $"Len={udp.Length}");
        }
        return stated;
    }

    private static readonly (string Word, string Field)[] FlagFields =
    [
        ("FIN", "tcp.flags.fin"), ("SYN", "tcp.flags.syn"), ("RST", "tcp.flags.reset"), ("PSH", "tcp.flags.push"),
        ("ACK", "tcp.flags.ack"), ("URG", "tcp.flags.urg"), ("ECE", "tcp.flags.ece"), ("CWR", "tcp.flags.cwr"),
    ];

    private static readonly HashSet<string> KnownFlags = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE", "NS", "<None>"];

    private static IPAddress? Address(string column) =>
        IPAddress.TryParse(column, out var address) && (column.Contains(':') || column.Count(c => c == '.') == 3) ? address : null;
}
