#!/bin/sh
# Entrypoint of the Node.js stand-in: arguments that do not start with a command (an option,
# a script path, nothing runnable) are node's; then it replaces itself with the command.
set -eu

if [ $# -eq 0 ]; then
  set -- node
else
  case "$1" in
    -*) set -- node "$@" ;;
    *)
      if ! command -v "$1" >/dev/null 2>&1 || { [ -f "$1" ] && [ ! -x "$1" ]; }; then
        set -- node "$@"
      fi
      ;;
  esac
fi

exec "$@"
