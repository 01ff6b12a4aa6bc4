#!/usr/bin/env bash
# Prints, as KEY=VALUE lines, where the built toolchain lives (for the lifecycle test).
# Fails, naming what is missing, when build-toolchain.sh has not been run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
for component in pulumi:"$PULUMI_VERSION" pulumi-resource-kubernetes:"$PULUMI_KUBERNETES_VERSION" \
  kubernetes:"$KUBERNETES_VERSION" kwok:"$KWOK_VERSION" \
  cert-manager-controller:"$CERT_MANAGER_CONTROLLER_VERSION"; do
  is_built "${component%%:*}" "${component#*:}" || missing+=("${component/:/ }")
done
if ((${#missing[@]} > 0)); then
  echo "not built in $ENGINE_CACHE: ${missing[*]} (run tools/engine/build-toolchain.sh)" >&2
  exit 1
fi
cat <<ENV
PULUMI_VERSION=$PULUMI_VERSION
PULUMI_BIN_DIR=$(cache_dir pulumi "$PULUMI_VERSION")
LANGUAGE_HOST_DIR=$ENGINE_DIR/bin
KUBERNETES_PROVIDER_DIR=$(cache_dir pulumi-resource-kubernetes "$PULUMI_KUBERNETES_VERSION")
KUBERNETES_VERSION=$KUBERNETES_VERSION
KUBERNETES_BIN_DIR=$(cache_dir kubernetes "$KUBERNETES_VERSION")
CONTROL_PLANE_SCRIPT=$ENGINE_DIR/control-plane.sh
CERT_MANAGER_VERSION=$CERT_MANAGER_VERSION
CERT_MANAGER_CONTROLLER_DIR=$(cache_dir cert-manager-controller "$CERT_MANAGER_CONTROLLER_VERSION")
ENV
