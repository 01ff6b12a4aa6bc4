#!/usr/bin/env bash
# Prepares a CI job to run Pulumi on one stack: selects the stack, writes the cluster's kubeconfig and
# sets the stack's secret config — all from the CI secret store, never from the repository.
set -euo pipefail

: "${STACK:?}" "${RUNNER_TEMP:?}" "${GITHUB_ENV:?}"
: "${KUBECONFIG_DATA:?the ${STACK} environment has no KUBECONFIG_DATA secret (see infra/README.md, CI)}"

# CI secret (environment variable) -> stack config key. Unset secrets keep the stack's own value
# (or the password @pulumi/random generated for it).
declare -A secret_config_keys=(
  [REGISTRY_PASSWORD]=registryPassword
  [MYSQL_ROOT_PASSWORD]=mysqlRootPassword
  [MYSQL_PASSWORD]=mysqlPassword
  [JWT_SECRET]=jwtSecret
)

kubeconfig="${RUNNER_TEMP}/kubeconfig"
(
  umask 077
  printf '%s\n' "${KUBECONFIG_DATA}" >"${kubeconfig}"
)
echo "KUBECONFIG=${kubeconfig}" >>"${GITHUB_ENV}"

# Only a per-PR preview stack may be created here; dev, staging and prod must already exist.
if [[ "${CREATE_STACK:-false}" == "true" ]]; then
  [[ "${STACK}" =~ ^pr-[0-9]+$ ]] || { echo "only a pr-<n> stack may be created, not ${STACK}" >&2; exit 1; }
  pulumi stack select --create "${STACK}"
else
  pulumi stack select "${STACK}"
fi

for variable in "${!secret_config_keys[@]}"; do
  value="${!variable:-}"
  if [[ -n "${value}" ]]; then
    # From stdin, so the value never appears in a process listing.
    printf '%s' "${value}" | pulumi config set --secret --stack "${STACK}" "ssgbay:${secret_config_keys[${variable}]}"
    echo "set ssgbay:${secret_config_keys[${variable}]} from ${variable}"
  fi
done
