#!/bin/bash
# Regenerates the fixtures cut from the corpus's real captures: a few frames of each, as captures in
# fixtures/captures (link types the tests otherwise lack) and as `tshark -x` dumps in fixtures/tshark
# (tunnels, tags, options and extension headers, read as a paste). Then regenerates the constructed
# captures built around the corpus's real packets (constructed.py).
#   excerpts.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CORPUS=$ROOT/fixtures/captures/corpus
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# capture <fixture name> <corpus file> <frame numbers...>
capture() { local name=$1 source=$2; shift 2; editcap -F pcap -r "$CORPUS/$source" "$ROOT/fixtures/captures/$name.pcap" "$@"; }
# dump <fixture name> <corpus file> <frame numbers...>
dump() { local name=$1 source=$2; shift 2; editcap -r "$CORPUS/$source" "$WORK/$name.pcap" "$@"; tshark -r "$WORK/$name.pcap" -x > "$ROOT/fixtures/tshark/corpus-$name-x.txt"; }

capture corpus-bsd-loop converted-bsd-loop.pcap 5 26
capture corpus-bsd-null converted-bsd-null.pcap 1 5 23 38
capture corpus-raw-ip-tun raw-ip-tun.pcap 1 5 26 38
capture corpus-sll-any sll-any.pcap 21 22
capture corpus-sll2-any sll2-any.pcap 1 2 3

dump geneve geneve.pcap 1 2
dump gre gre.pcap 1 2 21 22
dump ipsec-ah ipsec-ah.pcap 1 2 7
dump ipsec-esp ipsec-esp.pcap 1 2
dump ipv4-options-icmp-igmp ipv4-icmp-arp.pcap 11 13 15 16 17 22 24 30 36 40 41
dump ipv6-ext-icmpv6 ipv6-ext-icmpv6.pcap 1 2 15 21 22 23 24 42 44 46 48 50 58 60
dump llc-snap stp-lldp-cdp.pcap 8 10 11
dump mpls mpls.pcap 3 4 5 6
dump mptcp mptcp.pcapng 1 2 3 4 6 7 8 9 10
dump ndp-router-advertisement dhcp.pcap 8
dump tcp-ecn tcp-ecn.pcap 1 2 3
dump tcp-fastopen tcp-fastopen.pcap 1 2 8
dump tcp-md5 tcp-md5.pcap 1 2
dump vlan-dot1q vlan-dot1q.pcap 1 2 3 4
dump vlan-qinq vlan-qinq.pcap 1 2 3 4
dump vxlan vxlan.pcap 1 2

python3 "$HERE/constructed.py" "$CORPUS" "$ROOT/fixtures/captures"
