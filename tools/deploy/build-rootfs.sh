#!/usr/bin/env bash
# Makes a Debian bookworm root filesystem (debootstrap minbase) as a tarball: the base of every
# locally made test image, since no container registry is reachable here. Cached under
# <deploy cache>/bookworm-rootfs-<recipe hash>/rootfs.tar; prints that path.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name=bookworm-rootfs
# The mirror apt uses on this machine (deb.debian.org unless configured otherwise).
mirror="${SSGBAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
recipe=(debootstrap --variant=minbase --include=ca-certificates bookworm "$mirror")
version="$(printf '%s\n' "${recipe[@]}" | sha256sum | cut -c1-12)"
target="$(cache_dir "$name" "$version")"
if is_built "$name" "$version"; then
  log "$name $version: cached"
  printf '%s\n' "$target/rootfs.tar"
  exit 0
fi
log "$name $version: ${recipe[*]}"
mkdir -p "$DEPLOY_CACHE"
work="$(mktemp -d "$DEPLOY_CACHE/.build-$name-XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="$work/out"
mkdir -p "$out"
polite "${recipe[@]:0:4}" "$work/root" "$mirror" >&2
# Slimmer image: no apt lists or caches, no docs.
rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin "$work/root/usr/share/doc" \
  "$work/root/usr/share/man"
tar -C "$work/root" --numeric-owner -cf "$out/rootfs.tar" .
printf '%s\n' "${recipe[*]}" >"$out/BUILD-INFO"
finish_build "$name" "$version" "$out"
log "$name $version: done"
printf '%s\n' "$target/rootfs.tar"
