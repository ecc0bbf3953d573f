#!/usr/bin/env bash
# Proves the move to CDK Terrain that docs/contributing/cdk-terrain.md describes, in a
# throwaway copy of the checkout under the pinned Node.js 22 (scripts/pinned-node.sh):
#   1. scripts/move-to-cdktn.sh, which must change constructs/framework/framework.ts, package.json and
#      package-lock.json and nothing else;
#   2. npm test (the type check and the unit suites), unchanged;
#   3. cdktn's synth (npm run synth), whose stacks must be this checkout's own, as its cdktf
#      synth writes them, once scripts/normalise-stack.ts has replaced what that page names.
# Prints the difference and fails otherwise. The checkout's own synth uses its node_modules
# (npm ci first) and the Node.js on PATH; the checkout is only read.
#
#   npm run check:cdktn
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
EXPECTED_CHANGES='constructs/framework/framework.ts package-lock.json package.json'

if [ ! -x "$root/node_modules/.bin/cdktf" ]; then
  echo "no cdktf CLI in $root/node_modules: run npm ci first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy=$work/cdktn
node22=$(bash "$root/scripts/pinned-node.sh" 22)

in_copy() { # command...: run it in the copy under Node 22, its output in $work/step.log
  if ! (cd "$copy" && PATH="$node22/bin:$PATH" npm_config_nodedir="$node22" "$@") >"$work/step.log" 2>&1; then
    echo "in the copy, under Node $("$node22/bin/node" --version): $* failed:"
    tail -n 60 "$work/step.log"
    return 1
  fi
}

bash "$root/scripts/copy-checkout.sh" "$copy"
# A repository of its own, so git lists what the move changed and created.
git -C "$copy" init -q && git -C "$copy" add -A

in_copy bash scripts/move-to-cdktn.sh
changes=$({ git -C "$copy" diff --name-only; git -C "$copy" ls-files --others --exclude-standard; } | sort | xargs)
if [ "$changes" != "$EXPECTED_CHANGES" ]; then
  echo "the move changed: $changes; expected: $EXPECTED_CHANGES"
  exit 1
fi
echo "move: changed $changes"

in_copy npm test
echo "npm test: ok ($(grep -E '^Tests:' "$work/step.log" | tail -1 | tr -s ' '))"

in_copy npm run --silent synth -- --output "$work/cdktn.out"
if ! (cd "$root" && npm run --silent synth -- --output "$work/cdktf.out") >"$work/step.log" 2>&1; then
  echo "the checkout's own synth failed:"
  tail -n 60 "$work/step.log"
  exit 1
fi

stacks() { ls "$1/stacks"; }
if [ "$(stacks "$work/cdktf.out")" != "$(stacks "$work/cdktn.out")" ]; then
  echo "cdktf synthesized stacks: $(stacks "$work/cdktf.out" | xargs); cdktn: $(stacks "$work/cdktn.out" | xargs)"
  exit 1
fi
normalise() { # framework, stack, project directory: the stack's cdk.tf.json as compared, into $work
  (cd "$root" && npx ts-node --transpiler sucrase/ts-node-plugin scripts/normalise-stack.ts \
    "$work/$1.out/stacks/$2/cdk.tf.json" "$3") >"$work/$1-$2.json"
}
status=0
for stack in $(stacks "$work/cdktf.out"); do
  normalise cdktf "$stack" "$root"
  normalise cdktn "$stack" "$copy"
  if diff -u --label "cdktf: stacks/$stack/cdk.tf.json" --label "cdktn: stacks/$stack/cdk.tf.json" \
    "$work/cdktf-$stack.json" "$work/cdktn-$stack.json"; then
    echo "stack $stack: cdktn's equals cdktf's but for the framework version and the project path"
  else
    status=1
  fi
done
exit "$status"
