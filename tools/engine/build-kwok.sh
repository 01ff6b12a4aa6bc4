#!/usr/bin/env bash
# Builds kwok (the fake kubelet controller) and kwokctl (starts the control plane).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=kwok
version="$KWOK_VERSION"
if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$ENGINE_CACHE"
out="$(mktemp -d "$ENGINE_CACHE/.build-$name-XXXXXX")"
trap 'rm -rf "$out"' EXIT
ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v$version"
GOBIN="$out" polite go install -ldflags "$ldflags" \
  "sigs.k8s.io/kwok/cmd/kwok@v$version" "sigs.k8s.io/kwok/cmd/kwokctl@v$version"
finish_build "$name" "$version" "$out"
trap - EXIT
log "$name $version: done"
