#!/usr/bin/env bash
# Builds local stand-ins for the stack's pinned upstream images, for engines that cannot pull
# them: the Go components' own programs at the pinned version, the rest from Debian packages.
# First a Debian base image from debootstrap, then one image per directory here, tagged with
# the exact reference its Dockerfile declares in
#   LABEL org.sentinel.stands-in-for="<pinned reference>"
# Idempotent: the base is bootstrapped only when missing, the rest uses the build cache.
#
#   bash docker/stand-ins/build.sh [name...]   (default: every directory with a Dockerfile)
#   bash docker/stand-ins/build.sh name=ref    the stand-in built and tagged as another release
#                                              of its image: a Go component at that release, the
#                                              others the same packages under that name
#
# Environment: DOCKER_HOST as for docker; SENTINEL_DEBIAN_MIRROR and
# SENTINEL_DEBIAN_SECURITY_MIRROR override the mirrors read from the host's apt sources;
# SENTINEL_STAND_IN_REFRESH=1 bootstraps the base again and builds without the cache (to
# pick up Debian's updates).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BASE_IMAGE=sentinel-stand-in/debian:trixie
SUITE=trixie
HOST_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
HOST_APT_SOURCES=${SENTINEL_HOST_APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}
LABEL_KEY=org.sentinel.stands-in-for

log() { printf '%s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The first URI in the host's deb822 apt sources whose last path segment is $1
# ("debian" or "debian-security"); empty when there is none.
host_uri() {
  [ -r "$HOST_APT_SOURCES" ] || return 0
  awk -v want="$1" '
    /^URIs:/ { for (i = 2; i <= NF; i++) { u = $i; sub(/\/+$/, "", u); n = split(u, part, "/");
               if (part[n] == want) { print u; exit } } }' "$HOST_APT_SOURCES"
}

# The stands-in-for reference a Dockerfile declares: exactly one label line.
declared_ref() {
  local refs
  refs=$(sed -n "s/^LABEL $LABEL_KEY=\"\\([^\"]*\\)\"[[:space:]]*\$/\\1/p" "$1")
  if [ -z "$refs" ] || [ "$(printf '%s\n' "$refs" | wc -l)" -ne 1 ]; then
    log "$1: needs exactly one line LABEL $LABEL_KEY=\"<image reference>\""
    return 1
  fi
  printf '%s\n' "$refs"
}

# Certificates of the host bundle that are not among the host's packaged CAs (a TLS-
# intercepting proxy's, say), one PEM file each under the image's local CA directory, so
# that update-ca-certificates in a derived image keeps trusting them.
copy_host_extra_cas() { # rootfs
  local dir=$1/usr/local/share/ca-certificates
  mkdir -p "$dir"
  find /usr/share/ca-certificates -name '*.crt' -exec cat {} + 2>/dev/null |
    awk -v dir="$dir" '
      /-----BEGIN CERTIFICATE-----/ { cert = "" }
      { cert = cert $0 "\n" }
      /-----END CERTIFICATE-----/ {
        if (FILENAME == "-") packaged[cert] = 1
        else if (!(cert in packaged)) { n++; printf "%s", cert > (dir "/sentinel-host-" n ".crt") }
      }' - "$HOST_CA_BUNDLE"
}

build_base() {
  if [ -z "${SENTINEL_STAND_IN_REFRESH:-}" ] && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "$BASE_IMAGE: present, not bootstrapped again"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || { log "debootstrap needs root"; return 1; }
  command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; return 1; }
  [ -r "$HOST_CA_BUNDLE" ] || { log "no CA bundle at $HOST_CA_BUNDLE"; return 1; }

  local mirror security rootfs
  mirror=${SENTINEL_DEBIAN_MIRROR:-$(host_uri debian)}
  security=${SENTINEL_DEBIAN_SECURITY_MIRROR:-$(host_uri debian-security)}
  rootfs=$(mktemp -d "${TMPDIR:-/tmp}/sentinel-debootstrap.XXXXXX")
  ROOTFS=$rootfs

  log "$BASE_IMAGE: debootstrap --variant=minbase $SUITE ${mirror:-(the default mirror of debootstrap)}"
  # ${mirror:+...}: no mirror argument at all leaves debootstrap its default.
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$rootfs" ${mirror:+"$mirror"} \
    >"$LOG_DIR/debootstrap.log" 2>&1 || { tail -30 "$LOG_DIR/debootstrap.log" >&2; return 1; }

  # The mirror debootstrap used, for the suite's updates as well.
  mirror=$(awk '$1 == "deb" { print $2; exit }' "$rootfs/etc/apt/sources.list")
  {
    printf 'deb %s %s main\n' "$mirror" "$SUITE"
    printf 'deb %s %s-updates main\n' "$mirror" "$SUITE"
    [ -z "$security" ] || printf 'deb %s %s-security main\n' "$security" "$SUITE"
  } >"$rootfs/etc/apt/sources.list"

  # Images carry no documentation, man pages or translations, now or after later installs.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/sentinel-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs/usr/share/man/"* "$rootfs/usr/share/info/"* "$rootfs/usr/share/locale/"* "$rootfs/usr/share/lintian/"*
  # Installed packages must never start services during an image build.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"

  # TLS: the host's bundle verbatim (it may hold an intercepting proxy's CA), and any
  # certificate of it that Debian's bundle lacks as a local CA, so regenerating keeps it.
  copy_host_extra_cas "$rootfs"
  chroot "$rootfs" update-ca-certificates >/dev/null 2>&1 || { log "update-ca-certificates failed"; return 1; }
  cp "$HOST_CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"

  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/"*.bin "$rootfs/var/log/"*.log \
    "$rootfs/var/log/apt/"* "$rootfs/var/cache/debconf/"*-old "$rootfs/tmp/"* "$rootfs/root/.cache"

  log "$BASE_IMAGE: importing"
  remember_replaced "$BASE_IMAGE"
  tar --numeric-owner --xattrs -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $SUITE" - "$BASE_IMAGE" >/dev/null
  cleanup_rootfs "$rootfs"
}

cleanup_rootfs() { # rootfs: unmount what a failed debootstrap left mounted, then remove it
  local rootfs=$1 mount
  [ -d "$rootfs" ] || return 0
  awk -v root="$rootfs/" 'index($2 "/", root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" || true
  done
  rm -rf --one-file-system "$rootfs"
}

# npm packages a Dockerfile asks for with `ARG <NAME>_PACKAGE=<name>@<version>`, packed on
# the host into the build context as <name>_package.tgz (lowercase): the engine needs
# no registry access of its own for them.
pack_npm_packages() { # Dockerfile, context dir
  local arg spec
  while IFS='=' read -r arg spec; do
    [ -n "$arg" ] || continue
    local file
    file=$(cd "$2" && npm pack --silent --prefer-offline "$spec" | tail -1) && [ -f "$2/$file" ] ||
      { log "npm pack $spec failed"; return 1; }
    mv "$2/$file" "$2/$(printf '%s' "$arg" | tr '[:upper:]' '[:lower:]').tgz" || return 1
  done < <(sed -n 's/^ARG \([A-Z0-9_]*_PACKAGE\)=\([^[:space:]]*\)[[:space:]]*$/\1=\2/p' "$1")
}

# The Go component a Dockerfile asks for with `ARG GO_COMPONENT=<name>`, built at its pinned
# version (scripts/go-components/build.ts, cached) and copied into the build context as
# go-component/<program>.
copy_go_component() { # Dockerfile, context dir, the image reference whose release to build
  local name built
  name=$(sed -n 's/^ARG GO_COMPONENT=\([A-Za-z]*\)[[:space:]]*$/\1/p' "$1")
  built=$(cd "$HERE/../.." && npx --no-install ts-node --transpile-only scripts/go-components/build.ts "$name=$3") ||
    { log "building the Go component $name failed"; return 1; }
  # Without Go, outside CI, the build prints nothing and exits 0.
  [ "${built%%=*}" = "$name" ] && [ -d "${built#*=}" ] || { log "no build of the Go component $name (is Go installed?)"; return 1; }
  mkdir -p "$2/go-component" && cp -a "${built#*=}/." "$2/go-component/"
}

# Called in a condition, where errexit is off: every step checks its own status.
build_stand_in() { # name [reference]: the reference defaults to the one the Dockerfile declares
  local dir=$HERE/$1 ref context
  [ -f "$dir/Dockerfile" ] || { log "no stand-in named $1 (no $dir/Dockerfile)"; return 1; }
  ref=${2:-$(declared_ref "$dir/Dockerfile")} || return 1
  context=$dir
  if grep -q '^ARG \([A-Z0-9_]*_PACKAGE\|GO_COMPONENT\)=' "$dir/Dockerfile"; then
    context=$(mktemp -d "${TMPDIR:-/tmp}/sentinel-stand-in-$1.XXXXXX")
    CONTEXT=$context
    cp -a "$dir/." "$context/" || return 1
    pack_npm_packages "$dir/Dockerfile" "$context" || { rm -rf "$context"; return 1; }
    if grep -q '^ARG GO_COMPONENT=' "$dir/Dockerfile"; then
      copy_go_component "$dir/Dockerfile" "$context" "$ref" || { rm -rf "$context"; return 1; }
    fi
  fi
  local status=0
  local no_cache=()
  [ -z "${SENTINEL_STAND_IN_REFRESH:-}" ] || no_cache=(--no-cache)
  remember_replaced "$ref"
  docker build "${no_cache[@]}" --label "$LABEL_KEY=$ref" -t "$ref" "$context" >"$LOG_DIR/$1.log" 2>&1 || status=$?
  [ "$context" = "$dir" ] || rm -rf "$context"
  [ $status -eq 0 ] || tail -40 "$LOG_DIR/$1.log" >&2
  return $status
}

# Images a build takes the tag from are removed at the end (stand-ins before the base they
# derive from), unless something still uses them.
REPLACED=()
remember_replaced() { # reference
  local id
  id=$(docker image inspect -f '{{.Id}}' "$1" 2>/dev/null) && REPLACED=("$id" "${REPLACED[@]}")
  return 0
}
remove_replaced() {
  local id
  for id in "${REPLACED[@]}"; do
    [ -z "$(docker image inspect -f '{{join .RepoTags ","}}' "$id" 2>/dev/null)" ] || continue
    docker image rm "$id" >/dev/null 2>&1 || true
  done
}

# Temporary paths, removed however the script ends.
LOG_DIR='' ROOTFS='' CONTEXT=''
cleanup() {
  [ -z "$ROOTFS" ] || cleanup_rootfs "$ROOTFS"
  [ -z "$CONTEXT" ] || rm -rf "$CONTEXT"
  [ -z "$LOG_DIR" ] || rm -rf "$LOG_DIR"
}

main() {
  command -v docker >/dev/null || { log "docker CLI not found"; exit 1; }
  docker info >/dev/null 2>&1 || { log "no Docker engine at ${DOCKER_HOST:-the default socket}"; exit 1; }
  LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sentinel-stand-ins-log.XXXXXX")
  trap cleanup EXIT

  local names=("$@") failed=() started name ref
  if [ ${#names[@]} -eq 0 ]; then
    for name in "$HERE"/*/Dockerfile; do names+=("$(basename "$(dirname "$name")")"); done
  fi

  started=$(now)
  # Not in a condition: errexit stays on inside, and any failing step ends the script.
  build_base
  printf '%-16s %-45s %6ss\n' base "$BASE_IMAGE" "$(elapsed "$started")"

  for name in "${names[@]}"; do
    started=$(now)
    # name=reference: the stand-in built as another release of its image (an earlier pin).
    ref=''
    case $name in *=*) ref=${name#*=}; name=${name%%=*} ;; esac
    if build_stand_in "$name" "$ref"; then
      printf '%-16s %-45s %6ss\n' "$name" "${ref:-$(declared_ref "$HERE/$name/Dockerfile")}" "$(elapsed "$started")"
    else
      failed+=("$name")
      printf '%-16s %-45s %6ss FAILED\n' "$name" "${ref:-$(declared_ref "$HERE/$name/Dockerfile" 2>/dev/null || echo '?')}" "$(elapsed "$started")"
    fi
  done
  remove_replaced
  if [ ${#failed[@]} -gt 0 ]; then
    log "failed: ${failed[*]}"
    exit 1
  fi
}

main "$@"
