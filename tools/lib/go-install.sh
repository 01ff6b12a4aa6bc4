# shellcheck shell=bash
# One Go command built from the Go module proxy into a cache directory, once: the test tools
# (tools/backup/build-s3-server.sh, tools/lint/build-kube-score.sh) source this. Sourced, never run.

# cached_go_install LABEL CACHE_DIR BINARY PACKAGE@VERSION: prints the binary's path; builds it
# first when the cache has no complete copy (atomically: a temp dir renamed at the end).
cached_go_install() {
  local label="$1" target="$2" binary="$3" package="$4"
  if [[ -x "$target/$binary" && -f "$target/.complete" ]]; then
    printf '%s\n' "$target/$binary"
    return 0
  fi
  command -v go >/dev/null || { echo "$label: Go is needed (apt-get install golang)" >&2; return 1; }
  mkdir -p "$(dirname "$target")"
  local work started
  work="$(mktemp -d "$(dirname "$target")/.build-XXXXXX")"
  started=$(date +%s)
  echo "[$label] building $package (cold build; other work shares these cores)" >&2
  # The engine toolchain's flags (tools/engine/lib.sh), so the module and build caches are shared.
  if ! GOBIN="$work" GOFLAGS="-p=2 -buildvcs=false -trimpath -gcflags=all=-dwarf=false" CGO_ENABLED=0 GOTOOLCHAIN=local \
    nice -n 15 go install -ldflags "-s -w" "$package"; then
    rm -rf "$work"
    return 1
  fi
  chmod 755 "$work"
  touch "$work/.complete"
  rm -rf "$target"
  mv "$work" "$target"
  echo "[$label] built in $(($(date +%s) - started)) s" >&2
  printf '%s\n' "$target/$binary"
}
