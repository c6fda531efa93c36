#!/usr/bin/env bash
# The demo: a local Git repository made from examples/demo, the migsync daemon against the
# embedded MTC emulator, the commits a team makes (platform objects and plans, a stage run,
# the cutover), and the status notes migsync writes back into Git.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
swift build --package-path "$root" --product migsync >/dev/null
migsync="$root/.build/debug/migsync"
work="$(mktemp -d /tmp/migsync-demo.XXXXXX)"
git() { command git -c user.name="Platform Team" -c user.email=platform@example.com "$@"; }

echo "demo folder: $work"
git init -q --bare -b main "$work/origin.git"
git clone -q "$work/origin.git" "$work/checkout" 2>/dev/null
cd "$work/checkout"
cp -r "$root/examples/demo/." .
rm -rf migrations
git add -A && git commit -qm "Clusters, replication repository, hook and plans" && git push -q origin main
echo "commit 1: clusters, storage, hook, plans"

"$migsync" run --repo "$work/origin.git" --state-dir "$work/state" --emulator-state "$work/emulator" \
    --time-scale 300 --interval 5 --follow-interval 1 >"$work/daemon.log" 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT

# The credentials the manifests reference are created on the cluster, never committed.
for _ in $(seq 1 60); do [ -s "$work/emulator/kubeconfig" ] && break; sleep 1; done
server=$(sed -n 's/^ *server: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$work/emulator/kubeconfig" | head -1)
for secret in '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"ocp3-sa-token","namespace":"openshift-config"},"stringData":{"saToken":"demo-token"}}' \
    '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"minio-creds","namespace":"openshift-config"},"stringData":{"aws-access-key-id":"minio","aws-secret-access-key":"minio123"}}'; do
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$secret" "$server/api/v1/namespaces/openshift-config/secrets"
done
echo "  (secrets ocp3-sa-token and minio-creds created on the emulated cluster)"

note_of() { git -C "$work/origin.git" notes --ref=migsync show "$1" 2>/dev/null || true; }
wait_for() { # commit, text
    for _ in $(seq 1 120); do note_of "$1" | grep -q "$2" && return 0; sleep 1; done
    echo "timed out waiting for '$2' in the note of $1; daemon log: $work/daemon.log" >&2; return 1
}
wait_for HEAD "Ready"; echo "  plans applied and Ready (note on $(git rev-parse --short HEAD))"

mkdir -p migrations && cp "$root/examples/demo/migrations/shop-stage-1.yaml" migrations/
git add -A && git commit -qm "Stage run for shop" && git push -q origin main
echo "commit 2: stage run shop-stage-1"
wait_for HEAD "Succeeded"; echo "  stage run completed"

cp "$root/examples/demo/migrations/shop-cutover.yaml" migrations/
git add -A && git commit -qm "Cutover for shop" && git push -q origin main
echo "commit 3: cutover shop-cutover"
wait_for HEAD "Succeeded"; echo "  cutover completed"

kill $daemon; wait $daemon 2>/dev/null || true
echo
echo "status notes in Git (git -C $work/origin.git log --notes=migsync):"
git -C "$work/origin.git" log --notes=migsync --format='--- %h %s%n%N' main
