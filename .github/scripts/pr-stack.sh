#!/usr/bin/env bash
# Writes the preview stack's file Pulumi.pr-<PR_NUMBER>.yaml from Pulumi.dev.yaml (own namespace,
# own NFS server, dev's MetalLB pool, throwaway data: infra/README.md, "Preview stacks"). Run after
# configure-stack.sh: the secrets it set stay in the file.
set -euo pipefail
: "${PR_NUMBER:?the pull request number}"
exec node --conditions=ssgbay-source --import tsx infra/config/write-preview-stack.ts "${PR_NUMBER}"
