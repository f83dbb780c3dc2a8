#!/usr/bin/python3
"""Rewrite a raw-IP capture (LINKTYPE_RAW) as BSD loopback captures: LINKTYPE_NULL (a 4-byte address
family in the writer's byte order, here little-endian) and LINKTYPE_LOOP (big-endian). Linux cannot
capture either, so these are the raw capture's packets behind the header a BSD host would write."""
import struct
import sys

AF_INET, AF_INET6_BSD = 2, 24  # 24: NetBSD/OpenBSD's AF_INET6, one of the three values tshark knows


def convert(src, dst, linktype, order):
    data = open(src, "rb").read()
    magic, vmaj, vmin, zone, sig, snap, network = struct.unpack("<IHHiIII", data[:24])
    assert magic == 0xA1B2C3D4 and network in (101, 12), "expects a little-endian raw IP pcap"
    out = [struct.pack("<IHHiIII", magic, vmaj, vmin, zone, sig, snap, linktype)]
    off = 24
    while off < len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        family = AF_INET if pkt[0] >> 4 == 4 else AF_INET6_BSD
        out.append(struct.pack("<IIII", sec, usec, incl + 4, orig + 4) + struct.pack(order + "I", family) + pkt)
        off += 16 + incl
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    src, null_dst, loop_dst = sys.argv[1:4]
    convert(src, null_dst, 0, "<")
    convert(src, loop_dst, 108, ">")
