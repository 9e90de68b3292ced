#!/usr/bin/env bash
# Makes a base image with Node.js offline, for machines that reach no image registry: the Node.js
# binary that scripts/ensure-node.sh finds (Node 24 from the npm registry when the machine's is
# older), its shared libraries, a passwd with user 1000 and a /tmp, imported with `podman import`.
# Prints the image reference; an image already built for the same Node.js is reused.
#
#   base="$(bash deploy/image/node-base.sh)"          # podman (ENGINE=docker for docker)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
engine="${ENGINE:-podman}"
command -v "$engine" >/dev/null 2>&1 || { echo "node-base.sh: $engine is not installed" >&2; exit 1; }

node="$(bash "$root/scripts/ensure-node.sh")/node"
version="$("$node" -p 'process.versions.node')"
libs="$(ldd "$node" | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)"
hash="$( (sha256sum "$node" "$0"; for lib in $libs; do sha256sum "$(readlink -f "$lib")"; done) | sha256sum | cut -c1-12)"
reference="localhost/sluice/node-base:${version}-${hash}"
if "$engine" image inspect "$reference" >/dev/null 2>&1; then echo "$reference"; exit 0; fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/app"
chmod 1777 "$rootfs/tmp"
cp "$node" "$rootfs/usr/local/bin/node"
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$rootfs/etc/group"
mkdir -p "$rootfs/home/node" && chown 1000:1000 "$rootfs/home/node"
# TLS to servers with public certificates (the API server's CA comes with the kubeconfig).
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$rootfs/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
fi
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV HOME=/home/node' \
  --change 'CMD ["node"]' \
  - "$reference" >/dev/null
echo "node-base.sh: imported Node.js $version as $reference" >&2
echo "$reference"
