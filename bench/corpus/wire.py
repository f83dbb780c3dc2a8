#!/usr/bin/python3
"""A userspace wire between two interfaces of one namespace.

This kernel has no netem, no 802.1Q, no GRE, no GENEVE, no MPLS forwarding and no ESP/AH, so the
corpus puts this wire in the path instead: it copies every frame from one interface to the other,
and on the way can delay, drop, hold back (reorder) frames, or encapsulate them the way a switch or
tunnel endpoint would (802.1Q, 802.1ad, MPLS, GRE, GENEVE, ESP, AH). The traffic inside is real
traffic between two namespaces; only the outer headers are written here.

Directions: "out" is frames read on --inner and written to --outer (encapsulate), "in" the reverse
(decapsulate). Without --encap both directions only copy.
"""
import argparse
import heapq
import select
import socket
import struct
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4_header(src, dst, proto, payload_len, ident, ttl=64):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident, 0x4000, ttl, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:]


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def tcp_payload_len(frame):
    """Length of TCP payload of an Ethernet/IPv4 or IPv6 frame, or None when it is not TCP."""
    etype = struct.unpack("!H", frame[12:14])[0]
    if etype == 0x0800:
        ihl = (frame[14] & 0x0F) * 4
        if frame[23] != 6:
            return None
        total = struct.unpack("!H", frame[16:18])[0]
        tcp = 14 + ihl
        return total - ihl - (frame[tcp + 12] >> 4) * 4
    if etype == 0x86DD and frame[20] == 6:
        plen = struct.unpack("!H", frame[18:20])[0]
        return plen - (frame[54 + 12] >> 4) * 4
    return None


class Encap:
    """Per-direction transforms; identity unless a subclass says otherwise."""

    def out(self, frame):
        return frame

    def back(self, frame):
        return frame


class Vlan(Encap):
    """802.1Q (one tag) or 802.1ad + 802.1Q (QinQ) on frames leaving through the trunk."""

    def __init__(self, tags):
        self.tags = tags  # list of (tpid, vid, pcp)

    def out(self, frame):
        tag = b"".join(struct.pack("!HH", tpid, (pcp << 13) | vid) for tpid, vid, pcp in self.tags)
        return frame[:12] + tag + frame[12:]

    def back(self, frame):
        # the receiving kernel may already have moved the outer tag into packet metadata
        while frame[12:14] in (b"\x81\x00", b"\x88\xa8"):
            frame = frame[:12] + frame[16:]
        return frame


class Mpls(Encap):
    """A label edge: IPv4 frames get a label stack (TTL from the IP header); ARP passes unlabelled."""

    def __init__(self, labels):
        self.labels = labels

    def out(self, frame):
        if frame[12:14] != b"\x08\x00":
            return frame
        ttl = frame[22]
        stack = b""
        for i, label in enumerate(self.labels):
            bos = 1 if i == len(self.labels) - 1 else 0
            stack += struct.pack("!I", (label << 12) | (bos << 8) | ttl)
        return frame[:12] + b"\x88\x47" + stack + frame[14:]

    def back(self, frame):
        if frame[12:14] != b"\x88\x47":
            return frame
        off = 14
        while True:
            word = struct.unpack("!I", frame[off:off + 4])[0]
            off += 4
            if word & 0x100:
                break
        return frame[:12] + b"\x08\x00" + frame[off:]


class L3Tunnel(Encap):
    """Outer Ethernet + IPv4 between the two tunnel endpoints; the inner Ethernet header is rebuilt
    on the far side from a table of the inner hosts' MACs (as a router would)."""

    def __init__(self, a):
        self.local, self.remote = a.local, a.remote
        self.local_mac, self.remote_mac = mac(a.local_mac), mac(a.remote_mac)
        self.hosts = {socket.inet_aton(ip): mac(m) for ip, m in (h.split("=") for h in a.hosts)}
        self.ident = 0x1000

    def outer(self, proto, payload):
        self.ident += 1
        return (self.remote_mac + self.local_mac + b"\x08\x00"
                + ipv4_header(self.local, self.remote, proto, len(payload), self.ident) + payload)

    def inner_ethernet(self, ip_packet):
        src, dst = ip_packet[12:16], ip_packet[16:20]
        return self.hosts.get(dst, b"\xff" * 6) + self.hosts.get(src, b"\0" * 6) + b"\x08\x00" + ip_packet

    def out(self, frame):
        if frame[12:14] != b"\x08\x00":
            return None  # the inner hosts use static neighbours; nothing but IPv4 crosses
        return self.wrap(frame[14:])

    def back(self, frame):
        if frame[12:14] != b"\x08\x00" or frame[14 + 9] != self.proto:
            return None
        ihl = (frame[14] & 0x0F) * 4
        inner = self.unwrap(frame[14:], frame[14 + ihl:])
        return None if inner is None else self.inner_ethernet(inner)


class Gre(L3Tunnel):
    """GRE (RFC 2890) with key and sequence number, carrying IPv4."""
    proto = 47

    def __init__(self, a):
        super().__init__(a)
        self.seq = 0

    def wrap(self, ip_packet):
        self.seq += 1
        return self.outer(47, struct.pack("!HHII", 0x3000, 0x0800, 42, self.seq) + ip_packet)

    def unwrap(self, outer_ip, gre):
        flags = struct.unpack("!H", gre[:2])[0]
        off = 4 + (4 if flags & 0x8000 else 0) + (4 if flags & 0x2000 else 0) + (4 if flags & 0x1000 else 0)
        return gre[off:]


class Geneve(Encap):
    """GENEVE over UDP 6081 carrying whole Ethernet frames (ARP included), with one option TLV."""

    def __init__(self, a):
        self.t = L3Tunnel(a)
        self.vni = 5001

    def out(self, frame):
        option = struct.pack("!HBB", 0x0103, 0x80, 1) + b"\x00\x00\x00\x2a"  # class 0x0103, type 0x80, 4 bytes
        geneve = struct.pack("!BBH", len(option) // 4, 0, 0x6558) + struct.pack("!I", self.vni << 8) + option
        payload = geneve + frame
        sport = 49152 + (sum(frame[:12]) & 0x3FFF)
        udp = struct.pack("!HHHH", sport, 6081, 8 + len(payload), 0) + payload
        pseudo = socket.inet_aton(self.t.local) + socket.inet_aton(self.t.remote) + struct.pack("!BBH", 0, 17, len(udp))
        csum = checksum(pseudo + udp) or 0xFFFF
        udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
        return self.t.outer(17, udp)

    def back(self, frame):
        if frame[12:14] != b"\x08\x00" or frame[23] != 17:
            return None
        ihl = (frame[14] & 0x0F) * 4
        udp = frame[14 + ihl:]
        if struct.unpack("!H", udp[2:4])[0] != 6081:
            return None
        opt_len = (udp[8] & 0x3F) * 4
        return udp[8 + 8 + opt_len:]


class IpsecTunnel(L3Tunnel):
    """ESP or AH in tunnel mode through scapy's SecurityAssociation (real AES-CBC and HMAC)."""

    def __init__(self, a, kind):
        super().__init__(a)
        from scapy.layers.inet import IP
        from scapy.layers.ipsec import ESP, AH, SecurityAssociation
        self.IP = IP
        self.proto = 50 if kind == "esp" else 51
        common = dict(auth_algo="SHA2-256-128", auth_key=bytes.fromhex(a.auth_key))
        if kind == "esp":
            common.update(crypt_algo="AES-CBC", crypt_key=bytes.fromhex(a.crypt_key))
        proto = ESP if kind == "esp" else AH
        self.sa_out = SecurityAssociation(proto, spi=a.spi_out, tunnel_header=IP(src=a.local, dst=a.remote), **common)
        self.sa_in = SecurityAssociation(proto, spi=a.spi_in, tunnel_header=IP(src=a.remote, dst=a.local), **common)

    def wrap(self, ip_packet):
        self.ident += 1
        self.sa_out.tunnel_header.id = self.ident  # before the ICV: AH covers the outer IP ID
        packet = self.sa_out.encrypt(self.IP(ip_packet))
        return self.remote_mac + self.local_mac + b"\x08\x00" + bytes(packet)

    def unwrap(self, outer_ip, _):
        return bytes(self.sa_in.decrypt(self.IP(outer_ip)))


class Impair:
    """Delay, drop and hold-back rules for one direction, counted on TCP segments with data."""

    def __init__(self, drop=(), hold=(), drop_above=0, drop_acks=(), delay_acks=()):
        self.drop, self.hold, self.drop_above = set(drop), set(hold), drop_above
        self.drop_acks, self.delay_acks = set(drop_acks), dict(delay_acks)
        self.data_seen = 0
        self.acks_seen = 0
        self.held = None

    def decide(self, frame):
        """Returns a list of (extra delay seconds, frame) to send now or later."""
        if self.drop_above and len(frame) > self.drop_above:
            return []
        plen = tcp_payload_len(frame)
        if plen is None:
            return [(0, frame)]
        if plen == 0:
            self.acks_seen += 1
            if self.acks_seen in self.drop_acks:
                return []
            if self.acks_seen in self.delay_acks:
                return [(self.delay_acks[self.acks_seen], frame)]
            return [(0, frame)]
        self.data_seen += 1
        n = self.data_seen
        if n in self.drop:
            return []
        if n in self.hold:
            self.held = frame
            return []
        out = [(0, frame)]
        if self.held is not None:
            out.append((0, self.held))
            self.held = None
        return out


def parse_counts(text):
    return [int(x) for x in text.split(",") if x] if text else []


def parse_delays(text):
    out = {}
    for item in (text.split(",") if text else []):
        n, ms = item.split(":")
        out[int(n)] = int(ms) / 1000.0
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--inner", required=True)
    p.add_argument("--outer", required=True)
    p.add_argument("--encap", default="none",
                   choices=["none", "dot1q", "qinq", "mpls", "gre", "geneve", "esp", "ah"])
    p.add_argument("--role", choices=["left", "right"], default="left",
                   help="which end of the trunk (labels and SPIs differ per direction)")
    p.add_argument("--local"); p.add_argument("--remote")
    p.add_argument("--local-mac"); p.add_argument("--remote-mac")
    p.add_argument("--hosts", nargs="*", default=[], help="inner IP=MAC pairs for rebuilt Ethernet headers")
    p.add_argument("--spi-out", type=lambda s: int(s, 0)); p.add_argument("--spi-in", type=lambda s: int(s, 0))
    p.add_argument("--crypt-key"); p.add_argument("--auth-key")
    p.add_argument("--delay-ms", type=int, default=0, help="one-way delay added to every frame")
    p.add_argument("--drop-out", default="", help="drop these TCP data segments (1-based) inner->outer")
    p.add_argument("--drop-in", default="")
    p.add_argument("--hold-out", default="", help="hold these data segments until the next one passed")
    p.add_argument("--hold-in", default="")
    p.add_argument("--drop-acks-in", default="", help="drop these pure ACKs (1-based) outer->inner")
    p.add_argument("--delay-acks-in", default="", help="N:ms,... delay these pure ACKs outer->inner")
    p.add_argument("--drop-above", type=int, default=0, help="drop frames longer than this (both ways)")
    a = p.parse_args()

    if a.encap == "dot1q":
        enc = Vlan([(0x8100, 100, 3)])
    elif a.encap == "qinq":
        enc = Vlan([(0x88A8, 200, 5), (0x8100, 100, 3)])
    elif a.encap == "mpls":
        enc = Mpls([1000, 2001] if a.role == "left" else [3001])
    elif a.encap == "gre":
        enc = Gre(a)
    elif a.encap == "geneve":
        enc = Geneve(a)
    elif a.encap in ("esp", "ah"):
        enc = IpsecTunnel(a, a.encap)
    else:
        enc = Encap()

    socks = {}
    for name in (a.inner, a.outer):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        socks[name] = s
    by_fd = {socks[a.inner].fileno(): "out", socks[a.outer].fileno(): "in"}
    impair = {
        "out": Impair(parse_counts(a.drop_out), parse_counts(a.hold_out), a.drop_above),
        "in": Impair(parse_counts(a.drop_in), parse_counts(a.hold_in), a.drop_above,
                     parse_counts(a.drop_acks_in), parse_delays(a.delay_acks_in)),
    }
    queue = []  # (due, order, socket, frame)
    order = 0
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else 1.0
        ready, _, _ = select.select(list(socks.values()), [], [], timeout)
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            direction = by_fd[s.fileno()]
            frame = enc.out(frame) if direction == "out" else enc.back(frame)
            if frame is None:
                continue
            target = socks[a.outer] if direction == "out" else socks[a.inner]
            for extra, f in impair[direction].decide(frame):
                order += 1
                heapq.heappush(queue, (time.monotonic() + a.delay_ms / 1000.0 + extra, order, target, f))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, target, f = heapq.heappop(queue)
            target.send(f)


if __name__ == "__main__":
    main()
