#!/usr/bin/env bash
# Three Docker hosts on this machine, joined into one Swarm of three managers (Raft keeps its
# quorum with one of them lost), and the private registry they pull from, for the swarm-nodes
# suite. Each node is a network namespace on a bridge of ours, running Debian's dockerd
# with its own data root, exec root, socket and hostname. The registry is Debian's
# docker-registry on the bridge address (for the nodes) and 127.0.0.1 (for the suites' engine,
# whose stand-in images it receives).
#
#   bash docker/swarm-hosts.sh start   bring it all up (undoing a killed run's leftovers
#                                      first), print DOCKER_HOST (the first manager) and
#                                      SENTINEL_SWARM_REGISTRY, to export
#   bash docker/swarm-hosts.sh stop    remove everything start made, by PID file and by name,
#                                      and fail naming whatever is still there
#
# Environment: SENTINEL_ENGINE_HOST, the engine whose stand-in images are pushed (default
# the one docker/engine.sh starts); SENTINEL_SWARM_LABEL_PREFIX, the stack's name prefix in
# the node labels (default sentinel-swarm).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NODES=(s3-node1 s3-node2 s3-node3)
BRIDGE=s3br0
SUBNET=10.231.0.0/24
HOST_ADDRESS=10.231.0.1
# Overlay networks the stack does not give a subnet draw from here, away from the bridge's.
SWARM_ADDRESS_POOL=10.232.0.0/16
RUN_DIR=/run/sentinel-swarm-hosts
DATA_DIR=/var/cache/sentinel/swarm-hosts
REGISTRY_DATA=/var/cache/sentinel/registry
REGISTRY_PORT=5000
REGISTRY=$HOST_ADDRESS:$REGISTRY_PORT
ENGINE_HOST=${SENTINEL_ENGINE_HOST:-unix:///run/sentinel-engine/docker.sock}
LABEL_PREFIX=${SENTINEL_SWARM_LABEL_PREFIX:-sentinel-swarm}
# Which node keeps each stateful service's volume: the third keeps none, so it can be lost
# without taking data with it.
declare -A PLACEMENT=([redis]=s3-node2 [prometheus]=s3-node1 [alertmanager]=s3-node1 [grafana]=s3-node1)
# This machine's interfaces have an MTU of 1400: containers' default of 1500 stalls transfers.
MTU=1400

log() { printf 'swarm-hosts: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

node_address() { echo "10.231.0.$((11 + $1))"; }   # index 0, 1, 2 -> .11, .12, .13
node_socket() { echo "$RUN_DIR/$1.sock"; }
on_node() { local node=$1; shift; docker -H "unix://$(node_socket "$node")" "$@"; }
host_veth() { echo "$1-h"; }
node_veth() { echo "$1-n"; }

# Bounded wait: tries, seconds between tries, then the command that must succeed.
wait_until() {
  local tries=$1 pause=$2; shift 2
  local i
  exit_wait=''
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    [ -z "$exit_wait" ] || return 1
    sleep "$pause"
  done
  return 1
}

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# TERM the process in the PID file, KILL it after `seconds`, and remove the file.
stop_pid_file() { # file seconds
  local file=$1 seconds=$2 pid
  if pid_alive "$file"; then
    pid=$(cat "$file")
    kill -TERM "$pid" 2>/dev/null || true
    wait_until $((seconds * 2)) 0.5 bash -c "! kill -0 $pid" || { log "PID $pid ($file) did not stop in ${seconds} s: killed"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$file"
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # policy-rc.d keeps the packages from starting a system-wide dockerd or registry of their own.
  local policy=/usr/sbin/policy-rc.d added='' status=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; added=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || status=$?
  [ -n "$added" ] && rm -f "$policy"
  return $status
}

require_free_subnet() {
  if ip -o addr show | grep -v " $BRIDGE " | grep -q ' inet 10\.231\.0\.'; then die "$SUBNET is in use on this machine: $(ip -o addr show | grep ' inet 10\.231\.0\.')"; fi
  if ip route | grep -v "dev $BRIDGE" | grep -q '^10\.231\.0\.'; then die "$SUBNET is routed on this machine already"; fi
}

# --- the network ---------------------------------------------------------------------------

# Rules of ours in the host's tables, as arguments to iptables after -I/-D.
forward_rules() {
  # Bridged traffic passes the FORWARD chain, whose policy is DROP once a dockerd has run.
  echo "FORWARD -i $BRIDGE -o $BRIDGE -j ACCEPT"
  # Out to the machine's network, for what a node's build downloads (the app's npm packages).
  echo "FORWARD -i $BRIDGE ! -o $BRIDGE -j ACCEPT"
  echo "FORWARD -o $BRIDGE -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
}
nat_rule() { echo "POSTROUTING -s $SUBNET ! -o $BRIDGE -j MASQUERADE"; }

network_up() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$HOST_ADDRESS/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local rule
  while read -r rule; do
    # shellcheck disable=SC2086
    iptables -I $rule
  done < <(forward_rules)
  # shellcheck disable=SC2046
  iptables -t nat -A $(nat_rule)
  local i node
  for i in "${!NODES[@]}"; do
    node=${NODES[$i]}
    ip netns add "$node"
    ip link add "$(host_veth "$node")" type veth peer name "$(node_veth "$node")"
    ip link set "$(host_veth "$node")" master "$BRIDGE" up
    ip link set "$(node_veth "$node")" netns "$node"
    ip -n "$node" addr add "$(node_address "$i")/24" dev "$(node_veth "$node")"
    ip -n "$node" link set lo up
    ip -n "$node" link set "$(node_veth "$node")" up
    ip -n "$node" route add default via "$HOST_ADDRESS"
  done
}

network_down() {
  local rule node
  while read -r rule; do
    # shellcheck disable=SC2086
    while iptables -C $rule 2>/dev/null; do iptables -D $rule; done
  done < <(forward_rules)
  # shellcheck disable=SC2046
  while iptables -t nat -C $(nat_rule) 2>/dev/null; do iptables -t nat -D $(nat_rule); done
  for node in "${NODES[@]}"; do
    ip netns list | grep -qw "^$node" && ip netns delete "$node"
    ip link show "$(host_veth "$node")" >/dev/null 2>&1 && ip link delete "$(host_veth "$node")"
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
}

# --- the engines ---------------------------------------------------------------------------

node_dir() { echo "$RUN_DIR/$1"; }

engine_up() { # index
  local node=${NODES[$1]} dir
  dir=$(node_dir "$node")
  mkdir -p "$dir" "$DATA_DIR/$node"
  # Its own (empty) daemon.json: the machine's /etc/docker/daemon.json is another engine's.
  echo '{}' >"$dir/daemon.json"
  # nsenter, not `ip netns exec`, which remounts /sys and hides the cgroup v1 mounts;
  # unshare --uts gives the node its own hostname, the name Swarm shows for it.
  nsenter --net="/var/run/netns/$node" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$node" \
    dockerd --data-root "$DATA_DIR/$node" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    --host "unix://$(node_socket "$node")" --config-file "$dir/daemon.json" \
    --mtu "$MTU" --insecure-registry "$REGISTRY" --cgroup-parent "$node-docker" \
    >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/launcher.pid"
}

engine_answers() { on_node "$1" info --format '{{.ID}}'; }
# Fails at once, ending the wait, when the node's dockerd has exited.
engine_answers_or_gone() {
  engine_answers "$1" && return 0
  pid_alive "$(node_dir "$1")/launcher.pid" || exit_wait=1
  return 1
}

engine_down() { # node
  local node=$1 dir started=$SECONDS
  dir=$(node_dir "$node")
  # `version`, not `info`: a manager whose swarm lost its quorum takes 20 s to answer `info`.
  if [ -S "$(node_socket "$node")" ] && timeout 10 docker -H "unix://$(node_socket "$node")" version >/dev/null 2>&1; then
    timeout 60 docker -H "unix://$(node_socket "$node")" swarm leave --force >/dev/null 2>&1 || true
    # What the stack left on the node goes with it: containers, volumes, networks.
    local ids
    ids=$(on_node "$node" ps -aq 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || timeout 120 docker -H "unix://$(node_socket "$node")" rm -f $ids >/dev/null 2>&1 || true
    # By name: `volume prune` passes over a volume whose container is still being removed.
    ids=$(on_node "$node" volume ls -q 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || timeout 60 docker -H "unix://$(node_socket "$node")" volume rm -f $ids >/dev/null 2>&1 || true
    timeout 60 docker -H "unix://$(node_socket "$node")" network prune -f >/dev/null 2>&1 || true
  fi
  stop_pid_file "$dir/dockerd.pid" 60
  stop_pid_file "$dir/launcher.pid" 10
  # A dockerd that was killed leaves its containerd behind.
  stop_pid_file "$dir/exec/containerd/containerd.pid" 20
  # Anything still in the node's namespace (shims of a killed engine) is the node's.
  if ip netns list | grep -qw "^$node"; then
    local pid
    for pid in $(ip netns pids "$node"); do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  # ...and so is anything still in the cgroups its containers ran in.
  local cgroup_dir
  for cgroup_dir in /sys/fs/cgroup/*/"$node-docker"; do
    [ -d "$cgroup_dir" ] || continue
    find "$cgroup_dir" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done
  done
  unmount_under "$dir/"
  unmount_under "$DATA_DIR/$node/"
  for cgroup_dir in /sys/fs/cgroup/*/"$node-docker"; do
    [ -d "$cgroup_dir" ] || continue
    wait_until 20 0.5 bash -c "find '$cgroup_dir' -depth -type d -exec rmdir {} + 2>/dev/null; [ ! -d '$cgroup_dir' ]" || log "could not remove $cgroup_dir"
  done
  rm -f "$(node_socket "$node")"
  [ ! -d "$dir" ] || log "$node down in $((SECONDS - started)) s"
  rm -rf "$dir"
}

unmount_under() { # prefix with trailing slash
  local mount
  awk -v root="$1" 'index($2 "/", root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
}

# --- the swarm -----------------------------------------------------------------------------

node_state() { on_node "$1" info --format '{{.Swarm.LocalNodeState}}'; }

swarm_up() {
  local first=${NODES[0]} i
  on_node "$first" swarm init --advertise-addr "$(node_address 0)" --listen-addr "$(node_address 0):2377" \
    --default-addr-pool "$SWARM_ADDRESS_POOL" >/dev/null
  local token
  token=$(on_node "$first" swarm join-token -q manager)
  for i in 1 2; do
    on_node "${NODES[$i]}" swarm join --token "$token" --advertise-addr "$(node_address "$i")" \
      --listen-addr "$(node_address "$i"):2377" "$(node_address 0):2377" >/dev/null
  done
  wait_until 60 1 all_managers_ready || die "the three nodes did not become ready managers within 60 s: $(on_node "$first" node ls 2>&1)"
  local service
  for service in "${!PLACEMENT[@]}"; do
    on_node "$first" node update --label-add "$LABEL_PREFIX.$service=true" "${PLACEMENT[$service]}" >/dev/null
  done
}

all_managers_ready() {
  local ready
  ready=$(on_node "${NODES[0]}" node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}' | grep -cE '^s3-node[123] Ready (Leader|Reachable)$')
  [ "$ready" -eq 3 ]
}

# --- the registry --------------------------------------------------------------------------

registry_config() { # listen address, shared secret
  cat <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DATA
http:
  addr: $1:$REGISTRY_PORT
  # One secret for both listeners: an upload started through one may be finished through the other.
  secret: $2
  headers:
    X-Content-Type-Options: [nosniff]
YAML
}

registry_up() {
  mkdir -p "$REGISTRY_DATA"
  local secret listener
  secret=$(head -c 24 /dev/urandom | base64)
  for listener in "$HOST_ADDRESS" 127.0.0.1; do
    registry_config "$listener" "$secret" >"$RUN_DIR/registry-$listener.yml"
    docker-registry serve "$RUN_DIR/registry-$listener.yml" >"$RUN_DIR/registry-$listener.log" 2>&1 &
    echo $! >"$RUN_DIR/registry-$listener.pid"
  done
  for listener in "$HOST_ADDRESS" 127.0.0.1; do
    wait_until 40 0.5 curl -sf --max-time 2 "http://$listener:$REGISTRY_PORT/v2/" ||
      die "the registry on $listener:$REGISTRY_PORT did not answer within 20 s: $(tail -5 "$RUN_DIR/registry-$listener.log")"
  done
}

registry_down() {
  local listener
  for listener in "$HOST_ADDRESS" 127.0.0.1; do stop_pid_file "$RUN_DIR/registry-$listener.pid" 10; done
}

# The pinned references the stand-ins are built under (docker/stand-ins/build.sh).
stand_in_refs() {
  sed -n 's/^LABEL org\.sentinel\.stands-in-for="\([^"]*\)"[[:space:]]*$/\1/p' "$HERE"/stand-ins/*/Dockerfile
}

# The suites' engine pushes to 127.0.0.1, which an engine trusts over plain HTTP by default;
# the nodes pull the same repositories from the bridge address.
push_stand_ins() {
  local ref local_name
  timeout 10 docker -H "$ENGINE_HOST" info >/dev/null 2>&1 || die "no engine at $ENGINE_HOST to push the stand-in images from: bash docker/engine.sh start && npm run docker:images"
  for ref in $(stand_in_refs); do
    docker -H "$ENGINE_HOST" image inspect "$ref" >/dev/null 2>&1 || die "$ref is not on $ENGINE_HOST: npm run docker:images"
    local_name=127.0.0.1:$REGISTRY_PORT/$ref
    docker -H "$ENGINE_HOST" tag "$ref" "$local_name"
    timeout 300 docker -H "$ENGINE_HOST" push "$local_name" >/dev/null || die "pushing $ref failed"
    docker -H "$ENGINE_HOST" rmi "$local_name" >/dev/null
  done
}

# --- start and stop ------------------------------------------------------------------------

start() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, dockerd)"
  local started=$SECONDS
  install_packages
  stop_all
  # Whatever fails from here, nothing of a half-made swarm is left behind.
  trap 'status=$?; [ $status -eq 0 ] || { log "start failed: removing what it made"; stop_all; }' EXIT
  require_free_subnet
  mkdir -p "$RUN_DIR"
  network_up
  local i
  for i in "${!NODES[@]}"; do engine_up "$i"; done
  for i in "${!NODES[@]}"; do
    wait_until 120 0.5 engine_answers_or_gone "${NODES[$i]}" || die "dockerd on ${NODES[$i]} did not answer within 60 s: $(tail -20 "$(node_dir "${NODES[$i]}")/dockerd.log")"
    # A run killed before it left the swarm leaves the node's swarm state in its data root.
    [ "$(node_state "${NODES[$i]}")" = inactive ] || on_node "${NODES[$i]}" swarm leave --force >/dev/null
  done
  swarm_up
  registry_up
  push_stand_ins
  log "up in $((SECONDS - started)) s: managers ${NODES[*]} on $SUBNET, registry $REGISTRY"
  echo "DOCKER_HOST=unix://$(node_socket "${NODES[0]}")"
  echo "SENTINEL_SWARM_REGISTRY=$REGISTRY"
}

stop_all() {
  local node
  for node in "${NODES[@]}"; do engine_down "$node"; done
  registry_down
  network_down
  rm -rf "$RUN_DIR"
}

# What of the swarm is still on the machine, one line each; nothing once stop_all has run.
# The nodes' data roots stay as a cache of the images they pulled, emptied of containers and volumes.
leftovers() {
  local node
  for node in "${NODES[@]}"; do
    ip netns list | grep -qw "^$node" && echo "network namespace $node"
    ip link show "$(host_veth "$node")" >/dev/null 2>&1 && echo "link $(host_veth "$node")"
    ls -d /sys/fs/cgroup/*/"$node-docker" 2>/dev/null | sed 's/^/cgroup /' || true
    find "$DATA_DIR/$node/containers" -mindepth 1 -maxdepth 1 2>/dev/null | sed 's/^/container /' || true
    find "$DATA_DIR/$node/volumes" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sed 's/^/volume /' || true
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && echo "bridge $BRIDGE"
  iptables-save | grep -F -e "$BRIDGE" -e "$SUBNET" | sed 's/^/iptables rule /' || true
  pgrep -af -- "$RUN_DIR" | sed 's/^/process /' || true
  awk -v run="$RUN_DIR/" -v data="$DATA_DIR/" 'index($2, run) == 1 || index($2, data) == 1 { print "mount " $2 }' /proc/mounts
  [ -e "$RUN_DIR" ] && echo "directory $RUN_DIR"
  return 0
}

stop() {
  [ "$(id -u)" -eq 0 ] || die "needs root"
  local started=$SECONDS left
  stop_all
  left=$(leftovers)
  [ -z "$left" ] || die "left after stop: $left"
  log "down in $((SECONDS - started)) s, nothing left"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
