#!/usr/bin/env bash
# Builds kube-score (MIT, a Kubernetes manifest linter) from the Go module proxy into a cache dir
# and prints the binary's path. Warm: found in the cache at once. kube-linter, the first choice,
# is not servable here (the proxy answers 403 for golang.stackrox.io/kube-linter).
# infra/test/manifest-lint.test.ts runs it over the dev, staging and prod manifests; .ci/run
# calls this script before npm test.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/go-install.sh
source "$(dirname "$0")/../lib/go-install.sh"

KUBE_SCORE_VERSION="v1.20.0"
CACHE="${SSGBAY_LINT_CACHE:-$HOME/.cache/ssgbay-lint}"
cached_go_install lint "$CACHE/kube-score-$KUBE_SCORE_VERSION" kube-score \
  "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
