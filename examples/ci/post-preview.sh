#!/usr/bin/env bash
# Posts the `migsync plan` preview of a pull request as a comment on it, and updates that
# same comment on every later push instead of adding new ones.
#
# Environment (GitHub Actions sets the GITHUB_* ones):
#   GITHUB_TOKEN        token allowed to write pull-request comments (never printed)
#   GITHUB_REPOSITORY   owner/name
#   GITHUB_API_URL      API root (default https://api.github.com)
#   PR_NUMBER           the pull request's number
#   MIGSYNC_REPO        the GitOps repository as migsync reads it (URL or path)
#   MIGSYNC_BASE        branch the pull request targets (default main)
#   MIGSYNC_HEAD        the head to preview (default refs/pull/$PR_NUMBER/head)
#   KUBECONFIG          read access to the MTC host cluster (the preview is judged against it)
#   MIGSYNC_PLAN_FLAGS  more flags for `migsync plan` (e.g. --allowed-signers FILE)
#
# Exit status: 0 when the comment was posted (whatever the plan found), else the failure's.
set -euo pipefail

: "${GITHUB_TOKEN:?set GITHUB_TOKEN}" "${GITHUB_REPOSITORY:?set GITHUB_REPOSITORY}" "${PR_NUMBER:?set PR_NUMBER}"
: "${MIGSYNC_REPO:?set MIGSYNC_REPO}"
api="${GITHUB_API_URL:-https://api.github.com}"
base="${MIGSYNC_BASE:-main}"
head="${MIGSYNC_HEAD:-refs/pull/$PR_NUMBER/head}"
marker='<!-- migsync-plan -->'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
# The token goes in a header file, not on a command line other users could list.
printf 'Authorization: Bearer %s\nAccept: application/vnd.github+json\n' "$GITHUB_TOKEN" >"$work/headers"

status=0
# shellcheck disable=SC2086
migsync plan --repo "$MIGSYNC_REPO" --base "$base" --head "$head" --output markdown \
    --state-dir "$work/state" ${MIGSYNC_PLAN_FLAGS:-} >"$work/plan.md" || status=$?
if [ "$status" -gt 1 ]; then
    echo "migsync plan failed with exit status $status" >&2
    exit "$status"
fi

python3 - "$marker" "$work/plan.md" >"$work/body.json" <<'PY'
import json, sys
marker, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as plan:
    print(json.dumps({"body": marker + "\n" + plan.read()}))
PY

comments="$api/repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
curl -fsS -H @"$work/headers" "$comments?per_page=100" >"$work/comments.json"
existing="$(python3 - "$marker" "$work/comments.json" <<'PY'
import json, sys
marker, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as comments:
    ids = [c["id"] for c in json.load(comments) if c.get("body", "").startswith(marker)]
print(ids[0] if ids else "")
PY
)"

if [ -n "$existing" ]; then
    curl -fsS -o /dev/null -X PATCH -H @"$work/headers" --data-binary @"$work/body.json" \
        "$api/repos/$GITHUB_REPOSITORY/issues/comments/$existing"
    echo "updated the migsync plan comment on pull request #$PR_NUMBER"
else
    curl -fsS -o /dev/null -X POST -H @"$work/headers" --data-binary @"$work/body.json" "$comments"
    echo "posted the migsync plan comment on pull request #$PR_NUMBER"
fi
