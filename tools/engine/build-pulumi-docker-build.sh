#!/usr/bin/env bash
# Builds the BuildKit image provider (pulumi-resource-docker-build) from the Go module
# github.com/pulumi/pulumi-docker-build at the version of @pulumi/docker-build in the lockfile.
#
# The module proxy reachable here refuses two of its requirements (pulumi-language-dotnet and
# pulumi-java, 403 "This module version is not available"). The provider imports them only for
# the C# and Java package metadata of its schema (what an SDK generator reads; the Node.js SDK is
# already generated and on npm), so the build drops those two imports and the two schema entries
# and says so in BUILD-INFO. `go install …@version` cannot be used: it asks the proxy for the
# module's version list (deprecation check), which is refused too.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=pulumi-resource-docker-build
version="$PULUMI_DOCKER_BUILD_VERSION"
module=github.com/pulumi/pulumi-docker-build

if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$ENGINE_CACHE"
work="$(mktemp -d "$ENGINE_CACHE/.build-$name-XXXXXX")"
trap 'rm -rf "$work"' EXIT

info="$(go mod download -json "$module@v$version")"
source_dir="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Dir)' "$info")"
src="$work/src"
cp -r "$source_dir" "$src"
chmod -R u+w "$src"
cd "$src"
# shellcheck disable=SC2016  # the JavaScript is meant literally
node -e '
  const fs = require("node:fs");
  const file = "provider/internal/provider.go";
  let text = fs.readFileSync(file, "utf8");
  const drop = (from, to) => {
    const start = text.indexOf(from), end = text.indexOf(to, start);
    if (start < 0 || end < 0) throw new Error(`${file}: ${from} not found; update this script`);
    text = text.slice(0, start) + text.slice(end);
  };
  text = text.replace(/^\s*csgen "github.com\/pulumi\/pulumi-dotnet[^\n]*\n/m, "");
  text = text.replace(/^\s*"github.com\/pulumi\/pulumi-java\/pkg\/codegen\/java"\n/m, "");
  drop("\"csharp\": csgen.CSharpPackageInfo{", "\"nodejs\": tsgen.NodePackageInfo{");
  if (/csgen\.|java\./.test(text)) throw new Error(`${file}: still uses csgen/java`);
  fs.writeFileSync(file, text);
'
go mod edit -droprequire github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3 \
  -droprequire github.com/pulumi/pulumi-java
out="$work/out"
mkdir -p "$out"
log "$name: go build $version"
GOFLAGS="$GOFLAGS -mod=mod" polite go build -ldflags "-s -w -X $module/provider.Version=$version" \
  -o "$out/$name" ./provider/cmd/pulumi-resource-docker-build
{
  echo "module=$module@v$version"
  echo "plugin-version=$version"
  echo "note=built without the C#/Java schema metadata (their modules are refused by the proxy)"
} >"$out/BUILD-INFO"
cd /
finish_build "$name" "$version" "$out"
log "$name: done ($version)"
