#!/usr/bin/env bash
# Makes the locally built test images (no registry is reachable here) in the Docker Engine that
# DOCKER_HOST names: the bookworm base (build-rootfs.sh, imported), a Node base, an nginx base,
# a MySQL-compatible image and the pod sandbox (pause) image. Each is tagged
# ssgbay-test/<name>:<hash of its recipe> and saved as <deploy cache>/images/<name>-<hash>.tar,
# so a warm run only loads it (or finds it in the engine already). Prints KEY=VALUE lines.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -n "${DOCKER_HOST:-}" ]] || { echo "DOCKER_HOST must name the Docker Engine to use" >&2; exit 2; }
docker() { "$DOCKER_BINARY" "$@"; }
recipes="$DEPLOY_DIR/images"
tarballs="$DEPLOY_CACHE/images"
mkdir -p "$tarballs"
work="$(mktemp -d "$DEPLOY_CACHE/.build-images-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# recipe_hash DIR EXTRA...: 12 hex digits over every file of DIR and the extra inputs.
recipe_hash() {
  local dir="$1"
  shift
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); printf '%s\n' "$@"; } |
    sha256sum | cut -c1-12
}

# ensure_image NAME HASH BUILD_FUNCTION: present in the engine, else loaded, else built and saved.
ensure_image() {
  local name="$1" hash="$2" build="$3" ref="ssgbay-test/$1:$2"
  local tarball="$tarballs/$name-$hash.tar"
  if docker image inspect "$ref" >/dev/null 2>&1; then
    log "image $ref: present"
  elif [[ -f "$tarball" ]]; then
    log "image $ref: loading $tarball"
    docker load -i "$tarball" >/dev/null
  else
    log "image $ref: building"
    "$build" "$ref"
  fi
  if [[ ! -f "$tarball" ]]; then
    docker save -o "$tarball.partial" "$ref"
    mv "$tarball.partial" "$tarball"
  fi
  printf '%s' "$ref"
}

# docker_build REF CONTEXT [ARGS...]: the classic builder (BuildKit would try to pull frontends).
docker_build() {
  local ref="$1" context="$2"
  shift 2
  DOCKER_BUILDKIT=0 polite "$DOCKER_BINARY" build --quiet --tag "$ref" "$@" "$context" >/dev/null
}

rootfs="$("$DEPLOY_DIR/build-rootfs.sh")"
rootfs_hash="$(basename "$(dirname "$rootfs")")"
rootfs_hash="${rootfs_hash##*-}"
build_base() { docker import --message "debootstrap bookworm ($rootfs_hash)" "$rootfs" "$1" >/dev/null; }
base="$(ensure_image bookworm "$rootfs_hash" build_base)"

node_binary="$(command -v node)"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
ca_bundle=/etc/ssl/certs/ca-certificates.crt
build_node() {
  local context="$work/node"
  cp -r "$recipes/node" "$context"
  cp "$node_binary" "$context/node"
  cp -r "$npm_dir" "$context/npm"
  cp "$ca_bundle" "$context/ca-certificates.crt"
  docker_build "$1" "$context" --build-arg "BASE=$base"
}
node_hash="$(recipe_hash "$recipes/node" "$base" "$(sha256sum <"$node_binary")" \
  "npm $(npm --version)" "$(sha256sum <"$ca_bundle")")"
node_image="$(ensure_image node "$node_hash" build_node)"

build_from_base() { docker_build "$1" "$recipes/$2" --build-arg "BASE=$base"; }
build_nginx() { build_from_base "$1" nginx; }
build_mysql() { build_from_base "$1" mysql; }
nginx_image="$(ensure_image nginx "$(recipe_hash "$recipes/nginx" "$base")" build_nginx)"
mysql_image="$(ensure_image mysql "$(recipe_hash "$recipes/mysql" "$base")" build_mysql)"

build_pause() {
  local context="$work/pause"
  cp -r "$recipes/pause" "$context"
  (cd "$context" && polite go build -ldflags "-s -w" -o pause pause.go)
  docker_build "$1" "$context"
}
pause_hash="$(recipe_hash "$recipes/pause" "$(go env GOVERSION)")"
pause_image="$(ensure_image pause "$pause_hash" build_pause)"

cat <<ENV
BASE_IMAGE=$base
NODE_IMAGE=$node_image
NGINX_IMAGE=$nginx_image
MYSQL_IMAGE=$mysql_image
PAUSE_IMAGE=$pause_image
PAUSE_TARBALL=$tarballs/pause-$pause_hash.tar
ENV
