#!/usr/bin/env bash
# Joins a prepared node (common.sh) to the cluster as a worker. The join token is created on demand
# with the exported admin kubeconfig, so a worker added or rebuilt days later still joins (kubeadm
# tokens expire after 24 hours). Safe to run again: a node that has joined is left as it is.
set -euo pipefail

: "${SCRIPTS_DIR:?}" "${NODE_NAME:?}" "${EXPORT_DIR:?}"
# shellcheck source=lib.sh
source "$SCRIPTS_DIR/lib.sh"

admin_kubeconfig="$EXPORT_DIR/kubeconfig"
[[ -f "$admin_kubeconfig" ]] || die "$admin_kubeconfig is missing: provision the control plane first (vagrant up master)"

join_cluster() {
  if [[ -f /etc/kubernetes/kubelet.conf ]]; then
    log "already joined; keeping the node as it is"
    return
  fi
  local join_command
  local -a join_arguments
  join_command="$(kubeadm token create --kubeconfig "$admin_kubeconfig" --ttl 15m --print-join-command)"
  read -r -a join_arguments <<<"$join_command"
  "${join_arguments[@]}" --node-name "$NODE_NAME"
}

join_cluster
kubectl --kubeconfig "$admin_kubeconfig" label node "$NODE_NAME" node-role.kubernetes.io/worker= --overwrite
log "worker $NODE_NAME is part of the cluster"
