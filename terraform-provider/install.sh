#!/usr/bin/env bash
# Builds the Terraform provider kreuzwerker/docker from the Go module proxy (the version this
# folder's go.mod pins) and installs it into a filesystem mirror, beside a Terraform CLI
# configuration that takes this provider from the mirror and every other from its registry.
# Nothing outside the cache directory is written: not ~/.terraformrc, not the checkout.
#
#   bash terraform-provider/install.sh    prints TF_CLI_CONFIG_FILE=<path>, to export
#
# Environment: SENTINEL_CACHE (default /var/cache/sentinel) holds the Go module and build
# caches, the mirror and the CLI configuration; a second run with the same go.mod builds nothing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${SENTINEL_CACHE:-/var/cache/sentinel}
PROVIDER_MODULE=github.com/terraform-providers/terraform-provider-docker
ADDRESS=registry.terraform.io/kreuzwerker/docker
MIRROR=$CACHE/terraform/mirror
CLI_CONFIG=$CACHE/terraform/cli.tfrc

command -v go >/dev/null || { echo "go is not installed: the provider is built from the Go module proxy (Go 1.25.8 or newer)" >&2; exit 1; }
mkdir -p "$CACHE/go/mod" "$CACHE/go/build" "$MIRROR"
export GOMODCACHE=$CACHE/go/mod GOCACHE=$CACHE/go/build GOFLAGS=-mod=readonly

cd "$HERE"
go mod download "$PROVIDER_MODULE"
source_dir=$(go list -m -f '{{with .Replace}}{{.Dir}}{{else}}{{.Dir}}{{end}}' "$PROVIDER_MODULE")
# The version is the newest release in the module's own changelog, not a number typed here.
version=$(sed -n 's/^## \[v\([0-9][0-9.]*\)\].*/\1/p' "$source_dir/CHANGELOG.md" | head -1)
[ -n "$version" ] || { echo "no release heading in $source_dir/CHANGELOG.md" >&2; exit 1; }
platform=$(go env GOOS)_$(go env GOARCH)
binary=$MIRROR/$ADDRESS/$version/$platform/terraform-provider-docker_v$version
stamp=$binary.built-from
built_from=$(go list -m -f '{{with .Replace}}{{.Path}}@{{.Version}}{{end}}' "$PROVIDER_MODULE")

if [ ! -x "$binary" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$built_from" ]; then
  mkdir -p "$(dirname "$binary")"
  echo "building kreuzwerker/docker $version from $built_from" >&2
  go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$binary.tmp" "$PROVIDER_MODULE"
  mv "$binary.tmp" "$binary"
  printf '%s\n' "$built_from" >"$stamp"
fi

cat >"$CLI_CONFIG.tmp" <<TFRC
# Written by terraform-provider/install.sh: kreuzwerker/docker $version from the local mirror.
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["$ADDRESS"]
  }
  direct {
    exclude = ["$ADDRESS"]
  }
}
TFRC
mv "$CLI_CONFIG.tmp" "$CLI_CONFIG"
echo "TF_CLI_CONFIG_FILE=$CLI_CONFIG"
