#!/usr/bin/env sh
# Installs the traceimport command from this repository: packs the command line as a .NET tool
# and installs (or updates) it for this user. Needs the .NET 10 SDK; the command lands in
# ~/.dotnet/tools, which must be on PATH. Development goes on with `dotnet run --project src/TraceImport.Cli -- …`.
set -eu
cd "$(dirname "$0")"
packages=artifacts/tool
rm -rf "$packages"
# Compiled ahead of time (ReadyToRun) for this machine's runtime identifier, so that a conversion does not
# wait for the JIT: a .NET 10 tool package for one runtime identifier, still run by the shared runtime.
# Where the SDK names no runtime identifier, or cannot compile for it, the portable package is built instead.
rid=$(dotnet --info | awk '$1 == "RID:" {print $2; exit}')
if [ -n "$rid" ] && dotnet pack src/TraceImport.Cli --configuration Release --output "$packages" --nologo \
    -p:RuntimeIdentifiers="$rid" -p:ToolPackageRuntimeIdentifiers="$rid" -p:PublishReadyToRun=true -p:SelfContained=false; then
  :
else
  [ -z "$rid" ] || echo "install.sh: could not compile ahead of time for $rid; installing the portable build" >&2
  rm -rf "$packages"
  dotnet pack src/TraceImport.Cli --configuration Release --output "$packages" --nologo
fi
# Removed first, so that the package just built is the one installed even when its version has not changed.
dotnet tool uninstall --global traceimport >/dev/null 2>&1 || true
dotnet tool install --global --add-source "$packages" traceimport
case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "install.sh: add ~/.dotnet/tools to PATH to run traceimport: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" >&2 ;;
esac
