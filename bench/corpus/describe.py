#!/usr/bin/python3
"""Writes fixtures/captures/corpus/README.md from the captures themselves: for each file, the traffic
(the comment of the function that made it), frame count, link type, the protocol stacks tshark finds
and, for TCP, which tcp.analysis flags tshark sets on which frames."""
import glob
import os
import re
import subprocess
import sys
from collections import Counter

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flags import flags, ranges  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "fixtures", "captures", "corpus")

INTRO = """\
# Real captures: the corpus

Every file here is traffic actually sent between Linux network namespaces (veth pairs, a bridge,
TUN devices) by real daemons and clients, and captured with tcpdump 4.99.3 (libpcap 1.10.3) on
Linux 6.18. `bench/corpus/make-captures.sh` regenerates them all from scratch (it installs the
Debian packages it needs, builds the namespaces, runs the traffic, captures and tears down);
`make-captures.sh NAME` redoes one, and `bench/corpus/describe.py` rewrites this file from the
captures. Reruns give captures of the same shape (same exchanges, same frame kinds); addresses,
ports, timestamps, sequence numbers and keys of each run differ.

They are oracles: tshark 4.0.17 reads every one of them, so decodes can be compared field by field
(`tshark -T pdml`), summaries printed and read back (`tcpdump -n`, `-v`, `-e`, `-tttt -S -v`,
`tshark -r`), and TCP findings compared with tshark's `tcp.analysis.*` flags, listed below per file.

## How some were made (what the kernel lacked)

- This kernel has no 802.1Q, GRE, GENEVE, MPLS forwarding, ESP or AH. For those captures the two
  hosts talk through two userspace edge devices (`bench/corpus/wire.py`) that put the tag, label
  stack or tunnel header on frames leaving through the trunk between them and take it off on the
  far side; the capture is of that trunk. The inner traffic (ARP, ping, TCP, UDP) is real; the
  outer headers are written by `wire.py`, with correct checksums. ESP and AH use real AES-CBC and
  HMAC-SHA-256-128 (scapy's implementation); keys are below. VXLAN is the kernel's own.
- There is no netem either: loss, reordering and delay come from the same `wire.py` placed between
  the hosts (it drops, holds back or delays chosen TCP segments), from nftables rules, from
  receivers that stop reading and from listeners that do not accept.
- Linux cannot capture BSD loopback headers: `converted-bsd-null.pcap` and
  `converted-bsd-loop.pcap` are `raw-ip-tun.pcap`'s packets behind the 4-byte address family a
  BSD host writes (NULL: little-endian; LOOP: big-endian; AF_INET6 written as 24), made by
  `bench/corpus/nullloop.py`. They are converted, not captured.
- `tcp-acked-unseen.pcap` misses one segment because its capture filter excludes it (as a busy
  capture drops one): the receiver then acknowledges data the capture never saw.

## Not here

- PPP and PPPoE: this kernel has no PPP.
- ERSPAN, and GRE carrying anything but IPv4: not made.
- IPv6 routing headers of type 0 or 2: Linux sends only the segment routing header (type 4).
- AccECN: this kernel refuses `net.ipv4.tcp_ecn=3`; `tcp-ecn.pcap` is classic ECN.
- MLD queries: no querier ran on an IPv6 link (IGMP queries are in `stp-lldp-cdp.pcap` and
  `routing-frr.pcap`).

## Keys

- `ipsec-esp.pcap`: SPI 0x00001001 from 192.168.255.1 to .2 and SPI 0x00002002 back, both with
  AES-CBC key `0x00112233445566778899aabbccddeeff` and HMAC-SHA-256-128 key
  `0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f` (tshark: the `esp_sa` table
  with "Attempt to detect/decode encrypted ESP payloads" on).
- `ipsec-ah.pcap`: the same SPIs and HMAC key.
- `tls.pcap`: `tls.keys` beside it is the client's key log (tshark: `-o tls.keylog_file:tls.keys`).
- `tcp-md5.pcap`: the TCP MD5 signature key is `corpus-secret`.
- `snmp.pcap`: SNMPv3 user `corpususer`, SHA authentication `corpus-auth-pass`, AES privacy
  `corpus-priv-pass`.

## Good for printing as one-line summaries

Varied TCP flags and options: `tcp-fastopen`, `tcp-ecn`, `tcp-md5`, `mptcp`, `tcp-reused-ports`,
`tcp-rst-after-data`, `tcp-listen-backlog`, `tcp-command-unacked`, `tcp-zero-window`,
`tcp-fast-retransmission` (SACK blocks); IPv6: `tcp-ipv6`, `ipv6-ext-icmpv6`, `raw-ip-tun`;
ICMP and ARP: `ipv4-icmp-arp`; DNS: `dns`; UDP application printers: `dhcp`, `ntp`, `snmp`,
`syslog`, `tftp`, `sip`; cooked captures for `-i any` columns: `sll-any`, `sll2-any`; `-e` with
tags: `vlan-dot1q`, `vlan-qinq`, `mpls`.

## Files

Frames and protocol stacks as tshark 4.0.17 counts them (`tshark -r F -T fields -e frame.protocols
| sort | uniq -c`); for TCP captures, each `tcp.analysis` flag tshark sets, with its count and frame
numbers (`rto` is the field tshark adds to RTO retransmissions).

"""


def functions():
    """cap_NAME -> (group file, comment) from the capture scripts."""
    found = {}
    for path in sorted(glob.glob(os.path.join(HERE, "cap-*.sh"))):
        for line in open(path):
            m = re.match(r"^(cap_\w+)\(\) \{\s*(?:#\s*(.*))?$", line)
            if m:
                found[m.group(1)] = (os.path.basename(path), (m.group(2) or "").strip())
    return found


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def function_for(name):
    if name.startswith("converted-bsd-"):
        return "cap_raw_ip_tun"
    return "cap_" + name.replace("-", "_")


def describe(path, funcs):
    name = os.path.basename(path)
    stem = name.rsplit(".", 1)[0]
    frames = int(re.search(r"Number of packets:\s+(\d+)", run("capinfos", "-M", "-c", path)).group(1))
    encap = re.search(r"File encapsulation:\s+(.+)", run("capinfos", "-E", path)).group(1).strip()
    size = os.path.getsize(path)
    group, comment = funcs.get(function_for(stem), ("?", ""))
    if stem.startswith("converted-bsd-"):
        comment = ("the packets of `raw-ip-tun.pcap` behind the BSD %s header, converted by "
                   "`bench/corpus/nullloop.py`, not captured" % stem.rsplit("-", 1)[1].upper())
    stacks = Counter(run("tshark", "-r", path, "-T", "fields", "-e", "frame.protocols").split())
    lines = ["### `%s`" % name, "",
             "%s. %d frames, %s, %d bytes; made by `%s` in `bench/corpus/%s`." % (
                 comment[:1].upper() + comment[1:] if comment else "", frames, encap, size,
                 function_for(stem), group), "", "```"]
    lines += ["%6d %s" % (n, stack) for stack, n in sorted(stacks.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append("```")
    if any(".tcp" in s or s.endswith(":tcp") or ":tcp:" in s for s in stacks):
        found = flags(path)
        lines.append("")
        if found:
            lines.append("tcp.analysis: " + "; ".join(
                "%s %d (%s)" % (flag, len(numbers), ranges(numbers)) for flag, numbers in found.items()))
        else:
            lines.append("tcp.analysis: no flags.")
    return "\n".join(lines) + "\n", frames, size


def main():
    funcs = functions()
    files = sorted(glob.glob(os.path.join(OUT, "*.pcap")) + glob.glob(os.path.join(OUT, "*.pcapng")))
    parts, total_frames, total_size = [], 0, 0
    for path in files:
        text, frames, size = describe(path, funcs)
        parts.append(text)
        total_frames += frames
        total_size += size
    summary = "%d captures, %d frames, %d bytes in all.\n\n" % (len(files), total_frames, total_size)
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(INTRO + summary + "\n".join(parts))


if __name__ == "__main__":
    main()
