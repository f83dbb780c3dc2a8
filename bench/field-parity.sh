#!/usr/bin/env bash
# Field parity with tshark over real captures: each capture is dumped with `tshark -x`, the dump read
# and decoded as a paste, and every field `tshark -T pdml` shows with bytes behind it looked for among
# the decoder's fields by name and offset. Prints, per protocol, the share of tshark's fields the
# decoder names and the share of those that agree (same bytes, same value). Needs tshark.
#
#   bench/field-parity.sh [--details N] [--protocol P] [--all] [CAPTURE|FOLDER...]
#
# Folders are searched for captures and for text fixtures every byte of which is known (these are read as
# a paste and measured against the capture written from them). Without a path it measures
# fixtures/captures and every folder under it (the corpus, the tcpdump project's test captures, the
# fixtures' captures), the tshark dumps in fixtures/tshark, and the PPP and LAPD text samples in
# fixtures/cosine, toshiba and ascend. --details N lists, per protocol, the N fields most often unnamed or
# disagreeing with an example each; --protocol P lists one protocol's; --all adds the protocols issue
# 19 does not list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/bench/FieldParity" -c Release -v q -nologo >/dev/null
paths=0
for argument in "$@"; do [[ -e "$argument" ]] && paths=1; done
if [[ $paths == 0 ]]; then set -- "$@" "$root/fixtures/captures" "$root/fixtures/tshark" "$root/fixtures/cosine" "$root/fixtures/toshiba" "$root/fixtures/ascend"; fi
exec dotnet "$root/bench/FieldParity/bin/Release/net10.0/field-parity.dll" "$@"
