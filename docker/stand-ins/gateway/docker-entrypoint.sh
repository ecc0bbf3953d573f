#!/bin/sh
# Entrypoint of the nginx stand-in. When the command is nginx, runs the hooks in
# /docker-entrypoint.d in name order (executable *.sh are run, *.envsh are sourced, anything
# else is skipped); then replaces itself with the command. NGINX_ENTRYPOINT_QUIET_LOGS
# (any value) silences its own messages.
set -eu

note() {
  [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || printf '%s: %s\n' "$0" "$*"
}

case "${1:-}" in
  nginx | nginx-debug)
    hooks=$(find /docker-entrypoint.d -mindepth 1 -maxdepth 1 -type f 2>/dev/null | sort)
    if [ -z "$hooks" ]; then
      note "no hooks in /docker-entrypoint.d"
    else
      for hook in $hooks; do
        case "$hook" in
          *.envsh) if [ -x "$hook" ]; then note "sourcing $hook"; . "$hook"; else note "skipping $hook: not executable"; fi ;;
          *.sh) if [ -x "$hook" ]; then note "running $hook"; "$hook"; else note "skipping $hook: not executable"; fi ;;
          *) note "skipping $hook: neither *.sh nor *.envsh" ;;
        esac
      done
    fi
    note "starting nginx"
    ;;
esac

exec "$@"
