#!/usr/bin/env bash
# Copies the checkout into a new directory as a clone would have it, uncommitted changes
# included: the files git tracks or would track, so no node_modules, build output or state.
# The checkout itself is only read.
#
#   bash scripts/copy-checkout.sh <new directory>
set -euo pipefail

mkdir "$1"
dest=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
git ls-files -z --cached --others --exclude-standard |
  # A tracked file deleted in the working tree is not copied.
  while IFS= read -r -d '' file; do
    if [ -e "$file" ] || [ -L "$file" ]; then printf '%s\0' "$file"; fi
  done |
  tar --null -T - -cf - | tar -xf - -C "$dest"
