namespace TraceImport.Decoding.Protocols;

/// <summary>
/// The Multipath TCP option (kind 30, RFC 8684 and RFC 6824): its subtype and flags decide which fields
/// follow. Bit offsets count from the option's kind byte; Wireshark names the subtree "mptcp".
/// </summary>
internal static class Mptcp
{
    private const string P = "tcp.options.mptcp";

    private static readonly IReadOnlyDictionary<ulong, string> Subtypes = new Dictionary<ulong, string>
    {
        [0] = "Multipath Capable", [1] = "Join Connection", [2] = "Data Sequence Signal", [3] = "Add Address", [4] = "Remove Address",
        [5] = "Change Subflow Priority", [6] = "Fallback", [7] = "Fast Close", [8] = "Reset",
    };

    private static readonly FieldSpec Subtype = FieldSpec.Named($"{P}.subtype", "Subtype", 16, 4, FieldFormat.Decimal, Subtypes);

    private static FieldSpec Reserved(int bitOffset, int bitLength) => FieldSpec.Hex($"{P}.reserved", "Reserved", bitOffset, bitLength) with { HexDigits = 4 };
    private static FieldSpec Number(string name, string label, int byteOffset, int bytes) => FieldSpec.Number($"{P}.{name}", label, byteOffset * 8, bytes * 8);
    private static FieldSpec AddressId(int byteOffset) => FieldSpec.Number($"{P}.addrid", "Address ID", byteOffset * 8, 8);
    private static FieldSpec Flags(int bitOffset, params FieldSpec[] bits) => FieldSpec.Hex($"{P}.flags", "Flags", bitOffset, 8) with { Bits = bits };
    private static FieldSpec Flag(string name, string label, int bitOffset) => FieldSpec.Number($"{P}.{name}", label, bitOffset, 1);

    public static TcpOption.OptionLayout Layout(int size, byte[] body)
    {
        var subtype = body[0] >> 4;
        var title = "Multipath TCP" + (Subtypes.TryGetValue((ulong)subtype, out var name) ? $": {name}" : "");
        var fields = subtype switch
        {
            0 => Capable(size, body),
            1 => Join(size),
            2 when body.Length >= 2 => DataSequenceSignal(size, body[1]),
            3 => AddAddress(size, body),
            4 => [Subtype, Reserved(20, 4), .. Enumerable.Range(3, Math.Max(0, size - 3)).Select(AddressId)],
            5 => [Subtype, Reserved(20, 3), Flag("backup.flag", "Backup", 23), .. size > 3 ? [AddressId(3)] : (FieldSpec[])[]],
            6 when size == 12 => [Subtype, Reserved(20, 12), Number("rawdataseqno", "Data sequence number (raw)", 4, 8)],
            7 when size == 12 => [Subtype, Reserved(20, 12), Number("recvkey", "Receiver's key", 4, 8)],
            8 when size == 4 =>
            [
                Subtype, Flag("flag_U.flag", "U flag", 20), Flag("flag_V.flag", "V flag", 21), Flag("flag_W.flag", "W flag", 22), Flag("flag_T.flag", "Transient", 23),
                FieldSpec.Hex($"{P}.rst_reason", "Reason", 24, 8),
            ],
            _ => (List<FieldSpec>)[],
        };
        var covered = fields.Count == 0 ? 2 : fields.Max(f => f.EndBit + 7) / 8;
        if (covered < size) fields = [.. fields, TcpOption.DataField("tcp.options.unknown.payload", "Data", size, covered)];
        return new("mptcp", title, fields);
    }

    /// <summary>MP_CAPABLE: version, flags, then the keys and data-level length the option's length says it holds.</summary>
    private static List<FieldSpec> Capable(int size, byte[] body)
    {
        var version = body[0] & 0xF;
        var fields = new List<FieldSpec>
        {
            Subtype, FieldSpec.Number($"{P}.version", "Version", 20, 4),
            Flags(24,
                Flag("checksumreq.flags", "Checksum required", 24), Flag("extensibility.flag", "Extensibility", 25),
                Flag("nomoresubflows.flag", "Do not attempt to establish new subflows to this address and port", 26),
                FieldSpec.Hex($"{P}.reserved.flag", "Reserved", 27, 4), Flag(version == 0 ? "sha1.flag" : "sha256.flag", version == 0 ? "Use HMAC-SHA1" : "Use HMAC-SHA256", 31)),
        };
        if (size >= 12) fields.Add(Number("sendkey", "Sender's key", 4, 8));
        if (size >= 20) fields.Add(Number("recvkey", "Receiver's key", 12, 8));
        if (size >= 22) fields.Add(Number("datalvllen", "Data-level length", 20, 2));
        if (size >= 24) fields.Add(FieldSpec.Hex($"{P}.checksum", "Checksum", 176, 16));
        return fields;
    }

    /// <summary>MP_JOIN: its SYN (token and nonce), SYN/ACK (truncated HMAC and nonce) and third ACK (HMAC).</summary>
    private static List<FieldSpec> Join(int size) => size switch
    {
        12 => [Subtype, Flags(16, Flag("backup.flag", "Backup", 23)), AddressId(3), Number("recvtok", "Receiver's token", 4, 4), Number("sendrand", "Sender's random number", 8, 4)],
        16 => [Subtype, Flags(16, Flag("backup.flag", "Backup", 23)), AddressId(3), Number("sendtrunchmac", "Sender's truncated HMAC", 4, 8), Number("sendrand", "Sender's random number", 12, 4)],
        24 => [Subtype, Reserved(20, 12), TcpOption.DataField($"{P}.sendhmac", "Sender's HMAC", 24, 4)],
        _ => [Subtype],
    };

    /// <summary>DSS: the flags say whether a data ACK and a mapping follow, and whether each number is 4 or 8 bytes.</summary>
    private static List<FieldSpec> DataSequenceSignal(int size, byte flags)
    {
        var fields = new List<FieldSpec>
        {
            Subtype, Reserved(20, 7) with { HexDigits = 2 },
            Flags(24,
                Flag("datafin.flag", "DATA_FIN", 27), Flag("dseqn8.flag", "Data sequence number is 8 octets", 28),
                Flag("dseqnpresent.flag", "Data sequence number, subflow sequence number, data-level length, checksum present", 29),
                Flag("dataack8.flag", "Data ACK is 8 octets", 30), Flag("dataackpresent.flag", "Data ACK is present", 31)),
        };
        var at = 4;
        if ((flags & 0x01) != 0)
        {
            var ackLength = (flags & 0x02) != 0 ? 8 : 4;
            fields.Add(Number("rawdataack", "Original data ACK", at, ackLength));
            at += ackLength;
        }
        if ((flags & 0x04) != 0)
        {
            var sequenceLength = (flags & 0x08) != 0 ? 8 : 4;
            fields.Add(Number("rawdataseqno", "Data sequence number", at, sequenceLength));
            fields.Add(Number("subflowseqno", "Subflow sequence number", at + sequenceLength, 4));
            fields.Add(Number("datalvllen", "Data-level length", at + sequenceLength + 4, 2));
            at += sequenceLength + 6;
            if (at + 2 <= size) fields.Add(FieldSpec.Hex($"{P}.checksum", "Checksum", at * 8, 16));
        }
        return fields;
    }

    /// <summary>ADD_ADDR: the echo bit (RFC 8684; RFC 6824's IP version instead), address ID, address, then port and truncated HMAC as the length says.</summary>
    private static List<FieldSpec> AddAddress(int size, byte[] body)
    {
        var version0 = (body[0] & 0xF) is 4 or 6;
        var ipv6 = version0 ? (body[0] & 0xF) == 6 : size >= 20;
        var fields = new List<FieldSpec> { Subtype };
        fields.AddRange(version0 ? [FieldSpec.Number($"{P}.ipver", "IP version", 20, 4)] : [Reserved(20, 3) with { HexDigits = 2 }, Flag("echo", "Echo", 23)]);
        fields.Add(AddressId(3));
        fields.Add(new FieldSpec(ipv6 ? $"{P}.ipv6" : $"{P}.ipv4", "Advertised address", 32, ipv6 ? 128 : 32, ipv6 ? FieldFormat.Ipv6 : FieldFormat.Ipv4));
        var at = ipv6 ? 20 : 8;
        var withHmac = !version0 && size - at >= 8;
        if (size - at is 2 or 10) fields.Add(Number("port", "Advertised port", at, 2));
        if (size - at is 2 or 10) at += 2;
        if (withHmac) fields.Add(Number("addaddrtrunchmac", "Truncated HMAC", at, 8));
        return fields;
    }
}
