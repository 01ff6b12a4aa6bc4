#!/usr/bin/env bash
# Builds the control plane's kube-apiserver, kube-controller-manager, kube-scheduler and kubectl
# from k8s.io/kubernetes (see build_kubernetes_commands in lib.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_kubernetes_commands kubernetes "$KUBERNETES_VERSION" \
  kube-apiserver kube-controller-manager kube-scheduler kubectl
