namespace TraceImport.Grammars.PacketMonitor;

/// <summary>The service names packet_monitor prints for well-known ports ("172.16.30.3.ftp").</summary>
public static class ServiceNames
{
    private static readonly Dictionary<string, ushort> Ports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ftp-data"] = 20, ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["time"] = 37, ["domain"] = 53,
        ["bootps"] = 67, ["bootpc"] = 68, ["tftp"] = 69, ["gopher"] = 70, ["finger"] = 79, ["http"] = 80, ["www"] = 80,
        ["pop2"] = 109, ["pop3"] = 110, ["sunrpc"] = 111, ["auth"] = 113, ["nntp"] = 119, ["ntp"] = 123,
        ["netbios-ns"] = 137, ["netbios-dgm"] = 138, ["netbios-ssn"] = 139, ["imap"] = 143, ["imap2"] = 143,
        ["snmp"] = 161, ["snmp-trap"] = 162, ["bgp"] = 179, ["ldap"] = 389, ["https"] = 443, ["microsoft-ds"] = 445,
        ["exec"] = 512, ["biff"] = 512, ["login"] = 513, ["who"] = 513, ["shell"] = 514, ["syslog"] = 514, ["printer"] = 515,
        ["talk"] = 517, ["ntalk"] = 518, ["route"] = 520, ["uucp"] = 540, ["submission"] = 587, ["nfs"] = 2049,
    };

    public static ushort? Port(string text) =>
        ushort.TryParse(text, out var number) ? number : Ports.TryGetValue(text, out var named) ? named : null;
}
