#!/usr/bin/env bash
# Builds the node agents, kubelet and kube-proxy, from k8s.io/kubernetes at the control plane's
# version, with the same wrapper-module method and version ldflags as the engine toolchain's
# build-kubernetes.sh (so both share one warm Go build cache).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=kubernetes-node
version="$NODE_KUBERNETES_VERSION"
if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
log "$name $version: building"
mkdir -p "$DEPLOY_CACHE"
work="$(wrapper_module "$name")"
trap 'rm -rf "$work"' EXIT
cd "$work"

kubernetes_mod="$(module_gomod "k8s.io/kubernetes@v$version")"
staging_minor="0.${version#1.}"
{
  echo
  grep -E '^godebug ' "$kubernetes_mod" || true
  sed -nE 's#^[[:space:]]*(k8s\.io/[^ ]+) => \./staging/src/.*#replace \1 => \1 v'"$staging_minor"'#p' "$kubernetes_mod"
  echo "require k8s.io/kubernetes v$version"
} >>go.mod
commands=(kubelet kube-proxy)
packages=()
for cmd in "${commands[@]}"; do packages+=("k8s.io/kubernetes/cmd/$cmd@v$version"); done
go get "${packages[@]}"

major="${version%%.*}"
minor="${version#*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=v$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

out="$work/out"
mkdir -p "$out"
for cmd in "${commands[@]}"; do
  log "$name $version: go build $cmd"
  polite go build -tags selinux,notest -ldflags "$ldflags" -o "$out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done
echo "module=k8s.io/kubernetes@v$version" >"$out/BUILD-INFO"
finish_build "$name" "$version" "$out"
log "$name $version: done"
