#!/usr/bin/env bash
# Peak memory of `traceimport convert` and `traceimport diagnose` on a large generated `tshark -x` dump
# and on one 8 times larger: conversion holds one packet at a time and the diagnosis per-conversation
# state, so each pair should be close.
# Usage: bench/memory-growth.sh [megabytes] [capture] (default 210 MB of
# fixtures/captures/loopback-http.pcap). Needs tshark and capinfos (Debian: tshark).
set -euo pipefail
megabytes=${1:-210}
capture=${2:-fixtures/captures/loopback-http.pcap}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"

for scale in 1 8; do
  frames=$("$root/bench/make-dump.sh" $(( megabytes * scale )) "$root/$capture" "$work/dump.txt")
  size=$(echo "$(stat -c %s "$work/dump.txt") / 1000000" | bc -l)
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/bin/traceimport" convert "$work/dump.txt" -o "$work/out.pcapng" 2>/dev/null
  read -r seconds kilobytes < "$work/time"
  packets=$(capinfos -c -M "$work/out.pcapng" | awk '/Number of packets/ {print $NF}')
  printf '%dx convert:  %5.0f MB, %9d frames: %7.2f s  %6.0f MB/s  %6.1f MB peak  (%s packets)\n' "$scale" "$size" "$frames" "$seconds" \
    "$(echo "$size / $seconds" | bc -l)" "$(echo "$kilobytes / 1024" | bc -l)" "$packets"
  rm "$work/out.pcapng"
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/bin/traceimport" diagnose "$work/dump.txt" > "$work/report.txt"
  read -r seconds kilobytes < "$work/time"
  printf '%dx diagnose: %5.0f MB, %9d frames: %7.2f s  %6.0f MB/s  %6.1f MB peak  (%s)\n' "$scale" "$size" "$frames" "$seconds" \
    "$(echo "$size / $seconds" | bc -l)" "$(echo "$kilobytes / 1024" | bc -l)" "$(head -1 "$work/report.txt" | sed 's/^[^:]*: //')"
  rm "$work/dump.txt"
done
