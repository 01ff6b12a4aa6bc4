#!/usr/bin/env bash
# Builds (or finds cached) everything test:deploy needs besides Debian packages: the engine
# toolchain's control plane and kwok, the Pulumi CLI and the BuildKit image provider (its own
# scripts, cached in its own cache), then kubelet + kube-proxy, CoreDNS, the bookworm rootfs
# of the test images and BuildKit's daemon (the image proof's builder).
# Each piece lands in ${SSGBAY_DEPLOY_CACHE:-~/.cache/ssgbay-deploy}/<name>-<version>/ and is
# rebuilt only when its pinned version (or recipe) changes. The images themselves need a Docker
# Engine and are made by node.sh up (build-images.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS
"$ENGINE_DIR/build-kwok.sh"
"$ENGINE_DIR/build-kubernetes.sh"
"$ENGINE_DIR/build-pulumi.sh"
"$ENGINE_DIR/build-pulumi-docker-build.sh"
for step in build-node build-coredns build-rootfs build-buildkit; do
  "$DEPLOY_DIR/$step.sh" >/dev/null
done
log "deploy toolchain ready in $((SECONDS - started))s: $DEPLOY_CACHE"
