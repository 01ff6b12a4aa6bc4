#!/usr/bin/env bash
# Comments the preview stack's URL on the pull request, editing the bot's previous comment when
# there is one (one comment per PR, not one per push). Needs gh, GH_TOKEN, PR_NUMBER, WEB_URL.
set -euo pipefail
: "${PR_NUMBER:?}" "${WEB_URL:?the pulumi up step exported no webUrl}" "${GH_TOKEN:?}"
body="Preview stack \`pr-${PR_NUMBER}\` (namespace \`ssgbay-pr-${PR_NUMBER}\`) is up: ${WEB_URL}
It is destroyed when the pull request is closed."
gh pr comment "${PR_NUMBER}" --edit-last --body "${body}" 2>/dev/null ||
  gh pr comment "${PR_NUMBER}" --body "${body}"
