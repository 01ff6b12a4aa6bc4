#!/usr/bin/env bash
# Builds the S3-compatible server the backup test uploads to (versitygw, Apache-2.0, posix
# backend: a real S3 API over a local directory) from the Go module proxy into a cache dir, and
# prints the binary's path. Warm: found in the cache at once. .ci/run calls it before npm test.
set -euo pipefail

VERSITYGW_VERSION="v1.8.0"
CACHE="${SSGBAY_S3_CACHE:-$HOME/.cache/ssgbay-s3}"
target="$CACHE/versitygw-$VERSITYGW_VERSION"

if [[ -x "$target/versitygw" && -f "$target/.complete" ]]; then
  printf '%s\n' "$target/versitygw"
  exit 0
fi

command -v go >/dev/null || { echo "build-s3-server.sh: Go is needed (apt-get install golang)" >&2; exit 1; }
# The engine toolchain's flags (tools/engine/lib.sh), so the module cache and build flags match.
export GOFLAGS="-p=2 -buildvcs=false -trimpath -gcflags=all=-dwarf=false" CGO_ENABLED=0 GOTOOLCHAIN=local
mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "[s3] building versitygw $VERSITYGW_VERSION (cold build; other work shares these cores)" >&2
GOBIN="$work" nice -n 15 go install -ldflags "-s -w" "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
touch "$work/.complete"
rm -rf "$target"
mv "$work" "$target"
trap - EXIT
echo "[s3] built in $(($(date +%s) - started)) s" >&2
printf '%s\n' "$target/versitygw"
