namespace TraceImport.Decoding.Protocols;

/// <summary>
/// BFD control packets (RFC 5880 §4) on UDP ports 3784 (single hop) and 4784 (multihop): the 24-byte
/// mandatory section, then the authentication section when the A flag says there is one.
/// </summary>
public sealed class Bfd() : ProtocolLayer(new HeaderSpec("bfd", "BFD Control message", 24,
[
    FieldSpec.Number("bfd.version", "Protocol Version", 0, 3),
    FieldSpec.Named("bfd.diag", "Diagnostic Code", 3, 5, FieldFormat.Hex, new Dictionary<ulong, string>
    {
        [0] = "No Diagnostic", [1] = "Control Detection Time Expired", [2] = "Echo Function Failed", [3] = "Neighbor Signaled Session Down",
        [4] = "Forwarding Plane Reset", [5] = "Path Down", [6] = "Concatenated Path Down", [7] = "Administratively Down", [8] = "Reverse Concatenated Path Down",
    }),
    FieldSpec.Named("bfd.sta", "Session State", 8, 2, FieldFormat.Hex, new Dictionary<ulong, string> { [0] = "AdminDown", [1] = "Down", [2] = "Init", [3] = "Up" }),
    FieldSpec.Hex("bfd.flags", "Message Flags", 8, 8) with
    {
        Bits =
        [
            .. FieldSpec.Flags(10, ("bfd.flags.p", "Poll"), ("bfd.flags.f", "Final"), ("bfd.flags.c", "Control Plane Independent"),
                ("bfd.flags.a", "Authentication Present"), ("bfd.flags.d", "Demand"), ("bfd.flags.m", "Multipoint")),
        ],
    },
    FieldSpec.Number("bfd.detect_time_multiplier", "Detect Time Multiplier", 16, 8),
    FieldSpec.Number("bfd.message_length", "Message Length", 24, 8),
    FieldSpec.Hex("bfd.my_discriminator", "My Discriminator", 32, 32),
    FieldSpec.Hex("bfd.your_discriminator", "Your Discriminator", 64, 32),
    FieldSpec.Number("bfd.desired_min_tx_interval", "Desired Min TX Interval", 96, 32) with { Meaning = Microseconds },
    FieldSpec.Number("bfd.required_min_rx_interval", "Required Min RX Interval", 128, 32) with { Meaning = Microseconds },
    FieldSpec.Number("bfd.required_min_echo_interval", "Required Min Echo Interval", 160, 32) with { Meaning = Microseconds },
]))
{
    public static readonly Bfd Layer = new();

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var bfd = d.Header(into, Header, slot.Offset);
        var position = slot.Offset + Header.Length;
        if (Dissection.NumberOf(bfd, "bfd.flags.a") == 1 && position + 2 <= end) position = Authentication(d, bfd, position, end);
        bfd.Length = Math.Max(bfd.Length, position - slot.Offset);
        if (position < end) Payload.Data(d, into, position, end);
        return null;
    }

    /// <summary>The authentication section (RFC 5880 §4.2–4.4): type and length, then a password or a sequence number and digest.</summary>
    private static int Authentication(Dissection d, DecodedLayer bfd, int start, int end)
    {
        var type = d.Field(bfd, "bfd.auth.type", "Authentication Type", start, 1, FieldFormat.Decimal).Number;
        var length = d.Field(bfd, "bfd.auth.len", "Authentication Length", start + 1, 1, FieldFormat.Decimal).Number;
        if (length is null || start + (int)length > end || length < 3) return start + 2;
        var sectionEnd = start + (int)length;
        d.Field(bfd, "bfd.auth.key", "Authentication Key ID", start + 2, 1, FieldFormat.Decimal);
        if (type == 1)
        {
            d.Field(bfd, "bfd.auth.password", "Password", start + 3, sectionEnd - start - 3, FieldFormat.Text);
        }
        else if (type is >= 2 and <= 5 && sectionEnd - start >= 8)
        {
            d.Field(bfd, "bfd.auth.seq_num", "Sequence Number", start + 4, 4, FieldFormat.Hex);
            if (sectionEnd > start + 8) d.Field(bfd, "bfd.checksum", "Checksum", start + 8, sectionEnd - start - 8, FieldFormat.Bytes);
        }
        return sectionEnd;
    }

    private static string Microseconds(ulong value) => $"{value / 1000} ms";
}
