#!/bin/bash
# Regenerates the real captures of fixtures/captures/corpus/ on a Linux machine (root, Debian):
# installs the daemons it needs, builds network namespaces, runs the traffic, captures it, tears down.
#   make-captures.sh            every capture
#   make-captures.sh NAME...    only these (names as in the README, without .pcap)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$ROOT/fixtures/captures/corpus}
source "$HERE/lib.sh"
for f in "$HERE"/cap-*.sh; do source "$f"; done

install_tools() {
  local need=(tcpdump tshark ethtool nftables python3-scapy python3-cryptography iputils-ping traceroute
    dnsmasq chrony snmpd snmp tftpd-hpa tftp-hpa lldpd frr sip-tester socat bind9-dnsutils
    isc-dhcp-client ndisc6 openssl curl bsdutils iputils-arping)
  local missing=()
  for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
install_tools
mkdir -p "$OUT"
trap 'teardown; [ -n "${KEEP_WORKDIR:-}" ] || rm -rf "$WORKDIR"' EXIT

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(declare -F | awk '{print $3}' | sed -n 's/^cap_//p' | tr _ -)
fi
for name in "${names[@]}"; do
  fn="cap_${name//-/_}"
  declare -F "$fn" >/dev/null || { echo "no capture named $name" >&2; exit 1; }
  log "$name"
  teardown
  rm -f "$OUT/$name.pcap" "$OUT/$name.pcapng"
  "$fn" "$OUT/$name.pcap"
  teardown
  for f in "$OUT/$name.pcap" "$OUT/$name.pcapng"; do
    [ -f "$f" ] && printf '%-36s %5s frames\n' "${f##*/}" "$(capinfos -Mc "$f" | awk '/Number of packets/{print $NF}')"
  done
  true
done
$PY "$HERE/describe.py"
echo "wrote $OUT/README.md"
