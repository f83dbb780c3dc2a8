#!/usr/bin/python3
"""Two TUN devices, one in each of two namespaces, joined by this process: a point-to-point link
whose captures are raw IP (no link-layer header). Started inside the first namespace."""
import ctypes
import fcntl
import os
import select
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
CLONE_NEWNET = 0x40000000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    first_name, other_netns, second_name = sys.argv[1:4]
    first = open_tun(first_name)
    libc = ctypes.CDLL(None, use_errno=True)
    ns = os.open("/var/run/netns/" + other_netns, os.O_RDONLY)
    if libc.setns(ns, CLONE_NEWNET) != 0:
        sys.exit("setns failed: %d" % ctypes.get_errno())
    second = open_tun(second_name)
    peer = {first: second, second: first}
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select([first, second], [], [])
        for fd in ready:
            os.write(peer[fd], os.read(fd, 65535))


if __name__ == "__main__":
    main()
