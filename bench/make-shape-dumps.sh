#!/usr/bin/env bash
# Writes large dumps of one real capture in the shapes people paste, each repeated to about the size
# asked for: tshark -x, tcpdump -xx, tcpdump -X (tcpdump's own printing), a hex stream (one packet a
# line, as Wireshark's Copy as Hex Stream gives) and hex blocks (rows of four eight-digit words, a blank
# line between packets); the last two are made from the tshark -x dump's "Frame" rows only.
# Usage: bench/make-shape-dumps.sh megabytes capture folder; prints "shape frames" for each file written
# (folder/SHAPE.txt). Needs tshark, tcpdump and capinfos (Debian: tshark, tcpdump).
set -euo pipefail
megabytes=$1 capture=$2 folder=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$folder"
frames_per_copy=$(capinfos -c -M "$capture" | awk '/Number of packets/ {print $NF}')

tshark -r "$capture" -x > "$work/tshark-x.txt" 2>/dev/null
tcpdump -r "$capture" -xx > "$work/tcpdump-xx.txt" 2>/dev/null
tcpdump -r "$capture" -X > "$work/tcpdump-X.txt" 2>/dev/null
awk '
  BEGIN { take = 1 }
  /^$/ { if (bytes != "") print bytes; bytes = ""; take = 1; next }
  /^[A-Za-z].*\([0-9]+ bytes\):$/ { take = ($1 == "Frame"); next }
  take && /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]+  / { for (i = 2; i <= 17 && $i ~ /^[0-9a-f][0-9a-f]$/; i++) bytes = bytes $i }
  END { if (bytes != "") print bytes }' "$work/tshark-x.txt" > "$work/hex-stream.txt"
awk '{ for (i = 1; i <= length($0); i += 32) { row = substr($0, i, 32); line = "";
         for (j = 1; j <= length(row); j += 8) line = line (j > 1 ? " " : "") substr(row, j, 8); print line }
       print "" }' "$work/hex-stream.txt" > "$work/hex-block.txt"

for shape in tshark-x tcpdump-xx tcpdump-X hex-stream hex-block; do
  one="$work/$shape.txt"
  copies=$(( megabytes * 1000000 / $(stat -c %s "$one") + 1 ))
  # A block of 256 copies first: cat once per copy is slow for small captures.
  for _ in $(seq 256); do cat "$one"; done > "$work/block.txt"
  { for _ in $(seq $((copies / 256))); do cat "$work/block.txt"; done; for _ in $(seq $((copies % 256))); do cat "$one"; done; } > "$folder/$shape.txt"
  echo "$shape $(( copies * frames_per_copy ))"
done
