#!/usr/bin/env bash
# Starts docker's daemon for the container tests on a CI machine (no systemd there), unless one
# already answers: the daemon of Debian's docker.io with the containerd it starts itself and runc,
# overlay2 storage, no iptables rules nor masquerading (the tests reach containers through their
# published loopback ports, which docker's userland proxy serves, and containers reach only the
# host), its socket at /run/docker.sock and its log in /var/log/dockerd.log. Needs root; does
# nothing when dockerd is not installed.
set -euo pipefail
command -v dockerd >/dev/null 2>&1 || { echo "start-dockerd.sh: dockerd is not installed" >&2; exit 0; }
answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if answers; then
  echo "start-dockerd.sh: docker's daemon already answers" >&2
  exit 0
fi
log=/var/log/dockerd.log
# overlay2 where the kernel has overlayfs, else vfs (slow, but works anywhere).
driver=vfs
grep -qw overlay /proc/filesystems && driver=overlay2
setsid dockerd \
  --host unix:///run/docker.sock \
  --pidfile /run/docker.pid \
  --exec-root /run/docker \
  --storage-driver "$driver" \
  --default-runtime runc \
  --iptables=false \
  --ip-masq=false \
  >>"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if answers; then
    echo "start-dockerd.sh: docker's daemon runs (storage $driver, log $log)" >&2
    exit 0
  fi
  sleep 0.5
done
echo "start-dockerd.sh: docker's daemon did not answer within 30 s; the end of $log:" >&2
tail -n 20 "$log" >&2
exit 1
