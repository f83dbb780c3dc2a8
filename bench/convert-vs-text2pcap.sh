#!/usr/bin/env bash
# Times whole-process conversion of a large generated `tshark -x` dump: traceimport against
# text2pcap on the same file, in the same run. Prints seconds, packets written, packets/s, peak
# memory and the ratio. Usage: bench/convert-vs-text2pcap.sh [megabytes] [capture]
# (default 210 MB of fixtures/captures/loopback-http.pcap, whose frames are large; tcpdump's
# fixtures/captures/print-flags.pcap gives many small frames).
# Needs tshark, text2pcap and capinfos (Debian: tshark).
set -euo pipefail
megabytes=${1:-210}
capture=${2:-fixtures/captures/loopback-http.pcap}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/src/TraceImport.Cli" -c Release -o "$work/bin" >/dev/null

# The dump: tshark -x of a real capture with TCP reassembly, repeated to the size asked for.
expected=$("$root/bench/make-dump.sh" "$megabytes" "$root/$capture" "$work/dump.txt")
size=$(stat -c %s "$work/dump.txt")

measure() { # name, output, command...
  local name=$1 out=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
  read -r seconds kilobytes < "$work/time"
  packets=$(capinfos -c -M "$out" | awk '/Number of packets/ {print $NF}')
  printf '%-12s %6.2f s  %9d packets  %9.0f packets/s  %6.1f MB peak\n' "$name" "$seconds" "$packets" "$(echo "$packets / $seconds" | bc -l)" "$(echo "$kilobytes / 1024" | bc -l)"
  echo "$seconds" > "$work/$name.seconds"
}

printf 'dump: %.0f MB, %d frames; text2pcap also counts the "Reassembled TCP" views\n' "$(echo "$size / 1000000" | bc -l)" "$expected"
measure traceimport "$work/out.pcapng" "$work/bin/traceimport" convert "$work/dump.txt" -o "$work/out.pcapng"
measure text2pcap "$work/out.pcap" text2pcap "$work/dump.txt" "$work/out.pcap"
printf 'traceimport is %.2fx as fast as text2pcap\n' "$(echo "$(cat "$work/text2pcap.seconds") / $(cat "$work/traceimport.seconds")" | bc -l)"
