#!/usr/bin/env bash
# Times whole-process conversion of a large generated `tshark -x` dump: traceimport convert against
# text2pcap on the same file, and traceimport diagnose, in alternating runs (convert, text2pcap,
# diagnose, convert, ...). Prints each one's median wall and CPU seconds, MB/s, peak memory and packets,
# and the medians of the run-by-run ratios (text2pcap/convert, diagnose/convert), which hold when the
# machine's speed drifts between runs.
# Usage: bench/convert-vs-text2pcap.sh [megabytes] [capture] [runs]
# (default 210 MB of fixtures/captures/loopback-http.pcap, whose frames are large, and 5 runs; tcpdump's
# fixtures/captures/print-flags.pcap gives many small frames).
# Needs tshark, text2pcap and capinfos (Debian: tshark).
set -euo pipefail
megabytes=${1:-210}
capture=${2:-fixtures/captures/loopback-http.pcap}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"

# The dump: tshark -x of a real capture with TCP reassembly, repeated to the size asked for.
expected=$("$root/bench/make-dump.sh" "$megabytes" "$root/$capture" "$work/dump.txt")
size=$(stat -c %s "$work/dump.txt")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $(date -u +%Y-%m-%d)"
printf 'dump: %.0f MB, %d frames; text2pcap also counts the "Reassembled TCP" views\n' "$(echo "$size / 1000000" | bc -l)" "$expected"

timed() { # name, command... -> appends "wall cpu kilobytes" to work/name.times
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/$name.out" 2>/dev/null
  awk '{print $1, $2 + $3, $4}' "$work/time" >> "$work/$name.times"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { paste -d' ' "$work/$1.times" "$work/$2.times" | awk -v c="$3" '{print $c / $(c + 3)}' | median; }

for _ in $(seq "$runs"); do
  timed convert "$work/bin/traceimport" convert "$work/dump.txt" -o "$work/out.pcapng"
  timed text2pcap text2pcap "$work/dump.txt" "$work/out.pcap"
  timed diagnose "$work/bin/traceimport" diagnose "$work/dump.txt"
done

for name in convert text2pcap diagnose; do
  wall=$(awk '{print $1}' "$work/$name.times" | median)
  case $name in
    convert) packets="$(capinfos -c -M "$work/out.pcapng" | awk '/Number of packets/ {print $NF}') packets" ;;
    text2pcap) packets="$(capinfos -c -M "$work/out.pcap" | awk '/Number of packets/ {print $NF}') packets" ;;
    diagnose) packets="$(head -1 "$work/diagnose.out" | sed 's/^[^:]*: //')" ;;
  esac
  printf '%-10s %6.2f s wall  %6.2f s CPU  %5.0f MB/s  %6.1f MB peak  %s\n' "$name" "$wall" "$(awk '{print $2}' "$work/$name.times" | median)" \
    "$(echo "$size / 1000000 / $wall" | bc -l)" "$(echo "$(awk '{print $3}' "$work/$name.times" | median) / 1024" | bc -l)" "$packets"
done
printf 'text2pcap/convert: %.2fx wall, %.2fx CPU; diagnose/convert: %.2fx wall, %.2fx CPU (medians of %d run-by-run ratios)\n' \
  "$(ratio text2pcap convert 1)" "$(ratio text2pcap convert 2)" "$(ratio diagnose convert 1)" "$(ratio diagnose convert 2)" "$runs"
