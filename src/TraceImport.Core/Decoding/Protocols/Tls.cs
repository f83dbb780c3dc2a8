using System.Globalization;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// TLS records (RFC 5246 §6.2, RFC 8446 §5) on TCP port 443 and the other ports Wireshark gives TLS: each
/// record's type, version and length, then its content — the handshake messages in the clear (ClientHello
/// and ServerHello with versions, cipher suites and every common extension, SNI and ALPN among them; the
/// certificate list; ECDHE key exchanges; session tickets), change cipher spec, alerts, application data.
/// A record's bytes past the packet's end are not read; a segment that starts no record continues one from
/// an earlier packet and is data. Whether a record is TLS 1.3 ciphertext is known only when the packet
/// itself holds the ServerHello that chose TLS 1.3.
/// </summary>
public sealed class Tls() : ProtocolLayer(new HeaderSpec("tls", "Transport Layer Security", 5,
[
    FieldSpec.Named("tls.record.content_type", "Content Type", 0, 8, FieldFormat.Decimal, ContentTypes),
    FieldSpec.Named("tls.record.version", "Version", 8, 16, FieldFormat.Hex, TlsNames.Versions),
    FieldSpec.Number("tls.record.length", "Length", 24, 16),
]))
{
    private static readonly Dictionary<ulong, string> ContentTypes = new()
    {
        [20] = "Change Cipher Spec", [21] = "Alert", [22] = "Handshake", [23] = "Application Data", [24] = "Heartbeat",
    };

    // Declared after the table its header names, which static initialisation reads in order.
    public static readonly Tls Layer = new();

    private static readonly FieldSpec OpaqueType = FieldSpec.Named("tls.record.opaque_type", "Opaque Type", 0, 8, FieldFormat.Decimal, ContentTypes);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (!StartsRecord(d, slot.Offset))
        {
            Payload.Data(d, into, slot.Offset, end);
            return null;
        }
        var tls = d.Layer(into, Protocol, Header.Title, slot.Offset);
        tls.Length = end - slot.Offset;
        var state = new Session();
        var position = slot.Offset;
        while (position + Header.Length <= end && StartsRecord(d, position))
        {
            var length = (int)d.Peek(position + 3, 2)!.Value;
            var type = d.Peek(position, 1)!.Value;
            var version = d.Peek(position + 1, 2);
            var record = d.Sub(tls, "tls.record", $"{TlsNames.VersionName(version)} Record Layer: {ContentTypes[type]} Protocol", position, Header.Length + length);
            var opaque = type == 23 && state.Tls13;
            foreach (var spec in Header.Fields) d.Add(record, opaque && spec.Name == "tls.record.content_type" ? OpaqueType : spec, position);
            var contentStart = position + Header.Length;
            var contentEnd = Math.Min(contentStart + length, end);
            Content(d, record, type, contentStart, contentEnd, contentStart + length, state);
            position = contentStart + length;
        }
        if (position < end) Payload.Data(d, into, position, end);
        return null;
    }

    /// <summary>A known content type and a TLS or SSL 3.0 version: the start of a record.</summary>
    private static bool StartsRecord(Dissection d, int position) =>
        d.Peek(position, 3) is { } head && head >> 16 is >= 20 and <= 24 && (head & 0xFF00) == 0x0300 && (head & 0xFF) <= 4 && d.Peek(position + 3, 2) is not null;

    /// <summary>What one packet's records say of the connection: that the ServerHello chose TLS 1.3.</summary>
    internal sealed class Session
    {
        public bool Tls13 { get; set; }
    }

    private static void Content(Dissection d, DecodedLayer record, ulong type, int start, int end, int declaredEnd, Session state)
    {
        if (end <= start) return;
        switch (type)
        {
            case 20:
                d.Sub(record, "tls.change_cipher_spec", "Change Cipher Spec Message", start, end - start);
                return;
            case 21:
                var alert = d.Sub(record, "tls.alert_message", declaredEnd - start == 2 ? "Alert Message" : "Alert Message: Encrypted Alert", start, end - start);
                if (declaredEnd - start == 2)
                {
                    d.Field(alert, "tls.alert_message.level", "Level", start, 1, FieldFormat.Decimal).Meaning = d.Peek(start, 1) switch { 1 => "Warning", 2 => "Fatal", _ => null };
                    var description = d.Field(alert, "tls.alert_message.desc", "Description", start + 1, 1, FieldFormat.Decimal);
                    if (description.Number is { } code) description.Meaning = TlsNames.Alerts.GetValueOrDefault(code);
                }
                return;
            case 22:
                Handshakes(d, record, start, end, declaredEnd, state);
                return;
            case 23:
                d.Field(record, "tls.app_data", "Encrypted Application Data", start, end - start, FieldFormat.Bytes);
                return;
        }
    }

    /// <summary>
    /// The handshake messages of a record; when their lengths do not tile the record, it is encrypted
    /// (a Finished message after Change Cipher Spec) and shown as one message, as Wireshark shows it.
    /// </summary>
    private static void Handshakes(Dissection d, DecodedLayer record, int start, int end, int declaredEnd, Session state)
    {
        if (!Tiles(d, start, declaredEnd))
        {
            d.Sub(record, "tls.handshake", "Handshake Protocol: Encrypted Handshake Message", start, end - start);
            return;
        }
        for (var position = start; position + 4 <= end;)
        {
            var type = d.Peek(position, 1)!.Value;
            var length = (int)d.Peek(position + 1, 3)!.Value;
            var name = TlsNames.HandshakeTypes.GetValueOrDefault(type) ?? $"Unknown ({type})";
            var message = d.Sub(record, "tls.handshake", $"Handshake Protocol: {name}", position, 4 + length);
            d.Field(message, "tls.handshake.type", "Handshake Type", position, 1, FieldFormat.Decimal).Meaning = name;
            d.Field(message, "tls.handshake.length", "Length", position + 1, 3, FieldFormat.Decimal);
            new Handshake(d, message, position + 4, Math.Min(position + 4 + length, end), state).Read(type);
            position += 4 + length;
        }
    }

    /// <summary>Whether handshake headers with known lengths follow one another to exactly the record's end.</summary>
    private static bool Tiles(Dissection d, int start, int end)
    {
        var position = start;
        while (position + 4 <= end)
        {
            if (d.Peek(position, 4) is not { } head || !TlsNames.HandshakeTypes.ContainsKey(head >> 24)) return false;
            position += 4 + (int)(head & 0xFFFFFF);
        }
        return position == end;
    }
}

/// <summary>One handshake message's body, read by its type.</summary>
internal sealed class Handshake(Dissection d, DecodedLayer message, int start, int end, Tls.Session state)
{
    private int position = start;

    public void Read(ulong type)
    {
        switch (type)
        {
            case 1 or 2: Hello(client: type == 1); break;
            case 4: NewSessionTicket(); break;
            case 11: Certificates(); break;
            case 12: ServerKeyExchange(); break;
            case 16:
                if (Number("tls.handshake.client_point_len", "Pubkey Length", 1) is { Number: { } length }) Bytes("tls.handshake.client_point", "Pubkey", (int)length);
                break;
        }
    }

    private DecodedField? Field(string name, string label, int count, FieldFormat format, DecodedLayer? into = null)
    {
        if (count <= 0 || position + count > end) return null;
        var field = d.Field(into ?? message, name, label, position, count, format);
        position += count;
        return field;
    }

    private DecodedField? Number(string name, string label, int count, DecodedLayer? into = null) => Field(name, label, count, FieldFormat.Decimal, into);

    private DecodedField? Hex(string name, string label, int count, DecodedLayer? into = null) => Field(name, label, count, FieldFormat.Hex, into);

    private DecodedField? Bytes(string name, string label, int count, DecodedLayer? into = null) => Field(name, label, count, FieldFormat.Bytes, into);

    /// <summary>ClientHello (RFC 8446 §4.1.2) and ServerHello (§4.1.3).</summary>
    private void Hello(bool client)
    {
        Version(Hex("tls.handshake.version", "Version", 2));
        if (Bytes("tls.handshake.random", "Random", 32) is { } random)
        {
            d.Child(random, new FieldSpec("tls.handshake.random_time", "GMT Unix Time", 0, 32, FieldFormat.Bytes), random.ByteOffset)
                .ShowAs(d.Bytes, b => Structure.AbsoluteTime((long)Structure.Unsigned(b)));
            d.Child(random, new FieldSpec("tls.handshake.random_bytes", "Random Bytes", 0, 28 * 8, FieldFormat.Bytes), random.ByteOffset + 4);
        }
        if (Number("tls.handshake.session_id_length", "Session ID Length", 1) is not { Number: { } sessionLength }) return;
        Bytes("tls.handshake.session_id", "Session ID", (int)sessionLength);
        if (client)
        {
            if (Number("tls.handshake.cipher_suites_length", "Cipher Suites Length", 2) is not { Number: { } suitesLength }) return;
            var suites = List("tls.handshake.ciphersuites", $"Cipher Suites ({suitesLength / 2} suites)", (int)suitesLength);
            for (var i = 0; i < (int)suitesLength / 2; i++) Suite(suites);
            if (Number("tls.handshake.comp_methods_length", "Compression Methods Length", 1) is not { Number: { } methods }) return;
            var list = List("tls.handshake.comp_methods", $"Compression Methods ({methods} method{(methods == 1 ? "" : "s")})", (int)methods);
            for (var i = 0UL; i < methods; i++) Number("tls.handshake.comp_method", "Compression Method", 1, list);
        }
        else
        {
            Suite(message);
            Number("tls.handshake.comp_method", "Compression Method", 1);
        }
        if (position + 2 > end || Number("tls.handshake.extensions_length", "Extensions Length", 2) is not { Number: { } extensionsLength }) return;
        var extensionsEnd = Math.Min(position + (int)extensionsLength, end);
        while (position + 4 <= extensionsEnd) Extension(client, extensionsEnd);
    }

    private void Suite(DecodedLayer into)
    {
        var suite = Hex("tls.handshake.ciphersuite", "Cipher Suite", 2, into);
        if (suite?.Number is { } value) suite.Meaning = TlsNames.CipherSuites.GetValueOrDefault(value);
    }

    /// <summary>A nested layer for a list Wireshark shows as one item (cipher suites, groups), over the next <paramref name="length"/> bytes.</summary>
    private DecodedLayer List(string protocol, string title, int length) => d.Sub(message, protocol, title, position, Math.Min(length, end - position));

    /// <summary>One extension (RFC 8446 §4.2): its type and length, then its data read by its type.</summary>
    private void Extension(bool client, int extensionsEnd)
    {
        var type = d.Peek(position, 2);
        var length = d.Peek(position + 2, 2);
        var name = type is { } t ? TlsNames.Extensions.GetValueOrDefault(t) ?? $"Unknown type {t}" : "?";
        var extension = d.Sub(message, "tls", $"Extension: {name} (len={length})", position, 4 + (int)(length ?? 0));
        var typeField = d.Field(extension, "tls.handshake.extension.type", "Type", position, 2, FieldFormat.Decimal);
        typeField.Meaning = name;
        d.Field(extension, "tls.handshake.extension.len", "Length", position + 2, 2, FieldFormat.Decimal);
        position += 4;
        if (length is null)
        {
            position = extensionsEnd;
            return;
        }
        var dataEnd = Math.Min(position + (int)length, extensionsEnd);
        var reader = new Handshake(d, extension, position, dataEnd, state);
        reader.ExtensionData(type!.Value, client);
        if (reader.position < dataEnd && type is not (0 or 10 or 11 or 13 or 16 or 43 or 45 or 51 or 65281)) d.Field(extension, "tls.handshake.extension.data", "Data", reader.position, dataEnd - reader.position, FieldFormat.Bytes);
        position = dataEnd;
    }

    private void ExtensionData(ulong type, bool client)
    {
        switch (type)
        {
            case 0:
                if (position >= end) return;
                Number("tls.handshake.extensions_server_name_list_len", "Server Name list length", 2);
                while (position + 3 <= end)
                {
                    Number("tls.handshake.extensions_server_name_type", "Server Name Type", 1);
                    if (Number("tls.handshake.extensions_server_name_len", "Server Name length", 2) is not { Number: { } nameLength }) return;
                    Field("tls.handshake.extensions_server_name", "Server Name", (int)nameLength, FieldFormat.Text);
                }
                break;
            case 10:
                if (Number("tls.handshake.extensions_supported_groups_length", "Supported Groups List Length", 2) is not { Number: { } groupsLength }) return;
                var groups = List("tls.handshake.extensions_supported_groups", $"Supported Groups ({groupsLength / 2} groups)", (int)groupsLength);
                for (var i = 0; i < (int)groupsLength / 2; i++) Group(Hex("tls.handshake.extensions_supported_group", "Supported Group", 2, groups));
                break;
            case 11:
                if (Number("tls.handshake.extensions_ec_point_formats_length", "EC point formats Length", 1) is not { Number: { } formats }) return;
                var formatList = List("tls.handshake.extensions_ec_point_formats", $"Elliptic curves point formats ({formats})", (int)formats);
                for (var i = 0UL; i < formats; i++) Number("tls.handshake.extensions_ec_point_format", "EC point format", 1, formatList);
                break;
            case 13: SignatureAlgorithms(); break;
            case 16:
                if (Number("tls.handshake.extensions_alpn_len", "ALPN Extension Length", 2) is not { Number: { } alpnLength }) return;
                var protocols = List("tls.handshake.extensions_alpn_list", "ALPN Protocol", (int)alpnLength);
                while (position < end)
                {
                    if (Number("tls.handshake.extensions_alpn_str_len", "ALPN string length", 1, protocols) is not { Number: { } stringLength }) return;
                    Field("tls.handshake.extensions_alpn_str", "ALPN Next Protocol", (int)stringLength, FieldFormat.Text, protocols);
                }
                break;
            case 43:
                if (client)
                {
                    if (Number("tls.handshake.extensions.supported_versions_len", "Supported Versions length", 1) is null) return;
                    while (position + 2 <= end) Version(Hex("tls.handshake.extensions.supported_version", "Supported Version", 2));
                }
                else if (Hex("tls.handshake.extensions.supported_version", "Supported Version", 2) is { } chosen)
                {
                    Version(chosen);
                    if (chosen.Number == 0x0304) state.Tls13 = true;
                }
                break;
            case 45:
                if (Number("tls.extension.psk_ke_modes_length", "PSK Key Exchange Modes Length", 1) is not { Number: { } modes }) return;
                for (var i = 0UL; i < modes; i++) Number("tls.extension.psk_ke_mode", "PSK Key Exchange Mode", 1);
                break;
            case 51:
                if (client && Number("tls.handshake.extensions_key_share_client_length", "Client Key Share Length", 2) is null) return;
                while (position + 4 <= end)
                {
                    var entry = d.Sub(message, "tls", "Key Share Entry", position, end - position);
                    Number("tls.handshake.extensions_key_share_group", "Group", 2, entry);
                    if (Number("tls.handshake.extensions_key_share_key_exchange_length", "Key Exchange Length", 2, entry) is not { Number: { } keyLength }) return;
                    Bytes("tls.handshake.extensions_key_share_key_exchange", "Key Exchange", (int)keyLength, entry);
                    entry.Length = position - entry.Offset;
                    if (!client) return;
                }
                break;
            case 65281:
                if (Number("tls.handshake.extensions_reneg_info_len", "Renegotiation info extension length", 1) is { Number: > 0 } info)
                {
                    Bytes("tls.handshake.extensions_reneg_info", "Renegotiation info", (int)info.Number!.Value);
                }
                break;
        }
    }

    private void SignatureAlgorithms()
    {
        if (Number("tls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", 2) is not { Number: { } length }) return;
        var list = List("tls.handshake.sig_hash_algs", $"Signature Hash Algorithms ({length / 2} algorithms)", (int)length);
        for (var i = 0; i < (int)length / 2; i++) SignatureAlgorithm(list);
    }

    private void SignatureAlgorithm(DecodedLayer into)
    {
        var algorithm = Hex("tls.handshake.sig_hash_alg", "Signature Algorithm", 2, into);
        if (algorithm is null) return;
        if (algorithm.Number is { } value) algorithm.Meaning = TlsNames.SignatureSchemes.GetValueOrDefault(value);
        d.Child(algorithm, FieldSpec.Number("tls.handshake.sig_hash_hash", "Signature Hash Algorithm Hash", 0, 8), algorithm.ByteOffset);
        d.Child(algorithm, FieldSpec.Number("tls.handshake.sig_hash_sig", "Signature Hash Algorithm Signature", 0, 8), algorithm.ByteOffset + 1);
    }

    private void NewSessionTicket()
    {
        Number("tls.handshake.session_ticket_lifetime_hint", "Session Ticket Lifetime Hint", 4);
        if (Number("tls.handshake.session_ticket_length", "Session Ticket Length", 2) is { Number: { } length }) Bytes("tls.handshake.session_ticket", "Session Ticket", (int)length);
    }

    /// <summary>The certificate list of TLS 1.2 (RFC 5246 §7.4.2): each certificate's length and DER bytes.</summary>
    private void Certificates()
    {
        if (Number("tls.handshake.certificates_length", "Certificates Length", 3) is not { Number: { } total }) return;
        var list = List("tls.handshake.certificates", "Certificates", (int)total);
        while (position + 3 <= end)
        {
            if (Number("tls.handshake.certificate_length", "Certificate Length", 3, list) is not { Number: { } length }) return;
            Bytes("tls.handshake.certificate", "Certificate", (int)Math.Min(length, (ulong)(end - position)), list);
        }
    }

    /// <summary>An ECDHE ServerKeyExchange (RFC 8422 §5.4): the named curve, the server's point, and its signature.</summary>
    private void ServerKeyExchange()
    {
        if (Hex("tls.handshake.server_curve_type", "Curve Type", 1) is not { Number: 3 }) return;
        Group(Hex("tls.handshake.server_named_curve", "Named Curve", 2));
        if (Number("tls.handshake.server_point_len", "Pubkey Length", 1) is not { Number: { } pointLength }) return;
        Bytes("tls.handshake.server_point", "Pubkey", (int)pointLength);
        if (position + 4 > end) return;
        SignatureAlgorithm(message);
        if (Number("tls.handshake.sig_len", "Signature Length", 2) is { Number: { } signatureLength }) Bytes("tls.handshake.sig", "Signature", (int)signatureLength);
    }

    private static void Group(DecodedField? group)
    {
        if (group?.Number is { } value) group.Meaning = TlsNames.Groups.GetValueOrDefault(value);
    }

    private static void Version(DecodedField? version)
    {
        if (version?.Number is { } value) version.Meaning = TlsNames.Versions.GetValueOrDefault(value);
    }
}

/// <summary>Names of TLS numbers (IANA's TLS parameters registries), for the meaning column and titles.</summary>
internal static class TlsNames
{
    public static readonly IReadOnlyDictionary<ulong, string> Versions = new Dictionary<ulong, string>
    {
        [0x0300] = "SSL 3.0", [0x0301] = "TLS 1.0", [0x0302] = "TLS 1.1", [0x0303] = "TLS 1.2", [0x0304] = "TLS 1.3",
    };

    public static string VersionName(ulong? version) => version switch { 0x0300 => "SSLv3", 0x0301 => "TLSv1", 0x0302 => "TLSv1.1", 0x0303 => "TLSv1.2", 0x0304 => "TLSv1.3", _ => "TLS" };

    public static readonly IReadOnlyDictionary<ulong, string> HandshakeTypes = new Dictionary<ulong, string>
    {
        [0] = "Hello Request", [1] = "Client Hello", [2] = "Server Hello", [4] = "New Session Ticket", [5] = "End of Early Data",
        [8] = "Encrypted Extensions", [11] = "Certificate", [12] = "Server Key Exchange", [13] = "Certificate Request", [14] = "Server Hello Done",
        [15] = "Certificate Verify", [16] = "Client Key Exchange", [20] = "Finished", [22] = "Certificate Status", [24] = "Key Update",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Alerts = new Dictionary<ulong, string>
    {
        [0] = "Close Notify", [10] = "Unexpected Message", [20] = "Bad Record MAC", [22] = "Record Overflow", [40] = "Handshake Failure",
        [42] = "Bad Certificate", [43] = "Unsupported Certificate", [44] = "Certificate Revoked", [45] = "Certificate Expired",
        [46] = "Certificate Unknown", [47] = "Illegal Parameter", [48] = "Unknown CA", [49] = "Access Denied", [50] = "Decode Error",
        [51] = "Decrypt Error", [70] = "Protocol Version", [71] = "Insufficient Security", [80] = "Internal Error", [86] = "Inappropriate Fallback",
        [90] = "User Canceled", [100] = "No Renegotiation", [109] = "Missing Extension", [110] = "Unsupported Extension",
        [112] = "Unrecognized Name", [116] = "Certificate Required", [120] = "No Application Protocol",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Extensions = new Dictionary<ulong, string>
    {
        [0] = "server_name", [1] = "max_fragment_length", [5] = "status_request", [10] = "supported_groups", [11] = "ec_point_formats",
        [13] = "signature_algorithms", [14] = "use_srtp", [15] = "heartbeat", [16] = "application_layer_protocol_negotiation",
        [18] = "signed_certificate_timestamp", [21] = "padding", [22] = "encrypt_then_mac", [23] = "extended_master_secret",
        [27] = "compress_certificate", [28] = "record_size_limit", [35] = "session_ticket", [41] = "pre_shared_key", [42] = "early_data",
        [43] = "supported_versions", [44] = "cookie", [45] = "psk_key_exchange_modes", [47] = "certificate_authorities",
        [49] = "post_handshake_auth", [50] = "signature_algorithms_cert", [51] = "key_share", [57] = "quic_transport_parameters",
        [17513] = "application_settings", [65037] = "encrypted_client_hello", [65281] = "renegotiation_info",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Groups = new Dictionary<ulong, string>
    {
        [0x0017] = "secp256r1", [0x0018] = "secp384r1", [0x0019] = "secp521r1", [0x001d] = "x25519", [0x001e] = "x448",
        [0x0100] = "ffdhe2048", [0x0101] = "ffdhe3072", [0x0102] = "ffdhe4096", [0x0103] = "ffdhe6144", [0x0104] = "ffdhe8192",
        [0x11ec] = "X25519MLKEM768", [0x6399] = "X25519Kyber768Draft00",
    };

    public static readonly IReadOnlyDictionary<ulong, string> SignatureSchemes = new Dictionary<ulong, string>
    {
        [0x0201] = "rsa_pkcs1_sha1", [0x0203] = "ecdsa_sha1", [0x0401] = "rsa_pkcs1_sha256", [0x0403] = "ecdsa_secp256r1_sha256",
        [0x0501] = "rsa_pkcs1_sha384", [0x0503] = "ecdsa_secp384r1_sha384", [0x0601] = "rsa_pkcs1_sha512", [0x0603] = "ecdsa_secp521r1_sha512",
        [0x0804] = "rsa_pss_rsae_sha256", [0x0805] = "rsa_pss_rsae_sha384", [0x0806] = "rsa_pss_rsae_sha512", [0x0807] = "ed25519",
        [0x0808] = "ed448", [0x0809] = "rsa_pss_pss_sha256", [0x080a] = "rsa_pss_pss_sha384", [0x080b] = "rsa_pss_pss_sha512",
    };

    public static readonly IReadOnlyDictionary<ulong, string> CipherSuites = new Dictionary<ulong, string>
    {
        [0x1301] = "TLS_AES_128_GCM_SHA256", [0x1302] = "TLS_AES_256_GCM_SHA384", [0x1303] = "TLS_CHACHA20_POLY1305_SHA256",
        [0x00ff] = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", [0x5600] = "TLS_FALLBACK_SCSV",
        [0xc02b] = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", [0xc02c] = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        [0xc02f] = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", [0xc030] = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        [0xcca8] = "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", [0xcca9] = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        [0xc009] = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", [0xc00a] = "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        [0xc013] = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", [0xc014] = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        [0xc023] = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", [0xc024] = "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        [0xc027] = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", [0xc028] = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        [0x009c] = "TLS_RSA_WITH_AES_128_GCM_SHA256", [0x009d] = "TLS_RSA_WITH_AES_256_GCM_SHA384", [0x009e] = "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        [0x009f] = "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", [0x002f] = "TLS_RSA_WITH_AES_128_CBC_SHA", [0x0035] = "TLS_RSA_WITH_AES_256_CBC_SHA",
        [0x003c] = "TLS_RSA_WITH_AES_128_CBC_SHA256", [0x003d] = "TLS_RSA_WITH_AES_256_CBC_SHA256", [0x000a] = "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        [0x0033] = "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", [0x0039] = "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", [0x0005] = "TLS_RSA_WITH_RC4_128_SHA",
    };
}
