#!/usr/bin/env bash
# Builds Argo Rollouts' own end-to-end suite (`go test -c -tags e2e ./test/e2e` of its Go module)
# once per machine into a cache folder, and prints that folder. With --argo-controller it also
# builds Argo's controller (`./cmd/rollouts-controller`) from the same module, to tell the test
# environment from sluice. When the folder already holds what is asked for it only prints it.
# Build output goes to stderr; stdout carries the folder alone.
#
#   dir="$(bash test/compat/build.sh)"                    # build the suite when missing
#   dir="$(bash test/compat/build.sh --if-built)"         # exit 3 when the suite is not built
#   dir="$(bash test/compat/build.sh --argo-controller)"  # the suite and Argo's controller
#
# The folder holds:
#   e2e.test             the suite (run it with its working directory in src/test/e2e)
#   rollouts-controller  Argo's controller, with --argo-controller
#   src/                 a writable copy of the module (the suite reads its YAML fixtures from it)
#
# Cache: ${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/compat/argo-rollouts-<version>-<hash>/ where
# <hash> covers the version, the Go version and this script. Nothing here is committed.
set -euo pipefail

argo_version="v1.10.1"
module="github.com/argoproj/argo-rollouts"

if_built=false
with_controller=false
for arg in "$@"; do
  case "$arg" in
    --if-built) if_built=true ;;
    --argo-controller) with_controller=true ;;
    *) echo "usage: build.sh [--if-built] [--argo-controller]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v go >/dev/null 2>&1 || { echo "build.sh: the Go toolchain (go >= 1.26.1) is needed to build Argo Rollouts' e2e suite" >&2; exit 1; }
export GOTOOLCHAIN=local
go_version="$(go env GOVERSION)"

key_hash="$( { echo "$argo_version" "$go_version"; cat "$here/build.sh"; } | sha256sum | cut -c1-12)"
cache_root="${SLUICE_CACHE_DIR:-$HOME/.cache/sluice}/compat"
out_dir="$cache_root/argo-rollouts-${argo_version}-${key_hash}"

suite_built() { [ -f "$out_dir/.complete-e2e" ] && [ -x "$out_dir/e2e.test" ] && [ -d "$out_dir/src/test/e2e" ]; }
controller_built() { [ -f "$out_dir/.complete-controller" ] && [ -x "$out_dir/rollouts-controller" ]; }
done_already() { suite_built && { ! $with_controller || controller_built; }; }

if done_already; then
  echo "$out_dir"
  exit 0
fi
if $if_built; then
  what="the suite"; $with_controller && what="the suite and Argo's controller"
  echo "build.sh: $what of Argo Rollouts $argo_version is not built (in $out_dir); run: bash test/compat/build.sh$($with_controller && echo ' --argo-controller')" >&2
  exit 3
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9 # one build at a time per machine; a second caller waits and then reuses
if done_already; then
  echo "$out_dir"
  exit 0
fi
mkdir -p "$out_dir"

# The module cache is read-only: build from a writable copy, which also keeps the fixtures.
if [ ! -f "$out_dir/src/go.mod" ]; then
  echo "build.sh: fetching $module@$argo_version" >&2
  module_dir="$(cd "$out_dir" && GOFLAGS= go mod download -json "$module@$argo_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$module_dir" ] && [ -f "$module_dir/go.mod" ] || { echo "build.sh: go mod download of $module@$argo_version gave no module folder" >&2; exit 1; }
  rm -rf "$out_dir/src.partial"
  cp -R "$module_dir" "$out_dir/src.partial"
  chmod -R u+w "$out_dir/src.partial"
  rm -rf "$out_dir/src.partial/ui" "$out_dir/src.partial/docs" # not Go; half of the copy
  mv "$out_dir/src.partial" "$out_dir/src"
fi

cd "$out_dir/src"
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
export CGO_ENABLED=0

if ! suite_built; then
  echo "build.sh: compiling Argo Rollouts $argo_version's e2e suite with $go_version (a cold build takes many minutes: Kubernetes client libraries)" >&2
  started=$SECONDS
  go test -c -tags e2e -o "$out_dir/e2e.test.partial" ./test/e2e
  mv "$out_dir/e2e.test.partial" "$out_dir/e2e.test"
  printf '%s\n' "argo-rollouts=$argo_version" "go=$go_version" > "$out_dir/.complete-e2e"
  echo "build.sh: built the e2e suite in $((SECONDS - started))s" >&2
fi

if $with_controller && ! controller_built; then
  echo "build.sh: compiling Argo Rollouts $argo_version's controller" >&2
  started=$SECONDS
  go build -ldflags "-s -w -X $module/utils/version.version=${argo_version#v}" -o "$out_dir/rollouts-controller.partial" ./cmd/rollouts-controller
  mv "$out_dir/rollouts-controller.partial" "$out_dir/rollouts-controller"
  printf '%s\n' "argo-rollouts=$argo_version" "go=$go_version" > "$out_dir/.complete-controller"
  echo "build.sh: built the controller in $((SECONDS - started))s" >&2
fi

echo "$out_dir"
