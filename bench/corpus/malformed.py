#!/usr/bin/python3
"""Sends one malformed datagram of each kind out of an interface, as raw frames the kernel does not correct:
IP total length beyond the frame, header length below 20, an IP option running past the header, TCP header length
below 20, a TCP option running past the header, UDP length beyond the datagram. Usage: malformed.py IFACE SRC DST DSTMAC"""
import sys

from scapy.all import IP, TCP, UDP, Ether, Raw, conf, get_if_hwaddr, sendp  # noqa: E402

iface, src, dst, dstmac = sys.argv[1:5]
conf.verb = 0
eth = Ether(src=get_if_hwaddr(iface), dst=dstmac, type=0x0800)


def frame(ip_bytes):
    return eth / Raw(ip_bytes)


def fixed(packet):
    """The datagram with every length and checksum scapy computes, as bytes."""
    return bytes(packet)


def patch(data, offset, value):
    return data[:offset] + bytes(value) + data[offset + len(value):]


def ip_checksum(header):
    total = sum(int.from_bytes(header[i:i + 2], "big") for i in range(0, len(header), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def with_tcp_checksum(data):
    """A sender's own checksum over the segment it sends, malformed header and all (the pseudo-header from the IP header)."""
    segment = patch(data[20:], 16, b"\0\0")
    pseudo = data[12:20] + b"\0\x06" + len(segment).to_bytes(2, "big")
    body = pseudo + segment + (b"\0" if len(segment) % 2 else b"")
    return patch(data, 36, ip_checksum(body).to_bytes(2, "big"))


def with_ip_checksum(data, header_length):
    header = patch(data[:header_length], 10, b"\0\0")
    return patch(data, 10, ip_checksum(header).to_bytes(2, "big"))


frames = []
# 1. total length 200, 40 bytes sent: the frame ends 160 bytes before the datagram does (protocol 253, for
#    experiments, so that no transport checksum over bytes that never were is judged)
d = fixed(IP(src=src, dst=dst, id=1, proto=253) / Raw(b"total length past it"))
frames.append(with_ip_checksum(patch(d, 2, (200).to_bytes(2, "big")), 20))
# 2. header length 16 (IHL 4)
d = fixed(IP(src=src, dst=dst, id=2) / UDP(sport=40002, dport=7102) / Raw(b"ihl four"))
frames.append(with_ip_checksum(patch(d, 0, b"\x44"), 16))
# 3. a record route option of length 39 in a 4-byte option space
d = fixed(IP(src=src, dst=dst, id=3, options=[]) / UDP(sport=40003, dport=7103) / Raw(b"option"))
d = d[:20] + b"\x07\x27\x04\x00" + d[20:]
d = patch(d, 0, b"\x46")
d = patch(d, 2, len(d).to_bytes(2, "big"))
frames.append(with_ip_checksum(d, 24))
# 4. TCP data offset 4 (16 bytes)
d = fixed(IP(src=src, dst=dst, id=4) / TCP(sport=40004, dport=7104, flags="S", seq=4000))
frames.append(with_tcp_checksum(patch(d, 32, b"\x40")))
# 5. an MSS option of length 8 in a 4-byte option space
d = fixed(IP(src=src, dst=dst, id=5) / TCP(sport=40005, dport=7105, flags="S", seq=5000, options=[("NOP", None), ("NOP", None), ("NOP", None), ("NOP", None)]))
frames.append(with_tcp_checksum(patch(d, 40, b"\x02\x08\x05\xb4")))
# 6. UDP length 100 for 17 bytes of UDP, sent without a checksum (0), which a length beyond the datagram leaves no sum for
d = fixed(IP(src=src, dst=dst, id=6) / UDP(sport=40006, dport=7106, chksum=0) / Raw(b"short udp"))
frames.append(patch(d, 24, (100).to_bytes(2, "big")))

for data in frames:
    sendp(frame(data), iface=iface)
