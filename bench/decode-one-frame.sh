#!/usr/bin/env bash
# Times 'traceimport decode' on one pasted frame, as a whole process, against tshark decoding the
# same frame from a pcapng; prints seconds per run for each. Needs tshark.
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"
# One pasted frame (bench/lib/one-frame.sh), and seconds per run of a command.
source "$root/bench/lib/one-frame.sh"
write_pasted_frame "$work/paste.txt"
"$work/bin/traceimport" convert "$work/paste.txt" -o "$work/frame.pcapng" 2>/dev/null


ours=$(per_run sh -c "'$work/bin/traceimport' decode < '$work/paste.txt'")
theirs=$(per_run tshark -r "$work/frame.pcapng" -V)
printf 'traceimport decode: %.3f s per run\ntshark -V:          %.3f s per run\nratio:              %.1fx\n' "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
