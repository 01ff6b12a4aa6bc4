#!/usr/bin/env bash
# Prepares any node for kubeadm: host names, DNS, no swap, kernel modules and sysctls, containerd with
# the systemd cgroup driver, the NFS client, and kubeadm/kubelet/kubectl at the pinned version, held.
# Safe to run again on a node of a running cluster.
set -euo pipefail

: "${SCRIPTS_DIR:?}" "${NODE_IP:?}" "${CLUSTER_HOSTS:?}" "${DNS_SERVERS:?}"
: "${KUBERNETES_VERSION:?}" "${CONTAINERD_VERSION:?}"
INSECURE_REGISTRIES="${INSECURE_REGISTRIES:-}"
# shellcheck source=lib.sh
source "$SCRIPTS_DIR/lib.sh"

export DEBIAN_FRONTEND=noninteractive
kubernetes_minor="${KUBERNETES_VERSION%.*}"
kubernetes_package_version="${KUBERNETES_VERSION}-*"

configure_hosts() {
  printf '%s\n' "$CLUSTER_HOSTS" | replace_managed_block /etc/hosts "ssgbay cluster nodes"
}

configure_dns() {
  if printf '[Resolve]\nDNS=%s\n' "$DNS_SERVERS" |
    write_if_changed /etc/systemd/resolved.conf.d/ssgbay-dns.conf; then
    systemctl restart systemd-resolved
  fi
}

disable_swap() {
  swapoff --all
  comment_out_swap /etc/fstab
}

configure_kernel() {
  printf 'overlay\nbr_netfilter\n' | write_if_changed /etc/modules-load.d/kubernetes.conf || true
  modprobe overlay
  modprobe br_netfilter
  printf '%s\n' \
    'net.bridge.bridge-nf-call-iptables = 1' \
    'net.bridge.bridge-nf-call-ip6tables = 1' \
    'net.ipv4.ip_forward = 1' | write_if_changed /etc/sysctl.d/kubernetes.conf || true
  sysctl --quiet --system
}

add_kubernetes_repository() {
  local keyring=/etc/apt/keyrings/kubernetes-apt-keyring.gpg
  local repository="https://pkgs.k8s.io/core:/stable:/v${kubernetes_minor}/deb/"
  if printf 'deb [signed-by=%s] %s /\n' "$keyring" "$repository" |
    write_if_changed /etc/apt/sources.list.d/kubernetes.list || [[ ! -f "$keyring" ]]; then
    install --directory --mode 0755 /etc/apt/keyrings
    curl --fail --silent --show-error --location --retry 5 "${repository}Release.key" |
      gpg --dearmor --yes --output "$keyring"
  fi
}

install_packages() {
  apt-get update --quiet
  apt-get install --yes --quiet apt-transport-https ca-certificates curl gpg nfs-common
  add_kubernetes_repository
  apt-get update --quiet
  require_installed_version containerd "$CONTAINERD_VERSION"
  for package in kubelet kubeadm kubectl; do
    require_installed_version "$package" "$kubernetes_package_version"
  done
  apt-get install --yes --quiet --allow-change-held-packages \
    "containerd=${CONTAINERD_VERSION}" \
    "kubelet=${kubernetes_package_version}" \
    "kubeadm=${kubernetes_package_version}" \
    "kubectl=${kubernetes_package_version}"
  apt-mark hold containerd kubelet kubeadm kubectl
}

configure_containerd() {
  local pause_image changed=false
  pause_image="$(kubeadm config images list --kubernetes-version "v${KUBERNETES_VERSION}" | grep '/pause:')"
  # The kubelet uses the systemd cgroup driver; containerd must match or pods restart in a loop.
  if containerd config default |
    sed --expression 's/SystemdCgroup = false/SystemdCgroup = true/' \
      --expression "s|sandbox_image = .*|sandbox_image = \"${pause_image}\"|" \
      --expression 's|config_path = ""|config_path = "/etc/containerd/certs.d"|' |
    write_if_changed /etc/containerd/config.toml; then
    changed=true
  fi
  local registry
  for registry in $INSECURE_REGISTRIES; do
    if printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n' \
      "$registry" "$registry" | write_if_changed "/etc/containerd/certs.d/${registry}/hosts.toml"; then
      changed=true
    fi
  done
  printf 'runtime-endpoint: unix:///run/containerd/containerd.sock\n' | write_if_changed /etc/crictl.yaml || true
  systemctl enable --now containerd
  if [[ "$changed" == true ]]; then
    systemctl restart containerd
  fi
}

configure_kubelet() {
  # Without --node-ip the kubelet would advertise the NAT interface (10.0.2.15 on every VM).
  if printf 'KUBELET_EXTRA_ARGS=--node-ip=%s\n' "$NODE_IP" | write_if_changed /etc/default/kubelet; then
    systemctl daemon-reload
    if systemctl is-active --quiet kubelet; then
      systemctl restart kubelet
    fi
  fi
  systemctl enable kubelet
}

configure_hosts
configure_dns
disable_swap
configure_kernel
install_packages
configure_containerd
configure_kubelet
log "node prepared: containerd $(dpkg-query --show --showformat='${Version}' containerd), kubeadm $(kubeadm version --output short)"
