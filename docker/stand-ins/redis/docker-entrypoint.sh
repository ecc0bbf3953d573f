#!/bin/sh
# Entrypoint of the Redis stand-in.
#  - Arguments that are options or a config file alone are redis-server's: it is prepended.
#  - Started as root to run redis-server: the working directory's files are given to redis
#    and the script runs itself again as redis.
#  - Upstream builds redis-server with protected mode off by default; Debian's keeps it on.
#    Unless the arguments or the config file set it, it is turned off here as well.
#  - The default umask 0022 is narrowed to 0077, so data files are private to redis.
set -eu

case "${1:-}" in
  -* | *.conf) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    find . ! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi

  sets_protected_mode=''
  for arg in "$@"; do
    case "$arg" in
      --protected-mode) sets_protected_mode=1 ;;
      *.conf) if [ -r "$arg" ] && grep -qiE '^[[:space:]]*protected-mode[[:space:]]' "$arg"; then sets_protected_mode=1; fi ;;
    esac
  done
  [ -n "$sets_protected_mode" ] || set -- "$@" --protected-mode no

  if [ "$(umask)" = 0022 ]; then umask 0077; fi
fi

exec "$@"
