#!/usr/bin/env bash
# Builds CoreDNS (the cluster DNS of the test node) from the Go module proxy. The module has no
# replace lines, so a plain `go install` works.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=coredns
version="$COREDNS_VERSION"
if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$DEPLOY_CACHE"
out="$(mktemp -d "$DEPLOY_CACHE/.build-$name-XXXXXX")"
trap 'rm -rf "$out"' EXIT
GOBIN="$out" polite go install -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=v$version" \
  "github.com/coredns/coredns@v$version"
echo "module=github.com/coredns/coredns@v$version" >"$out/BUILD-INFO"
finish_build "$name" "$version" "$out"
trap - EXIT
log "$name $version: done"
