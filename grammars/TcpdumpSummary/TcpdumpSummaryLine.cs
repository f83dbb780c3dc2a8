using TraceImport.Decoding.Protocols;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.TcpdumpSummary;

/// <summary>One of tcpdump's timestamps: time of day (also -ttt and -ttttt), -tttt date and time, -tt seconds since the epoch.</summary>
public sealed record SummaryTime(DateOnly? Date, TimeOfDay? TimeOfDay, EpochTime? Epoch);

/// <summary>What precedes the packet's own words: -# number, timestamp, -i any's interface and direction.</summary>
public sealed record SummaryPrefix(int? Number, SummaryTime? Time, string? Interface, Direction Direction, char? PacketType);

/// <summary>The link layer tcpdump -e prints: Ethernet's addresses, a cooked capture's fields, the frame length.</summary>
public abstract record LinkHeader(int? FrameLength)
{
    /// <summary>"02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: "; EtherType null for 802.3 frames.</summary>
    public sealed record Ethernet(byte[] Source, byte[] Destination, ushort? EtherType, int? Length) : LinkHeader(Length);

    /// <summary>"Out 02:00:00:00:00:0a ethertype IPv4 (0x0800), length 76: " (v1) or "ifindex 374 02:…:0a ethertype …" (v2).</summary>
    public sealed record Cooked(int? InterfaceIndex, byte[]? Address, ushort EtherType, int? Length) : LinkHeader(Length);
}

/// <summary>"vlan 100, p 3, ethertype IPv4 (0x0800), ": an 802.1Q tag and the EtherType after it.</summary>
public sealed record VlanTag(ushort Id, byte Priority, bool DropEligible, ushort EtherType);

/// <summary>An address or name and, for TCP and UDP, a port, as tcpdump prints them ("10.0.0.1.51270", "server.http", "fd00::1").</summary>
public sealed record HostPort(string Host, string? Port)
{
    public override string ToString() => Port is null ? Host : $"{Host}.{Port}";
}

/// <summary>"IP (tos 0x0, ttl 64, …)": the items of a verbose IP header, each its word and the text after it.</summary>
public sealed record HeaderItems(IReadOnlyList<(string Word, string Value)> Items);

/// <summary>A TCP segment as tcpdump prints it, new syntax ("Flags [S.], seq 1, ack 2, win 3, options […], length 0") or 3.x ("S 1:1(0) win 3 &lt;mss 1460&gt;").</summary>
public sealed record TcpSummary(
    string Flags, ushort? Checksum, bool? ChecksumCorrect, uint? Seq, uint? SeqEnd, uint? Ack, ushort? Window, ushort? Urgent,
    IReadOnlyList<TcpOptionText>? Options, int? Length, bool Truncated, string? Application);

/// <summary>One TCP option as printed: the option when its bytes are all stated, or what the text says of it.</summary>
public sealed record TcpOptionText(TcpOption? Option, byte? Kind, int? Size, IReadOnlyList<(uint Left, uint Right)>? SackBlocks, string Text);

/// <summary>An ICMP or ICMPv6 message: the type and code its words name, and the fields it prints.</summary>
public sealed record IcmpSummary(byte Type, byte Code, ushort? Identifier, ushort? Sequence, ushort? Mtu, byte? Pointer, string? Gateway,
    int? Length, QuotedDatagram? Quote);

/// <summary>What an ICMP error says of the datagram it quotes ("10.0.0.2 udp port 9999 unreachable").</summary>
public sealed record QuotedDatagram(string? Destination, byte? Protocol, ushort? DestinationPort);

/// <summary>"Request who-has 10.0.0.1 (ff:ff:ff:ff:ff:ff) tell 10.0.0.2", "Reply 10.0.0.254 is-at 02:00:00:00:05:0a".</summary>
public sealed record ArpSummary(ushort Opcode, string? SenderIp, byte[]? SenderMac, string? TargetIp, byte[]? TargetMac, int? Length, bool Verbose);
