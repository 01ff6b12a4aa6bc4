#!/usr/bin/env bash
# Prints the directory of cert-manager's CustomResourceDefinitions (deploy/crds of the
# github.com/cert-manager/cert-manager module, fetched through the Go module proxy into the
# module cache; warm: at once). They are controller-gen output, not Helm templates, so they are
# applied as they are. The engine tests apply them before deploying tls.mode certManager. The
# version is the chart pin (CERT_MANAGER_VERSION, lib.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json \
  "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$dir/deploy/crds" ]] || { echo "cert-manager $CERT_MANAGER_VERSION: no deploy/crds" >&2; exit 1; }
printf '%s\n' "$dir/deploy/crds"
