#!/usr/bin/env bash
# The Docker engine the Docker suite runs on: Debian's dockerd, started and stopped by
# this script alone. Its data lives under a cache dir, so images built once are there
# for the next run; its socket and runtime state live under /run.
#
#   bash docker/engine.sh start   install docker.io if missing, start dockerd, wait for it,
#                                 print the DOCKER_HOST to use
#   bash docker/engine.sh stop    stop the dockerd this script started, by PID
set -euo pipefail

STATE_DIR=${SENTINEL_ENGINE_STATE:-/run/sentinel-engine}
DATA_ROOT=${SENTINEL_ENGINE_DATA:-/var/cache/sentinel/docker}
SOCKET="$STATE_DIR/docker.sock"
# dockerd writes its own PID here (and removes the file when it exits cleanly).
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
# This machine's interfaces have an MTU of 1400: containers' default of 1500 stalls transfers.
MTU=${SENTINEL_ENGINE_MTU:-1400}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

running_pid() {
  [ -s "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install_engine() {
  command -v dockerd >/dev/null && return 0
  echo "installing Debian's docker.io" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # policy-rc.d keeps the package from starting a system-wide dockerd of its own.
  local policy=/usr/sbin/policy-rc.d added=''
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod +x "$policy"; added=1; fi
  local status=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >&2 || status=$?
  [ -n "$added" ] && as_root rm -f "$policy"
  return $status
}

start() {
  if running_pid >/dev/null; then echo "DOCKER_HOST=unix://$SOCKET"; return 0; fi
  install_engine
  as_root mkdir -p "$STATE_DIR" "$DATA_ROOT"
  as_root dockerd --data-root "$DATA_ROOT" --exec-root "$STATE_DIR/exec" --pidfile "$PID_FILE" \
    --host "unix://$SOCKET" --mtu "$MTU" >"$LOG_FILE" 2>&1 &
  local launcher=$!
  for _ in $(seq 1 120); do
    if DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; then echo "DOCKER_HOST=unix://$SOCKET"; return 0; fi
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.5
  done
  echo "dockerd did not answer within 60 s; its log:" >&2
  tail -20 "$LOG_FILE" >&2
  stop
  return 1
}

stop() {
  local pid
  pid=$(running_pid) || { rm -f "$PID_FILE"; return 0; }
  as_root kill -TERM "$pid"
  # dockerd stops its containers (their own stop timeouts) and its containerd before it exits.
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then as_root kill -KILL "$pid"; fi
  as_root rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
