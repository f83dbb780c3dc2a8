#!/usr/bin/env bash
# Writes a large `tshark -x` dump: a real capture's dump repeated to the size asked for.
# Usage: bench/make-dump.sh megabytes capture output; prints the number of frames written.
# Needs tshark and capinfos (Debian: tshark).
set -euo pipefail
megabytes=$1 capture=$2 output=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tshark -r "$capture" -x > "$work/one.txt" 2>/dev/null
frames_per_copy=$(capinfos -c -M "$capture" | awk '/Number of packets/ {print $NF}')
copies=$(( megabytes * 1000000 / $(stat -c %s "$work/one.txt") + 1 ))
# A block of 256 copies first: cat once per copy is slow for small captures.
for _ in $(seq 256); do cat "$work/one.txt"; done > "$work/block.txt"
{ for _ in $(seq $((copies / 256))); do cat "$work/block.txt"; done; for _ in $(seq $((copies % 256))); do cat "$work/one.txt"; done; } > "$output"
echo $(( copies * frames_per_copy ))
