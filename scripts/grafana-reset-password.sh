#!/usr/bin/env bash
# Sets the running Grafana's admin password to TF_VAR_grafana_admin_password. Grafana reads
# GF_SECURITY_ADMIN_PASSWORD only when it creates its database, so a new value deployed later
# replaces the container but leaves the old password in the volume: this applies it.
#
#   TF_VAR_grafana_admin_password='new-long-secret' npm run grafana:reset-password
#
# SENTINEL_NAME_PREFIX names the stack when its namePrefix is not the default.
set -euo pipefail

MIN_LENGTH=12
password=${TF_VAR_grafana_admin_password:-}
container="${SENTINEL_NAME_PREFIX:-sentinel}-grafana"

if [ "${#password}" -lt "$MIN_LENGTH" ]; then
  echo "TF_VAR_grafana_admin_password must be set to at least $MIN_LENGTH characters, as for the deploy" >&2
  exit 2
fi
# On standard input, so the password is in no process's command line.
printf '%s' "$password" | docker exec -i "$container" grafana cli admin reset-admin-password --password-from-stdin
echo "Grafana's admin password in $container now matches TF_VAR_grafana_admin_password; keep deploying with the same value."
