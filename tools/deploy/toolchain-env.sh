#!/usr/bin/env bash
# Prints, as KEY=VALUE lines, where the deploy toolchain lives (for test:deploy). Fails, naming what is missing, when
# build-toolchain.sh has not been run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
for component in kubernetes-node:"$NODE_KUBERNETES_VERSION" coredns:"$COREDNS_BUILD" buildkit:"$BUILDKIT_VERSION"; do
  is_built "${component%%:*}" "${component#*:}" || missing+=("${component/:/ }")
done
for component in pulumi:"$PULUMI_VERSION" pulumi-resource-docker-build:"$PULUMI_DOCKER_BUILD_VERSION"; do
  ENGINE_CACHE="$ENGINE_TOOLCHAIN_CACHE" is_built "${component%%:*}" "${component#*:}" ||
    missing+=("${component/:/ } (in $ENGINE_TOOLCHAIN_CACHE)")
done
if ((${#missing[@]} > 0)); then
  echo "not built in $DEPLOY_CACHE: ${missing[*]} (run tools/deploy/build-toolchain.sh)" >&2
  exit 1
fi
cat <<ENV
NODE_SCRIPT=$DEPLOY_DIR/node.sh
NODE_BIN_DIR=$(cache_dir kubernetes-node "$NODE_KUBERNETES_VERSION")
COREDNS_BIN_DIR=$(cache_dir coredns "$COREDNS_BUILD")
BUILDKIT_BIN_DIR=$(cache_dir buildkit "$BUILDKIT_VERSION")
PULUMI_BIN_DIR=$(engine_cache_dir pulumi "$PULUMI_VERSION")
LANGUAGE_HOST_DIR=$ENGINE_DIR/bin
PULUMI_DOCKER_BUILD_DIR=$(engine_cache_dir pulumi-resource-docker-build "$PULUMI_DOCKER_BUILD_VERSION")
ENV
