#!/usr/bin/env bash
# Prints, as KEY=VALUE lines, where the deploy toolchain lives (for test:deploy). Fails, naming what is missing, when
# build-toolchain.sh has not been run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
for component in kubernetes-node:"$NODE_KUBERNETES_VERSION" coredns:"$COREDNS_BUILD"; do
  is_built "${component%%:*}" "${component#*:}" || missing+=("${component/:/ }")
done
if ((${#missing[@]} > 0)); then
  echo "not built in $DEPLOY_CACHE: ${missing[*]} (run tools/deploy/build-toolchain.sh)" >&2
  exit 1
fi
cat <<ENV
NODE_SCRIPT=$DEPLOY_DIR/node.sh
NODE_BIN_DIR=$(cache_dir kubernetes-node "$NODE_KUBERNETES_VERSION")
COREDNS_BIN_DIR=$(cache_dir coredns "$COREDNS_BUILD")
ENV
