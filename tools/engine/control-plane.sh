#!/usr/bin/env bash
# Starts or stops a Kubernetes control plane on 127.0.0.1 for the real-engine test:
# etcd, kube-apiserver, kube-controller-manager and kube-scheduler (built by
# build-toolchain.sh), run by kwokctl's binary runtime, with kwok standing in for kubelets
# on three fake nodes named like the Vagrant cluster (master, node01, node02).
#
#   control-plane.sh up <state-dir>     prints the kubeconfig path (<state-dir>/kubeconfig)
#   control-plane.sh down <state-dir>
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { echo "usage: $0 up|down <state-dir>" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action="$1"
state_dir="$(mkdir -p "$2" && cd "$2" && pwd)"
cluster="ssgbay-engine-$(printf '%s' "$state_dir" | cksum | cut -d' ' -f1)"
kube_bin="$(cache_dir kubernetes "$KUBERNETES_VERSION")"
kwok_bin="$(cache_dir kwok "$KWOK_VERSION")"
etcd_binary="${SSGBAY_ETCD_BINARY:-$(command -v etcd || true)}"
export KWOK_WORKDIR="$state_dir/kwok"
kubeconfig="$state_dir/kubeconfig"
SERVICE_CIDR="$(sed -n 's/^ *service_cidr: *\([0-9./]*\).*$/\1/p' "$REPO_ROOT/infra/cluster/vagrant/settings.yaml")"
[[ -n "$SERVICE_CIDR" ]] || { echo "no service_cidr in infra/cluster/vagrant/settings.yaml" >&2; exit 1; }

for component in kubernetes:"$KUBERNETES_VERSION" kwok:"$KWOK_VERSION"; do
  if ! is_built "${component%%:*}" "${component#*:}"; then
    echo "missing ${component/:/ } in $ENGINE_CACHE: run tools/engine/build-toolchain.sh first" >&2
    exit 1
  fi
done

kwokctl() { "$kwok_bin/kwokctl" --name "$cluster" "$@"; }
kubectl() { "$kube_bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

case "$action" in
up)
  [[ -x "$etcd_binary" ]] || { echo "etcd not found: install Debian's etcd-server or set SSGBAY_ETCD_BINARY" >&2; exit 1; }
  # The Vagrant cluster's service CIDR, not the API server's default 10.0.0.0/24: the program
  # pins the NFS Service's ClusterIP inside it.
  write_kwokctl_config "$state_dir/kwokctl.yaml" "$SERVICE_CIDR" "$kube_bin" "$kwok_bin" "$etcd_binary"
  log "control plane $cluster: starting (state in $state_dir)"
  kwokctl create cluster --config "$state_dir/kwokctl.yaml" --kubeconfig "$kubeconfig" --wait 2m >&2
  kubectl apply -f "$ENGINE_DIR/test/fixtures/nodes.yaml" >&2
  kubectl wait --for=condition=Ready node --all --timeout=120s >&2
  log "control plane $cluster: ready"
  printf '%s\n' "$kubeconfig"
  ;;
down)
  if [[ -d "$KWOK_WORKDIR/clusters/$cluster" ]]; then
    kwokctl delete cluster --kubeconfig "$kubeconfig" >&2
  fi
  log "control plane $cluster: stopped"
  ;;
*) usage ;;
esac
