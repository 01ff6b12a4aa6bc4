#!/usr/bin/env bash
# Builds (or finds cached) everything the real-engine lifecycle test needs: the Pulumi CLI,
# the Kubernetes resource provider, the Kubernetes control plane, kubectl, kwok and the
# cert-manager controller.
# Each piece lands in ${SSGBAY_ENGINE_CACHE:-~/.cache/ssgbay-engine}/<name>-<version>/ and
# is rebuilt only when its pinned version changes. Prints the cache directory at the end.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS
for step in build-kwok build-kubernetes build-pulumi build-pulumi-kubernetes \
  build-cert-manager-controller; do
  "$ENGINE_DIR/$step.sh"
done
log "toolchain ready in $((SECONDS - started))s: $ENGINE_CACHE"
