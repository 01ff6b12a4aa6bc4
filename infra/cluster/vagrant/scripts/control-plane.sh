#!/usr/bin/env bash
# Turns a prepared node (common.sh) into the control plane: kubeadm init, Calico pinned to the
# host-only network, metrics-server, and the admin kubeconfig exported to the host.
# Safe to run again: an initialised control plane is kept, and the add-ons are re-applied idempotently.
set -euo pipefail

: "${SCRIPTS_DIR:?}" "${NODE_NAME:?}" "${NODE_IP:?}" "${KUBERNETES_VERSION:?}"
: "${POD_CIDR:?}" "${SERVICE_CIDR:?}" "${HOST_ONLY_CIDR:?}"
: "${CALICO_VERSION:?}" "${METRICS_SERVER_VERSION:?}" "${SCHEDULE_ON_CONTROL_PLANE:?}" "${EXPORT_DIR:?}"
# shellcheck source=lib.sh
source "$SCRIPTS_DIR/lib.sh"

export KUBECONFIG=/etc/kubernetes/admin.conf
addons_dir=/var/lib/ssgbay/addons

initialise_control_plane() {
  if [[ -f "$KUBECONFIG" ]]; then
    log "control plane already initialised; keeping it"
    return
  fi
  kubeadm init \
    --kubernetes-version "v${KUBERNETES_VERSION}" \
    --node-name "$NODE_NAME" \
    --apiserver-advertise-address "$NODE_IP" \
    --apiserver-cert-extra-sans "$NODE_IP" \
    --pod-network-cidr "$POD_CIDR" \
    --service-cidr "$SERVICE_CIDR"
}

wait_for_api_server() {
  local attempt
  for attempt in $(seq 1 60); do
    if kubectl get --raw /readyz >/dev/null 2>&1; then
      return
    fi
    log "waiting for the API server (attempt ${attempt}/60)"
    sleep 5
  done
  die "the API server at ${NODE_IP}:6443 is not ready; inspect 'journalctl -u kubelet' or run 'kubeadm reset' and provision again"
}

# Calico's stock manifest, with autodetection pinned to the host-only network: its default picks the
# first interface, which on VirtualBox is the NAT interface every VM shares (10.0.2.15).
# No encapsulation (IP-in-IP and VXLAN off; BGP routes over the host-only network, one L2 segment):
# with IP-in-IP a node's traffic to another node's pods leaves from its tunl0 address (in the pod
# CIDR), so the NFS server's NetworkPolicy, which admits only the nodes' host-only addresses, would
# refuse every kubelet's mount but the local node's. The CALICO_IPV4POOL_* variables shape the pool
# only when it is first created; a cluster provisioned before is converged by the patch below.
install_calico() {
  local dir="$addons_dir/calico"
  install --directory "$dir"
  download "https://raw.githubusercontent.com/projectcalico/calico/v${CALICO_VERSION}/manifests/calico.yaml" "$dir/calico.yaml"
  write_if_changed "$dir/kustomization.yaml" <<YAML || true
resources:
  - calico.yaml
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: calico-node
        namespace: kube-system
      spec:
        template:
          spec:
            containers:
              - name: calico-node
                env:
                  - name: IP_AUTODETECTION_METHOD
                    value: cidr=${HOST_ONLY_CIDR}
                  - name: CALICO_IPV4POOL_CIDR
                    value: ${POD_CIDR}
                  - name: CALICO_IPV4POOL_IPIP
                    value: Never
                  - name: CALICO_IPV4POOL_VXLAN
                    value: Never
YAML
  # Server-side apply: Calico's CRDs exceed the annotation size limit of client-side apply.
  kubectl apply --server-side --force-conflicts --kustomize "$dir"
  unencapsulate_default_pool
}

# calico-node creates the default pool at its first start; a pool from an earlier provisioning keeps
# its encapsulation until patched.
unencapsulate_default_pool() {
  local pool=ippools.crd.projectcalico.org/default-ipv4-ippool attempt
  for attempt in $(seq 1 60); do
    if kubectl get "$pool" >/dev/null 2>&1; then
      kubectl patch "$pool" --type merge --patch '{"spec":{"ipipMode":"Never","vxlanMode":"Never"}}'
      return
    fi
    log "waiting for calico-node to create its default IP pool (attempt ${attempt}/60)"
    sleep 5
  done
  die "Calico's default IP pool did not appear; inspect 'kubectl -n kube-system logs ds/calico-node -c calico-node'"
}

# The kubelets serve self-signed certificates, so metrics-server must skip their verification.
install_metrics_server() {
  local dir="$addons_dir/metrics-server"
  install --directory "$dir"
  download "https://github.com/kubernetes-sigs/metrics-server/releases/download/v${METRICS_SERVER_VERSION}/components.yaml" "$dir/components.yaml"
  write_if_changed "$dir/kustomization.yaml" <<'YAML' || true
resources:
  - components.yaml
patches:
  - target:
      kind: Deployment
      name: metrics-server
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: --kubelet-insecure-tls
YAML
  kubectl apply --server-side --force-conflicts --kustomize "$dir"
}

allow_workloads_without_workers() {
  [[ "$SCHEDULE_ON_CONTROL_PLANE" == true ]] || return 0
  if kubectl get node "$NODE_NAME" --output jsonpath='{.spec.taints[*].key}' |
    grep --quiet 'node-role.kubernetes.io/control-plane'; then
    kubectl taint node "$NODE_NAME" node-role.kubernetes.io/control-plane:NoSchedule-
  fi
}

# The host runs `pulumi up` with this kubeconfig; workers use it to create their own join token.
# The export directory is a VirtualBox shared folder, which ignores modes: plain cp there.
export_kubeconfig() {
  mkdir -p "$EXPORT_DIR"
  cp "$KUBECONFIG" "$EXPORT_DIR/kubeconfig"
  install --directory --mode 0700 /root/.kube /home/vagrant/.kube
  install --mode 0600 "$KUBECONFIG" /root/.kube/config
  install --mode 0600 --owner vagrant --group vagrant "$KUBECONFIG" /home/vagrant/.kube/config
  chown vagrant:vagrant /home/vagrant/.kube
}

main() {
  initialise_control_plane
  wait_for_api_server
  export_kubeconfig
  install_calico
  install_metrics_server
  allow_workloads_without_workers
  log "control plane ready at https://${NODE_IP}:6443; kubeconfig exported to ${EXPORT_DIR}/kubeconfig"
}

# Sourced by the tests for its functions; run by Vagrant.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main
fi
