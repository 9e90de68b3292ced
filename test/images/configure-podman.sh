#!/usr/bin/env bash
# Configures podman for the container tests on a CI machine: the runc runtime (crun fails on
# kernels with hybrid cgroups) and default ulimits within the machine's own. Leaves an existing
# /etc/containers/containers.conf alone. Needs root; does nothing when podman is not installed.
set -euo pipefail
command -v podman >/dev/null 2>&1 || { echo "configure-podman.sh: podman is not installed" >&2; exit 0; }
conf=/etc/containers/containers.conf
if [ -f "$conf" ]; then
  echo "configure-podman.sh: $conf exists, left as it is" >&2
  exit 0
fi
mkdir -p /etc/containers
cat > "$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
CONF
echo "configure-podman.sh: wrote $conf (runtime runc, ulimits nofile/nproc 1024)" >&2
