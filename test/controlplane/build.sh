#!/usr/bin/env bash
# Builds the test control plane (the multi-call `controlplane` binary and kwok) once per
# machine into a cache folder, and prints that folder. When the folder is already complete
# it only prints it. Build output goes to stderr; stdout carries the folder alone.
#
#   bin_dir="$(bash test/controlplane/build.sh)"             # build when missing
#   bin_dir="$(bash test/controlplane/build.sh --if-built)"  # exit 3 when not built
#
# Cache: ${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/controlplane/<k8s>-<kwok>-<hash>/ where
# <hash> covers go.mod, go.sum, the Go sources and this script.
set -euo pipefail

if_built=false
case "${1:-}" in
  --if-built) if_built=true ;;
  "") ;;
  *) echo "usage: build.sh [--if-built]" >&2; exit 2 ;;
esac

kwok_version="v0.8.0"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v go >/dev/null 2>&1 || { echo "build.sh: the Go toolchain (go >= 1.26) is needed to build the control plane" >&2; exit 1; }

k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' go.mod)"
[ -n "$k8s_version" ] || { echo "build.sh: no k8s.io/kubernetes version in go.mod" >&2; exit 1; }
k8s_minor="$(echo "$k8s_version" | cut -d. -f2)"

sources_hash="$(cat go.mod go.sum ./*.go build.sh | sha256sum | cut -c1-12)"
cache_root="${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/controlplane"
bin_dir="$cache_root/${k8s_version}-${kwok_version}-${sources_hash}"

is_complete() { [ -f "$bin_dir/.complete" ] && [ -x "$bin_dir/controlplane" ] && [ -x "$bin_dir/kwok" ]; }

if is_complete; then
  echo "$bin_dir"
  exit 0
fi
if $if_built; then
  echo "build.sh: the control plane is not built (no $bin_dir); run: bash test/controlplane/build.sh" >&2
  exit 3
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9 # one build at a time per machine; a second caller waits and then reuses
if is_complete; then
  echo "$bin_dir"
  exit 0
fi

export GOTOOLCHAIN=local
staging="$(mktemp -d "$cache_root/.building-XXXXXX")"
chmod 755 "$staging"
trap 'rm -rf "$staging"' EXIT
started=$SECONDS

echo "build.sh: building kube-apiserver+etcd, controller-manager, scheduler and kubectl $k8s_version (a cold build takes tens of minutes)" >&2
ldflags="-s -w"
ldflags+=" -X k8s.io/component-base/version.gitVersion=$k8s_version"
ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
ldflags+=" -X k8s.io/component-base/version.gitMinor=$k8s_minor"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
GOFLAGS="-trimpath -buildvcs=false -mod=readonly" CGO_ENABLED=0 \
  go build -ldflags "$ldflags" -o "$staging/controlplane" .

echo "build.sh: building kwok $kwok_version" >&2
# Outside this module, so kwok resolves its own dependencies.
(cd "$staging" && GOFLAGS="-trimpath -buildvcs=false" GOBIN="$staging" CGO_ENABLED=0 \
  go install "sigs.k8s.io/kwok/cmd/kwok@$kwok_version")

for name in apiserver kube-apiserver controller-manager kube-controller-manager scheduler kube-scheduler kubectl; do
  ln -s controlplane "$staging/$name"
done
printf '%s\n' "k8s=$k8s_version" "kwok=$kwok_version" "sources=$sources_hash" > "$staging/.complete"

rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
echo "build.sh: built in $((SECONDS - started))s into $bin_dir" >&2
echo "$bin_dir"
