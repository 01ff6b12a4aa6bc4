#!/usr/bin/env bash
# Builds the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) at the version of the
# @pulumi/pulumi npm package in the lockfile, through a wrapper module: pkg/v3's go.mod has
# replace lines, which `go install pkg@version` refuses.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=pulumi
version="$PULUMI_VERSION"
if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$ENGINE_CACHE"
work="$(wrapper_module "$name")"
trap 'rm -rf "$work"' EXIT
cd "$work"

pkg_mod="$(module_gomod "github.com/pulumi/pulumi/pkg/v3@v$version")"
# Keep pkg/v3's third-party replace lines (the clipboard fork); drop the relative ones.
{
  echo
  grep -E '^replace [^ ]+ => [^.][^ ]* v' "$pkg_mod" || true
} >>go.mod
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"

out="$work/out"
mkdir -p "$out"
log "$name $version: go build pulumi"
polite go build -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$out/pulumi" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
finish_build "$name" "$version" "$out"
trap - EXIT
rm -rf "$work"
log "$name $version: done"
