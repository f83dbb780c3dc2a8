using TraceImport.Rebuild;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// IEEE 802.2 LLC (after an 802.3 length, or at the start of an RFC 1483 ATM packet): service access
/// points and control, and for SAP 0xAA the SNAP header (an OUI and a protocol ID; OUI 0 makes the
/// protocol ID an EtherType). What follows is looked up by SAP (STP's 0x42) or by OUI and protocol ID.
/// </summary>
public sealed class Llc() : ProtocolLayer(new HeaderSpec("llc", "Logical-Link Control", 3,
[
    Sap("llc.dsap", "DSAP", 0, ("llc.dsap.ig", "IG bit")),
    Sap("llc.ssap", "SSAP", 8, ("llc.ssap.cr", "CR bit")),
]))
{
    public static readonly Llc Layer = new();

    /// <summary>The SAP of a SNAP header.</summary>
    public const int SnapSap = 0xAA;

    private static FieldSpec Sap(string name, string label, int bitOffset, (string Name, string Label) lowBit) =>
        FieldSpec.Named(name, label, bitOffset, 8, FieldFormat.Hex, Names.LlcSaps) with
        {
            Bits = [FieldSpec.Number($"{name}.sap", "SAP", bitOffset, 7), FieldSpec.Flag(lowBit.Name, lowBit.Label, bitOffset + 7)],
        };

    /// <summary>An unnumbered frame's one-byte control: the modifier (bits 0xEC), the poll or final bit, and the frame type 3.</summary>
    private static FieldSpec UnnumberedControl(bool command, bool pollOrFinal) => FieldSpec.Hex("llc.control", "Control", 16, 8) with
    {
        HexDigits = 4,
        Meaning = v => Names.LlcUnnumbered.GetValueOrDefault(v & 0xEF),
        Bits =
        [
            FieldSpec.Hex(command ? "llc.control.u_modifier_cmd" : "llc.control.u_modifier_resp", command ? "Command" : "Response", 16, 6) with
            {
                Render = v => $"0x{v & 0x3B:x2}",
            },
            .. pollOrFinal ? [FieldSpec.Flag(command ? "llc.control.p" : "llc.control.f", command ? "Poll" : "Final", 19)] : (FieldSpec[])[],
            FieldSpec.Hex("llc.control.ftype", "Frame type", 22, 2),
        ],
    };

    /// <summary>An information or supervisory frame's two-byte control, least significant byte first.</summary>
    private static readonly FieldSpec NumberedControl = FieldSpec.Hex("llc.control", "Control", 16, 16) with { LittleEndian = true };

    private static readonly FieldSpec Oui = FieldSpec.Named("llc.oui", "Organization code", 24, 24, FieldFormat.Decimal, Names.Ouis);

    /// <summary>The protocol ID as Wireshark names it for each OUI (an EtherType for OUI 0).</summary>
    private static FieldSpec ProtocolId(ulong? oui) => oui switch
    {
        0 => FieldSpec.Named("llc.type", "Type", 48, 16, FieldFormat.Hex, Names.EtherTypes),
        0x00000C => FieldSpec.Hex("llc.cisco_pid", "PID", 48, 16),
        0x000081 => FieldSpec.Hex("llc.nortel_pid", "PID", 48, 16),
        0x00E02B => FieldSpec.Hex("llc.extreme_pid", "PID", 48, 16),
        0x00E052 => FieldSpec.Hex("llc.foundry_pid", "PID", 48, 16),
        0x080007 => FieldSpec.Hex("llc.apple_atalk_pid", "PID", 48, 16),
        _ => FieldSpec.Hex("llc.pid", "Protocol ID", 48, 16),
    };

    private static readonly ulong?[] KnownOuis = [0, 0x00000C, 0x000081, 0x00E02B, 0x00E052, 0x080007, null];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var offset = slot.Offset;
        var llc = d.Header(into, Header, offset);
        var dsap = Dissection.NumberOf(llc, "llc.dsap");
        var ssap = Dissection.NumberOf(llc, "llc.ssap");
        var control = FieldCodec.Read(FieldSpec.Hex("control", "", 16, 8), d.Bytes, offset).Number;
        if (control is null) return null;
        var unnumbered = (control & 3) == 3;
        var command = (ssap & 1) == 0;
        d.Add(llc, unnumbered ? UnnumberedControl(command, (control & 0x10) != 0) : NumberedControl, offset);
        var length = unnumbered ? 3 : 4;

        var snap = unnumbered && (dsap & 0xFE) == SnapSap && (ssap & 0xFE) == SnapSap;
        ulong? protocol = null;
        if (snap)
        {
            var oui = d.Add(llc, Oui, offset).Number;
            protocol = d.Add(llc, ProtocolId(oui), offset).Number;
            length = 8;
            if (oui is { } known && protocol is { } pid) protocol = known == 0 ? pid : known << 16 | pid;
        }
        llc.Length = Math.Min(length, Math.Max(0, d.Bytes.Length - offset));
        var payload = slot with { Offset = offset + length };
        if (payload.Offset >= Math.Min(slot.End, d.Bytes.Length)) return null;
        if (snap && protocol is { } key) d.Next(into, key <= 0xFFFF ? BindingTable.EtherType : BindingTable.Snap, key, payload);
        else if (!snap && dsap is { } sap) d.Next(into, BindingTable.LlcSap, sap & 0xFE, payload);
        else Payload.Data(d, into, payload.Offset, payload.End);
        return null;
    }

    /// <summary>The SAPs, the control byte of an unnumbered frame, and the SNAP header's fields, every protocol ID name included.</summary>
    public override IEnumerable<FieldSpec> Fields(FieldValues values) =>
        [.. Header.Fields, UnnumberedControl(command: true, pollOrFinal: true), UnnumberedControl(command: false, pollOrFinal: true), Oui, .. KnownOuis.Select(ProtocolId)];

    public override int HeaderLength(FieldValues values) => values.Has("llc.oui") ? 8 : 3;
}
