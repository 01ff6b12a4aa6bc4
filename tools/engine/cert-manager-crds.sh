#!/usr/bin/env bash
# Prints the directory of cert-manager's CustomResourceDefinitions (deploy/crds of the
# github.com/cert-manager/cert-manager module, fetched through the Go module proxy into the
# module cache; warm: at once). They are controller-gen output, not Helm templates, so they are
# applied as they are. test/cert-manager-crds.test.ts applies them before deploying tls.mode
# certManager. The chart pin (CERT_MANAGER_CHART_VERSION, infra/config/tls.ts) is v1.20.4, but
# the proxy refuses that version (403), so this is the newest patch release it serves.
set -euo pipefail
CERT_MANAGER_VERSION="v1.20.3"
dir="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json \
  "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$dir/deploy/crds" ]] || { echo "cert-manager $CERT_MANAGER_VERSION: no deploy/crds" >&2; exit 1; }
printf '%s\n' "$dir/deploy/crds"
