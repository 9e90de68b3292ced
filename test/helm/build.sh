#!/usr/bin/env bash
# Builds helm from its Go module once per machine into a cache folder and prints the binary's
# path. When the binary is already built it only prints the path. Build output goes to stderr.
#
#   helm="$(bash test/helm/build.sh)"             # build when missing (cold: minutes)
#   helm="$(bash test/helm/build.sh --if-built)"  # exit 3 when not built
#
# Cache: ${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/helm/<version>/helm
set -euo pipefail

if_built=false
case "${1:-}" in
  --if-built) if_built=true ;;
  "") ;;
  *) echo "usage: build.sh [--if-built]" >&2; exit 2 ;;
esac

helm_version="v3.21.4"
cache_root="${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/helm"
bin_dir="$cache_root/$helm_version"

if [ -x "$bin_dir/helm" ]; then echo "$bin_dir/helm"; exit 0; fi
if $if_built; then
  echo "build.sh: helm is not built (no $bin_dir/helm); run: bash test/helm/build.sh" >&2
  exit 3
fi
command -v go >/dev/null 2>&1 || { echo "build.sh: the Go toolchain is needed to build helm" >&2; exit 1; }

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9 # one build at a time per machine; a second caller waits and then reuses
if [ -x "$bin_dir/helm" ]; then echo "$bin_dir/helm"; exit 0; fi

staging="$(mktemp -d "$cache_root/.building-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
started=$SECONDS
echo "build.sh: building helm $helm_version from its Go module (a cold build takes minutes)" >&2
(cd "$staging" && GOTOOLCHAIN=local GOFLAGS="-trimpath -buildvcs=false" GOBIN="$staging" CGO_ENABLED=0 \
  go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version" \
  "helm.sh/helm/v3/cmd/helm@$helm_version")
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
echo "build.sh: built helm in $((SECONDS - started))s" >&2
echo "$bin_dir/helm"
