using System.Text;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Pcapng;

namespace TraceImport.Output;

/// <summary>
/// A plain-text listing of packets and of the import's account of its lines: what
/// <c>traceimport list</c> prints and what the fixtures' approved files hold.
/// Unknown nibbles are shown as X.
/// </summary>
public static class PacketListing
{
    public static void WritePacket(TextWriter writer, Packet packet)
    {
        writer.WriteLine($"packet {packet.Number}");
        writer.WriteLine($"  format:    {packet.Format}");
        writer.WriteLine($"  source:    lines {packet.Source.FirstLine}-{packet.Source.LastLine}");
        if (packet.Heading is not null) writer.WriteLine($"  heading:   {packet.Heading}");
        writer.WriteLine($"  link type: {packet.LinkType}");
        writer.WriteLine($"  interface: {packet.Interface}");
        writer.WriteLine($"  length:    {packet.Data.Length} captured, {packet.OriginalLength} on the wire");
        writer.WriteLine($"  time:      {(packet.Time is { } time ? time.ToString() : "none")}");
        writer.WriteLine($"  direction: {packet.Direction.ToString().ToLowerInvariant()}");
        if (PacketComments.MaskedRanges(packet) is { } masked) writer.WriteLine($"  masked:    bytes {masked}");
        if (PacketComments.UnshownRanges(packet) is { } unshown) writer.WriteLine($"  unknown:   bytes {unshown}");
        foreach (var comment in packet.Comments) writer.WriteLine($"  comment:   {comment}");
        WriteHex(writer, packet.Data, packet.Unknown);
        writer.WriteLine();
    }

    public static void WriteHex(TextWriter writer, ReadOnlySpan<byte> data, KnownMask? unknown)
    {
        var row = new StringBuilder();
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            row.Clear();
            row.Append("  ").Append(offset.ToString("x4")).Append(' ');
            for (var i = offset; i < Math.Min(offset + 16, data.Length); i++)
            {
                row.Append(' ');
                row.Append(Nibble(data[i] >> 4, unknown, i * 2));
                row.Append(Nibble(data[i] & 0xF, unknown, i * 2 + 1));
            }
            writer.WriteLine(row);
        }
    }

    private static char Nibble(int value, KnownMask? unknown, int index) =>
        unknown is not null && !unknown.IsNibbleKnown(index) ? 'X' : "0123456789abcdef"[value];

    /// <summary>The full account of an import: regions, line counts, prose, every skipped line, warnings.</summary>
    public static void WriteReport(TextWriter writer, ImportReport report)
    {
        writer.WriteLine("summary");
        writer.WriteLine($"  packets:  {PacketCounts(report)}");
        writer.WriteLine($"  lines:    {LineCounts(report)}");
        writer.WriteLine("  regions:");
        foreach (var region in report.Regions)
        {
            writer.WriteLine($"    lines {region.FirstLine}-{region.LastLine}: {region.Format}, {Plural(region.Packets, "packet")} (sure {region.Confidence:0.00})");
        }
        if (report.ProseRanges.Count > 0)
        {
            writer.WriteLine($"  prose:    lines {string.Join(", ", report.ProseRanges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}"))}");
        }
        foreach (var skipped in report.Skipped)
        {
            writer.WriteLine($"  skipped:  {skipped.Line}:{skipped.Column}: {skipped.Reason}: {skipped.Text.Trim()}");
        }
        foreach (var damaged in report.Damaged)
        {
            writer.WriteLine($"  damaged:  {damaged.Line}:{damaged.Column}: {damaged.Reason}: {damaged.Text.Trim()}");
        }
        foreach (var error in report.InternalErrors) writer.WriteLine($"  internal error: {error}");
        foreach (var warning in report.Warnings) writer.WriteLine($"  warning:  {warning}");
        if (report.DetailsTruncated) writer.WriteLine($"  (only the first {ImportReport.DetailLimit} prose ranges, skipped and damaged lines are listed)");
    }

    public static string PacketCounts(ImportReport report)
    {
        var byFormat = string.Join(", ", report.PacketsByFormat.Select(p => $"{p.Key} {p.Value}"));
        return report.Packets == 0 ? "no packets" : $"{Plural(report.Packets, "packet")} ({byFormat})";
    }

    public static string LineCounts(ImportReport report) =>
        $"{report.TotalLines} total: {report.UsedLines} used, {report.BlankLines} blank, {report.ProseLines} prose, {report.SkippedLines} skipped"
        + (report.FailedLines > 0 ? $", {report.FailedLines} failed (internal error)" : "")
        + (report.DamagedLines > 0 ? $"; {report.DamagedLines} used line(s) read with damage" : "")
        + (report.InternalErrorCount > 0 ? $"; {report.InternalErrorCount} internal error(s) in the grammars" : "");

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
