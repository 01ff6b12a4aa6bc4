#!/usr/bin/env bash
# Installs the pinned schemathesis (requirements.txt) into a venv under the user's cache, only
# when that exact set is missing, and prints the path of its `st` command. The venv is named by
# the hash of requirements.txt, so a version bump installs afresh. ~2 min cold (PyPI), instant warm.
#   e2e/api-fuzz/install.sh          install when missing, print the st path
#   e2e/api-fuzz/install.sh --path   only print where st is (or would be)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${SSGBAY_SCHEMATHESIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ssgbay-schemathesis}"
venv="$cache/venv-$(sha256sum "$here/requirements.txt" | cut -c1-16)"
# Written last, so an interrupted install is redone rather than half used.
done_marker="$venv/.installed"
if [ "${1:-}" = "--path" ]; then
  echo "$venv/bin/st"
  exit 0
fi
if [ ! -f "$done_marker" ]; then
  python="${PYTHON:-python3}"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    { echo "schemathesis needs Python >= 3.10 ($python)" >&2; exit 1; }
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --requirement "$here/requirements.txt" >&2
  touch "$done_marker"
fi
echo "$venv/bin/st"
