namespace TraceImport.Redaction;

/// <summary>How a field holds a host name in the packet's bytes.</summary>
public enum NameEncoding
{
    /// <summary>The name as text (an HTTP Host header, a TLS server name), perhaps with a :port after it, perhaps inside the field's line.</summary>
    Text,
    /// <summary>
    /// DNS labels, each after its length, ending in a zero or in a pointer to labels elsewhere (RFC 1035 §4.1.4);
    /// a field that may hold either (DHCP's client FQDN, RFC 4702 §2.3) is written as text where its bytes spell the name.
    /// </summary>
    DnsLabels,
}

/// <summary>
/// The decoded fields that hold host names, by their Wireshark names. Addresses need no such table:
/// every decoded field that reads as a MAC, IPv4 or IPv6 address is one, whatever its protocol, but
/// for the few in <see cref="NotAddresses"/>. A protocol whose layer decodes a name adds its field here,
/// and redaction finds and replaces it; other text fields are searched for printed addresses and names.
/// </summary>
public static class NameFields
{
    public static IReadOnlyDictionary<string, NameEncoding> ByField { get; } = new Dictionary<string, NameEncoding>(StringComparer.Ordinal)
    {
        ["dns.qry.name"] = NameEncoding.DnsLabels,
        ["dns.resp.name"] = NameEncoding.DnsLabels,
        // An SRV owner name (_service._proto.name) is decoded as three fields over the same labels: the first stands for the whole.
        ["dns.srv.service"] = NameEncoding.DnsLabels,
        ["dns.cname"] = NameEncoding.DnsLabels,
        ["dns.dname"] = NameEncoding.DnsLabels,
        ["dns.ns"] = NameEncoding.DnsLabels,
        ["dns.ptr.domain_name"] = NameEncoding.DnsLabels,
        ["dns.mx.mail_exchange"] = NameEncoding.DnsLabels,
        ["dns.srv.target"] = NameEncoding.DnsLabels,
        ["dns.soa.mname"] = NameEncoding.DnsLabels,
        ["dns.soa.rname"] = NameEncoding.DnsLabels,
        ["dns.naptr.replacement"] = NameEncoding.DnsLabels,
        ["dns.nsec.next_domain_name"] = NameEncoding.DnsLabels,
        ["dns.rp.mailbox"] = NameEncoding.DnsLabels,
        ["dns.rp.txt_rr"] = NameEncoding.DnsLabels,
        ["dns.rrsig.signers_name"] = NameEncoding.DnsLabels,
        ["dns.svcb.targetname"] = NameEncoding.DnsLabels,
        ["dns.opt.chain.fqdn"] = NameEncoding.DnsLabels,
        ["dhcp.option.dhcp_dns_domain_search_list_fqdn"] = NameEncoding.DnsLabels,
        ["dhcp.fqdn.name"] = NameEncoding.DnsLabels,
        ["dhcpv6.search_list_entry"] = NameEncoding.DnsLabels,
        ["dhcpv6.sip_server_domain_search_fqdn"] = NameEncoding.DnsLabels,
        ["dhcpv6.client_domain"] = NameEncoding.DnsLabels,
        ["dhcp.option.hostname"] = NameEncoding.Text,
        ["dhcp.option.domain_name"] = NameEncoding.Text,
        ["syslog.hostname"] = NameEncoding.Text,
        ["http.host"] = NameEncoding.Text,
        ["tls.handshake.extensions_server_name"] = NameEncoding.Text,
    };

    /// <summary>
    /// The fields decoded as the other parts of a name that one field of <see cref="ByField"/> stands for
    /// (an SRV owner name's protocol and name): replaced with it, never on their own.
    /// </summary>
    public static IReadOnlySet<string> PartsOfNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "dns.srv.proto", "dns.srv.name" };

    /// <summary>
    /// Fields that read as an address but hold a constant: DHCP's magic cookie (RFC 2131 §3) is an IPv4
    /// field in Wireshark (99.130.83.99); replaced, the options after it would no longer decode.
    /// </summary>
    public static IReadOnlySet<string> NotAddresses { get; } = new HashSet<string>(StringComparer.Ordinal) { "dhcp.cookie" };
}
