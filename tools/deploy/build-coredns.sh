#!/usr/bin/env bash
# Builds CoreDNS (the cluster DNS of the test node) from the Go module proxy, with the plugins of
# node.sh's Corefile only (COREDNS_PLUGINS in lib.sh): from a writable copy of the module whose
# core/plugin/zplugin.go (the generated list of compiled-in plugins) names just those. The module
# has no replace lines, so its own go.mod and go.sum build it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=coredns
version="$COREDNS_VERSION"
begin_build "$name" "$COREDNS_BUILD" "plugins: ${COREDNS_PLUGINS[*]}"
src="$build_dir/src"
cp -r "$(module_dir "github.com/coredns/coredns@v$version")" "$src"
chmod -R u+w "$src"
{
  echo "// Written by tools/deploy/build-coredns.sh: the plugins of tools/deploy/node.sh's Corefile."
  echo
  echo "package plugin"
  echo
  echo "import ("
  for plugin in "${COREDNS_PLUGINS[@]}"; do echo "	_ \"github.com/coredns/coredns/plugin/$plugin\""; done
  echo ")"
} >"$src/core/plugin/zplugin.go"
out="$build_dir/out"
mkdir -p "$out"
(cd "$src" && polite go build -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=v$version" \
  -o "$out/coredns" .)
{
  echo "module=github.com/coredns/coredns@v$version"
  echo "plugins=${COREDNS_PLUGINS[*]}"
} >"$out/BUILD-INFO"
finish_build "$name" "$COREDNS_BUILD" "$out"
log "$name $COREDNS_BUILD: done"
