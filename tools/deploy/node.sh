#!/usr/bin/env bash
# Starts or stops ONE real Kubernetes node on this machine, with everything around it, for
# test:deploy:
#   Docker Engine (Debian's dockerd, own socket, bridge and address pools; data root in the
#     deploy cache so image layers survive runs), the locally made test images (build-images.sh),
#   a local registry on 127.0.0.1 with htpasswd auth (Debian's docker-registry),
#   a control plane on 127.0.0.1 (the engine toolchain's etcd, kube-apiserver,
#     kube-controller-manager and kube-scheduler run by kwokctl's binary runtime, WITHOUT kwok's
#     fake nodes and with a service CIDR of its own, so every pod lands on the real node),
#   containerd (own root, state and socket; sandbox image = the local pause image),
#   kubelet + CNI bridge plugins + kube-proxy (iptables) on the address of an interface it creates, and
#   CoreDNS for cluster.local behind the kube-dns Service.
# Everything listens on 127.0.0.1 or on the interfaces and networks this script creates.
#
#   node.sh up <state-dir>     prints the path of <state-dir>/node.env (KEY=VALUE lines)
#   node.sh down <state-dir>   stops and removes everything `up` made; safe to repeat
#
# `up` tears everything down again when it fails or is interrupted. One node at a time per
# machine: kube-proxy's and the CNI plugin's iptables rules are machine-wide.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { echo "usage: $0 up|down <state-dir>" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action="$1"
state="$(mkdir -p "$2" && cd "$2" && pwd)"

# --- address plan: nothing here overlaps 10.0.0.0/24 (the Vagrant addresses), 172.17.0.0/16
# (Docker's and the Vagrant cluster's defaults) or the machine's own networks.
NODE_NAME=ssgbay-node
NODE_INTERFACE=ssgbay-node0
NODE_IP=10.212.0.10
DOCKER_BRIDGE=ssgbay-docker0
DOCKER_BRIDGE_ADDRESS=10.210.0.1/24
DOCKER_ADDRESS_POOL=10.211.0.0/16
POD_BRIDGE=ssgbay-cni0
POD_CIDR=10.213.0.0/24
SERVICE_CIDR=10.214.0.0/16
DNS_SERVICE_IP=10.214.0.10
CLUSTER_DOMAIN=cluster.local
CNI_NETWORK=ssgbay
REGISTRY_USERNAME=ssgbay-test

kube_bin="$(engine_cache_dir kubernetes "$KUBERNETES_VERSION")"
kwok_bin="$(engine_cache_dir kwok "$KWOK_VERSION")"
node_bin="$(cache_dir kubernetes-node "$NODE_KUBERNETES_VERSION")"
coredns_bin="$(cache_dir coredns "$COREDNS_BUILD")"
docker_data_root="${SSGBAY_DOCKER_DATA_ROOT:-$DEPLOY_CACHE/docker-data}"
etcd_binary="${SSGBAY_ETCD_BINARY:-$(command -v etcd || true)}"

run_dir="$state/run"
logs="$state/logs"
docker_dir="$state/docker"
docker_socket="$docker_dir/docker.sock"
registry_dir="$state/registry"
containerd_dir="$state/containerd"
containerd_socket="$containerd_dir/containerd.sock"
cni_dir="$state/cni"
kubelet_dir="$state/kubelet"
export KWOK_WORKDIR="$state/kwok"
cluster="ssgbay-deploy-$(printf '%s' "$state" | cksum | cut -d' ' -f1)"
kubeconfig="$state/kubeconfig"
env_file="$state/node.env"

kubectl() { "$kube_bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
kwokctl() { "$kwok_bin/kwokctl" --name "$cluster" "$@"; }
docker() { DOCKER_HOST="unix://$docker_socket" DOCKER_CONFIG="$docker_dir/config" "$DOCKER_BINARY" "$@"; }
ctr() { /usr/bin/ctr --address "$containerd_socket" --namespace k8s.io "$@"; }

# --- processes: each daemon runs in its own session; its pid is kept in $run_dir/<name>.pid.
start_daemon() {
  local name="$1"
  shift
  mkdir -p "$run_dir" "$logs"
  setsid "$@" >>"$logs/$name.log" 2>&1 </dev/null &
  echo "$!" >"$run_dir/$name.pid"
  log "$name: started (pid $!, log $logs/$name.log)"
}
daemon_alive() {
  local pid
  [[ -f "$run_dir/$1.pid" ]] && pid="$(<"$run_dir/$1.pid")" && kill -0 "$pid" 2>/dev/null
}
# stop_daemon NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 10).
stop_daemon() {
  local name="$1" grace="${2:-10}" pid
  [[ -f "$run_dir/$name.pid" ]] || return 0
  pid="$(<"$run_dir/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((grace * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name: still running after ${grace}s, killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "$name: stopped"
  fi
  rm -f "$run_dir/$name.pid"
}
# wait_for WHAT SECONDS COMMAND...: retries COMMAND until it succeeds; fails naming WHAT.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$what: not ready after ${seconds}s"
  return 1
}
require_alive() { daemon_alive "$1" || { log "$1 exited; last lines of its log:"; tail -n 30 "$logs/$1.log" >&2; return 1; }; }

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

preflight() {
  [[ "$(id -u)" == 0 ]] || { echo "node.sh needs root (network interfaces, iptables, mounts)" >&2; exit 1; }
  local missing=()
  for component in kubernetes:"$KUBERNETES_VERSION" kwok:"$KWOK_VERSION"; do
    [[ -f "$(engine_cache_dir "${component%%:*}" "${component#*:}")/.complete" ]] ||
      missing+=("${component/:/ } (engine toolchain build)")
  done
  is_built kubernetes-node "$NODE_KUBERNETES_VERSION" || missing+=("kubernetes-node (tools/deploy/build-toolchain.sh)")
  is_built coredns "$COREDNS_BUILD" || missing+=("coredns (tools/deploy/build-toolchain.sh)")
  for binary in "$DOCKERD_BINARY" "$DOCKER_BINARY" /usr/bin/containerd /usr/bin/ctr /usr/bin/docker-registry \
    "$CNI_BIN_DIR/bridge" "$CNI_BIN_DIR/host-local" "$CNI_BIN_DIR/loopback" "$CNI_BIN_DIR/portmap" "$etcd_binary"; do
    [[ -x "$binary" ]] || missing+=("$binary")
  done
  command -v iptables >/dev/null || missing+=(iptables)
  if ((${#missing[@]} > 0)); then
    printf 'missing: %s\n' "${missing[@]}" >&2
    echo "(apt-get install docker.io containerd docker-registry containernetworking-plugins etcd-server iptables debootstrap)" >&2
    exit 1
  fi
  if ip link show "$NODE_INTERFACE" >/dev/null 2>&1; then
    echo "a node is already up on this machine ($NODE_INTERFACE exists): node.sh down <its state dir> first" >&2
    exit 1
  fi
}

# --- up -------------------------------------------------------------------------------------

up_network() {
  # A bridge without ports: this kernel has no dummy interfaces.
  ip link add "$NODE_INTERFACE" type bridge
  ip addr add "$NODE_IP/32" dev "$NODE_INTERFACE"
  ip link set "$NODE_INTERFACE" up
  ip link add "$DOCKER_BRIDGE" type bridge
  ip addr add "$DOCKER_BRIDGE_ADDRESS" dev "$DOCKER_BRIDGE"
  ip link set "$DOCKER_BRIDGE" up
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.ipv4.ip_forward=1
  [[ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" == 1 ]] ||
    sysctl -qw net.bridge.bridge-nf-call-iptables=1
}

up_docker() {
  mkdir -p "$docker_dir/exec" "$docker_dir/config" "$docker_data_root"
  start_daemon dockerd "$DOCKERD_BINARY" \
    --host "unix://$docker_socket" --data-root "$docker_data_root" --exec-root "$docker_dir/exec" \
    --pidfile "$docker_dir/dockerd.pid" --bridge "$DOCKER_BRIDGE" \
    --default-address-pool "base=$DOCKER_ADDRESS_POOL,size=24" \
    --storage-driver overlay2 --exec-opt native.cgroupdriver=cgroupfs --log-level warn
  wait_for dockerd 60 docker version
  require_alive dockerd
}

up_images() {
  DOCKER_HOST="unix://$docker_socket" "$DEPLOY_DIR/build-images.sh" >"$state/images.env"
  # shellcheck source=/dev/null
  source "$state/images.env"
}

up_registry() {
  local port password
  port="$(free_port)"
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  mkdir -p "$registry_dir/data"
  # bcrypt through libcrypt (perl's crypt): the registry accepts only bcrypt htpasswd entries.
  REGISTRY_PASSWORD="$password" perl -e '
    my @chars = ("a".."z", "A".."Z", "0".."9", ".", "/");
    my $salt = join("", map { $chars[rand @chars] } 1..22);
    print "$ARGV[0]:", crypt($ENV{REGISTRY_PASSWORD}, "\$2b\$10\$$salt"), "\n";
  ' "$REGISTRY_USERNAME" >"$registry_dir/htpasswd"
  cat >"$registry_dir/config.yml" <<YAML
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $registry_dir/data }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:$port
  secret: $(head -c 18 /dev/urandom | base64 | tr -d '/+=')
auth:
  htpasswd: { realm: ssgbay-test, path: $registry_dir/htpasswd }
YAML
  start_daemon registry /usr/bin/docker-registry serve "$registry_dir/config.yml"
  REGISTRY="127.0.0.1:$port"
  REGISTRY_PASSWORD="$password"
  registry_answers() { [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/")" == 401 ]]; }
  wait_for registry 30 registry_answers
  require_alive registry
  printf '%s' "$REGISTRY_PASSWORD" |
    docker login --username "$REGISTRY_USERNAME" --password-stdin "$REGISTRY" >>"$logs/registry.log" 2>&1
}

up_control_plane() {
  write_kwokctl_config "$state/kwokctl.yaml" "$SERVICE_CIDR" "$kube_bin" "$kwok_bin" "$etcd_binary" \
    "$KWOK_WORKDIR/clusters/$cluster/pki"
  log "control plane $cluster: starting"
  kwokctl create cluster --config "$state/kwokctl.yaml" --kubeconfig "$kubeconfig" \
    --disable kwok-controller --wait 2m >>"$logs/control-plane.log" 2>&1 ||
    { tail -n 30 "$logs/control-plane.log" >&2; return 1; }
  log "control plane $cluster: ready"
}

up_containerd() {
  mkdir -p "$containerd_dir/root" "$containerd_dir/state" "$containerd_dir/opt" \
    "$containerd_dir/certs.d/$REGISTRY" "$cni_dir/net.d" "$cni_dir/ipam"
  cat >"$containerd_dir/certs.d/$REGISTRY/hosts.toml" <<TOML
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
TOML
  cat >"$containerd_dir/config.toml" <<TOML
version = 2
root = "$containerd_dir/root"
state = "$containerd_dir/state"
[grpc]
  address = "$containerd_socket"
[ttrpc]
  address = "$containerd_socket.ttrpc"
[debug]
  address = "$containerd_socket.debug"
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$containerd_dir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/$PAUSE_IMAGE"
  # This machine denies lowering oom_score_adj below 0: without this every sandbox fails with
  # "runc create failed: ... can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  enable_selinux = false
  # Pod network namespaces under the state directory, so down finds every one of them.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN_DIR"
    conf_dir = "$cni_dir/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$containerd_dir/certs.d"
TOML
  cat >"$cni_dir/net.d/10-$CNI_NETWORK.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "$CNI_NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$POD_BRIDGE",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$cni_dir/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
  # Docker sets the FORWARD policy to DROP, and with br_netfilter even pod-to-pod frames on the
  # bridge pass FORWARD: accept the pod bridge's traffic (the bridge CNI enforces no policy anyway).
  iptables -I FORWARD 1 -i "$POD_BRIDGE" -m comment --comment "$CNI_NETWORK pods" -j ACCEPT
  iptables -I FORWARD 2 -o "$POD_BRIDGE" -m comment --comment "$CNI_NETWORK pods" -j ACCEPT
  start_daemon containerd /usr/bin/containerd --config "$containerd_dir/config.toml"
  wait_for containerd 30 ctr version
  require_alive containerd
  ctr images import "$PAUSE_TARBALL" >/dev/null
}

up_kubelet() {
  local pki="$KWOK_WORKDIR/clusters/$cluster/pki"
  mkdir -p "$kubelet_dir/root" "$kubelet_dir/pki" "$state/pod-logs"
  cat >"$kubelet_dir/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: $NODE_IP
healthzPort: 10248
cgroupDriver: cgroupfs
failSwapOn: false
failCgroupV1: false
containerRuntimeEndpoint: unix://$containerd_socket
clusterDNS: [$DNS_SERVICE_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: /etc/resolv.conf
podLogsDir: $state/pod-logs
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $pki/ca.crt }
authorization: { mode: Webhook }
serializeImagePulls: false
# A shared development machine: do not evict pods for its disk use.
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1% }
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
YAML
  start_daemon kubelet "$node_bin/kubelet" --config "$kubelet_dir/config.yaml" \
    --kubeconfig "$kubeconfig" --root-dir "$kubelet_dir/root" --cert-dir "$kubelet_dir/pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v=1
  wait_for "node $NODE_NAME" 90 kubectl get node "$NODE_NAME"
  require_alive kubelet
  kubectl wait --for=condition=Ready "node/$NODE_NAME" --timeout=120s >&2
}

up_kube_proxy() {
  mkdir -p "$state/kube-proxy"
  cat >"$state/kube-proxy/config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $kubeconfig }
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
healthzBindAddress: $NODE_IP:10256
metricsBindAddress: $NODE_IP:10249
mode: iptables
clusterCIDR: $POD_CIDR
nodePortAddresses: [$NODE_IP/32]
# 0: leave the machine's conntrack sysctls alone.
conntrack: { maxPerCore: 0, min: 0 }
YAML
  start_daemon kube-proxy "$node_bin/kube-proxy" --config "$state/kube-proxy/config.yaml" --v=1
  proxy_healthy() { curl -sf "http://$NODE_IP:10256/healthz"; }
  wait_for kube-proxy 60 proxy_healthy
  require_alive kube-proxy
}

# CoreDNS runs on the host, not as a pod: the API server listens on 127.0.0.1 only, which pods
# cannot reach; CoreDNS reads it through loopback and answers on the node address, behind the
# kube-dns Service (an EndpointSlice pointing at the node address, no selector).
up_coredns() {
  mkdir -p "$state/coredns"
  cat >"$state/coredns/Corefile" <<COREFILE
.:53 {
  bind $NODE_IP
  errors
  health $NODE_IP:8080
  kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
    kubeconfig $kubeconfig
    pods insecure
    fallthrough in-addr.arpa ip6.arpa
  }
  forward . /etc/resolv.conf
  cache 30
  loop
}
COREFILE
  start_daemon coredns "$coredns_bin/coredns" -conf "$state/coredns/Corefile"
  coredns_healthy() { curl -sf "http://$NODE_IP:8080/health"; }
  wait_for coredns 30 coredns_healthy
  require_alive coredns
  kubectl apply -f - >&2 <<YAML
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: { k8s-app: kube-dns, kubernetes.io/name: CoreDNS }
spec:
  clusterIP: $DNS_SERVICE_IP
  ports:
    - { name: dns, port: 53, protocol: UDP, targetPort: 53 }
    - { name: dns-tcp, port: 53, protocol: TCP, targetPort: 53 }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-host
  namespace: kube-system
  labels: { kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: ssgbay-deploy }
addressType: IPv4
endpoints:
  - addresses: [$NODE_IP]
    conditions: { ready: true }
    nodeName: $NODE_NAME
ports:
  - { name: dns, port: 53, protocol: UDP }
  - { name: dns-tcp, port: 53, protocol: TCP }
YAML
}

write_env() {
  cat >"$env_file" <<ENV
KUBECONFIG=$kubeconfig
KUBECTL=$kube_bin/kubectl
DOCKER_HOST=unix://$docker_socket
DOCKER_CONFIG=$docker_dir/config
DOCKER_BINARY=$DOCKER_BINARY
REGISTRY=$REGISTRY
REGISTRY_USERNAME=$REGISTRY_USERNAME
REGISTRY_PASSWORD=$REGISTRY_PASSWORD
NODE_NAME=$NODE_NAME
NODE_IP=$NODE_IP
POD_CIDR=$POD_CIDR
SERVICE_CIDR=$SERVICE_CIDR
DNS_SERVICE_IP=$DNS_SERVICE_IP
CLUSTER_DOMAIN=$CLUSTER_DOMAIN
$(cat "$state/images.env")
ENV
  chmod 600 "$env_file"
}

up() {
  preflight
  rm -rf "$run_dir" "$logs"
  local started=$SECONDS
  # Any failure (errexit) or interrupt tears down what was started.
  up_complete=false
  trap 'if [[ "$up_complete" != true ]]; then log "up failed or was interrupted: tearing down"; down; fi' EXIT
  trap 'exit 130' INT TERM
  up_network
  up_docker
  up_images
  up_registry
  up_control_plane
  up_containerd
  up_kubelet
  up_kube_proxy
  up_coredns
  write_env
  up_complete=true
  trap - EXIT INT TERM
  log "node $NODE_NAME ($NODE_IP) up in $((SECONDS - started))s: $env_file"
  printf '%s\n' "$env_file"
}

# --- down -----------------------------------------------------------------------------------

stop_pods() {
  local id pid
  if [[ -S "$containerd_socket" ]] && ctr version >/dev/null 2>&1; then
    for id in $(ctr tasks ls -q 2>/dev/null); do ctr tasks kill --signal SIGKILL "$id" >/dev/null 2>&1 || true; done
    sleep 1
  fi
  stop_daemon containerd 10
  # containerd-shim processes outlive containerd; ours name our socket.
  local cmdline
  for cmdline in /proc/[0-9]*/cmdline; do
    pid="${cmdline#/proc/}"
    pid="${pid%/cmdline}"
    case "$(tr '\0' ' ' 2>/dev/null <"$cmdline")" in
    *containerd-shim*"-address $containerd_socket "*)
      log "containerd-shim (pid $pid): killing"
      kill -KILL "$pid" 2>/dev/null || true
      ;;
    esac
  done
}

# Unmounts everything below the state directory, deepest first.
unmount_state() {
  local mount
  awk -v prefix="$state/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
}

# Removes the nat/filter rules that name the pod network or the Docker bridge, and the CNI-*
# chains those rules jumped to (left behind when a sandbox was not torn down through CNI).
clean_iptables() {
  local table rule chain chains
  for table in nat filter; do
    chains=()
    while read -r rule; do
      [[ "$rule" =~ -j\ (CNI-[0-9a-f]+) ]] && chains+=("${BASH_REMATCH[1]}")
      eval "iptables -t $table -D ${rule#-A }" 2>/dev/null || true
    done < <(iptables-save -t "$table" 2>/dev/null |
      grep -E -- "^-A .*(name: \\\\?\"$CNI_NETWORK\\\\?\"|$DOCKER_BRIDGE|$POD_BRIDGE)" || true)
    for chain in "${chains[@]}"; do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

# The chains kubelet makes for itself (kube-proxy --cleanup removes kube-proxy's).
clean_kubelet_iptables() {
  local family table chain
  for family in iptables ip6tables; do
    command -v "$family" >/dev/null || continue
    for table in filter nat mangle; do
      for chain in INPUT OUTPUT; do
        while "$family" -t "$table" -D "$chain" -j KUBE-FIREWALL 2>/dev/null; do :; done
      done
      for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        "$family" -t "$table" -F "$chain" 2>/dev/null || true
        "$family" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

remove_kubelet_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/kubepods; do
    [[ -d "$dir" ]] || continue
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

down() {
  trap '' INT
  mkdir -p "$logs"
  stop_daemon coredns 5
  stop_daemon kube-proxy 5
  if [[ -x "$node_bin/kube-proxy" ]]; then
    "$node_bin/kube-proxy" --cleanup >>"$logs/kube-proxy.log" 2>&1 || true
  fi
  stop_daemon kubelet 10
  stop_pods
  if [[ -d "$KWOK_WORKDIR/clusters/$cluster" ]]; then
    kwokctl delete cluster --kubeconfig "$kubeconfig" >>"$logs/control-plane.log" 2>&1 || true
    log "control plane $cluster: stopped"
  fi
  stop_daemon registry 5
  if daemon_alive dockerd; then
    # Containers and networks of this engine are the tests' own (its data root is ours).
    docker ps --all --quiet | xargs --no-run-if-empty "$DOCKER_BINARY" --host "unix://$docker_socket" rm --force >/dev/null 2>&1 || true
    docker network prune --force >/dev/null 2>&1 || true
  fi
  stop_daemon dockerd 30
  unmount_state
  remove_kubelet_cgroups
  clean_iptables
  clean_kubelet_iptables
  local link
  for link in "$POD_BRIDGE" "$DOCKER_BRIDGE" "$NODE_INTERFACE"; do
    ip link delete "$link" 2>/dev/null || true
  done
  rm -rf "$containerd_dir" "$kubelet_dir" "$cni_dir" "$registry_dir" "$docker_dir" "$KWOK_WORKDIR" \
    "$run_dir" "$env_file" "$kubeconfig" "$state/kube-proxy" "$state/coredns" "$state/pod-logs" \
    "$state/images.env" "$state/kwokctl.yaml"
  log "node $NODE_NAME: down (logs kept in $logs)"
  trap - INT
}

case "$action" in
up) up ;;
down) down ;;
*) usage ;;
esac
