#!/usr/bin/env bash
# Builds the node agents, kubelet and kube-proxy, from k8s.io/kubernetes at the control plane's
# version, exactly as the engine toolchain builds the control plane (build_kubernetes_commands).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_kubernetes_commands kubernetes-node "$NODE_KUBERNETES_VERSION" kubelet kube-proxy
