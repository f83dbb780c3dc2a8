#!/usr/bin/env bash
# What starting costs: seconds per whole-process run of a .NET "hello world" published the same way
# (the runtime's own start), of `traceimport convert` on one pasted frame, and of the same convert
# with the runtime's W^X code mapping off; then how many methods that convert still compiles at
# start (ReadyToRun cannot compile generic code over another assembly's types ahead), by owner.
# Usage: bench/start-up.sh [runs] (default 20).
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/bench/lib/publish-cli.sh" "$work/bin"
source "$root/bench/lib/one-frame.sh"
write_pasted_frame "$work/paste.txt"

# The floor: an empty program, published as publish-cli.sh publishes the command line.
dotnet new console -o "$work/hello" --name hello >/dev/null 2>&1
rid=$(dotnet --info | awk '$1 == "RID:" {print $2; exit}')
dotnet publish "$work/hello" -c Release ${rid:+-r "$rid"} --self-contained false -p:PublishReadyToRun=true -o "$work/hello/out" --nologo >/dev/null

convert=("$work/bin/traceimport" convert "$work/paste.txt" -o "$work/frame.pcapng")
hello=$(per_run "$work/hello/out/hello")
ours=$(per_run "${convert[@]}")
no_wx=$(DOTNET_EnableWriteXorExecute=0 per_run "${convert[@]}")
printf 'empty program:                     %.3f s per run\n' "$hello"
printf 'traceimport convert, one frame:    %.3f s per run\n' "$ours"
printf 'the same with W^X off:             %.3f s per run\n' "$no_wx"

DOTNET_JitStdOutFile="$work/jit.txt" DOTNET_JitDisasmSummary=1 "${convert[@]}" >/dev/null 2>&1
echo "methods compiled by the JIT in that convert: $(wc -l < "$work/jit.txt"), of them first compiled at start (Tier0): $(grep -c 'Tier0' "$work/jit.txt")"
echo "the Tier0 ones by owner:"
grep 'Tier0' "$work/jit.txt" | sed -E 's/.*JIT compiled (System\.[A-Za-z]+|[A-Za-z]+).*/\1/' | sort | uniq -c | sort -rn | head -8
