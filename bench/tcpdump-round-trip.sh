#!/usr/bin/env bash
# Prints real captures with tcpdump in the styles people paste (-x, -X, -xx, -XX, each also with -v
# and -vv, whose decodes hold dumps of their own), converts the text back with traceimport, and
# compares every frame with the capture as tshark reads it: a frame matches when its bytes are the
# capture's frame (-xx, -XX) or its end (-x, -X print from the network layer), and the frame count
# must be the capture's. Prints frames matched per style and in all.
# Usage: bench/tcpdump-round-trip.sh [capture.pcap ...] (default: every capture in fixtures/captures)
# Needs tcpdump and python3 (which reads the frames of both files: tshark's hex views drop the bytes after
# a raw-IP datagram, such as a 60-byte frame's padding, so they cannot be the oracle here).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/TraceImport.Cli" -c Release -o "$work/bin" >/dev/null 2>&1
captures=("$@")
[ ${#captures[@]} -eq 0 ] && captures=("$root"/fixtures/captures/*.pcap)

# Every frame of a pcap or pcapng file, in hex, one a line.
frames() {
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
magic = data[:4]
if magic == b'\x0a\x0d\x0d\x0a':
    order = '<' if data[8:12] == b'\x4d\x3c\x2b\x1a' else '>'
    at = 0
    while at + 12 <= len(data):
        kind, length = struct.unpack(order + 'II', data[at:at + 8])
        if kind == 6:
            captured = struct.unpack(order + 'I', data[at + 20:at + 24])[0]
            print(data[at + 28:at + 28 + captured].hex())
        at += length
else:
    order = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    at = 24
    while at + 16 <= len(data):
        captured = struct.unpack(order + 'I', data[at + 8:at + 12])[0]
        print(data[at + 16:at + 16 + captured].hex())
        at += 16 + captured
PY
}

total=0 matched=0
for style in "-x" "-X" "-xx" "-XX" "-v -x" "-vv -X" "-v -xx" "-vv -XX"; do
  style_total=0 style_matched=0
  for capture in "${captures[@]}"; do
    # tcpdump's "reading from file … link-type …" line goes to standard error: pasted text has it too.
    tcpdump -n $style -r "$capture" > "$work/dump.txt" 2>&1 || true
    "$work/bin/traceimport" convert "$work/dump.txt" -o "$work/back.pcapng" 2>/dev/null || true
    mapfile -t original < <(frames "$capture")
    mapfile -t converted < <( [ -f "$work/back.pcapng" ] && frames "$work/back.pcapng" || true)
    rm -f "$work/back.pcapng"
    count=${#original[@]}
    ok=0
    if [ ${#converted[@]} -eq "$count" ]; then
      for i in "${!original[@]}"; do
        case "${original[$i]}" in *"${converted[$i]}") [ -n "${converted[$i]}" ] && ok=$((ok + 1)) ;; esac
      done
    fi
    [ "$ok" -ne "$count" ] && printf '  %-8s %s: %d of %d frames (%d converted)\n' "$style" "$(basename "$capture")" "$ok" "$count" "${#converted[@]}"
    style_total=$((style_total + count)) style_matched=$((style_matched + ok))
  done
  printf '%-8s %5d of %5d frames\n' "$style" "$style_matched" "$style_total"
  total=$((total + style_total)) matched=$((matched + style_matched))
done
printf 'all      %5d of %5d frames\n' "$matched" "$total"
