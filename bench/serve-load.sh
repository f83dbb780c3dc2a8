#!/usr/bin/env bash
# Load on the local page's server: pastes of a `tshark -x` dump sent to its API, many at once,
# on loopback. Prints the status codes answered, the time taken and the server process's peak
# memory (VmHWM). Usage: bench/serve-load.sh [megabytes] [at once] [requests] [path...]
# (default: 4 MB, 8 at once, 32 requests, cycling over api/list, api/diagnose, api/decode?packet=1
# and api/convert). Needs tshark and curl.
set -euo pipefail
megabytes=${1:-4}
concurrent=${2:-8}
requests=${3:-32}
shift $(( $# < 3 ? $# : 3 ))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(api/list api/diagnose "api/decode?packet=1" api/convert)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"

# The paste: a real capture's dump, cut at a frame boundary just under the size asked for.
tshark -r "$root/fixtures/captures/loopback-http.pcap" -x > "$work/one.txt" 2>/dev/null
while [ "$(stat -c %s "$work/paste.txt" 2>/dev/null || echo 0)" -lt $(( megabytes * 1000000 - $(stat -c %s "$work/one.txt") )) ]; do cat "$work/one.txt" >> "$work/paste.txt"; done

"$work/bin/traceimport" serve --port 0 --max-input $(( megabytes + 1 )) > "$work/serve.out" &
server=$!
for _ in $(seq 100); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
address=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out")
idle=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")

start=$(date +%s.%N)
seq "$requests" | xargs -P "$concurrent" -I{} sh -c '
  paths="$1"; set -- $paths; n=$(( ({} - 1) % $# + 1 )); eval "path=\${$n}"
  curl -s -o /dev/null -w "%{http_code}\n" -H "Content-Type: text/plain; charset=utf-8" --data-binary @"'"$work"'/paste.txt" "'"$address"'$path"' _ "${paths[*]}" > "$work/codes.txt"
end=$(date +%s.%N)

peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
printf 'paste: %.1f MB; %d requests, %d at once, over: %s\n' "$(echo "$(stat -c %s "$work/paste.txt") / 1000000" | bc -l)" "$requests" "$concurrent" "${paths[*]}"
printf 'answers: %s\n' "$(sort "$work/codes.txt" | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
printf 'time: %.2f s; server memory: %.0f MB idle, %.0f MB peak\n' "$(echo "$end - $start" | bc -l)" "$(echo "$idle / 1024" | bc -l)" "$(echo "$peak / 1024" | bc -l)"
