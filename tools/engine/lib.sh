# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared settings for the real-engine toolchain scripts. Sourced, never run.

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$ENGINE_DIR/../.." && pwd)"
ENGINE_CACHE="${SSGBAY_ENGINE_CACHE:-$HOME/.cache/ssgbay-engine}"

# Versions of the npm SDKs, read from the lockfile so a bump rebuilds the matching binaries.
lockfile_version() {
  node -e '
    const lock = require(process.argv[1]);
    const entry = lock.packages["node_modules/" + process.argv[2]];
    if (!entry) { console.error("not in lockfile: " + process.argv[2]); process.exit(1); }
    process.stdout.write(entry.version);
  ' "$REPO_ROOT/package-lock.json" "$1"
}

PULUMI_VERSION="$(lockfile_version @pulumi/pulumi)"
PULUMI_KUBERNETES_VERSION="$(lockfile_version @pulumi/kubernetes)"
PULUMI_RANDOM_VERSION="$(lockfile_version @pulumi/random)"
PULUMI_DOCKER_BUILD_VERSION="$(lockfile_version @pulumi/docker-build)"

# cert-manager: its one home is infra/config/cert-manager.json, the chart pin of
# tls.installCertManager (infra/config/tls.ts), so the CRDs and controller the engine tests build
# from the Go module are the release the chart installs.
CERT_MANAGER_VERSION="$(node -e '
  const file = process.argv[1];
  const { version } = JSON.parse(require("fs").readFileSync(file, "utf8"));
  if (typeof version !== "string" || !/^v\d+\.\d+\.\d+$/.test(version)) {
    console.error(file + ": version: must be a release such as v1.20.3");
    process.exit(1);
  }
  process.stdout.write(version);
' "$REPO_ROOT/infra/config/cert-manager.json")"

# The cert-manager controller (build-cert-manager-controller.sh) is keyed by the release and its
# main.go, so an edit of either rebuilds it.
CERT_MANAGER_CONTROLLER_SOURCE="$ENGINE_DIR/cert-manager-controller/main.go"
CERT_MANAGER_CONTROLLER_VERSION="${CERT_MANAGER_VERSION#v}-$(sha256sum "$CERT_MANAGER_CONTROLLER_SOURCE" | cut -c1-12)"

# The control plane: kwok's binary runtime starts these; 1.34 is inside the range kwok v0.8
# and the Kubernetes provider test against.
KUBERNETES_VERSION="1.34.2"
KWOK_VERSION="0.8.0"

# -dwarf=false: the linker's -w drops DWARF from every binary anyway, so the compiler need not
# write it (6% less compile CPU and 21% less build cache for kwokctl, tools/engine/README.md).
export GOFLAGS="-p=2 -buildvcs=false -trimpath -gcflags=all=-dwarf=false"
export CGO_ENABLED=0
export GOTOOLCHAIN=local

# The checksum database reachable here has no entries for recent pulumi module versions
# (lookups answer 404), so those are verified against go.sum of the wrapper only.
export GONOSUMDB="github.com/pulumi/*"

# module_gomod MODULE@VERSION -> path of that module's go.mod in the module cache.
module_gomod() {
  go mod download -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const info = JSON.parse(s);
      if (info.Error || !info.GoMod) { console.error(info.Error ?? "no go.mod for " + info.Path); process.exit(1); }
      process.stdout.write(info.GoMod);
    });
  '
}

# module_dir MODULE@VERSION -> the (read-only) module directory in the module cache.
module_dir() {
  local info
  info="$(go mod download -json "$1")" || { printf '%s\n' "$info" >&2; return 1; }
  node -e 'process.stdout.write(JSON.parse(process.argv[1]).Dir)' "$info"
}

log() { printf '[engine %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Runs a CPU-heavy command with low priority: other engineers share these cores.
polite() { nice -n 15 "$@"; }

# cache_dir NAME VERSION -> the directory a component's binaries live in.
cache_dir() { printf '%s/%s-%s' "$ENGINE_CACHE" "$1" "$2"; }

# A component is complete once its build wrote the .complete marker (builds are atomic:
# they go to a temp dir that is renamed at the end).
is_built() { [[ -f "$(cache_dir "$1" "$2")/.complete" ]]; }

# begin_build NAME VERSION [NOTE]: exits the calling script (0) when that build is cached; else
# sets `build_dir` to a fresh directory in the cache that is removed when the script exits.
begin_build() {
  if is_built "$1" "$2"; then log "$1 $2: cached"; exit 0; fi
  log "$1 $2: building${3:+ ($3)}"
  mkdir -p "$ENGINE_CACHE"
  build_dir="$(mktemp -d "$ENGINE_CACHE/.build-$1-XXXXXX")"
  trap 'rm -rf "$build_dir"' EXIT
}

# A fresh throwaway Go module directory for one component's build.
wrapper_module() {
  local dir
  dir="$(mktemp -d "$ENGINE_CACHE/.build-$1-XXXXXX")"
  (cd "$dir" && go mod init "ssgbay.local/engine-build/$1" >/dev/null 2>&1)
  printf '%s' "$dir"
}

# finish_build NAME VERSION STAGING_DIR: atomically publishes a finished build.
finish_build() {
  local target
  target="$(cache_dir "$1" "$2")"
  chmod 755 "$3"
  touch "$3/.complete"
  rm -rf "$target"
  mv "$3" "$target"
}

# build_kubernetes_commands NAME VERSION CMD...: builds k8s.io/kubernetes/cmd/<CMD> at VERSION
# into the cache as NAME-VERSION, through a wrapper module (k8s.io/kubernetes's go.mod points its
# staging modules at ./staging, which a module download does not contain) and with the version
# ldflags kwokctl and the Pulumi provider check. The control plane and the real node (kubelet,
# kube-proxy) both build this way, so they share one warm Go build cache.
build_kubernetes_commands() (
  local name="$1" version="$2"
  shift 2
  local commands=("$@")
  if is_built "$name" "$version"; then log "$name $version: cached"; exit 0; fi
  log "$name $version: building"
  mkdir -p "$ENGINE_CACHE"
  local work
  work="$(wrapper_module "$name")"
  trap 'rm -rf "$work"' EXIT
  cd "$work" || exit 1

  local kubernetes_mod staging_minor
  kubernetes_mod="$(module_gomod "k8s.io/kubernetes@v$version")"
  staging_minor="0.${version#1.}"
  {
    echo
    grep -E '^godebug ' "$kubernetes_mod" || true
    sed -nE 's#^[[:space:]]*(k8s\.io/[^ ]+) => \./staging/src/.*#replace \1 => \1 v'"$staging_minor"'#p' "$kubernetes_mod"
    echo "require k8s.io/kubernetes v$version"
  } >>go.mod
  local packages=() cmd
  for cmd in "${commands[@]}"; do packages+=("k8s.io/kubernetes/cmd/$cmd@v$version"); done
  go get "${packages[@]}"

  local major minor ldflags pkg
  major="${version%%.*}"
  minor="${version#*.}"; minor="${minor%%.*}"
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done

  local out="$work/out"
  mkdir -p "$out"
  for cmd in "${commands[@]}"; do
    log "$name $version: go build $cmd"
    polite go build -tags selinux,notest -ldflags "$ldflags" -o "$out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
  echo "module=k8s.io/kubernetes@v$version" >"$out/BUILD-INFO"
  finish_build "$name" "$version" "$out"
  log "$name $version: done"
)

# write_kwokctl_config FILE SERVICE_CIDR KUBE_BIN KWOK_BIN ETCD [PKI_DIR]: the kwokctl
# configuration of a control plane on 127.0.0.1 (binary runtime; the control plane binaries from
# KUBE_BIN, kwok's from KWOK_BIN, etcd), with the API server and controller manager on
# SERVICE_CIDR. With PKI_DIR (the cluster's pki/ under KWOK_WORKDIR) the API server reaches
# kubelets by InternalIP with the admin client certificate: for a real kubelet
# (tools/deploy/node.sh); kwok's fake nodes (control-plane.sh) need neither.
write_kwokctl_config() {
  local file="$1" service_cidr="$2" kube_bin="$3" kwok_bin="$4" etcd="$5" pki_dir="${6:-}"
  {
    cat <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  kubeVersion: v$KUBERNETES_VERSION
  bindAddress: 127.0.0.1
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  kubeApiserverBinary: $kube_bin/kube-apiserver
  kubeControllerManagerBinary: $kube_bin/kube-controller-manager
  kubeSchedulerBinary: $kube_bin/kube-scheduler
  kubectlBinary: $kube_bin/kubectl
  kwokControllerBinary: $kwok_bin/kwok
  etcdBinary: $etcd
componentsPatches:
  - name: kube-apiserver
    extraArgs:
      - key: service-cluster-ip-range
        value: $service_cidr
YAML
    if [[ -n "$pki_dir" ]]; then
      cat <<YAML
      # logs, exec and port-forward reach the kubelet at the node's address (its name does not
      # resolve on this machine)
      - key: kubelet-preferred-address-types
        value: InternalIP
      # and authenticate to it with a certificate of the cluster CA (the kubelet trusts that CA)
      - key: kubelet-client-certificate
        value: $pki_dir/admin.crt
      - key: kubelet-client-key
        value: $pki_dir/admin.key
YAML
    fi
    cat <<YAML
  - name: kube-controller-manager
    extraArgs:
      - key: service-cluster-ip-range
        value: $service_cidr
YAML
  } >"$file"
}
