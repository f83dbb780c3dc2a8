#!/usr/bin/env bash
# Builds the native AOT binary (dotnet publish -r linux-x64 -p:PublishAot=true) beside the
# framework build, checks that the publish gave no trim or AOT warning, runs both on every fixture
# (list, decode, diagnose, convert) and compares standard output, standard error, exit code and the
# capture written, byte for byte; then times start-up and a pasted frame's decode, whole process,
# for both builds and for tshark -V on the same frame.
# Usage: bench/aot-compare.sh [runs]   (AOT_BIN=path/to/traceimport skips the AOT publish)
# Needs the .NET 10 SDK, a C linker (clang or gcc) and zlib (Debian: zlib1g-dev) for the AOT publish, and tshark.
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

"$root/bench/lib/publish-cli.sh" "$work/jit"
jit="$work/jit/traceimport"
if [ -n "${AOT_BIN:-}" ]; then
  aot=$AOT_BIN
else
  dotnet publish src/TraceImport.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" --nologo > "$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }
  warnings=$(grep -cE 'warning (IL|AOT)[0-9]+' "$work/publish.log" || true)
  echo "AOT publish: $warnings trim/AOT warning(s)"
  grep -E 'warning (IL|AOT)[0-9]+' "$work/publish.log" | sort -u || true
  aot="$work/aot/traceimport"
fi
echo "AOT binary: $(stat -c %s "$aot" | awk '{printf "%.1f MB", $1/1e6}')"

run() { # binary, name, arguments... -> name.out, name.err, name.rc
  local binary=$1 name=$2; shift 2
  set +e
  "$binary" "$@" > "$work/$name.out" 2> "$work/$name.err" < /dev/null
  echo $? > "$work/$name.rc"
  set -e
}

compared=0 differing=0
for fixture in $(find fixtures -name '*.txt' ! -name '*.approved.txt' ! -name '*.received.txt' | sort); do
  for command in list decode diagnose convert; do
    arguments=("$command" "$fixture")
    [ "$command" = convert ] && arguments+=(-o "$work/capture.pcapng")
    run "$jit" jit "${arguments[@]}"
    [ "$command" = convert ] && { mv "$work/capture.pcapng" "$work/jit.pcapng" 2>/dev/null || : > "$work/jit.pcapng"; }
    run "$aot" aot "${arguments[@]}"
    [ "$command" = convert ] && { mv "$work/capture.pcapng" "$work/aot.pcapng" 2>/dev/null || : > "$work/aot.pcapng"; }
    compared=$((compared + 1))
    same=yes
    for part in out err rc; do cmp -s "$work/jit.$part" "$work/aot.$part" || same=no; done
    [ "$command" = convert ] && { cmp -s "$work/jit.pcapng" "$work/aot.pcapng" || same=no; }
    if [ $same = no ]; then
      differing=$((differing + 1))
      echo "differs: $command $fixture"
      diff <(cat "$work/jit.rc" "$work/jit.err" "$work/jit.out") <(cat "$work/aot.rc" "$work/aot.err" "$work/aot.out") | head -5 || true
    fi
  done
done
echo "fixtures x commands compared: $compared, differing: $differing"

# One pasted frame (bench/lib/one-frame.sh), and seconds per run of a command.
source "$root/bench/lib/one-frame.sh"
write_pasted_frame "$work/paste.txt"
"$jit" convert "$work/paste.txt" -o "$work/frame.pcapng" 2>/dev/null
jit_start=$(per_run "$jit" --version)
aot_start=$(per_run "$aot" --version)
tshark_start=$(per_run tshark --version)
jit_decode=$(per_run sh -c "'$jit' decode < '$work/paste.txt'")
aot_decode=$(per_run sh -c "'$aot' decode < '$work/paste.txt'")
tshark_decode=$(per_run tshark -r "$work/frame.pcapng" -V)
printf '%-28s %8s %8s %8s\n' "seconds per run ($runs runs)" framework AOT tshark
printf '%-28s %8.3f %8.3f %8.3f\n' "start-up (--version)" "$jit_start" "$aot_start" "$tshark_start"
printf '%-28s %8.3f %8.3f %8.3f\n' "decode one pasted frame" "$jit_decode" "$aot_decode" "$tshark_decode"
printf 'one-frame decode, AOT against tshark -V: %.2f of its time\n' "$(echo "$aot_decode / $tshark_decode" | bc -l)"
