#!/usr/bin/env sh
# Publishes the command line into a folder as install.sh installs it: compiled ahead of time
# (ReadyToRun) for this machine's runtime identifier, run by the shared .NET runtime. Where the SDK
# names no runtime identifier, it is published without (as install.sh then packs it).
# Usage: bench/lib/publish-cli.sh OUTPUT
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rid=$(dotnet --info | awk '$1 == "RID:" {print $2; exit}')
if [ -n "$rid" ]; then
  dotnet publish "$root/src/TraceImport.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$1" --nologo >/dev/null
else
  dotnet publish "$root/src/TraceImport.Cli" -c Release -o "$1" --nologo >/dev/null
fi
