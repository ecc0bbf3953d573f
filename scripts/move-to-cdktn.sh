#!/usr/bin/env bash
# Moves the project from CDK for Terraform to CDK Terrain: the steps of
# docs/contributing/cdk-terrain.md, line for line (a test holds the two together). Needs Node.js 22.19 or newer
# (cdktn-cli's engines). Changes constructs/framework/framework.ts, package.json and package-lock.json.
#
#   bash scripts/move-to-cdktn.sh
set -euo pipefail
cd "$(dirname "$0")/.."

sed -i "s/ from 'cdktf/ from 'cdktn/" constructs/framework/framework.ts
sed -i 's/CDKTF_LOG_FILE_DIRECTORY=cdktf.out cdktf /CDKTF_LOG_FILE_DIRECTORY=cdktf.out cdktn /' package.json
npm pkg delete devDependencies.cdktf peerDependencies.cdktf devDependencies.cdktf-cli 'allowScripts.@cdktf/node-pty-prebuilt-multiarch'
npm pkg set devDependencies.cdktn=0.24.0 devDependencies.cdktn-cli=0.24.0 devDependencies.constructs=10.7.2 'peerDependencies.cdktn=^0.24.0' 'peerDependencies.constructs=^10.7.2'
npm pkg set 'overrides.@cdktf/provider-docker.cdktf=npm:cdktn@0.24.0' 'engines.node=^22.19.0 || ^24.0.0'
npm install
