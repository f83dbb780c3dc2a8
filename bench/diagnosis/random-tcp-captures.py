#!/usr/bin/python3
"""Writes captures of random TCP connections, for comparing the diagnosis's TCP analysis with tshark's
on more cases than real traffic gives: handshakes with and without window scaling, repeated SYNs,
segments dropped, repeated and reordered, acknowledgements that lag, run ahead or repeat, zero and
reopened windows, keep-alives, times from 0.1 ms to 1.5 s apart, and three connections at a time,
some on the same ports. Constructed, not captured: tshark's reading of each is the oracle.

Usage: bench/diagnosis/random-tcp-captures.py FOLDER FIRST_SEED LAST_SEED  (needs python3-scapy)
then:  bench/diagnosis/tcp-analysis-vs-tshark.py --text tshark FOLDER/*.pcap
"""
import os
import random
import sys

from scapy.all import Ether, IP, TCP, Raw, wrpcap  # noqa: E402


def connection(rng, start, client_port):
    client, server = "10.0.0.1", "10.0.0.2"
    packets = []
    clock = [start]

    def segment(from_client, seq, ack, flags, length=0, window=500, options=None):
        src, dst, sport, dport = (client, server, client_port, 80) if from_client else (server, client, 80, client_port)
        p = Ether() / IP(src=src, dst=dst) / TCP(sport=sport, dport=dport, seq=seq % 2**32, ack=ack % 2**32,
                                                flags=flags, window=window, options=options or [])
        if length:
            p = p / Raw(b"x" * length)
        clock[0] += rng.choice([0.0001, 0.001, 0.002, 0.01, 0.05, 0.3, 1.5])
        p.time = clock[0]
        packets.append(p)

    client_isn, server_isn = rng.randrange(2**32), rng.randrange(2**32)
    scale = rng.choice([None, 0, 2])
    options = [("WScale", scale)] if scale is not None else []
    if rng.random() < 0.9:
        segment(True, client_isn, 0, "S", options=options)
        if rng.random() < 0.2:
            segment(True, client_isn, 0, "S", options=options)
        segment(False, server_isn, client_isn + 1, "SA", options=options if rng.random() < 0.9 else [])
        segment(True, client_isn + 1, server_isn + 1, "A")
    next_seq, acked, server_seq, window = client_isn + 1, client_isn + 1, server_isn + 1, 500
    sent = []
    for _ in range(rng.randrange(5, 40)):
        r = rng.random()
        if r < 0.45:  # new data, sometimes up to the window's edge, sometimes lost before the capture
            length = rng.choice([1, 10, 100, 200])
            if rng.random() < 0.1:
                edge = acked + window * (4 if scale == 2 else 1)
                length = edge - next_seq if edge > next_seq else 1
            sent.append((next_seq, length))
            if rng.random() > 0.15:
                segment(True, next_seq, server_seq, "PA", length)
            next_seq += length
        elif r < 0.6 and sent:  # a segment sent again
            seq, length = rng.choice(sent)
            segment(True, seq, server_seq, "PA", length)
        elif r < 0.8:  # an acknowledgement: lagging, current or ahead, the window changing or closing
            ack = rng.choice([acked, next_seq, next_seq, acked + rng.choice([0, 1, 10])])
            acked = max(acked, ack) if rng.random() < 0.9 else acked
            window = rng.choice([window, window, 0, 300, 500])
            segment(False, server_seq, ack, "A", window=window)
        elif r < 0.85:  # a keep-alive or probe
            segment(True, next_seq - 1, server_seq, "A", rng.choice([0, 1]))
        elif r < 0.9:  # the server's own data
            length = rng.choice([5, 50])
            segment(False, server_seq, acked, "PA", length)
            server_seq += length
        elif r < 0.95:
            segment(False, server_seq, acked, "A", window=window)
        else:
            segment(True, next_seq, server_seq, "A")
    if rng.random() < 0.5:
        segment(True, next_seq, server_seq, "FA")
    return packets


def main():
    folder, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(folder, exist_ok=True)
    for seed in range(first, last + 1):
        rng = random.Random(seed)
        packets = []
        for c in range(3):
            packets += connection(rng, 1000.0 + c * 0.001, 40000 + (c if rng.random() < 0.8 else 0))
        packets.sort(key=lambda p: p.time)
        wrpcap(os.path.join(folder, f"random-tcp-{seed}.pcap"), packets)


if __name__ == "__main__":
    main()
