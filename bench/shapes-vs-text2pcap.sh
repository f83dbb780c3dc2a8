#!/usr/bin/env bash
# Times whole-process `traceimport convert` on dumps of one real capture in several shapes
# (bench/make-shape-dumps.sh: tshark -x, tcpdump -xx, tcpdump -X, a hex stream, hex blocks), and
# text2pcap on the shapes it reads (tshark -x as it is, the hex stream in its regex mode), in
# alternating runs (traceimport, text2pcap, traceimport, ...). Prints, per shape, the median wall and CPU
# seconds, MB/s by wall time, peak memory, packets written, and the median of the run-by-run ratios
# text2pcap/traceimport, which holds when the machine's speed drifts between runs.
# Usage: bench/shapes-vs-text2pcap.sh [megabytes] [runs] [capture]
# (default 200 MB, 5 runs, fixtures/captures/loopback-http.pcap). Needs tshark, tcpdump, text2pcap, capinfos.
set -euo pipefail
megabytes=${1:-200}
runs=${2:-5}
capture=${3:-fixtures/captures/loopback-http.pcap}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"
"$root/bench/make-shape-dumps.sh" "$megabytes" "$root/$capture" "$work/dumps" > "$work/frames.txt"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $(date -u +%Y-%m-%d)"

timed() { # label, command... -> appends "wall cpu kilobytes" to work/label.times
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1
  awk '{print $1, $2 + $3, $4}' "$work/time" >> "$work/$label.times"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

printf '%-11s %6s %8s | %-38s | %-28s | %s\n' shape MB frames "traceimport: wall s, CPU s, MB/s, peak" "text2pcap: wall s, CPU s" "text2pcap/traceimport (wall, CPU)"
while read -r shape frames; do
  dump="$work/dumps/$shape.txt"
  size=$(stat -c %s "$dump")
  case $shape in
    tshark-x) reference=(text2pcap "$dump" "$work/out.pcap") ;;
    hex-stream) reference=(text2pcap -r '^(?<data>[0-9a-f]+)$' "$dump" "$work/out.pcap") ;;
    *) reference=() ;;
  esac
  rm -f "$work"/*.times
  for _ in $(seq "$runs"); do
    timed ours "$work/bin/traceimport" convert "$dump" -o "$work/out.pcapng"
    [ ${#reference[@]} -gt 0 ] && timed theirs "${reference[@]}"
  done
  packets=$(capinfos -c -M "$work/out.pcapng" | awk '/Number of packets/ {print $NF}')
  [ "$packets" = "$frames" ] || echo "$shape: $packets packets written, $frames frames in the dump"
  wall=$(awk '{print $1}' "$work/ours.times" | median)
  cpu=$(awk '{print $2}' "$work/ours.times" | median)
  peak=$(awk '{print $3}' "$work/ours.times" | median)
  ours=$(printf '%6.2f %6.2f %5.0f MB/s %5.1f MB' "$wall" "$cpu" "$(echo "$size / 1000000 / $wall" | bc -l)" "$(echo "$peak / 1024" | bc -l)")
  if [ ${#reference[@]} -gt 0 ]; then
    theirs=$(printf '%6.2f %6.2f' "$(awk '{print $1}' "$work/theirs.times" | median)" "$(awk '{print $2}' "$work/theirs.times" | median)")
    ratios=$(printf '%5.2fx %5.2fx' "$(paste -d' ' "$work/theirs.times" "$work/ours.times" | awk '{print $1 / $4}' | median)" \
      "$(paste -d' ' "$work/theirs.times" "$work/ours.times" | awk '{print $2 / $5}' | median)")
  else
    theirs="(does not read this shape)" ratios="-"
  fi
  printf '%-11s %6.0f %8d | %-38s | %-28s | %s\n' "$shape" "$(echo "$size / 1000000" | bc -l)" "$frames" "$ours" "$theirs" "$ratios"
done < "$work/frames.txt"
