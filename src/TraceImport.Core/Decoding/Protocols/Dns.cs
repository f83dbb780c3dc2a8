using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// DNS (RFC 1035) on UDP and TCP port 53: the header, then each question and resource record as a nested
/// layer, names read through their compression pointers, the common record types' data and EDNS options
/// (RFC 6891) field by field, as Wireshark names them. Over TCP each message follows its 2-byte length.
/// A name whose bytes (or the bytes a pointer leads to) are masked is not read: its field is masked, and
/// where a masked length hides where the name ends, the records after it are left as data.
/// </summary>
public sealed class Dns : ProtocolLayer
{
    /// <summary>DNS over UDP: the message is the datagram.</summary>
    public static readonly Dns Udp = new(overTcp: false);

    /// <summary>DNS over TCP (RFC 1035 §4.2.2): each message after its 2-byte length.</summary>
    public static readonly Dns Tcp = new(overTcp: true);

    private readonly bool overTcp;

    private Dns(bool overTcp) : base(new HeaderSpec("dns", "Domain Name System", overTcp ? 14 : 12,
        overTcp ? [TcpLength(), .. MessageHeader().Select(f => f.Shifted(16))] : MessageHeader()))
    {
        this.overTcp = overTcp;
    }

    private static FieldSpec TcpLength() => FieldSpec.Number("dns.length", "Length", 0, 16);

    private static FieldSpec[] MessageHeader() =>
    [
        FieldSpec.Hex("dns.id", "Transaction ID", 0, 16),
        FieldSpec.Hex("dns.flags", "Flags", 16, 16) with
        {
            Bits =
            [
                FieldSpec.Flag("dns.flags.response", "Response", 16) with { Meaning = v => v == 1 ? "Message is a response" : "Message is a query" },
                FieldSpec.Named("dns.flags.opcode", "Opcode", 17, 4, FieldFormat.Decimal, DnsNames.Opcodes),
                .. FieldSpec.Flags(21, ("dns.flags.authoritative", "Authoritative"), ("dns.flags.truncated", "Truncated"),
                    ("dns.flags.recdesired", "Recursion desired"), ("dns.flags.recavail", "Recursion available"), ("dns.flags.z", "Z"),
                    ("dns.flags.authenticated", "Answer authenticated"), ("dns.flags.checkdisable", "Non-authenticated data")),
                FieldSpec.Named("dns.flags.rcode", "Reply code", 28, 4, FieldFormat.Decimal, DnsNames.ReplyCodes),
            ],
        },
        FieldSpec.Number("dns.count.queries", "Questions", 32, 16),
        FieldSpec.Number("dns.count.answers", "Answer RRs", 48, 16),
        FieldSpec.Number("dns.count.auth_rr", "Authority RRs", 64, 16),
        FieldSpec.Number("dns.count.add_rr", "Additional RRs", 80, 16),
    ];

    private static readonly FieldSpec[] DnskeyFlags =
    [
        FieldSpec.Flag("dns.dnskey.flags.zone_key", "Zone Key", 7), FieldSpec.Flag("dns.dnskey.flags.key_revoked", "Key Revoked", 8),
        FieldSpec.Flag("dns.dnskey.flags.secure_entry_point", "Key Signing Key", 15),
    ];

    private static readonly HeaderSpec QuestionTail = new("dns", "Question", 4,
    [
        FieldSpec.Named("dns.qry.type", "Type", 0, 16, FieldFormat.Decimal, DnsNames.Types),
        FieldSpec.Named("dns.qry.class", "Class", 16, 16, FieldFormat.Hex, DnsNames.Classes),
    ]);

    private static readonly HeaderSpec RecordTail = new("dns", "Resource record", 10,
    [
        FieldSpec.Named("dns.resp.type", "Type", 0, 16, FieldFormat.Decimal, DnsNames.Types),
        FieldSpec.Named("dns.resp.class", "Class", 16, 16, FieldFormat.Hex, DnsNames.Classes),
        FieldSpec.Number("dns.resp.ttl", "Time to live", 32, 32),
        FieldSpec.Number("dns.resp.len", "Data length", 64, 16),
    ]);

    /// <summary>The OPT pseudo-record (RFC 6891 §6.1.2): its class is the UDP payload size, its TTL the extended RCODE, version and flags.</summary>
    private static readonly HeaderSpec OptTail = new("dns", "OPT", 10,
    [
        FieldSpec.Named("dns.resp.type", "Type", 0, 16, FieldFormat.Decimal, DnsNames.Types),
        FieldSpec.Number("dns.rr.udp_payload_size", "UDP payload size", 16, 16),
        FieldSpec.Hex("dns.resp.ext_rcode", "Higher bits in extended RCODE", 32, 8),
        FieldSpec.Number("dns.resp.edns0_version", "EDNS0 version", 40, 8),
        FieldSpec.Hex("dns.resp.z", "Z", 48, 16) with
        {
            Bits = [FieldSpec.Flag("dns.resp.z.do", "DO bit", 48), FieldSpec.Hex("dns.resp.z.reserved", "Reserved", 49, 15) with { HexDigits = 4 }],
        },
        FieldSpec.Number("dns.resp.len", "Data length", 64, 16),
    ]);

    private static readonly HeaderSpec OptionHeader = new("dns.opt", "Option", 4,
    [
        FieldSpec.Named("dns.opt.code", "Option code", 0, 16, FieldFormat.Decimal, DnsNames.OptionCodes),
        FieldSpec.Number("dns.opt.len", "Option length", 16, 16),
    ]);

    public override DeclaredExtent? Parse(Dissection d, List<DecodedLayer> into, Slot slot)
    {
        var end = Math.Min(slot.End, d.Bytes.Length);
        if (!overTcp)
        {
            Dissect(d, into, slot.Offset, slot.End);
            return null;
        }
        var position = slot.Offset;
        while (position + 2 <= end)
        {
            var length = (int?)d.Peek(position, 2);
            var messageEnd = length is { } known ? position + 2 + known : slot.End;
            Dissect(d, into, position, messageEnd);
            if (length is null) return null;
            position = messageEnd;
        }
        if (position < end) Payload.Data(d, into, position, end);
        return null;
    }

    /// <summary>One DNS message (over TCP, its length first) from <paramref name="layerStart"/> to <paramref name="end"/>.</summary>
    private void Dissect(Dissection d, List<DecodedLayer> into, int layerStart, int end)
    {
        var start = layerStart + (overTcp ? 2 : 0);
        var response = d.Peek(start + 2, 1) is { } flags ? (flags & 0x80) != 0 : (bool?)null;
        var dns = d.Layer(into, Protocol, response switch { true => "Domain Name System (response)", false => "Domain Name System (query)", _ => Header.Title }, layerStart);
        dns.Length = Math.Min(end, d.Bytes.Length) - layerStart;
        d.Part(dns, Header, layerStart);
        if (layerStart + Header.Length > d.Bytes.Length) return;

        var message = new DomainNames(d, start, end);
        var position = layerStart + Header.Length;
        var sections = new (string Field, string Title, bool Question)[]
        {
            ("dns.count.queries", "Queries", true), ("dns.count.answers", "Answers", false),
            ("dns.count.auth_rr", "Authoritative nameservers", false), ("dns.count.add_rr", "Additional records", false),
        };
        foreach (var (countField, title, question) in sections)
        {
            if (Dissection.NumberOf(dns, countField) is not { } count)
            {
                d.Rest(dns, position, end, $"{countField} is not known");
                return;
            }
            if (count == 0) continue;
            var section = d.Sub(dns, "dns", title, position, 0);
            for (var i = 0UL; i < count && position < end; i++)
            {
                var next = question ? Question(d, section, message, position) : Record(d, section, message, position);
                if (next is null)
                {
                    section.Length = Math.Min(end, d.Bytes.Length) - section.Offset;
                    return;
                }
                position = next.Value;
            }
            section.Length = Math.Min(position, d.Bytes.Length) - section.Offset;
            if (position > end) return;
        }
        if (position < Math.Min(end, d.Bytes.Length)) d.Rest(dns, position, end, "after the records the header counts");
    }

    /// <summary>A question: name, type, class. Returns where the next one starts, or null when that cannot be known.</summary>
    private static int? Question(Dissection d, DecodedLayer section, DomainNames message, int offset)
    {
        var name = message.ReadName(offset);
        var title = name.End < 0 ? name.Shown : $"{name.Shown}: type {DnsNames.TypeName(d.Peek(name.End, 2))}, class {ClassName(d.Peek(name.End + 2, 2))}";
        var record = d.Sub(section, "dns", title, offset, 0);
        if (!name.AddTo(d, record, "dns.qry.name", "Name", offset, withLength: true))
        {
            d.Rest(record, offset, message.End, name.Note ?? "the name's end is not known");
            record.Length = Math.Min(message.End, d.Bytes.Length) - offset;
            return null;
        }
        d.Part(record, QuestionTail, name.End);
        record.Length = Math.Min(name.End + QuestionTail.Length, d.Bytes.Length) - offset;
        return name.End + QuestionTail.Length;
    }

    /// <summary>A resource record: name, type, class, TTL, data length and the data. Returns where the next one starts, or null.</summary>
    private static int? Record(Dissection d, DecodedLayer section, DomainNames message, int offset)
    {
        var name = message.ReadName(offset);
        var tail = name.End;
        var type = tail < 0 ? null : d.Peek(tail, 2);
        var isOpt = type == 41;
        var title = tail < 0 ? name.Shown
            : isOpt ? $"{name.Shown}: type OPT" : $"{name.Shown}: type {DnsNames.TypeName(type)}, class {ClassName(d.Peek(tail + 2, 2))}";
        var record = d.Sub(section, "dns", title, offset, 0);
        if (!(type == 33 && ServiceName(d, record, name)) && !name.AddTo(d, record, "dns.resp.name", "Name", offset, withLength: false))
        {
            d.Rest(record, offset, message.End, name.Note ?? "the name's end is not known");
            record.Length = Math.Min(message.End, d.Bytes.Length) - offset;
            return null;
        }
        d.Part(record, isOpt ? OptTail : RecordTail, tail);
        var dataStart = tail + RecordTail.Length;
        if (Dissection.NumberOf(record, "dns.resp.len") is not { } dataLength)
        {
            d.Rest(record, dataStart, message.End, "the data length is not known");
            record.Length = Math.Min(message.End, d.Bytes.Length) - offset;
            return null;
        }
        var dataEnd = dataStart + (int)dataLength;
        record.Length = Math.Min(dataEnd, d.Bytes.Length) - offset;
        if (dataEnd > message.End) record.Field("dns.resp.len")!.Bad($"the message ends {dataEnd - message.End} byte(s) before this record's data does");
        if (dataLength > 0 && type is { } known) new RecordData(d, record, message, dataStart, Math.Min(dataEnd, message.End)).Read(known);
        return dataEnd;
    }

    /// <summary>
    /// An SRV record's owner name as Wireshark shows it, in place of its name: the service, the protocol and the
    /// domain (RFC 2782's _Service._Proto.Name), each over the name's bytes. False when the name does not split so.
    /// </summary>
    private static bool ServiceName(Dissection d, DecodedLayer record, DomainNames.Name name)
    {
        if (name.Text is not { } text || name.InPlace is not var (at, length) || name.End > d.Bytes.Length) return false;
        var labels = text.Split('.', 3);
        if (labels.Length != 3) return false;
        d.Field(record, "dns.srv.service", "Service", at, length, FieldFormat.Text).Value = labels[0];
        d.Field(record, "dns.srv.proto", "Protocol", at, length, FieldFormat.Text).Value = labels[1];
        d.Field(record, "dns.srv.name", "Name", at, length, FieldFormat.Text).Value = labels[2];
        return true;
    }

    private static string ClassName(ulong? value) =>
        value is { } known ? DnsNames.Classes.GetValueOrDefault(known) ?? $"0x{known:x4}" : "?";

    /// <summary>The data of one record, read by its type; what a type's layout does not cover stays data.</summary>
    private sealed class RecordData(Dissection d, DecodedLayer record, DomainNames message, int start, int end)
    {
        private int position = start;

        public void Read(ulong type)
        {
            switch (type)
            {
                case 1: Field("dns.a", "Address", 4, FieldFormat.Ipv4); break;
                case 28: Field("dns.aaaa", "AAAA Address", 16, FieldFormat.Ipv6); break;
                case 2: Name("dns.ns", "Name Server"); break;
                case 5: Name("dns.cname", "CNAME"); break;
                case 12: Name("dns.ptr.domain_name", "Domain Name"); break;
                case 39: Name("dns.dname", "Target name"); break;
                case 6:
                    if (Name("dns.soa.mname", "Primary name server") && Name("dns.soa.rname", "Responsible authority's mailbox"))
                    {
                        Number("dns.soa.serial_number", "Serial Number", 4);
                        Number("dns.soa.refresh_interval", "Refresh Interval", 4);
                        Number("dns.soa.retry_interval", "Retry Interval", 4);
                        Number("dns.soa.expire_limit", "Expire limit", 4);
                        Number("dns.soa.minimum_ttl", "Minimum TTL", 4);
                    }
                    break;
                case 13:
                    CharacterString("dns.hinfo.cpu_length", "dns.hinfo.cpu", "CPU");
                    CharacterString("dns.hinfo.os_length", "dns.hinfo.os", "OS");
                    break;
                case 15:
                    Number("dns.mx.preference", "Preference", 2);
                    Name("dns.mx.mail_exchange", "Mail Exchange");
                    break;
                case 16 or 99:
                    var (lengthName, textName) = type == 16 ? ("dns.txt.length", "dns.txt") : ("dns.spf.length", "dns.spf");
                    while (position < end && CharacterString(lengthName, textName, "TXT")) { }
                    break;
                case 33: Service(); break;
                case 35:
                    Number("dns.naptr.order", "Order", 2);
                    Number("dns.naptr.preference", "Preference", 2);
                    CharacterString("dns.naptr.flags_length", "dns.naptr.flags", "Flags");
                    CharacterString("dns.naptr.service_length", "dns.naptr.service", "Service");
                    CharacterString("dns.naptr.regex_length", "dns.naptr.regex", "Regex");
                    Name("dns.naptr.replacement", "Replacement");
                    break;
                case 41: Options(); break;
                case 43 or 59 or 32769:
                    Number("dns.ds.key_id", "Key id", 2, FieldFormat.Hex);
                    Number("dns.ds.algorithm", "Algorithm", 1);
                    Number("dns.ds.digest_type", "Digest Type", 1);
                    Field("dns.ds.digest", "Digest", end - position, FieldFormat.Bytes);
                    break;
                case 44:
                    Number("dns.sshfp.algorithm", "Algorithm", 1);
                    Number("dns.sshfp.fingerprint.type", "Fingerprint type", 1);
                    Field("dns.sshfp.fingerprint", "Fingerprint", end - position, FieldFormat.Bytes);
                    break;
                case 46 or 24: Signature(); break;
                case 47:
                    if (Name("dns.nsec.next_domain_name", "Next Domain Name")) TypeBitmap();
                    break;
                case 48 or 25 or 60: Key(type == 25 ? "dns.key" : "dns.dnskey"); break;
                case 50 or 51: HashedNext(type == 50); break;
                case 52 or 53:
                    Number("dns.tlsa.certificate_usage", "Certificate Usage", 1);
                    Number("dns.tlsa.selector", "Selector", 1);
                    Number("dns.tlsa.matching_type", "Matching Type", 1);
                    Field("dns.tlsa.certificate_association_data", "Certificate Association Data", end - position, FieldFormat.Bytes);
                    break;
                case 64 or 65: ServiceBinding(); break;
                case 257: CertificationAuthority(); break;
                case 17:
                    if (Name("dns.rp.mailbox", "Mailbox")) Name("dns.rp.txt_rr", "TXT RR");
                    break;
                case 29 when end - position == 16:
                    Number("dns.loc.version", "Version", 1);
                    Number("dns.loc.size", "Size", 1);
                    Number("dns.loc.horizontal_precision", "Horizontal Precision", 1);
                    Number("dns.loc.vertical_precision", "Vertical Precision", 1);
                    Number("dns.loc.latitude", "Latitude", 4);
                    Number("dns.loc.longitude", "Longitude", 4);
                    Number("dns.loc.altitude", "Altitude", 4);
                    break;
                default:
                    Field("dns.data", "Data", end - position, FieldFormat.Bytes);
                    break;
            }
            if (position < end) d.Rest(record, position, end, "record data this decoder does not read");
        }

        private DecodedField? Field(string name, string label, int count, FieldFormat format)
        {
            if (count <= 0 || position + count > end) return null;
            var field = d.Field(record, name, label, position, count, format);
            position += count;
            return field;
        }

        private DecodedField? Number(string name, string label, int count, FieldFormat format = FieldFormat.Decimal) => Field(name, label, count, format);

        /// <summary>A name in the data; false when where it ends is not known (nothing after it can be read).</summary>
        private bool Name(string name, string label)
        {
            if (position >= end) return false;
            var read = message.ReadName(position);
            if (!read.AddTo(d, record, name, label, position, withLength: false, limit: end))
            {
                d.Rest(record, position, end, read.Note ?? "the name's end is not known");
                position = end;
                return false;
            }
            position = read.End;
            return true;
        }

        /// <summary>A &lt;character-string&gt;: a length byte, then that many bytes of text. False when the length is not known.</summary>
        private bool CharacterString(string lengthName, string textName, string label)
        {
            if (Number(lengthName, $"{label} Length", 1) is not { Number: { } length }) return false;
            if (length > 0) Field(textName, label, (int)Math.Min(length, (ulong)(end - position)), FieldFormat.Text);
            return true;
        }

        /// <summary>SRV (RFC 2782): priority, weight, port and target (the owner name's parts are read with the record's name).</summary>
        private void Service()
        {
            Number("dns.srv.priority", "Priority", 2);
            Number("dns.srv.weight", "Weight", 2);
            Number("dns.srv.port", "Port", 2);
            Name("dns.srv.target", "Target");
        }

        private void Signature()
        {
            if (Number("dns.rrsig.type_covered", "Type Covered", 2) is { Number: { } covered } typeCovered) typeCovered.Meaning = DnsNames.Types.GetValueOrDefault(covered);
            Number("dns.rrsig.algorithm", "Algorithm", 1);
            Number("dns.rrsig.labels", "Labels", 1);
            Number("dns.rrsig.original_ttl", "Original TTL", 4);
            Time("dns.rrsig.signature_expiration", "Signature Expiration");
            Time("dns.rrsig.signature_inception", "Signature Inception");
            Number("dns.rrsig.key_tag", "Key Tag", 2);
            if (Name("dns.rrsig.signers_name", "Signer's name")) Field("dns.rrsig.signature", "Signature", end - position, FieldFormat.Bytes);
        }

        private void Time(string name, string label) =>
            Field(name, label, 4, FieldFormat.Bytes)?.ShowAs(d.Bytes, b => Structure.AbsoluteTime((long)Structure.Unsigned(b)));

        private void Key(string prefix)
        {
            var flags = Number($"{prefix}.flags", "Flags", 2, FieldFormat.Hex);
            if (flags is not null && prefix == "dns.dnskey")
            {
                foreach (var bit in DnskeyFlags) d.Child(flags, bit, flags.ByteOffset);
                var reserved = d.Child(flags, FieldSpec.Hex("dns.dnskey.flags.reserved", "Reserved", 0, 16), flags.ByteOffset);
                if (reserved.Number is { } all) reserved.Value = $"0x{all & 0xfe7e:x4}";
            }
            Number($"{prefix}.protocol", "Protocol", 1);
            Number($"{prefix}.algorithm", "Algorithm", 1);
            Field($"{prefix}.public_key", "Public Key", end - position, FieldFormat.Bytes);
        }

        /// <summary>NSEC3 (RFC 5155 §3.2) and NSEC3PARAM (§4.2).</summary>
        private void HashedNext(bool withHash)
        {
            Number("dns.nsec3.algo", "Hash algorithm", 1);
            var flags = Number("dns.nsec3.flags", "Flags", 1);
            if (flags is not null) d.Child(flags, FieldSpec.Flag("dns.nsec3.flags.opt_out", "NSEC3 Opt-out flag", 7), flags.ByteOffset);
            Number("dns.nsec3.iterations", "Iterations", 2);
            if (Number("dns.nsec3.salt_length", "Salt length", 1) is not { Number: { } salt }) return;
            if (salt > 0) Field("dns.nsec3.salt_value", "Salt value", (int)salt, FieldFormat.Bytes);
            if (!withHash || Number("dns.nsec3.hash_length", "Hash length", 1) is not { Number: { } hash }) return;
            Field("dns.nsec3.hash_value", "Next hashed owner", (int)hash, FieldFormat.Bytes)?.ShowAs(d.Bytes, Base32Hex);
            TypeBitmap();
        }

        /// <summary>
        /// The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2), as Wireshark shows them: each type a set bit
        /// names, on the byte that holds the bit (the window number and length bytes have no field of their own).
        /// </summary>
        private void TypeBitmap()
        {
            while (position + 2 <= end)
            {
                if (d.Peek(position, 2) is not { } windowAndLength) return;
                var (window, length) = ((int)(windowAndLength >> 8), (int)(windowAndLength & 0xFF));
                position += 2;
                for (var i = 0; i < length && position < end; i++, position++)
                {
                    if (d.Peek(position, 1) is not { } bits) continue;
                    for (var bit = 0; bit < 8; bit++)
                    {
                        if ((bits & (0x80UL >> bit)) == 0) continue;
                        var type = (ulong)(window * 256 + i * 8 + bit);
                        var field = d.Field(record, "dns.resp.type", "RR type in bit map", position, 1, FieldFormat.Bytes);
                        field.Value = type.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        field.Meaning = DnsNames.Types.GetValueOrDefault(type);
                    }
                }
            }
        }

        /// <summary>SVCB and HTTPS (RFC 9460): priority, target, and each parameter's key, length and value.</summary>
        private void ServiceBinding()
        {
            Number("dns.svcb.svcpriority", "SvcPriority", 2);
            if (!Name("dns.svcb.targetname", "TargetName")) return;
            while (position + 4 <= end)
            {
                var parameter = d.Sub(record, "dns.svcb.svcparam", "SvcParam", position, 4);
                var key = d.Field(parameter, "dns.svcb.svcparam.key", "SvcParamKey", position, 2, FieldFormat.Decimal).Number;
                var length = d.Field(parameter, "dns.svcb.svcparam.value.length", "SvcParamValue length", position + 2, 2, FieldFormat.Decimal).Number;
                if (length is null) return;
                var valueStart = position + 4;
                var valueEnd = Math.Min(valueStart + (int)length, end);
                parameter.Length = valueEnd - position;
                ServiceParameter(parameter, key, valueStart, valueEnd);
                position = valueEnd;
            }
        }

        private void ServiceParameter(DecodedLayer parameter, ulong? key, int start, int stop)
        {
            switch (key)
            {
                case 0:
                    for (var at = start; at + 2 <= stop; at += 2) d.Field(parameter, "dns.svcb.svcparam.mandatory.key", "Mandatory key", at, 2, FieldFormat.Decimal);
                    return;
                case 1:
                    for (var at = start; at < stop;)
                    {
                        var length = d.Field(parameter, "dns.svcb.svcparam.alpn.length", "ALPN length", at, 1, FieldFormat.Decimal).Number;
                        if (length is null) return;
                        d.Field(parameter, "dns.svcb.svcparam.alpn", "ALPN", at + 1, (int)Math.Min(length.Value, (ulong)(stop - at - 1)), FieldFormat.Text);
                        at += 1 + (int)length;
                    }
                    return;
                case 3 when stop - start == 2: d.Field(parameter, "dns.svcb.svcparam.port", "Port", start, 2, FieldFormat.Decimal); return;
                case 4:
                    for (var at = start; at + 4 <= stop; at += 4) d.Field(parameter, "dns.svcb.svcparam.ipv4hint.ip", "IP", at, 4, FieldFormat.Ipv4);
                    return;
                case 5: d.Field(parameter, "dns.svcb.svcparam.echconfig", "ECHConfig", start, stop - start, FieldFormat.Bytes); return;
                case 6:
                    for (var at = start; at + 16 <= stop; at += 16) d.Field(parameter, "dns.svcb.svcparam.ipv6hint.ip", "IP", at, 16, FieldFormat.Ipv6);
                    return;
                default:
                    if (stop > start) d.Field(parameter, "dns.svcb.svcparam.value", "SvcParamValue", start, stop - start, FieldFormat.Bytes);
                    return;
            }
        }

        /// <summary>CAA (RFC 8659): flags, then the property, shown as Wireshark shows it, by its tag.</summary>
        private void CertificationAuthority()
        {
            var flags = Number("dns.caa.flags", "CAA Flags", 1, FieldFormat.Hex);
            if (flags is not null) d.Child(flags, FieldSpec.Flag("dns.caa.flags.issuer_critical", "Issuer Critical", 0), flags.ByteOffset);
            if (position >= end || !d.Bytes.IsKnown(position, 1)) return;
            var tagLength = d.Bytes.Data[position];
            var tagEnd = Math.Min(position + 1 + tagLength, end);
            var tag = d.Bytes.IsKnown(position + 1, tagEnd - position - 1) ? Encoding.ASCII.GetString(d.Bytes.Data, position + 1, tagEnd - position - 1) : null;
            var name = tag switch { "issue" => "dns.caa.issue", "issuewild" => "dns.caa.issuewild", "iodef" => "dns.caa.iodef", _ => "dns.caa.unknown" };
            var property = d.Field(record, name, tag ?? "Property", position, end - position, FieldFormat.Text);
            d.Child(property, FieldSpec.Number("dns.caa.tag_length", "Tag length", 0, 8), position);
            d.Child(property, new FieldSpec("dns.caa.tag", "Tag", 0, (tagEnd - position - 1) * 8, FieldFormat.Text), position + 1);
            property.Value = d.Child(property, new FieldSpec("dns.caa.value", "Value", 0, (end - tagEnd) * 8, FieldFormat.Text), tagEnd).Value;
            position = end;
        }

        /// <summary>EDNS options (RFC 6891 §6.1.2), each a nested layer; the common ones read field by field.</summary>
        private void Options()
        {
            while (position + 4 <= end)
            {
                var code = d.Peek(position, 2);
                var title = code is { } known ? $"Option: {DnsNames.OptionCodes.GetValueOrDefault(known) ?? $"Unknown ({known})"}" : "Option";
                var option = d.Sub(record, "dns.opt", title, position, 4);
                d.Part(option, OptionHeader, position);
                if (Dissection.NumberOf(option, "dns.opt.len") is not { } length)
                {
                    d.Rest(option, position + 4, end, "the option's length is not known");
                    option.Length = end - position;
                    position = end;
                    return;
                }
                var dataStart = position + 4;
                var dataEnd = Math.Min(dataStart + (int)length, end);
                option.Length = dataEnd - position;
                if (dataEnd > dataStart)
                {
                    d.Field(option, "dns.opt.data", "Option data", dataStart, dataEnd - dataStart, FieldFormat.Bytes);
                    Option(option, code, dataStart, dataEnd);
                }
                position = dataEnd;
            }
        }

        private void Option(DecodedLayer option, ulong? code, int start, int stop)
        {
            switch (code)
            {
                case 8 when stop - start >= 4:
                    var family = d.Field(option, "dns.opt.client.family", "Family", start, 2, FieldFormat.Decimal).Number;
                    d.Field(option, "dns.opt.client.netmask", "Source Netmask", start + 2, 1, FieldFormat.Decimal);
                    d.Field(option, "dns.opt.client.scope", "Scope Netmask", start + 3, 1, FieldFormat.Decimal);
                    var (name, width) = family switch { 1 => ("dns.opt.client.addr4", 4), 2 => ("dns.opt.client.addr6", 16), _ => ("dns.opt.client.addr", 0) };
                    if (stop - start - 4 is var count and > 0)
                    {
                        var address = d.Field(option, name, "Client Subnet", start + 4, count, FieldFormat.Bytes);
                        if (width > 0 && count <= width) address.ShowAs(d.Bytes, b => Padded(b, width));
                    }
                    return;
                case 10:
                    d.Field(option, "dns.opt.cookie.client", "Client Cookie", start, Math.Min(8, stop - start), FieldFormat.Bytes);
                    if (stop - start > 8) d.Field(option, "dns.opt.cookie.server", "Server Cookie", start + 8, stop - start - 8, FieldFormat.Bytes);
                    return;
                case 11 when stop - start == 2: d.Field(option, "dns.opt.edns_tcp_keepalive.timeout", "Timeout", start, 2, FieldFormat.Decimal); return;
                case 12: d.Field(option, "dns.opt.padding", "Padding", start, stop - start, FieldFormat.Bytes); return;
                case 5 or 6 or 7:
                    var list = code switch { 5 => "dns.opt.dau", 6 => "dns.opt.dhu", _ => "dns.opt.n3u" };
                    for (var at = start; at < stop; at++) d.Field(option, list, "Algorithm", at, 1, FieldFormat.Decimal);
                    return;
                case 13:
                    var fqdn = message.ReadName(start);
                    fqdn.AddTo(d, option, "dns.opt.chain.fqdn", "Closest trust point", start, withLength: false, limit: stop);
                    return;
                case 15 when stop - start >= 2:
                    d.Field(option, "dns.opt.ext_error.info_code", "Info code", start, 2, FieldFormat.Decimal);
                    if (stop - start > 2) d.Field(option, "dns.opt.ext_error.extra_text", "Extra text", start + 2, stop - start - 2, FieldFormat.Text);
                    return;
            }
        }

        /// <summary>An address cut to its prefix (ECS, RFC 7871 §6), shown with the bytes left out as zeros.</summary>
        private static string Padded(ReadOnlySpan<byte> bytes, int width)
        {
            var address = new byte[width];
            bytes.CopyTo(address);
            return width == 4 ? string.Join('.', address) : new System.Net.IPAddress(address).ToString();
        }

        /// <summary>The base32hex of RFC 4648 §7, as NSEC3 owner hashes are written (upper case, no padding), as Wireshark shows them.</summary>
        private static string Base32Hex(ReadOnlySpan<byte> bytes)
        {
            const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
            var text = new StringBuilder();
            int buffer = 0, bits = 0;
            foreach (var b in bytes)
            {
                buffer = buffer << 8 | b;
                bits += 8;
                while (bits >= 5)
                {
                    text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                    bits -= 5;
                }
            }
            if (bits > 0) text.Append(alphabet[(buffer << (5 - bits)) & 31]);
            return text.ToString().ToLowerInvariant();
        }
    }
}

/// <summary>Names of DNS numbers, for the meaning column (IANA's DNS parameters registry).</summary>
internal static class DnsNames
{
    public static readonly IReadOnlyDictionary<ulong, string> Types = new Dictionary<ulong, string>
    {
        [1] = "A", [2] = "NS", [5] = "CNAME", [6] = "SOA", [12] = "PTR", [13] = "HINFO", [15] = "MX", [16] = "TXT", [17] = "RP",
        [18] = "AFSDB", [24] = "SIG", [25] = "KEY", [28] = "AAAA", [29] = "LOC", [33] = "SRV", [35] = "NAPTR", [36] = "KX", [37] = "CERT",
        [39] = "DNAME", [41] = "OPT", [42] = "APL", [43] = "DS", [44] = "SSHFP", [45] = "IPSECKEY", [46] = "RRSIG", [47] = "NSEC",
        [48] = "DNSKEY", [49] = "DHCID", [50] = "NSEC3", [51] = "NSEC3PARAM", [52] = "TLSA", [53] = "SMIMEA", [59] = "CDS",
        [60] = "CDNSKEY", [61] = "OPENPGPKEY", [62] = "CSYNC", [63] = "ZONEMD", [64] = "SVCB", [65] = "HTTPS", [99] = "SPF",
        [249] = "TKEY", [250] = "TSIG", [251] = "IXFR", [252] = "AXFR", [255] = "ANY", [256] = "URI", [257] = "CAA", [32769] = "DLV",
    };

    public static string TypeName(ulong? type) => type is { } t ? Types.GetValueOrDefault(t) ?? $"Unknown ({t})" : "?";

    public static readonly IReadOnlyDictionary<ulong, string> Classes = new Dictionary<ulong, string>
    {
        [1] = "IN", [3] = "CH", [4] = "HS", [254] = "NONE", [255] = "ANY",
    };

    public static readonly IReadOnlyDictionary<ulong, string> Opcodes = new Dictionary<ulong, string>
    {
        [0] = "Standard query", [1] = "Inverse query", [2] = "Server status request", [4] = "Zone change notification",
        [5] = "Dynamic update", [6] = "DNS Stateful operations (DSO)",
    };

    public static readonly IReadOnlyDictionary<ulong, string> ReplyCodes = new Dictionary<ulong, string>
    {
        [0] = "No error", [1] = "Format error", [2] = "Server failure", [3] = "No such name", [4] = "Not implemented", [5] = "Refused",
        [6] = "Name exists", [7] = "RRset exists", [8] = "RRset does not exist", [9] = "Not authoritative", [10] = "Name out of zone",
    };

    public static readonly IReadOnlyDictionary<ulong, string> OptionCodes = new Dictionary<ulong, string>
    {
        [1] = "LLQ - Long-lived query", [2] = "UL - Update lease", [3] = "NSID - Name Server Identifier", [5] = "DAU - DNSSEC Algorithm Understood",
        [6] = "DHU - DS Hash Understood", [7] = "N3U - NSEC3 Hash Understood", [8] = "CSUBNET - Client subnet", [9] = "EDNS EXPIRE",
        [10] = "COOKIE", [11] = "EDNS TCP Keepalive", [12] = "Padding", [13] = "CHAIN", [14] = "EDNS Key Tag", [15] = "Extended DNS Error",
    };
}
