namespace TraceImport.Decoding.Protocols;

/// <summary>
/// TFTP (RFC 1350, options RFC 2347) on UDP port 69: requests with their file name, mode and options,
/// data, acknowledgements, errors and option acknowledgements. A transfer continues between two other
/// ports that only the request names: decoding one packet at a time, those are left as data.
/// </summary>
public sealed class Tftp() : ProtocolLayer(new HeaderSpec("tftp", "Trivial File Transfer Protocol", 2,
[
    FieldSpec.Named("tftp.opcode", "Opcode", 0, 16, FieldFormat.Decimal, new Dictionary<ulong, string>
    {
        [1] = "Read Request", [2] = "Write Request", [3] = "Data Packet", [4] = "Acknowledgement", [5] = "Error Code", [6] = "Option Acknowledgement",
    }),
]))
{
    public static readonly Tftp Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var tftp = d.Header(into, Header, slot.Offset);
        tftp.Length = end - slot.Offset;
        var position = slot.Offset + 2;
        var opcode = Dissection.NumberOf(tftp, "tftp.opcode");
        switch (opcode)
        {
            case 1 or 2:
                var (name, label) = opcode == 1 ? ("tftp.source_file", "Source File") : ("tftp.destination_file", "Destination File");
                if (d.Stringz(tftp, name, label, position, end) is { } afterName && d.Stringz(tftp, "tftp.type", "Type", afterName, end) is { } afterMode)
                {
                    Options(d, tftp, afterMode, end);
                }
                return null;
            case 3 when position + 2 <= end:
                d.Field(tftp, "tftp.block", "Block", position, 2, FieldFormat.Decimal);
                tftp.Length = 4;
                if (position + 2 < end) Payload.Data(d, into, position + 2, end);
                return null;
            case 4 when position + 2 <= end:
                d.Field(tftp, "tftp.block", "Block", position, 2, FieldFormat.Decimal);
                return null;
            case 5 when position + 2 <= end:
                d.Field(tftp, "tftp.error.code", "Error code", position, 2, FieldFormat.Decimal);
                d.Stringz(tftp, "tftp.error.message", "Error message", position + 2, end);
                return null;
            case 6:
                Options(d, tftp, position, end);
                return null;
        }
        d.Rest(tftp, position, end, "not a TFTP message this decoder reads");
        return null;
    }

    /// <summary>Options (RFC 2347): NUL-terminated names and values, in pairs.</summary>
    private static void Options(Dissection d, DecodedLayer tftp, int position, int end)
    {
        while (position < end)
        {
            if (d.Stringz(tftp, "tftp.option.name", "Option name", position, end) is not { } afterName) return;
            if (d.Stringz(tftp, "tftp.option.value", "Option value", afterName, end) is not { } afterValue) return;
            position = afterValue;
        }
    }
}
