#!/usr/bin/env bash
# Builds the Kubernetes resource provider (pulumi-resource-kubernetes) from the Go module
# github.com/pulumi/pulumi-kubernetes/provider/v4. That sub-module has no tags: the proxy
# serves it as the pseudo-version of the commit the release tag points to, which we take
# from the tagged sibling module sdk/v4. The provider embeds a generated schema file, so
# the build runs from a writable copy of the module with `go generate` done first.
#
# The module proxy reachable here does not serve every commit. When it refuses the one
# for the lockfile's version, the build falls back to FALLBACK_PSEUDO_VERSION and says so
# in BUILD-INFO (the lifecycle test prints it), rather than failing the whole toolchain.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=pulumi-resource-kubernetes
requested="$PULUMI_KUBERNETES_VERSION"
FALLBACK_PSEUDO_VERSION="v4.0.0-20260115033456-f47bc2d6f199"
FALLBACK_SDK_VERSION="v4.24.0"
provider=github.com/pulumi/pulumi-kubernetes/provider/v4
sdk=github.com/pulumi/pulumi-kubernetes/sdk/v4

if is_built "$name" "$requested"; then log "$name $requested: cached"; exit 0; fi
log "$name $requested: building"
mkdir -p "$ENGINE_CACHE"
work="$(mktemp -d "$ENGINE_CACHE/.build-$name-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# pseudo_version_of_tag MODULE VERSION: the provider/ pseudo-version for the sdk tag's commit.
# shellcheck disable=SC2016  # the JavaScript is meant literally
pseudo_version_of_tag() {
  local info
  info="$(go list -m -json "$1@v$2")" || return 1
  node -e '
    const info = JSON.parse(process.argv[1]);
    const stamp = info.Time.replace(/[-:TZ]/g, "").slice(0, 14);
    process.stdout.write(`v4.0.0-${stamp}-${info.Origin.Hash.slice(0, 12)}`);
  ' "$info"
}

note=""
if pseudo="$(pseudo_version_of_tag "$sdk" "$requested" 2>"$work/err")" &&
  source_dir="$(module_dir "$provider@$pseudo" 2>>"$work/err")"; then
  sdk_version="v$requested"
  built="$requested"
else
  reason="$(grep -v '^[[:space:]]*$' "$work/err" | tr '\n' ' ')"
  log "$name $requested: not obtainable here: $reason"
  note="requested $requested (lockfile) but the module proxy refused it: $reason"
  pseudo="$FALLBACK_PSEUDO_VERSION"
  sdk_version="$FALLBACK_SDK_VERSION"
  built="${pseudo#v}"
  source_dir="$(module_dir "$provider@$pseudo")"
fi

src="$work/src"
cp -r "$source_dir" "$src"
chmod -R u+w "$src"
cd "$src"
# The ../sdk replace points into the repository, which a module copy does not have.
go mod edit -dropreplace "$sdk"
go get "$sdk@$sdk_version"
log "$name: go generate (schema $built)"
(cd cmd/pulumi-resource-kubernetes && VERSION="$built" polite go run ./generate.go)
out="$work/out"
mkdir -p "$out"
log "$name: go build $pseudo"
polite go build -ldflags "-s -w -X $provider/pkg/version.Version=v$built" \
  -o "$out/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
{
  echo "module=$provider@$pseudo"
  echo "plugin-version=$built"
  [[ -z "$note" ]] || echo "note=$note"
} >"$out/BUILD-INFO"
cd /
finish_build "$name" "$requested" "$out"
log "$name: done ($built)"
