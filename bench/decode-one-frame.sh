#!/usr/bin/env bash
# Times 'traceimport decode' on one pasted frame, as a whole process, against tshark decoding the
# same frame from a pcapng; prints seconds per run for each. Needs tshark.
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/src/TraceImport.Cli" -c Release -o "$work/bin" >/dev/null
# The SYN of the seed case study, as pasted: masked MAC bytes, 16 bytes a row.
printf 'XXXXXXXX 820EXXXX XXXX8E60 08004500\n003C7772 00003E06 0271C0A8 821DAC10\n14030419 0015DBC1 0ED30000 0000A002\n80002BE7 00000204 05640103 03000101\n080A738E 68450000 0000\n' > "$work/paste.txt"
"$work/bin/traceimport" convert "$work/paste.txt" -o "$work/frame.pcapng" 2>/dev/null

per_run() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s.%N)
  echo "($end - $start) / $runs" | bc -l
}

ours=$(per_run sh -c "'$work/bin/traceimport' decode < '$work/paste.txt'")
theirs=$(per_run tshark -r "$work/frame.pcapng" -V)
printf 'traceimport decode: %.3f s per run\ntshark -V:          %.3f s per run\nratio:              %.1fx\n' "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
