# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared settings for the real-node (test:deploy) scripts. Sourced, never run.
#
# The cache helpers (cache_dir, is_built, wrapper_module, finish_build, polite, lockfile_version)
# are the engine toolchain's: this file sources its lib.sh and points the helpers at the deploy
# cache. ENGINE_LIB is the one place that says where the engine toolchain lives.

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENGINE_LIB="${ENGINE_LIB:-$DEPLOY_DIR/../engine/lib.sh}"
# shellcheck source-path=SCRIPTDIR source=../engine/lib.sh
source "$ENGINE_LIB"

# The engine's binaries (control plane, kubectl, kwok) stay where its toolchain build put them;
# everything built here goes to the deploy cache, one directory per <name>-<version>.
ENGINE_TOOLCHAIN_CACHE="$ENGINE_CACHE"
DEPLOY_CACHE="${SSGBAY_DEPLOY_CACHE:-$HOME/.cache/ssgbay-deploy}"
ENGINE_CACHE="$DEPLOY_CACHE"
engine_cache_dir() { ENGINE_CACHE="$ENGINE_TOOLCHAIN_CACHE" cache_dir "$@"; }

log() { printf '[deploy %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# kubelet and kube-proxy are built from the same k8s.io/kubernetes version as the control plane.
NODE_KUBERNETES_VERSION="$KUBERNETES_VERSION"
COREDNS_VERSION="1.15.0"
# CoreDNS is built with the plugins of node.sh's Corefile only (CoreDNS's own way to choose them:
# core/plugin/zplugin.go), which halves what a cold build compiles; a plugin new to the Corefile
# goes here too. The cache key carries the list, so a change rebuilds.
COREDNS_PLUGINS=(bind cache errors forward health kubernetes loop)
COREDNS_BUILD="$COREDNS_VERSION-$(printf '%s\n' "${COREDNS_PLUGINS[@]}" | cksum | cut -d' ' -f1)"

# BuildKit's daemon for the image proof: the version @pulumi/docker-build's provider requires
# (github.com/pulumi/pulumi-docker-build go.mod at PULUMI_DOCKER_BUILD_VERSION).
BUILDKIT_VERSION="0.31.0"

# Debian's Docker Engine (it has BuildKit built in; a CLI earlier on PATH may lack buildx).
DOCKERD_BINARY="${SSGBAY_DOCKERD:-/usr/sbin/dockerd}"
DOCKER_BINARY="${SSGBAY_DOCKER:-/usr/bin/docker}"
CNI_BIN_DIR="${SSGBAY_CNI_BIN_DIR:-/usr/lib/cni}"
