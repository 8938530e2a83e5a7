#!/usr/bin/env bash
# Fetches the pinned Bicep CLI (the native `bicep` executable inside the NuGet package
# Azure.Bicep.CommandLine.<rid>) from the NuGet source configured for dotnet, and caches it in
# .cache/bicep/<version>/bicep. Prints the path of the executable on success.
# Exit 0: printed the path. Exit 3: the package cannot be had here (no dotnet, or the source lacks it).
# Env: BICEP_VERSION (default the pinned one), ANTS_CACHE_DIR (default <repo>/.cache).
set -euo pipefail

VERSION="${BICEP_VERSION:-0.38.33}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${ANTS_CACHE_DIR:-$ROOT/.cache}/bicep/$VERSION"
BIN="$CACHE/bicep"

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

# A miss is remembered for an hour so repeated runs (tests) do not ask the source again each time.
MISS="$CACHE/.unavailable"
if [ -f "$MISS" ] && [ -z "${BICEP_FETCH_RETRY:-}" ] && [ -n "$(find "$MISS" -mmin -60 2>/dev/null)" ]; then
  echo "fetch-bicep: $(cat "$MISS") (cached miss; BICEP_FETCH_RETRY=1 to ask again)" >&2
  exit 3
fi
miss() {
  mkdir -p "$CACHE"
  echo "$1" >"$MISS"
  echo "fetch-bicep: $1" >&2
  exit 3
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) RID=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) RID=linux-arm64 ;;
  Darwin-x86_64) RID=osx-x64 ;;
  Darwin-arm64) RID=osx-arm64 ;;
  *) miss "no Bicep CLI package for $(uname -s)-$(uname -m)" ;;
esac
PACKAGE="Azure.Bicep.CommandLine.$RID"

if ! command -v dotnet >/dev/null 2>&1; then
  miss "dotnet is not installed; cannot restore $PACKAGE"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A throwaway project whose only job is to download the package (no build, no reference).
TFM="net$(dotnet --version | cut -d. -f1).0"
cat >"$WORK/fetch-bicep.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>$TFM</TargetFramework>
    <NoWarn>\$(NoWarn);NU1603;NU1701</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$PACKAGE" Version="[$VERSION]" />
  </ItemGroup>
</Project>
XML

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet restore "$WORK/fetch-bicep.csproj" --packages "$WORK/packages" >"$WORK/restore.log" 2>&1; then
  grep -E "error|warn" "$WORK/restore.log" | head -5 >&2 || true
  miss "$PACKAGE $VERSION is not available from the configured NuGet source(s)"
fi

FOUND="$(find "$WORK/packages" -type f -name bicep | head -1)"
if [ -z "$FOUND" ]; then
  miss "$PACKAGE $VERSION restored but contains no 'bicep' executable"
fi
mkdir -p "$CACHE"
cp "$FOUND" "$BIN.tmp"
chmod +x "$BIN.tmp"
if ! "$BIN.tmp" --version >&2; then
  rm -f "$BIN.tmp"
  echo "fetch-bicep: the downloaded bicep does not run on this machine" >&2
  exit 3
fi
mv "$BIN.tmp" "$BIN"
echo "$BIN"
