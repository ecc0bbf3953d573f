#!/usr/bin/env bash
# `npm run destroy` and `npm run destroy:swarm`: cdktf destroy without the stack's secrets.
# Terraform asks a value of every variable that has no default even to destroy, though a destroy
# reads none of them; each variable the environment does not set gets a placeholder that passes
# its validation, so removing a stack never needs the receivers' or Grafana's secrets.
#
#   bash scripts/destroy.sh STACK [cdktf options, e.g. --output DIR]
set -euo pipefail
stack=${1:?usage: scripts/destroy.sh STACK [cdktf options]}
shift
export CHECKPOINT_DISABLE=1
PLACEHOLDER=placeholder-only-read-by-destroy
# The framework's CLI this checkout installed: cdktf, or cdktn once moved to CDK Terrain.
cli=cdktf
[ -x node_modules/.bin/cdktn ] && cli=cdktn

"$cli" synth "$@" >/dev/null
output=$(node -e '
  const args = process.argv.slice(1);
  const at = args.indexOf("--output");
  console.log(at >= 0 ? args[at + 1] : (require("./cdktf.json").output ?? "cdktf.out"));
' -- "$@")
while IFS= read -r variable; do
  [ -n "$variable" ] || continue
  env_name=TF_VAR_$variable
  [ -n "${!env_name:-}" ] || export "$env_name=$PLACEHOLDER"
done < <(node -e '
  const stack = require(require("node:path").resolve(process.argv[1]));
  for (const [name, body] of Object.entries(stack.variable ?? {})) if (body.default === undefined) console.log(name);
' "$output/stacks/$stack/cdk.tf.json")
exec "$cli" destroy "$stack" --auto-approve --skip-synth "$@"
