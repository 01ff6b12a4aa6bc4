#!/usr/bin/env bash
# Builds cert-manager-controller/ (a small main of ours that starts cert-manager's own
# controllers from pkg/controller; cert-manager's cmd/controller is a separate Go module the
# proxy does not serve) against github.com/cert-manager/cert-manager at CERT_MANAGER_VERSION
# (lib.sh, the chart pin). Like the other builds it goes through a throwaway wrapper module, so
# the version has no second home in a committed go.mod; the cache key adds a hash of main.go
# (CERT_MANAGER_CONTROLLER_VERSION).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=cert-manager-controller
source_file="$CERT_MANAGER_CONTROLLER_SOURCE"
version="$CERT_MANAGER_CONTROLLER_VERSION"
if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$ENGINE_CACHE"
work="$(wrapper_module "$name")"
trap 'rm -rf "$work"' EXIT
cp "$source_file" "$work/main.go"
cd "$work"
module="github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION"
go get "$module"
# The rest of the requirements (golang.org/x/sync, the indirect ones) come from cert-manager's
# own go.mod through minimal version selection: the same versions it is released with.
go mod tidy
out="$work/out"
mkdir -p "$out"
polite go build -ldflags "-s -w" -o "$out/cert-manager-controller" .
{
  echo "module=$module"
  echo "main.go sha256=$(sha256sum "$source_file" | cut -d' ' -f1)"
} >"$out/BUILD-INFO"
finish_build "$name" "$version" "$out"
log "$name $version: done"
