#!/usr/bin/env python3
# Builds the constructed captures of fixtures/captures around real packets of the corpus: link layers and
# encapsulations no corpus capture holds (PPPoE, Cisco HDLC, Frame Relay, ATM RFC 1483, ERSPAN), ICMP
# extensions and AccECN options. Checksums and lengths are recomputed; every other byte is the corpus packet's.
#   constructed.py CORPUS-FOLDER OUTPUT-FOLDER
import struct, sys
CORPUS = sys.argv[1]; OUT = sys.argv[2]

def read_pcap(path):
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    link = struct.unpack(e + 'I', data[20:24])[0]
    frames, at = [], 24
    while at + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack(e + 'IIII', data[at:at + 16]); at += 16
        frames.append((sec, usec, data[at:at + incl])); at += incl
    return link, frames

def write_pcap(path, link, frames):
    out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, link)
    for sec, usec, f in frames:
        out += struct.pack('<IIII', sec, usec, len(f), len(f)) + f
    open(path, 'wb').write(out)

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff

def ipv4(header_and_payload):
    p = bytearray(header_and_payload); hl = (p[0] & 0xf) * 4
    p[2:4] = struct.pack('!H', len(p)); p[10:12] = b'\0\0'; p[10:12] = struct.pack('!H', csum(bytes(p[:hl])))
    return bytes(p)

def tcp_checksum(ip):
    p = bytearray(ip); hl = (p[0] & 0xf) * 4; seg = p[hl:]
    seg[16:18] = b'\0\0'
    pseudo = bytes(p[12:20]) + struct.pack('!BBH', 0, 6, len(seg))
    seg[16:18] = struct.pack('!H', csum(pseudo + bytes(seg)))
    return bytes(p[:hl]) + bytes(seg)

_, icmparp = read_pcap(CORPUS + '/ipv4-icmp-arp.pcap')
_, tcpecn = read_pcap(CORPUS + '/tcp-ecn.pcap')
_, tcp6 = read_pcap(CORPUS + '/tcp-ipv6.pcap')
echo = icmparp[6]; arp = icmparp[0]; udp = icmparp[28]
def ip_of(frame): return frame[2][14:]
mac_a, mac_b = bytes.fromhex('020000000001'), bytes.fromhex('02000000000b')

# PPPoE: discovery PADI and PADO, a session carrying an LCP echo request and a real ICMP echo request.
def pppoe(code, session, payload, etype):
    return mac_b + mac_a + struct.pack('!H', etype) + struct.pack('!BBHH', 0x11, code, session, len(payload)) + payload
def tag(t, v): return struct.pack('!HH', t, len(v)) + v
padi = (b'\xff' * 6) + mac_a + b'\x88\x63' + struct.pack('!BBHH', 0x11, 0x09, 0, 12) + tag(0x0101, b'') + tag(0x0103, bytes.fromhex('4a0b0000'))
pado = pppoe(0x07, 0, tag(0x0102, b'corpus-ac') + tag(0x0101, b'') + tag(0x0103, bytes.fromhex('4a0b0000')) + tag(0x0104, bytes(range(16))), 0x8863)
lcp_echo = b'\xc0\x21' + struct.pack('!BBH', 9, 1, 8) + bytes.fromhex('6b8b4567')
session_lcp = pppoe(0x00, 0x1234, lcp_echo, 0x8864)
session_ip = pppoe(0x00, 0x1234, b'\x00\x21' + ip_of(echo), 0x8864)
write_pcap(OUT + '/constructed-pppoe.pcap', 1, [(echo[0], echo[1] + i, f) for i, f in enumerate([padi, pado, session_lcp, session_ip])])

# Cisco HDLC: a real IPv4 echo request and a real IPv6 TCP segment.
write_pcap(OUT + '/constructed-chdlc.pcap', 104, [
    (echo[0], echo[1], b'\x0f\x00\x08\x00' + ip_of(echo)),
    (tcp6[5][0], tcp6[5][1], b'\x0f\x00\x86\xdd' + tcp6[5][2][14:]),
])

# Frame Relay, DLCI 100: RFC 2427 (NLPID IP), RFC 2427 with SNAP, and Cisco's encapsulation.
address = bytes([0x18, 0x41])
write_pcap(OUT + '/constructed-frame-relay.pcap', 107, [
    (echo[0], echo[1], address + b'\x03\xcc' + ip_of(echo)),
    (udp[0], udp[1], address + b'\x03\x00\x80\x00\x00\x00\x08\x00' + ip_of(udp)),
    (echo[0], echo[1] + 1, address + b'\x08\x00' + ip_of(icmparp[7])),
])

# ATM RFC 1483: LLC/SNAP before a real IPv4 datagram.
write_pcap(OUT + '/constructed-atm-rfc1483.pcap', 100, [(echo[0], echo[1], bytes.fromhex('aaaa030000000800') + ip_of(echo))])

# ERSPAN type II and III in GRE over IPv4, each carrying a real frame (an ARP request, an ICMP echo request).
def outer(gre):
    ip = ipv4(bytes.fromhex('4500000000010000402f0000c0a8ff01c0a8ff02') + gre)
    return mac_b + mac_a + b'\x08\x00' + ip
gre2 = struct.pack('!HHI', 0x1000, 0x88be, 1) + struct.pack('!HHI', 0x1000 | 0, (0 << 13) | (3 << 11) | 5, 0) + arp[2]
gre3 = struct.pack('!HHI', 0x1000, 0x22eb, 2) + struct.pack('!HHIHH', 0x2000 | 100, (2 << 13) | 5, 123456789, 0, 0x0008) + echo[2]
write_pcap(OUT + '/constructed-erspan.pcap', 1, [(arp[0], arp[1], outer(gre2)), (echo[0], echo[1], outer(gre3))])

# ICMP time exceeded with RFC 4884 extensions: an MPLS label stack (RFC 4950), quoting a real UDP datagram padded to 128 bytes.
quoted = ip_of(udp)[:128].ljust(128, b'\0')
def extension(labels):
    obj = struct.pack('!HBB', 4 + 4 * len(labels), 1, 1) + b''.join(struct.pack('!I', (l << 12) | (s << 8) | ttl) for l, s, ttl in labels)
    hdr = bytearray(struct.pack('!BBH', 0x20, 0, 0) + obj); hdr[2:4] = struct.pack('!H', csum(bytes(hdr)))
    return bytes(hdr)
def time_exceeded(length_words, ext):
    icmp = bytearray(struct.pack('!BBHBBH', 11, 0, 0, 0, length_words, 0) + quoted + ext)
    icmp[2:4] = struct.pack('!H', csum(bytes(icmp)))
    ip = ipv4(bytes.fromhex('45c0000000020000fe010000c0a80101') + ip_of(udp)[12:16] + bytes(icmp))
    return mac_a + mac_b + b'\x08\x00' + ip
write_pcap(OUT + '/constructed-icmp-extensions.pcap', 1, [
    (udp[0], udp[1] + 1, time_exceeded(32, extension([(16005, 0, 1), (3, 1, 1)]))),
    (udp[0], udp[1] + 2, time_exceeded(0, extension([(24001, 1, 2)]))),
])

# AccECN: a real data segment with an AccECN order 0 option (three 24-bit counters) and its order 1 twin, checksums recomputed.
seg = tcpecn[3][2]
ip = bytearray(seg[14:]); hl = (ip[0] & 0xf) * 4; tcp = bytearray(ip[hl:]); thl = (tcp[12] >> 4) * 4
def with_option(option, source_port=None):
    opts = bytes(tcp[20:thl]) + option; opts += b'\x01' * (-len(opts) % 4)
    t = bytearray(tcp[:20]) + opts + tcp[thl:]; t[12] = (len(opts) // 4 + 5) << 4 | (t[12] & 0xf)
    # Another connection's segment, so that tshark does not read the second option as part of the first's negotiation.
    if source_port: t[0:2] = struct.pack('!H', source_port)
    return seg[:14] + tcp_checksum(ipv4(bytes(ip[:hl]) + bytes(t)))
order0 = bytes([172, 11]) + (1000).to_bytes(3, 'big') + (24).to_bytes(3, 'big') + (0).to_bytes(3, 'big')
order1 = bytes([174, 8]) + (0).to_bytes(3, 'big') + (24).to_bytes(3, 'big')
write_pcap(OUT + '/constructed-tcp-accecn.pcap', 1, [(tcpecn[3][0], tcpecn[3][1], with_option(order0)), (tcpecn[3][0], tcpecn[3][1] + 1, with_option(order1, 40001))])
