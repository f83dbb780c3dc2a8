using System.Globalization;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// NTP (RFC 5905) on UDP port 123: the 48-byte header with its four timestamps shown as Wireshark shows
/// them, then a key identifier and message digest when they follow. Control (mode 6) and private
/// (mode 7) messages have another layout: only their first byte is read.
/// </summary>
public sealed class Ntp() : ProtocolLayer(new HeaderSpec("ntp", "Network Time Protocol", 48,
[
    FieldSpec.Hex("ntp.flags", "Flags", 0, 8) with
    {
        Bits =
        [
            FieldSpec.Named("ntp.flags.li", "Leap Indicator", 0, 2, FieldFormat.Decimal, new Dictionary<ulong, string>
            {
                [0] = "no warning", [1] = "last minute of the day has 61 seconds", [2] = "last minute of the day has 59 seconds", [3] = "unknown (clock unsynchronized)",
            }),
            FieldSpec.Number("ntp.flags.vn", "Version number", 2, 3),
            FieldSpec.Named("ntp.flags.mode", "Mode", 5, 3, FieldFormat.Decimal, new Dictionary<ulong, string>
            {
                [0] = "reserved", [1] = "symmetric active", [2] = "symmetric passive", [3] = "client", [4] = "server", [5] = "broadcast",
                [6] = "reserved for NTP control message", [7] = "reserved for private use",
            }),
        ],
    },
    FieldSpec.Number("ntp.stratum", "Peer Clock Stratum", 8, 8),
    FieldSpec.Number("ntp.ppoll", "Peer Polling Interval", 16, 8) with { Meaning = v => v < 32 ? $"{1UL << (int)v} seconds" : null },
    FieldSpec.Number("ntp.precision", "Peer Clock Precision", 24, 8) with { Meaning = v => $"2^{(sbyte)v} seconds" },
    FieldSpec.Number("ntp.rootdelay", "Root Delay", 32, 32) with { Meaning = Seconds },
    FieldSpec.Number("ntp.rootdispersion", "Root Dispersion", 64, 32) with { Meaning = Seconds },
    new FieldSpec("ntp.refid", "Reference ID", 96, 32, FieldFormat.Bytes),
    new FieldSpec("ntp.reftime", "Reference Timestamp", 128, 64, FieldFormat.Hex),
    new FieldSpec("ntp.org", "Origin Timestamp", 192, 64, FieldFormat.Hex),
    new FieldSpec("ntp.rec", "Receive Timestamp", 256, 64, FieldFormat.Hex),
    new FieldSpec("ntp.xmt", "Transmit Timestamp", 320, 64, FieldFormat.Hex),
]))
{
    public static readonly Ntp Layer = new();

    private static readonly HashSet<string> Timestamps = ["ntp.reftime", "ntp.org", "ntp.rec", "ntp.xmt"];

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        var mode = d.Peek(slot.Offset, 1) is { } flags ? flags & 7 : (ulong?)null;
        if (mode is 6 or 7)
        {
            var control = d.Layer(into, Protocol, Header.Title, slot.Offset);
            control.Length = end - slot.Offset;
            d.Add(control, Header.Fields[0], slot.Offset);
            d.Rest(control, slot.Offset + 1, end, mode == 6 ? "an NTP control message" : "an NTP private (mode 7) message");
            return null;
        }
        var ntp = d.Header(into, Header, slot.Offset);
        foreach (var field in ntp.Fields.Where(f => Timestamps.Contains(f.Name))) field.ShowAs(d.Bytes, Timestamp);
        var position = slot.Offset + Header.Length;
        if (end - position is 20 or 24)
        {
            d.Field(ntp, "ntp.keyid", "Key ID", position, 4, FieldFormat.Bytes);
            d.Field(ntp, "ntp.mac", "Message Authentication Code", position + 4, end - position - 4, FieldFormat.Bytes);
            position = end;
        }
        ntp.Length = Math.Max(ntp.Length, position - slot.Offset);
        if (position < end) Payload.Data(d, into, position, end);
        return null;
    }

    private static string Seconds(ulong raw) => $"{(raw / 65536.0).ToString("0.000000", CultureInfo.InvariantCulture)} seconds";

    /// <summary>
    /// An NTP timestamp as Wireshark shows it: "NULL" when zero; else seconds from 1900 when the top bit is
    /// set, or from 2036 (era 1, RFC 5905 §6) when it is not, and the fraction in nanoseconds, cut.
    /// </summary>
    internal static string Timestamp(ReadOnlySpan<byte> bytes)
    {
        var raw = Structure.Unsigned(bytes);
        if (raw == 0) return "NULL";
        var seconds = raw >> 32;
        var unix = (seconds & 0x80000000) != 0 ? (long)seconds - 2208988800L : (long)seconds + 2085978496L;
        var nanoseconds = (long)((double)(1000000000UL * (raw & 0xFFFFFFFF)) / 4294967296.0);
        return Structure.AbsoluteTime(unix, nanoseconds);
    }
}
