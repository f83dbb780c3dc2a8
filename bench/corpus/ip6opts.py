#!/usr/bin/python3
"""UDP over IPv6 with extension headers the kernel writes from socket options: hop-by-hop (router
alert + PadN), destination options (an experimental option), both, and with a datagram large enough
to be fragmented."""
import socket
import sys

IPV6_HOPOPTS, IPV6_DSTOPTS = 54, 59


def header(options):
    body = bytes([0, 0]) + options
    body += b"\x01\x00" + bytes(max(0, (8 - (len(body) + 2) % 8) % 8)) if len(body) % 8 else b""
    return bytes([0, len(body) // 8 - 1]) + body[2:]


ROUTER_ALERT = bytes([5, 2, 0, 0])  # MLD
EXPERIMENT = bytes([0x1E, 4]) + b"\xde\xad\xbe\xef"  # RFC 4727 experimental type, skip if unknown

dst, port = sys.argv[1], int(sys.argv[2])
for name, hop, dest, size in [("hop-by-hop", True, False, 40), ("destination", False, True, 40),
                              ("both", True, True, 40), ("fragmented", False, True, 3000)]:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if hop:
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_HOPOPTS, header(ROUTER_ALERT))
    if dest:
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_DSTOPTS, header(EXPERIMENT))
    s.sendto((name.encode() + b" ") * (size // (len(name) + 1)), (dst, port))
    s.close()
