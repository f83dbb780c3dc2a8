using System.Globalization;
using CsvHelper;
using TraceImport.Decoding;

namespace TraceImport.Output;

/// <summary>The decode as CSV through CsvHelper, one row per field; offsets in bits so that bit fields need no second form.</summary>
public sealed class DecodeCsv : IDisposable
{
    public static readonly string[] Columns =
        ["packet", "layer", "depth", "bit_offset", "bit_length", "field", "label", "raw", "value", "meaning", "status", "note"];

    private readonly CsvWriter csv;

    public DecodeCsv(TextWriter writer)
    {
        csv = CsvWriter.Create(writer, null, leaveOpen: true);
        csv.WriteHeader(Columns);
    }

    public void Write(PacketDecode decode)
    {
        var layer = "";
        foreach (var row in DecodeRow.Of(decode))
        {
            if (row.Layer is { } l)
            {
                layer = l.Protocol;
                continue;
            }
            var f = row.Field!;
            csv.WriteRecord(
            [
                decode.Packet.Number.ToString(CultureInfo.InvariantCulture), layer, row.Depth.ToString(CultureInfo.InvariantCulture),
                f.BitOffset.ToString(CultureInfo.InvariantCulture), f.BitLength.ToString(CultureInfo.InvariantCulture),
                f.Name, f.Label, f.Raw, f.Value, f.Meaning, DecodeRow.Status(f.Status), f.Note,
            ]);
        }
    }

    public void Dispose() => csv.Dispose();
}
