#!/usr/bin/env bash
# Builds the sluice image with no registry to pull from: bundles the CLI (npm run build:cli) and
# the dashboard (npm run build:dashboard), makes the Node.js base offline (node-base.sh) and builds
# the Dockerfile on it. Prints the image
# reference. TAG chooses it (default sluice:<package version>), ENGINE the engine (podman),
# BASE another base image (then node-base.sh is not used).
#
#   bash deploy/image/build.sh                  # -> localhost/sluice:0.1.0
#   TAG=registry.example.com/sluice:0.1.0 bash deploy/image/build.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
engine="${ENGINE:-podman}"
cd "$root"
export PATH="$(bash scripts/ensure-node.sh):$PATH"
version="$(node -p 'require("./package.json").version')"
tag="${TAG:-localhost/sluice:$version}"
node scripts/build-cli.ts --quiet >&2
node scripts/build-dashboard.ts --quiet >&2
base="${BASE:-$(bash deploy/image/node-base.sh)}"
"$engine" build --quiet --build-arg "BASE=$base" --tag "$tag" --file Dockerfile . >&2
echo "$tag"
