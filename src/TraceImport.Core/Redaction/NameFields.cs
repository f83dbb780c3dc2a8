namespace TraceImport.Redaction;

/// <summary>How a field holds a host name in the packet's bytes.</summary>
public enum NameEncoding
{
    /// <summary>The name as text (an HTTP Host header, a TLS server name), perhaps with a :port after it.</summary>
    Text,
    /// <summary>DNS labels, each after its length, ending in a zero or in a pointer to labels elsewhere (RFC 1035 §4.1.4).</summary>
    DnsLabels,
}

/// <summary>
/// The decoded fields that hold host names, by their Wireshark names. Addresses need no such table:
/// every decoded field that reads as a MAC, IPv4 or IPv6 address is one, whatever its protocol. A
/// protocol whose layer decodes a name adds its field here, and redaction finds and replaces it.
/// </summary>
public static class NameFields
{
    public static IReadOnlyDictionary<string, NameEncoding> ByField { get; } = new Dictionary<string, NameEncoding>(StringComparer.Ordinal)
    {
        ["dns.qry.name"] = NameEncoding.DnsLabels,
        ["dns.resp.name"] = NameEncoding.DnsLabels,
        ["dns.cname"] = NameEncoding.DnsLabels,
        ["dns.ns"] = NameEncoding.DnsLabels,
        ["dns.ptr.domain_name"] = NameEncoding.DnsLabels,
        ["dns.mx.mail_exchange"] = NameEncoding.DnsLabels,
        ["dns.srv.target"] = NameEncoding.DnsLabels,
        ["dns.soa.mname"] = NameEncoding.DnsLabels,
        ["dns.soa.rname"] = NameEncoding.DnsLabels,
        ["http.host"] = NameEncoding.Text,
        ["tls.handshake.extensions_server_name"] = NameEncoding.Text,
    };
}
