#!/usr/bin/env bash
# Builds BuildKit's daemon (buildkitd) from the Go module proxy, at the version the image
# provider (@pulumi/docker-build) itself requires. The image proof (test/image-build.test.ts)
# runs it on the host as a `remote` buildx builder: the provider does not use Docker 20.10's
# built-in BuildKit, and the builder it would make instead pulls moby/buildkit from Docker Hub.
# The module has no replace lines that matter to cmd/buildkitd, so its own go.mod builds it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=buildkit
version="$BUILDKIT_VERSION"
module=github.com/moby/buildkit
begin_build "$name" "$version"
src="$build_dir/src"
cp -r "$(module_dir "$module@v$version")" "$src"
chmod -R u+w "$src"
out="$build_dir/out"
mkdir -p "$out"
(cd "$src" && GOFLAGS="$GOFLAGS -mod=mod" polite go build \
  -ldflags "-s -w -X $module/version.Version=v$version -X $module/version.Revision=v$version" \
  -o "$out/buildkitd" ./cmd/buildkitd)
echo "module=$module@v$version" >"$out/BUILD-INFO"
finish_build "$name" "$version" "$out"
log "$name $version: done"
