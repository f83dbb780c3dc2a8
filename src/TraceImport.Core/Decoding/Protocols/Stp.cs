using System.Globalization;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Spanning tree BPDUs (IEEE 802.1D, RSTP and MSTP of 802.1Q), after an LLC header with SAP 0x42:
/// configuration BPDUs with their bridge identifiers as Wireshark splits them (priority, system ID
/// extension, MAC), times in 1/256 s; topology change notifications; RSTP's flags and version 1 length;
/// MSTP's CIST fields and MSTI records.
/// </summary>
public sealed class Stp() : ProtocolLayer(new HeaderSpec("stp", "Spanning Tree Protocol", 35,
[
    FieldSpec.Hex("stp.protocol", "Protocol Identifier", 0, 16),
    FieldSpec.Named("stp.version", "Protocol Version Identifier", 16, 8, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Spanning Tree", [2] = "Rapid Spanning Tree", [3] = "Multiple Spanning Tree" }),
    FieldSpec.Named("stp.type", "BPDU Type", 24, 8, FieldFormat.Hex, new Dictionary<ulong, string> { [0x00] = "Configuration", [0x80] = "Topology Change Notification", [0x02] = "Rapid/Multiple Spanning Tree" }),
    FieldSpec.Hex("stp.flags", "BPDU flags", 32, 8) with
    {
        Bits =
        [
            FieldSpec.Flag("stp.flags.tcack", "Topology Change Acknowledgment", 32),
            FieldSpec.Flag("stp.flags.agreement", "Agreement", 33),
            FieldSpec.Flag("stp.flags.forwarding", "Forwarding", 34),
            FieldSpec.Flag("stp.flags.learning", "Learning", 35),
            FieldSpec.Named("stp.flags.port_role", "Port Role", 36, 2, FieldFormat.Decimal, new Dictionary<ulong, string> { [0] = "Unknown", [1] = "Alternate or Backup", [2] = "Root", [3] = "Designated" }),
            FieldSpec.Flag("stp.flags.proposal", "Proposal", 38),
            FieldSpec.Flag("stp.flags.tc", "Topology Change", 39),
        ],
    },
    .. BridgeIdentifier("stp.root", "Root Bridge", 40),
    FieldSpec.Number("stp.root.cost", "Root Path Cost", 104, 32),
    .. BridgeIdentifier("stp.bridge", "Bridge", 136),
    FieldSpec.Hex("stp.port", "Port identifier", 200, 16),
    FieldSpec.Number("stp.msg_age", "Message Age", 216, 16),
    FieldSpec.Number("stp.max_age", "Max Age", 232, 16),
    FieldSpec.Number("stp.hello", "Hello Time", 248, 16),
    FieldSpec.Number("stp.forward", "Forward Delay", 264, 16),
]))
{
    public static readonly Stp Layer = new();

    private static readonly HashSet<string> Times = ["stp.msg_age", "stp.max_age", "stp.hello", "stp.forward"];

    /// <summary>
    /// A bridge identifier (802.1D §9.2.5, 802.1Q §13.26.2) as Wireshark splits it: the priority (its four
    /// bits, in steps of 4096), the system ID extension, the MAC address.
    /// </summary>
    private static FieldSpec[] BridgeIdentifier(string prefix, string label, int bitOffset) =>
    [
        FieldSpec.Number($"{prefix}.prio", $"{label} Priority", bitOffset, 4) with { Scale = 4096 },
        FieldSpec.Number($"{prefix}.ext", $"{label} System ID Extension", bitOffset + 4, 12),
        new FieldSpec($"{prefix}.hw", $"{label} System ID", bitOffset + 16, 48, FieldFormat.Mac),
    ];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var start = slot.Offset;
        var end = Math.Min(slot.End, d.Bytes.Length);
        var stp = d.Layer(into, Protocol, Header.Title, start);
        var version = d.Peek(start + 2, 1);
        var type = d.Peek(start + 3, 1);
        var fields = type == 0x80 ? 3 : Header.Fields.Count;
        foreach (var spec in Header.Fields.Take(fields))
        {
            // Only 802.1D's two flags exist before RSTP.
            var field = d.Add(stp, spec.Name == "stp.flags" && version == 0 ? spec with { Bits = [spec.Bits[0], spec.Bits[^1]] } : spec, start);
            if (Times.Contains(spec.Name)) field.ShowAs(d.Bytes, b => Seconds(Structure.Unsigned(b)));
        }
        var position = start + (type == 0x80 ? 4 : Header.Length);
        if (type != 0x80 && version >= 2 && position < end)
        {
            d.Field(stp, "stp.version_1_length", "Version 1 Length", position, 1, FieldFormat.Decimal);
            position++;
            if (version == 3 && position + 2 <= end) position = Mstp(d, stp, position, end);
        }
        stp.Length = Math.Min(position, end) - start;
        if (position < end) Payload.Data(d, into, position, end);
        return null;
    }


    /// <summary>MSTP (802.1Q §14.4): the version 3 length, the MST configuration identifier, the CIST fields, then an MSTI record per instance.</summary>
    private static int Mstp(Dissection d, DecodedLayer stp, int position, int end)
    {
        var length = d.Field(stp, "mstp.version_3_length", "Version 3 Length", position, 2, FieldFormat.Decimal).Number;
        position += 2;
        if (length is null || position + 64 > end) return position;
        var v3End = Math.Min(position + (int)length, end);
        d.Field(stp, "mstp.config_format_selector", "MST Config ID format selector", position, 1, FieldFormat.Decimal);
        d.Field(stp, "mstp.config_name", "MST Config name", position + 1, 32, FieldFormat.Text).ShowAs(d.Bytes, Structure.UpToNul);
        d.Field(stp, "mstp.config_revision_level", "MST Config revision", position + 33, 2, FieldFormat.Decimal);
        d.Field(stp, "mstp.config_digest", "MST Config digest", position + 35, 16, FieldFormat.Bytes);
        d.Field(stp, "mstp.cist_internal_root_path_cost", "CIST Internal Root Path Cost", position + 51, 4, FieldFormat.Decimal);
        foreach (var spec in BridgeIdentifier("mstp.cist_bridge", "CIST Bridge", 0)) d.Add(stp, spec, position + 55);
        d.Field(stp, "mstp.cist_remaining_hops", "CIST Remaining hops", position + 63, 1, FieldFormat.Decimal);
        position += 64;
        while (position + 16 <= v3End)
        {
            var msti = d.Sub(stp, "stp", "MSTI", position, 16);
            d.Field(msti, "mstp.msti.flags", "MSTI flags", position, 1, FieldFormat.Hex);
            d.Field(msti, "mstp.msti.regional_root_id", "MSTI Regional Root Identifier", position + 1, 2, FieldFormat.Decimal);
            d.Field(msti, "mstp.msti.root.hw", "Regional Root", position + 3, 6, FieldFormat.Mac);
            d.Field(msti, "mstp.msti.root_cost", "Internal root path cost", position + 9, 4, FieldFormat.Decimal);
            d.Field(msti, "mstp.msti.bridge_priority", "Bridge Identifier Priority", position + 13, 1, FieldFormat.Decimal);
            d.Field(msti, "mstp.msti.port_priority", "Port identifier priority", position + 14, 1, FieldFormat.Decimal);
            d.Field(msti, "mstp.msti.remaining_hops", "Remaining hops", position + 15, 1, FieldFormat.Decimal);
            position += 16;
        }
        return Math.Max(position, v3End);
    }

    /// <summary>A time in 1/256 s (802.1D §9.2.8), shown in seconds as Wireshark shows a double.</summary>
    private static string Seconds(ulong raw) => (raw / 256.0).ToString("G15", CultureInfo.InvariantCulture);
}
