using System.Globalization;
using TraceImport.Decoding.Protocols;

namespace TraceImport.Grammars.TsharkSummary;

/// <summary>
/// The TCP options a tshark summary names (packet-tcp.c appends "MSS=", "WS=", "SACK_PERM", "TSval=", "TSecr=",
/// "SLE=", "SRE=" to the Info column as it meets each option, so in the header's order) laid out in a header. tshark
/// does not print the no-operations between them: they are put where common stacks put them, each option at the
/// alignment its kind usually has — MSS on a word, the window scale after one no-operation, SACK-permitted on a
/// word when timestamps follow it and after two no-operations otherwise, timestamps and SACK blocks after two —
/// which is Linux's, Windows' and the BSDs' layout. The layout is an assumption, and the packet says so.
/// </summary>
public static class TsharkTcpOptions
{
    private static readonly string[] Words = ["Seq", "Ack", "Win", "Len", "Urg", "MSS", "WS", "SACK_PERM", "TSval", "TSecr", "SLE", "SRE"];

    public static IReadOnlyList<TcpOption> Layout(IReadOnlyList<string> items)
    {
        var named = Named(items);
        var laid = new List<TcpOption>();
        var offset = 0;
        for (var i = 0; i < named.Count; i++)
        {
            var option = named[i];
            var alignment = option switch
            {
                TcpOption.MaximumSegmentSize => 0,
                TcpOption.WindowScale => 1,
                TcpOption.SackPermitted => i + 1 < named.Count && named[i + 1] is TcpOption.Timestamps ? 0 : 2,
                _ => 2,
            };
            while (offset % 4 != alignment)
            {
                laid.Add(new TcpOption.NoOperation());
                offset++;
            }
            laid.Add(option);
            offset += option.Length;
        }
        while (offset % 4 != 0)
        {
            laid.Add(new TcpOption.EndOfList());
            offset++;
        }
        return laid;
    }

    /// <summary>The options the words name, in their order: TSval with the TSecr after it, each SLE with its SRE.</summary>
    private static List<TcpOption> Named(IReadOnlyList<string> items)
    {
        var named = new List<TcpOption>();
        var blocks = new List<(uint, uint)>();
        uint? left = null;
        uint? timestamp = null;
        void EndSack()
        {
            if (blocks.Count == 0) return;
            named.Add(new TcpOption.Sack([.. blocks]));
            blocks.Clear();
        }
        foreach (var item in items)
        {
            var (word, value) = item.Split('=', 2) is [var w, var v] ? (w, v) : (item, null);
            var number = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (uint?)null;
            if (word is not ("SLE" or "SRE")) EndSack();
            switch (word)
            {
                case "MSS" when number <= ushort.MaxValue:
                    named.Add(new TcpOption.MaximumSegmentSize((ushort)number.Value));
                    break;
                case "WS" when number is > 0 and var multiplier && (multiplier & (multiplier - 1)) == 0:
                    named.Add(new TcpOption.WindowScale((byte)uint.Log2(multiplier)));
                    break;
                case "SACK_PERM":
                    named.Add(new TcpOption.SackPermitted());
                    break;
                case "TSval" when number is not null:
                    timestamp = number;
                    break;
                case "TSecr" when number is not null && timestamp is { } value2:
                    named.Add(new TcpOption.Timestamps(value2, number.Value));
                    timestamp = null;
                    break;
                case "SLE" when number is not null:
                    left = number;
                    break;
                case "SRE" when number is not null && left is { } l:
                    blocks.Add((l, number.Value));
                    left = null;
                    break;
            }
        }
        EndSack();
        return named;
    }

    /// <summary>Words of the form NAME=VALUE after the flags that name no field the layout places (tshark's "TFO=R").</summary>
    public static List<string> Unplaced(IReadOnlyList<string> items) =>
        [.. items.Where(i => i.Contains('=') && !Words.Contains(i.Split('=', 2)[0]))];

    /// <summary>What the packet's comment says of the layout.</summary>
    public static string Describe(IReadOnlyList<TcpOption> options) => options.Count == 0
        ? "no TCP options (tcp.hdr_len = 20): tshark names none, and it names only MSS, window scale, SACK and timestamps"
        : $"the TCP options laid out as {string.Join(",", options.Select(Name))} (tcp.hdr_len = {20 + options.Sum(o => o.Length)}): tshark names the options in their order but not the no-operations between them, nor options it has no word for";

    private static string Name(TcpOption option) => option switch
    {
        TcpOption.NoOperation => "NOP",
        TcpOption.EndOfList => "EOL",
        TcpOption.MaximumSegmentSize => "MSS",
        TcpOption.WindowScale => "WS",
        TcpOption.SackPermitted => "SACK_PERM",
        TcpOption.Timestamps => "TS",
        TcpOption.Sack => "SACK",
        _ => $"kind {option.Kind}",
    };
}
