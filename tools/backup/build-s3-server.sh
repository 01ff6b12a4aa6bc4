#!/usr/bin/env bash
# Builds the S3-compatible server the backup test uploads to (versitygw, Apache-2.0, posix
# backend: a real S3 API over a local directory) from the Go module proxy into a cache dir, and
# prints the binary's path. Warm: found in the cache at once. .ci/run calls it before npm test.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/go-install.sh
source "$(dirname "$0")/../lib/go-install.sh"

VERSITYGW_VERSION="v1.8.0"
CACHE="${SSGBAY_S3_CACHE:-$HOME/.cache/ssgbay-s3}"
cached_go_install s3 "$CACHE/versitygw-$VERSITYGW_VERSION" versitygw \
  "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
