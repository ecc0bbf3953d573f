#!/usr/bin/env bash
# Installs and tests the project as a new user would, on each pinned Node.js release
# (scripts/pinned-node.sh): `npm ci && npm test` in a throwaway copy of the checkout, that
# release first on PATH and native addons built against its own headers (npm_config_nodedir),
# with the npm on PATH. Prints one line per release; fails when any failed, with its log's end.
#
#   npm run check:node-versions
set -uo pipefail

scripts=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

versions=$(bash "$scripts/pinned-node.sh") || exit 1
failed=0
for version in $versions; do
  started=$SECONDS
  log=$work/node-$version.log
  copy=$work/node-$version
  if node_home=$(bash "$scripts/pinned-node.sh" "${version%%.*}" 2>"$log") &&
    bash "$scripts/copy-checkout.sh" "$copy" >>"$log" 2>&1 &&
    (cd "$copy" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" bash -c 'npm ci && npm test') >>"$log" 2>&1; then
    echo "node $version: npm ci && npm test ok in $((SECONDS - started)) s ($(grep -E '^Tests:' "$log" | tail -1 | tr -s ' '))"
  else
    failed=1
    echo "node $version: FAILED after $((SECONDS - started)) s; the end of its log:"
    tail -n 60 "$log"
  fi
  # Each copy holds its own node_modules, some 400 MB.
  rm -rf "$copy"
done
exit "$failed"
